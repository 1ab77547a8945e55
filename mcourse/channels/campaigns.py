"""Weekly campaigns per digital channel in Algeria and Poland, simulated with their truth.

Each week of 2024 and each paid or owned channel (SEO, SEM, social media, e-mail,
affiliate, SMS, mobile app) a campaign has

    impressions ~ Poisson(level · season · e^u),  u ~ Normal(0, 0.15)
    clicks      ~ Binomial(impressions, CTR)
    conversions ~ Binomial(clicks, CVR)
    spend       = clicks · CPC · e^v,             v ~ Normal(0, 0.08)
    revenue     ~ Gamma(4 · conversions, AOV / 4)  (conversions orders of mean AOV)
    gross profit = revenue · margin · e^w,        w ~ Normal(0, 0.03)

with the channel's true CTR, CVR, CPC, average order value AOV and gross margin in
:data:`TRUTH` (for e-mail and SMS an "impression" is a delivered message). The expected
ROAS is CVR · AOV / CPC and the expected ROI is ROAS · margin − 1: the affiliate channel
has a high ROAS but sells low-margin electronics, so it loses money; SMS brings only a
handful of orders a week, some weeks none.
"""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd

from ..data.calendar import check_country
from ..data.market import CURRENCY

CAMPAIGN_CHANNELS = ("seo", "sem", "social", "email", "affiliate", "sms", "app")

TRUTH = {
    "DZ": {
        "seo": {"impressions": 400000, "ctr": 0.030, "cvr": 0.020, "cpc": 8.0, "aov": 6000.0,
                "margin": 0.30},
        "sem": {"impressions": 250000, "ctr": 0.040, "cvr": 0.030, "cpc": 25.0, "aov": 7000.0,
                "margin": 0.25},
        "social": {"impressions": 1500000, "ctr": 0.012, "cvr": 0.010, "cpc": 10.0,
                   "aov": 5000.0, "margin": 0.35},
        "email": {"impressions": 60000, "ctr": 0.035, "cvr": 0.050, "cpc": 43.0, "aov": 6500.0,
                  "margin": 0.40},
        "affiliate": {"impressions": 300000, "ctr": 0.015, "cvr": 0.030, "cpc": 50.0,
                      "aov": 12000.0, "margin": 0.12},
        "sms": {"impressions": 20000, "ctr": 0.010, "cvr": 0.015, "cpc": 40.0, "aov": 4000.0,
                "margin": 0.35},
        "app": {"impressions": 200000, "ctr": 0.020, "cvr": 0.045, "cpc": 20.0, "aov": 5500.0,
                "margin": 0.35},
        "season": {"ramadan": 1.4, "summer": 1.1},
    },
    "PL": {
        "seo": {"impressions": 500000, "ctr": 0.030, "cvr": 0.020, "cpc": 0.30, "aov": 250.0,
                "margin": 0.30},
        "sem": {"impressions": 400000, "ctr": 0.045, "cvr": 0.030, "cpc": 1.20, "aov": 280.0,
                "margin": 0.25},
        "social": {"impressions": 800000, "ctr": 0.010, "cvr": 0.012, "cpc": 0.60, "aov": 200.0,
                   "margin": 0.35},
        "email": {"impressions": 80000, "ctr": 0.040, "cvr": 0.050, "cpc": 1.00, "aov": 260.0,
                  "margin": 0.40},
        "affiliate": {"impressions": 350000, "ctr": 0.015, "cvr": 0.030, "cpc": 2.00,
                      "aov": 480.0, "margin": 0.12},
        "sms": {"impressions": 10000, "ctr": 0.012, "cvr": 0.015, "cpc": 2.50, "aov": 160.0,
                "margin": 0.35},
        "app": {"impressions": 150000, "ctr": 0.020, "cvr": 0.045, "cpc": 0.80, "aov": 220.0,
                "margin": 0.35},
        "season": {"black_friday": 1.8, "christmas_shopping": 1.4, "summer": 0.9},
    },
}
"""True weekly levels and rates per country and channel (money in DZD or PLN), and the
seasonal multipliers of a week that contains the event."""

NOISE = {"impressions": 0.15, "spend": 0.08, "margin": 0.03}
SEED = 2025
"""Seed of the course's ``campaigns`` dataset."""


def expected_kpis(truth: dict) -> dict:
    """The expected ROAS (CVR · AOV / CPC) and ROI (ROAS · margin − 1) of one channel."""
    roas = truth["cvr"] * truth["aov"] / truth["cpc"]
    return {"roas": roas, "roi": roas * truth["margin"] - 1}


def _season(weeks: pd.DatetimeIndex, country: str, multipliers: dict) -> np.ndarray:
    from ..data.calendar import calendar_regressors

    days = pd.date_range(weeks[0], weeks[-1] + pd.Timedelta(days=6), freq="D")
    flags = calendar_regressors(days, country)
    factor = np.ones(len(weeks))
    for event, lift in multipliers.items():
        daily = flags[event].to_numpy().reshape(len(weeks), 7)
        factor *= np.where(daily.any(axis=1), lift, 1.0)
    return factor


def simulate_campaigns(country: str = "DZ", seed: int = 0, start="2024-01-01", weeks: int = 52,
                       truth: dict | None = None):
    """``(table, truth)``: one row per week and channel, with the true parameters."""
    country = check_country(country)
    p = copy.deepcopy(truth or TRUTH[country])
    rng = np.random.default_rng(seed)
    monday = pd.Timestamp(start) - pd.Timedelta(days=pd.Timestamp(start).day_of_week)
    index = pd.date_range(monday, periods=weeks, freq="W-MON")
    season = _season(index, country, p["season"])
    rows = []
    for channel in CAMPAIGN_CHANNELS:
        c = p[channel]
        impressions = rng.poisson(c["impressions"] * season
                                  * np.exp(rng.normal(0, NOISE["impressions"], weeks)))
        clicks = rng.binomial(impressions, c["ctr"])
        conversions = rng.binomial(clicks, c["cvr"])
        spend = clicks * c["cpc"] * np.exp(rng.normal(0, NOISE["spend"], weeks))
        revenue = np.where(conversions > 0,
                           rng.gamma(np.maximum(4 * conversions, 1), c["aov"] / 4), 0.0)
        profit = revenue * c["margin"] * np.exp(rng.normal(0, NOISE["margin"], weeks))
        digits = 0 if country == "DZ" else 2
        rows.append(pd.DataFrame({
            "week": index, "country": country, "channel": channel,
            "spend": np.round(spend, digits), "impressions": impressions.astype("int64"),
            "clicks": clicks.astype("int64"), "conversions": conversions.astype("int64"),
            "revenue": np.round(revenue, digits), "gross_profit": np.round(profit, digits),
            "currency": CURRENCY[country]}))
    table = pd.concat(rows, ignore_index=True)
    expected = {ch: expected_kpis(p[ch]) for ch in CAMPAIGN_CHANNELS}
    return table, {"country": country, "currency": CURRENCY[country], "noise": dict(NOISE),
                   **p, "expected": expected}


def build_campaigns(seed: int = SEED):
    """Dataset ``campaigns``: both countries, with each country's truth."""
    tables, truth = [], {}
    for offset, country in enumerate(("DZ", "PL")):
        table, true = simulate_campaigns(country, seed + offset)
        tables.append(table)
        truth[country] = true
    return pd.concat(tables, ignore_index=True), truth
