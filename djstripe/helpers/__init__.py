"""Work on top of the mirror that is not a model's method: subscribers in bulk (the
customer commands), linking Checkout's customers, webhook endpoints on Stripe.

The convenience methods users call on mirrored objects are defined on the models and
carried out by :mod:`djstripe.actions`.
"""
