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
    assert ties.tolist() == [1, 1, 1, 1, 4, 5]   # 3 values: lowest 1, highest 5, 2 sits at 4


def test_quintile_scores_keep_five_classes_when_many_share_the_lowest_value():
    # 45 customers share the lowest value: they all get 1, and the other 55 are cut into
    # 4 classes at the boundaries closest to equal parts of what is left (55/4 = 13.75).
    values = pd.Series([0] * 45 + list(range(1, 56)))
    scores = quintile_score(values)
    assert (scores.iloc[:45] == 1).all()
    # cut 2 at 45 + 55/4 = 58.75 -> after value 14 (59 customers); cut 3 at 59 + 41/3 =
    # 72.67 -> after value 28 (73); cut 4 at 73 + 27/2 = 86.5 -> after value 41 (86)
    assert scores.value_counts().sort_index().to_dict() == {1: 45, 2: 14, 3: 14, 4: 13, 5: 14}
    # the rule of equal-share cuts without ties is the plain quintile rule
    assert quintile_score(pd.Series([0] * 40 + list(range(1, 61)))).value_counts()[1] == 40
    # a block of 45 % at the top: the best ones share 5, the others fill 1-4
    top = quintile_score(pd.Series(list(range(55)) + [99] * 45))
    assert (top.iloc[55:] == 5).all() and top.nunique() == 5
    # fewer than five distinct values: one class each, lowest 1 and highest 5
    assert quintile_score(pd.Series([0, 0, 0, 1])).tolist() == [1, 1, 1, 5]
    assert quintile_score(pd.Series([1, 2, 3, 4])).tolist() == [1, 2, 4, 5]
    assert quintile_score(pd.Series([7, 7])).tolist() == [3, 3]  # no information: the middle


def test_customers_without_orders_in_the_window_are_lost():
    table = pd.DataFrame({"recency_days": [400, 5, 10, 20, 40, 80, 160],
                          "frequency": [0, 1, 2, 3, 4, 5, 6],
                          "monetary": [0.0, 10, 20, 30, 40, 50, 60]},
                         index=list("abcdefg"))
    scored = crm.rfm_scores(table)
    assert scored.loc["a", ["R", "F", "M"]].tolist() == [1, 1, 1]
    assert scored.loc["a", "segment"] == "lost"
    # the others are scored among themselves: b is the most recent with the fewest orders
    assert scored.loc["b", ["R", "F"]].tolist() == [5, 1] and scored.loc["b", "segment"] == "new"


@pytest.mark.parametrize("country", ["DZ", "PL"])
def test_every_segment_occurs_with_the_default_window(country):
    orders = mcourse.load("crm_orders")
    orders = orders[orders["customer_id"].str.startswith(country)]
    scored = crm.rfm_scores(crm.rfm_table(orders, snapshot="2025-06-30"))
    counts = scored["segment"].value_counts()
    assert set(counts[counts > 0].index) == set(crm.SEGMENTS)
    active = scored[scored["frequency"] > 0]
    for column in ("R", "F", "M"):   # five classes among the customers who ordered
        assert active[column].nunique() == 5


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
    assert "liczba dni od ostatniego zamówienia jest wyższa o 30" in sentences[0]
    assert "niższą o" in sentences[2] and "wyższą o" in sentences[3]
    with_base = crm.read_odds_ratios(table, baseline=0.3)
    assert "30%" in with_base[0] and with_base[0].startswith(sentences[0].split(" (")[0])


def test_odds_and_probability_at_a_baseline_by_hand():
    assert crm.odds(0.2) == pytest.approx(0.25) and crm.odds(0.5) == pytest.approx(1.0)
    assert crm.probability_from_odds(0.25) == pytest.approx(0.2)
    with pytest.raises(CourseError):
        crm.odds(1.0)
    table = pd.DataFrame({"per": [1.0, 1.0], "odds_ratio": [2.0, 0.5], "ci_low": [1.5, 0.25],
                          "ci_high": [3.0, 1.0]}, index=pd.Index(["x", "y"], name="variable"))
    shift = crm.probability_shift(table, baseline=0.2)
    # odds 0.25 × 2 = 0.5 -> 1/3; × 0.5 = 0.125 -> 1/9; × 1.5 = 0.375 -> 3/11
    assert shift.loc["x", "probability"] == pytest.approx(1 / 3)
    assert shift.loc["y", "probability"] == pytest.approx(1 / 9)
    assert shift.loc["x", "ci_low_probability"] == pytest.approx(3 / 11)
    assert shift.loc["y", "ci_high_probability"] == pytest.approx(0.2)
    assert shift.loc["x", "difference"] == pytest.approx(1 / 3 - 0.2)
    # the same odds ratio moves a probability of 5 % far less than one of 50 %
    low, high = (crm.probability_shift(table, b).loc["x", "difference"] for b in (0.05, 0.5))
    # odds 1/19 × 2 = 2/19 -> 2/21; odds 1 × 2 = 2 -> 2/3
    assert low == pytest.approx(2 / 21 - 0.05) and high == pytest.approx(2 / 3 - 0.5)


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


