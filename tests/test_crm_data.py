"""The CRM simulator: deterministic, consistent tables, the two countries, shipped files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import mcourse
from mcourse.data.customers import REGIONS, TRUTH, simulate_crm
from mcourse.errors import CourseError

NAMES = ("crm_customers", "crm_orders", "crm_contacts", "crm_tickets", "crm_surveys")


@pytest.fixture(scope="module")
def pl():
    return simulate_crm("PL", n_customers=600, seed=5)


def test_same_seed_same_data(pl):
    again = simulate_crm("PL", n_customers=600, seed=5)
    for name in ("customers", "orders", "contacts", "tickets", "surveys"):
        pd.testing.assert_frame_equal(pl[name], again[name])
    other = simulate_crm("PL", n_customers=600, seed=6)
    assert not pl["orders"].equals(other["orders"])


def test_country_argument(pl):
    dz = simulate_crm("dz", n_customers=300, seed=5)
    assert set(dz["customers"]["region"]) <= set(REGIONS["DZ"])
    assert set(pl["customers"]["region"]) <= set(REGIONS["PL"])
    assert (dz["orders"]["currency"] == "DZD").all() and (pl["orders"]["currency"] == "PLN").all()
    assert dz["truth"]["currency"] == "DZD"
    with pytest.raises(CourseError):
        simulate_crm("FR")


def test_snapshot_columns_follow_from_the_tables(pl):
    customers = pl["customers"].set_index("customer_id")
    snapshot = pd.Timestamp(TRUTH["snapshot"])
    orders, tickets, surveys = pl["orders"], pl["tickets"], pl["surveys"]
    assert (orders["date"] <= snapshot).all() and (tickets["date"] <= snapshot).all()
    last = orders.groupby("customer_id")["date"].max()
    assert ((snapshot - last).dt.days == customers["recency_days"]).all()
    recent = orders[orders["date"] > snapshot - pd.Timedelta(days=365)]
    counts = recent.groupby("customer_id").size().reindex(customers.index, fill_value=0)
    assert (counts == customers["frequency"]).all()
    spend = recent.groupby("customer_id")["amount"].sum().reindex(customers.index, fill_value=0)
    np.testing.assert_allclose(spend, customers["monetary"], atol=0.01)
    first = orders.groupby("customer_id")["date"].min()
    assert (first == customers["signup_date"]).all()
    complaints = tickets[tickets["complaint"] & (tickets["date"] > snapshot
                                                 - pd.Timedelta(days=365))]
    counts = complaints.groupby("customer_id").size().reindex(customers.index, fill_value=0)
    assert (counts == customers["complaints"]).all()
    by_survey = surveys.set_index("customer_id").loc[customers.index]
    assert (by_survey["satisfaction"] == customers["satisfaction"]).all()
    assert by_survey["recommend"].between(0, 10).all()


def test_unhappy_customers_complain_more_and_leave_sooner(pl):
    customers = pl["customers"]
    low = customers[customers["satisfaction"] <= 2]
    high = customers[customers["satisfaction"] >= 4]
    assert low["tickets"].mean() > high["tickets"].mean()
    assert low["churned"].mean() > high["churned"].mean()


@pytest.mark.parametrize("name", NAMES)
def test_shipped_files_are_the_build(name, tmp_path):
    """The CSVs in datasets/ are exactly what their card's build function makes."""
    from mcourse.data.build import build
    from mcourse.data.catalogue import data_dir

    for path in build(name, folder=tmp_path):
        assert path.read_bytes() == (data_dir() / path.name).read_bytes(), path.name
    table = mcourse.load(name)
    assert len(table) == mcourse.data.read_card(name)["rows"]


def test_truth_file_records_the_churn_coefficients():
    truth = mcourse.data.true_parameters("crm_customers")
    assert truth["churn"] == TRUTH["churn"]
    assert truth["churn_per_30_days_recency"] == pytest.approx(30 * TRUTH["churn"]["recency_days"])
