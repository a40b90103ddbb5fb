"""Values the build writes and the verification expects (the user's secrets and names)."""

#: ``STRIPE_TEST_SECRET_KEY`` of the project (dj-stripe wants 24+ characters after the prefix).
SECRET_KEY = "sk_test_UpgradeCheck0SecretKey000000000"

#: The endpoint Stripe calls: its uuid is in the URL configured at Stripe, so it must survive.
ENDPOINT_ID = "we_UpgradeCheck0Endpoint0001"
ENDPOINT_UUID = "0f5c6a52-2b1e-4d59-9a8e-5b1d0c7e9a11"
ENDPOINT_SECRET = "whsec_UpgradeCheck0OldSecret00000000000"
#: A wrong secret, for a delivery that must fail verification (and still be recorded).
WRONG_SECRET = "whsec_UpgradeCheck0WrongSecret0000000000"

#: Keys added as in dj-stripe's admin (secret keys come from settings).
EXTRA_API_KEYS = [
    ("rk_test_UpgradeCheck0Restricted000000000", "reporting (restricted)"),
    ("pk_test_UpgradeCheck0Publishable00000000", "checkout page"),
    ("pk_live_UpgradeCheck0LivePublishable0000", "live checkout page"),
]

#: Events posted to the webhook view before the swap, and the one posted after it.
EVENT_PREFIX = "evt_UpgradeCheck0Before"
AFTER_EVENT_ID = "evt_UpgradeCheck0After0001"

#: The user whose customer dj-stripe creates (``Customer.get_or_create``).
CREATED_SUBSCRIBER = "alice"
#: The user linked to an existing customer by setting ``subscriber``.
LINKED_SUBSCRIBER = "bob"
