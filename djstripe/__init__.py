"""djstripe: a faithful, fast, concurrency-safe mirror of a Stripe account in Django models.

The import name and the app label are ``djstripe`` so that projects written for
dj-stripe keep working after swapping the distribution.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("djstripe-mirror")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
