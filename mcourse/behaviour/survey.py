"""A consumer survey in Algeria and Poland, simulated from a known model.

Order data only show the people who bought. To learn who does *not* buy online, consumer
research asks a sample of the population: a survey. Each respondent here gives their
region, gender, age and monthly net income (in the country's currency) and says whether
they bought anything online in the last 12 months and how many times.

The true model (:data:`TRUTH`): income is log-normal around the country's median and
rises a little with age; the probability of buying online follows a logistic model

    logit P(buys online) = b0 + b_age · (age − 40) / 10 + b_income · log2(income / median)

so a respondent whose income is twice the median has ``exp(b_income)`` times the odds of
buying online of a median earner of the same age. Buyers place
``1 + Poisson(exp(c0 + c_income · log2(income / median)))`` orders a year.
"""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd

from ..data.calendar import check_country
from ..data.market import REGIONS, draw
from ..errors import CourseError
from ..funnel.intervals import wilson_interval

TRUTH = {
    "DZ": {"respondents": 1500, "income_median": 45000.0, "income_sigma": 0.55,
           "income_per_decade": 0.06,
           "online": {"b0": 0.1, "b_age": -0.45, "b_income": 0.70},
           "orders": {"c0": 1.0, "c_income": 0.25}},
    "PL": {"respondents": 1500, "income_median": 5500.0, "income_sigma": 0.50,
           "income_per_decade": 0.05,
           "online": {"b0": 1.3, "b_age": -0.40, "b_income": 0.55},
           "orders": {"c0": 1.6, "c_income": 0.20}},
}
"""True parameters per country (income in DZD or PLN a month)."""

SEED = 2024
"""Seed of the course's ``consumer_survey`` dataset."""


def _respondents(country: str, rng, p: dict) -> pd.DataFrame:
    n = p["respondents"]
    age = np.clip(np.round(18 + rng.gamma(2.6, 8.0, n)), 18, 80).astype(int)
    log_income = (np.log(p["income_median"]) + p["income_per_decade"] * (age - 40) / 10
                  + rng.normal(0.0, p["income_sigma"], n))
    income = np.round(np.exp(log_income), -2 if country == "DZ" else -1).astype("int64")
    relative = np.log2(income / p["income_median"])
    o = p["online"]
    logit = o["b0"] + o["b_age"] * (age - 40) / 10 + o["b_income"] * relative
    buys = rng.random(n) < 1 / (1 + np.exp(-logit))
    c = p["orders"]
    orders = np.where(buys, 1 + rng.poisson(np.exp(c["c0"] + c["c_income"] * relative)), 0)
    return pd.DataFrame({
        "respondent_id": [f"{country}-R{i + 1:05d}" for i in range(n)],
        "country": country,
        "region": draw(rng, REGIONS[country], n),
        "gender": rng.choice(["F", "M"], n),
        "age": age,
        "income": income,
        "buys_online": buys,
        "online_orders_12m": orders.astype("int64"),
    })


def simulate_survey(country: str = "DZ", seed: int = 0, respondents: int | None = None):
    """``(table, truth)``: one country's survey and its true parameters."""
    country = check_country(country)
    p = copy.deepcopy(TRUTH[country])
    if respondents is not None:
        p["respondents"] = int(respondents)
    rng = np.random.default_rng(seed)
    return _respondents(country, rng, p), {"country": country, **p}


def build_survey(seed: int = SEED):
    """Dataset ``consumer_survey``: both countries, and the truth of each."""
    tables, truth = [], {}
    for offset, country in enumerate(("DZ", "PL")):
        table, true = simulate_survey(country, seed + offset)
        tables.append(table)
        truth[country] = true
    return pd.concat(tables, ignore_index=True), truth


def income_quintile(income) -> pd.Categorical:
    """Income as quintiles of the sample: ``q1`` (lowest fifth) ... ``q5`` (highest)."""
    values = pd.Series(income)
    if values.isna().any():
        raise CourseError("behaviour.error.missing_income")
    return pd.qcut(values.rank(method="first"), 5, labels=["q1", "q2", "q3", "q4", "q5"])


def online_share(survey: pd.DataFrame, by: str = "income_quintile",
                 level: float = 0.95) -> pd.DataFrame:
    """Share of respondents who bought online, per group, with its Wilson interval.

    ``by`` is a column of the survey, or ``"income_quintile"`` / ``"age_group"`` made
    from ``income`` / ``age``. One country at a time (quintiles are the country's own).
    Columns: ``respondents``, ``buyers``, ``share``, ``ci_low``, ``ci_high``.
    """
    from .questions import _one_country, age_group

    _one_country(survey)
    table = survey.copy()
    if by == "income_quintile":
        table[by] = income_quintile(table["income"]).to_numpy()
    elif by == "age_group":
        table[by] = age_group(table["age"]).to_numpy()
    out = table.groupby(by, observed=True)["buys_online"].agg(respondents="size", buyers="sum")
    out["buyers"] = out["buyers"].astype("int64")
    out["share"] = out["buyers"] / out["respondents"]
    out["ci_low"], out["ci_high"] = wilson_interval(out["buyers"].to_numpy(),
                                                    out["respondents"].to_numpy(), level)
    return out


def true_online_probability(survey: pd.DataFrame, truth: dict) -> np.ndarray:
    """Each respondent's true probability of buying online under the survey's model."""
    o = truth["online"]
    relative = np.log2(survey["income"].to_numpy() / truth["income_median"])
    logit = o["b0"] + o["b_age"] * (survey["age"].to_numpy() - 40) / 10 + o["b_income"] * relative
    return 1 / (1 + np.exp(-logit))
