"""Coverage cannot silently rot: every mirrored model has round-trip cases that check
every typed column, and models whose shape changed have an older-shape case too."""

from __future__ import annotations

from djstripe.sync import registry

from .cases import all_cases
from .roundtrip import CURRENT
from .test_roundtrip import typed_columns

#: Columns checked by every case implicitly (test_round_trip compares stripe_data).
IMPLICIT = {"id"}


def test_every_model_has_a_current_shape_case() -> None:
    covered = {case.model for case in all_cases() if case.shape == CURRENT}
    missing = sorted(m.__name__ for m in registry.stripe_models() if m.__name__ not in covered)
    assert not missing, f"models without a round-trip case: {missing}"


def test_every_case_checks_every_typed_column() -> None:
    problems = []
    for case in all_cases():
        model = registry.model_by_name(case.model)
        assert model is not None, case.model
        checked = {name.removesuffix("_id") for name in case.expect} | set(case.expect)
        unchecked = typed_columns(model) - checked - set(case.unchecked) - IMPLICIT
        if unchecked:
            problems.append(f"{case.id}: {sorted(unchecked)}")
    assert not problems, "\n".join(problems)
