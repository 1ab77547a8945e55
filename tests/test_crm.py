"""CRM analytics: RFM scores and segments, cohorts, churn model, campaign, loyalty."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import mcourse
from mcourse import crm
from mcourse.crm.rfm import REGIONS, SEGMENT_OF, quintile_score
from mcourse.data.customers import TRUTH, simulate_crm
from mcourse.errors import CourseError


@pytest.fixture(scope="module")
def big():
    """5,000 simulated Algerian customers: enough to test the recovery of the truth."""
    return simulate_crm("DZ", n_customers=5000, seed=11)


def test_rfm_table_by_hand(orders):
    table = crm.rfm_table(orders, snapshot="2024-03-11", window_days=None)
    assert table.loc["A"].to_dict() == {"recency_days": 30, "frequency": 2, "monetary": 150.0}
    assert table.loc["C"].to_dict() == {"recency_days": 10, "frequency": 2, "monetary": 50.0}
    windowed = crm.rfm_table(orders, snapshot="2024-03-11", window_days=40)
    assert windowed.loc["A", "frequency"] == 1 and windowed.loc["B", "frequency"] == 0
    with pytest.raises(CourseError) as err:
        crm.rfm_table(orders, snapshot="2024-02-01")
    assert err.value.key == "clv.error.after_end"


def test_quintile_scores():
    values = pd.Series(np.arange(100))
    scores = quintile_score(values)
    assert scores.value_counts().to_dict() == {1: 20, 2: 20, 3: 20, 4: 20, 5: 20}
    assert scores.iloc[-1] == 5 and quintile_score(values, higher_is_better=False).iloc[-1] == 1
    ties = quintile_score(pd.Series([1, 1, 1, 1, 2, 3]))
    assert ties.iloc[:4].nunique() == 1


def test_segments_cover_the_grid_exactly_once():
    cells = [(r, f) for name, (rs, fs) in REGIONS.items() for r in rs for f in fs]
    assert len(cells) == 25 and set(cells) == {(r, f) for r in range(1, 6) for f in range(1, 6)}
    assert SEGMENT_OF[(5, 5)] == "champions" and SEGMENT_OF[(1, 1)] == "lost"
    assert SEGMENT_OF[(1, 5)] == "cant_lose" and SEGMENT_OF[(2, 3)] == "at_risk"


def test_scores_segments_and_summary():
    customers = mcourse.load("crm_customers")
    scored = crm.rfm_scores(customers)
    assert scored["segment"].notna().all()
    best = scored[(scored["R"] == 5) & (scored["F"] >= 4)]
    assert (best["segment"] == "champions").all()
    summary = crm.segment_summary(scored)
    assert summary["customers"].sum() == len(customers)
    assert summary["share_value"].sum() == pytest.approx(1.0)
    # champions bring more value than their number
    assert summary.loc["champions", "share_value"] > summary.loc["champions", "share_customers"]
    shown = crm.labelled(summary)
    assert "Champions" in shown.index and "Customers" in shown.columns


def test_retention_matrix(orders):
    matrix = crm.retention_matrix(orders)
    assert matrix.loc["2024-01"].tolist() == [1.0, 0.5, 0.0]
    assert matrix.loc["2024-02", 0] == 1.0 and matrix.loc["2024-02", 1] == 1.0
    assert np.isnan(matrix.loc["2024-02", 2])       # not observed yet: empty, not zero
    assert matrix.attrs["sizes"] == {"2024-01": 2, "2024-02": 1}


def test_churn_model_recovers_true_coefficients(big):
    result = crm.fit_churn(big["customers"])
    ci = result.conf_int(alpha=0.01)
    for name, true in TRUTH["churn"].items():
        low, high = ci.loc[name]
        assert low < true < high, (name, true, low, high)


def test_odds_ratios_and_their_reading(big):
    result = crm.fit_churn(big["customers"])
    table = crm.odds_ratios(result, per={"recency_days": 30})
    assert "const" not in table.index
    assert table.loc["recency_days", "odds_ratio"] == pytest.approx(
        np.exp(30 * result.params["recency_days"]))
    assert (table["ci_low"] < table["odds_ratio"]).all()
    assert table.loc["satisfaction", "odds_ratio"] < 1 < table.loc["complaints", "odds_ratio"]
    mcourse.set_lang("pl")
    sentences = crm.read_odds_ratios(table)
    assert len(sentences) == 4
    assert "liczba dni od ostatniego zamówienia rośnie o 30" in sentences[0]
    assert "spada" in sentences[2] and "rośnie o" in sentences[3]


def test_confusion_and_campaign_by_hand():
    actual = [1, 1, 0, 0, 1, 0]
    prob = [0.9, 0.4, 0.7, 0.1, 0.6, 0.2]
    table = crm.confusion_table(actual, prob, threshold=0.5)
    assert table.loc["churned", "churn"] == 2 and table.loc["churned", "stay"] == 1
    assert table.loc["stayed", "churn"] == 1 and table.loc["stayed", "stay"] == 2
    money = crm.campaign(actual, prob, 0.5, contact_cost=10, customer_value=100,
                         success_rate=0.3)
    assert money["contacted"] == 3 and money["cost"] == 30
    assert money["saved_value"] == pytest.approx(2 * 0.3 * 100)
    assert money["net_value"] == pytest.approx(60 - 30)
    sweep = crm.campaign_by_threshold(actual, prob, 10, 100, 0.3, thresholds=[0.0, 1.01])
    assert sweep["contacted"].tolist() == [6, 0]
    with pytest.raises(CourseError):
        crm.campaign(actual, prob, 0.5, 10, 100, success_rate=1.5)


def test_churn_target_must_be_binary(big):
    bad = big["customers"].head(50).copy()
    bad["churned"] = bad["churned"].astype(int)
    bad.loc[7, "churned"] = 2
    with pytest.raises(CourseError) as err:
        crm.fit_churn(bad)
    assert err.value.key == "crm.error.not_binary" and err.value.values["rows"] == "7"


def test_satisfaction_to_loyalty(big):
    customers = big["customers"]
    result = crm.fit_loyalty(customers)
    low, high = result.conf_int(alpha=0.01).loc["satisfaction"]
    assert low < TRUTH["recommend"]["satisfaction"] < high
    table = crm.loyalty_by_satisfaction(customers)
    assert table["mean_recommend"].is_monotonic_increasing
    assert table["stay_rate"].is_monotonic_increasing
    mcourse.set_lang("ar")
    assert "التوصية" in crm.read_loyalty(result)


def test_plots_are_labelled_in_the_language(big, orders):
    mcourse.set_lang("pl")
    customers = big["customers"].head(800)
    scored = crm.rfm_scores(customers)
    fig = crm.plot_rfm_grid(scored)
    assert fig.axes[0].get_title() == "Siatka RFM: segmenty klientów"
    assert any("Mistrzowie" in text.get_text() for text in fig.axes[0].texts)
    fig = crm.plot_retention_heatmap(crm.retention_matrix(orders))
    assert fig.axes[0].get_xlabel() == "Miesiące od pierwszego zamówienia"
    fig = crm.plot_satisfaction_loyalty(customers, crm.fit_loyalty(customers))
    assert fig.axes[1].get_ylabel() == "Odsetek klientów, którzy zostali"
    result = crm.fit_churn(customers)
    table = crm.campaign_by_threshold(customers["churned"], result.predict(), 5, 100, 0.3)
    fig = crm.plot_campaign(table, chosen=0.4, currency="PLN")
    assert fig.axes[0].get_title().startswith("Kampania")
    fig = crm.plot_confusion(crm.confusion_table(customers["churned"], result.predict()))
    assert fig.axes[0].get_xlabel() == "Prognoza modelu"


def test_churn_probability_on_new_data(big):
    customers = big["customers"]
    train, test = customers.iloc[:4000], customers.iloc[4000:]
    result = crm.fit_churn(train)
    np.testing.assert_allclose(crm.churn_probability(result, train), result.predict())
    prob = crm.churn_probability(result, test)
    assert prob.index.equals(test.index) and prob.between(0, 1).all()
    with pytest.raises(CourseError):
        crm.churn_probability(result, test.drop(columns="complaints"))

