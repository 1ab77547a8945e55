"""The simple CLV formula and the cohort view, checked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from mcourse.clv import cohort_clv, simple_clv
from mcourse.clv.simple import retention_sensitivity
from mcourse.errors import CourseError


def test_simple_formula_by_hand():
    # 100 margin, 80 % retention, 10 % discount: 100 * 0.8 / (1 + 0.1 - 0.8) = 266.67
    assert simple_clv(100, 0.8, 0.1) == pytest.approx(266.6667, abs=1e-4)
    # the same sum written out, period after period
    k = np.arange(1, 2000)
    assert simple_clv(100, 0.8, 0.1) == pytest.approx(np.sum(100 * 0.8**k / 1.1**k))
    assert simple_clv(100, 0.0, 0.1) == 0.0


def test_simple_formula_is_vectorised_and_grows_with_retention():
    table = retention_sensitivity(margin=50, discount=0.12)
    assert (np.diff(table["clv"]) > 0).all()
    np.testing.assert_allclose(simple_clv(50, table["retention"], 0.12), table["clv"])


@pytest.mark.parametrize("retention", [1.0, -0.1, 1.5, np.nan])
def test_retention_outside_the_range_is_refused(retention):
    with pytest.raises(CourseError) as err:
        simple_clv(100, retention, 0.1)
    assert err.value.key == "clv.error.retention_range"


def test_discount_below_minus_one_is_refused():
    with pytest.raises(CourseError) as err:
        simple_clv(100, 0.5, -1.0)
    assert err.value.key == "clv.error.bad_discount"


def test_cohort_clv_by_hand(orders):
    cells = cohort_clv(orders, margin_rate=0.5, annual_discount=0.0)
    jan = cells[cells["cohort"] == "2024-01"].set_index("age")
    feb = cells[cells["cohort"] == "2024-02"].set_index("age")
    assert list(jan.index) == [0, 1, 2] and list(feb.index) == [0, 1]
    assert jan["customers"].tolist() == [2, 2, 2]
    assert jan["active"].tolist() == [2, 1, 0]
    assert jan["retention"].tolist() == [1.0, 0.5, 0.0]
    # A and B spend 180 in January (90 each), A 50 in February (25 per acquired customer)
    assert jan["cumulative_clv"].tolist() == pytest.approx([45.0, 57.5, 57.5])
    assert feb["cumulative_clv"].tolist() == pytest.approx([15.0, 25.0])


def test_cohort_clv_discounts_later_months(orders):
    cells = cohort_clv(orders, margin_rate=1.0, annual_discount=0.12)
    row = cells[(cells["cohort"] == "2024-01") & (cells["age"] == 1)].iloc[0]
    assert row["discounted_margin"] == pytest.approx(25.0 / 1.12 ** (1 / 12))
