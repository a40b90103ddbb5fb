"""The convenience methods users call on mirrored objects (dj-stripe's names).

Each helper is thin: one or two Stripe requests through :mod:`djstripe.stripe_api`,
then the answer is synced back with Stripe's clock of that answer, so the row is
current when the call returns. stripe-python's errors pass through unchanged.

The models expose them as methods (``customer.subscribe(...)``): the helper
classes here are mixed into the models, and the functions do the work.
"""
