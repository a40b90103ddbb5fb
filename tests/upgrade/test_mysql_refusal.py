"""A dj-stripe database on MySQL/MariaDB is refused before anything changes.

MySQL commits every table change at once: a conversion failing halfway could not be
rolled back, so it is not attempted (see ``detect.MYSQL_REFUSAL``).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from djstripe.upgrade import UpgradeError
from djstripe.upgrade.detect import Found, check_convertible


def dj_stripe_database(release: str = "2.11") -> Found:
    return Found("dj-stripe", release=release, tables=frozenset({"djstripe_customer"}))


@pytest.mark.parametrize("release", ["2.10", "2.11"])
def test_a_dj_stripe_database_on_mysql_is_refused_naming_mysql(release: str) -> None:
    with pytest.raises(UpgradeError) as refused:
        check_convertible(dj_stripe_database(release), SimpleNamespace(vendor="mysql"))
    message = str(refused.value)
    assert "MySQL/MariaDB" in message
    assert "Nothing was changed" in message
    assert "djstripe_sync_models" in message


@pytest.mark.parametrize("vendor", ["postgresql", "sqlite"])
def test_elsewhere_the_same_database_goes_on_to_the_schema_checks(vendor: str) -> None:
    with pytest.raises(UpgradeError) as refused:  # one table only: incomplete
        check_convertible(dj_stripe_database(), SimpleNamespace(vendor=vendor))
    assert "incomplete" in str(refused.value)
    assert "MySQL" not in str(refused.value)
