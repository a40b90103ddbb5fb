"""The type of the models the engine syncs, for annotations.

Only type checkers import the models here: the engine resolves model classes at run
time through the app registry (:mod:`.registry`), below the models' own modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from ..models.base import StripeModel

    Model: TypeAlias = type[StripeModel]
    """A mirrored model class."""
else:
    Model = type