def test_campaign_values_each_customer_by_their_own_value():
    actual = [1, 1, 0, 0, 1, 0]
    prob = [0.9, 0.4, 0.7, 0.1, 0.6, 0.2]
    value = [20.0, 500.0, 300.0, 0.0, 50.0, 80.0]
    money = crm.campaign(actual, prob, 0.5, contact_cost=10, customer_value=value,
                         success_rate=0.3)
    # contacted: customers 0, 2, 4; churners reached: 0 (20) and 4 (50)
    assert money["saved_value"] == pytest.approx(0.3 * (20 + 50))
    assert money["net_value"] == pytest.approx(21 - 30)
    sweep = crm.campaign_by_threshold(actual, prob, 10, value, 0.3,
                                      thresholds=[0.3, 0.5, 0.95])
    # 0.3: contacts 0, 1, 2, 4 -> 0.3 × 570 − 40 = 131; 0.5: −9; 0.95: nobody, 0
    assert sweep["net_value"].tolist() == pytest.approx([131.0, -9.0, 0.0])
    assert crm.best_threshold(sweep) == 0.3
    assert crm.best_threshold(sweep.iloc[1:]) == 0.95   # losing everywhere: contact nobody
    gain = crm.expected_gain(prob, value, 0.3, 10)
    assert gain == pytest.approx([0.9 * 6 - 10, 0.4 * 150 - 10, 0.7 * 90 - 10, -10,
                                  0.6 * 15 - 10, 0.2 * 24 - 10])
    chosen = crm.campaign_outcome(actual, gain > 0, 10, value, 0.3)
    assert chosen["contacted"] == 2 and chosen["net_value"] == pytest.approx(150 - 20)
    with pytest.raises(CourseError) as err:
        crm.campaign(actual, prob, 0.5, 10, value[:3], 0.3)
    assert err.value.key == "crm.error.length_mismatch"


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
    assert "الاستعداد للتوصية" in crm.read_loyalty(result)


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



@pytest.mark.parametrize("lang", ["ar", "pl"])
def test_crm_chart_ticks_and_cohorts_follow_the_language(lang, big, orders):
    mcourse.set_lang(lang)
    unit = {"ar": "دج", "pl": "zł"}[lang]
    january = {"ar": "جانفي 2024", "pl": "styczeń 2024"}[lang]
    matrix = crm.retention_matrix(orders)
    fig = crm.plot_retention_heatmap(matrix)
    rows = [label.get_text() for label in fig.axes[0].get_yticklabels()]
    assert rows[0].startswith(january) and "2024-01" not in rows[0]
    shown = crm.labelled(matrix)
    assert shown.index[0] == january
    customers = big["customers"].head(800)
    result = crm.fit_churn(customers)
    table = crm.campaign_by_threshold(customers["churned"], result.predict(), 800,
                                      0.3 * customers["monetary"], 0.3)
    fig = crm.plot_campaign(table, chosen=0.4, currency="DZD" if lang == "ar" else "PLN")
    fig.canvas.draw()
    ticks = [label.get_text() for label in fig.axes[0].get_yticklabels() if label.get_text()]
    assert ticks and all(unit in text for text in ticks)
    decimal = [label.get_text() for label in fig.axes[0].get_xticklabels()]
    assert "0,2" in decimal and "0.2" not in decimal
    fig = crm.plot_segment_value(crm.segment_summary(crm.rfm_scores(customers)))
    fig.canvas.draw()
    assert "20%" in [label.get_text() for label in fig.axes[0].get_xticklabels()]
