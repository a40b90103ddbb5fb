"""dj-stripe 2.11's module paths of models that live elsewhere here.

dj-stripe kept ``Charge`` in ``djstripe.models.core`` and ``Invoice`` in
``djstripe.models.billing``; code that imports them from there keeps working.
A module lists the names it lends and gets PEP 562 ``__getattr__``/``__dir__``
that resolve them from :mod:`djstripe.models` on first use (importing them at
the top would make the model modules import each other).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


def lend(
    module_name: str,
    defined: dict[str, Any],
    names: Iterable[str],
    aliases: dict[str, str] | None = None,
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__, __dir__ = lend(__name__, globals(), {"Charge", ...})``; ``aliases``
    maps a dj-stripe name to the model that stands for it here."""
    targets = {name: name for name in names} | dict(aliases or {})
    lent = frozenset(targets)

    def __getattr__(name: str) -> Any:  # noqa: N807 - the module hook's name
        if name in lent:
            # lazy: cycle: models -> models.base -> models.moved
            from .. import models

            return getattr(models, targets[name])
        raise AttributeError(f"module {module_name!r} has no attribute {name!r}")

    def __dir__() -> list[str]:  # noqa: N807 - the module hook's name
        return sorted({*defined, *lent})

    return __getattr__, __dir__
