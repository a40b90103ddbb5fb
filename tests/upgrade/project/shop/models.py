"""A user's own models with foreign keys to dj-stripe's tables (by primary key)."""

from django.conf import settings
from django.db import models


class Membership(models.Model):
    """A user's plan: the customer paying for it and the subscription behind it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    customer = models.ForeignKey(
        "djstripe.Customer", on_delete=models.PROTECT, related_name="memberships"
    )
    subscription = models.OneToOneField(
        "djstripe.Subscription", on_delete=models.SET_NULL, null=True, blank=True
    )
    label = models.CharField(max_length=100)


class Order(models.Model):
    """A one-off purchase, paid (or not yet) with one of the customer's payment methods."""

    customer = models.ForeignKey("djstripe.Customer", on_delete=models.CASCADE)
    subscription = models.ForeignKey(
        "djstripe.Subscription", on_delete=models.SET_NULL, null=True, blank=True
    )
    payment_method = models.ForeignKey(
        "djstripe.PaymentMethod", on_delete=models.SET_NULL, null=True, blank=True
    )
    reference = models.CharField(max_length=40, unique=True)
    note = models.CharField(max_length=200, blank=True, default="")
