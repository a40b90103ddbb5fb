"""Check the fragments of the model pages: they compile, import, and query real fields.

Fragments such as ``Charge.objects.filter(customer=customer, paid=True)`` use names
of the reader's own code, so they cannot run; what can go stale is checked instead.
"""

from __future__ import annotations

import ast
from typing import Any

from django.core.exceptions import FieldError

from .examples import Block

QUERY_METHODS = frozenset({"filter", "exclude", "get"})


def check_fragment(block: Block) -> None:
    tree = ast.parse(block.code, block.where)
    namespace: dict[str, Any] = {}
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            code = compile(ast.Module(body=[node], type_ignores=[]), block.where, "exec")
            exec(code, namespace)  # noqa: S102 - imports of our own documentation
    for call in ast.walk(tree):
        model = _queried_model(call, namespace)
        if model is None:
            continue
        query = model._base_manager.all().query
        for keyword in call.keywords:  # type: ignore[attr-defined]
            if keyword.arg is None:
                continue
            try:
                query.solve_lookup_type(keyword.arg)
            except FieldError as error:
                raise AssertionError(
                    f"{block.where}: {model.__name__} has no {keyword.arg!r}: {error}"
                ) from error


def _queried_model(node: ast.AST, namespace: dict[str, Any]) -> Any:
    """The model of ``Model.objects.<filter|exclude|get>(...)``, else None."""
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return None
    if node.func.attr not in QUERY_METHODS:
        return None
    manager = node.func.value
    if not (isinstance(manager, ast.Attribute) and manager.attr == "objects"):
        return None
    if not isinstance(manager.value, ast.Name):
        return None
    model = namespace.get(manager.value.id)
    return model if hasattr(model, "_meta") else None
