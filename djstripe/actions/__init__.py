"""What users do with mirrored objects: the work behind the models' convenience methods.

dj-stripe's convenience methods (``customer.subscribe(...)``, ``subscription.cancel()``,
``charge.refund()``, ``Invoice.upcoming()``...) are defined on the model classes, where
users read them, with their dj-stripe names, signatures and docstrings. Each is one line
that calls a plain function of this package, passing the instance (or the class, for a
classmethod) as the first argument:

* ``calls``: send one write to Stripe and sync the object Stripe answers with, with the
  key and ``Stripe-Account`` of the object acted on (every action goes through it);
* ``customers``: creating a subscriber's customer, payment methods, coupons, deletion;
* ``billing``: what a customer is billed (subscriptions, charges, invoice items, invoices);
* ``subscriptions``: changing, cancelling, asking the state of a subscription or schedule;
* ``payments``: refunds and captures of charges, attaching payment methods, paying invoices;
* ``checkout``, ``billing_portal``, ``catalog``, ``connect``: one job each, as named.

Why functions and not mixins: a mixin base of a model is recorded in its migrations
(``bases=(...)``), so moving or renaming it breaks every migration that names it; and
behaviour split over mixins in other files is hard to find. A function taking the
instance is found from the model in one step, tested on its own, and free to move.

This package sits between :mod:`djstripe.sync` and :mod:`djstripe.models`: the models
import it at module level, so it never imports ``djstripe.models`` (the package) at
import time; a function that needs another model asks the app registry
(:func:`calls.model`). Writes go to Stripe first; the answer is synced (with the
``Date`` of Stripe's response as its freshness stamp) before the function returns;
stripe-python's errors pass through unchanged, because users already catch them.
"""
