"""Needed and obsolete products: is demand for a product growing or declining?

Understanding what consumers want lets a firm see which products the market needs and
which are becoming obsolete. We look at monthly units sold of each product and fit the
log-linear trend

    log(units_t) = a + g · years_t + s_month(t) + e_t

by ordinary least squares (statsmodels), with one dummy per calendar month for
seasonality. ``exp(g) − 1`` is the yearly growth rate (+0.25 = 25 % more units a year);
its 95 % confidence interval comes from the interval of ``g``. The verdict
(:func:`classify`): "growing" when the whole interval is above 0, "declining" when it is
below 0, "unclear" otherwise: the data do not tell the direction apart from noise.

The data (dataset ``product_demand``) come from :func:`simulate_product_demand`, whose
recorded growth rates let us check that the intervals contain the truth about 95 % of the
time.
"""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd

from ..data.calendar import check_country
from ..errors import CourseError

PRODUCTS = ("air_fryer", "earbuds", "smartwatch", "smartphone", "e_reader",
            "digital_camera", "gps_device", "dvd_player")
"""Products of the ``product_demand`` dataset, from the fastest rising to the fastest falling."""

TRUTH = {
    "start": "2019-01-01",
    "months": 72,
    "noise_sigma": 0.07,
    "DZ": {
        "base_units": {"air_fryer": 90, "earbuds": 300, "smartwatch": 120, "smartphone": 900,
                       "e_reader": 40, "digital_camera": 150, "gps_device": 110,
                       "dvd_player": 200},
        "growth": {"air_fryer": 0.35, "earbuds": 0.30, "smartwatch": 0.20, "smartphone": 0.05,
                   "e_reader": 0.0, "digital_camera": -0.12, "gps_device": -0.20,
                   "dvd_player": -0.30},
        "month_effect": [0.95, 0.90, 1.0, 1.05, 1.0, 0.95, 1.10, 1.15, 1.05, 0.95, 0.95, 1.0],
    },
    "PL": {
        "base_units": {"air_fryer": 250, "earbuds": 400, "smartwatch": 200,
                       "smartphone": 1100, "e_reader": 150, "digital_camera": 180,
                       "gps_device": 160, "dvd_player": 120},
        "growth": {"air_fryer": 0.28, "earbuds": 0.22, "smartwatch": 0.15, "smartphone": 0.02,
                   "e_reader": -0.01, "digital_camera": -0.15, "gps_device": -0.25,
                   "dvd_player": -0.35},
        "month_effect": [0.85, 0.80, 0.90, 0.95, 0.95, 0.90, 0.90, 0.95, 1.0, 1.05, 1.30, 1.45],
    },
}
"""True model: units ~ Poisson(base · exp(growth · years) · month_effect · exp(e)),
e ~ Normal(0, noise_sigma); ``growth`` is g on the log scale per year."""

SEED = 2019
"""Seed of the course's ``product_demand`` dataset."""


def simulate_product_demand(country: str = "DZ", seed: int = 0, truth: dict | None = None):
    """``(table, truth)``: monthly units of each product in ``country``.

    ``table`` has ``month`` (first day), ``country``, ``product`` and ``units``.
    """
    country = check_country(country)
    p = copy.deepcopy(truth or TRUTH)
    rng = np.random.default_rng(seed)
    months = pd.date_range(p["start"], periods=p["months"], freq="MS")
    years = np.arange(len(months)) / 12
    season = np.array(p[country]["month_effect"])[months.month - 1]
    rows = []
    for product in PRODUCTS:
        mean = (p[country]["base_units"][product] * np.exp(p[country]["growth"][product] * years)
                * season * np.exp(rng.normal(0.0, p["noise_sigma"], len(months))))
        rows.append(pd.DataFrame({"month": months, "country": country, "product": product,
                                  "units": rng.poisson(mean).astype("int64")}))
    table = pd.concat(rows, ignore_index=True)
    return table, {"country": country, "start": p["start"], "months": p["months"],
                   "noise_sigma": p["noise_sigma"], **p[country]}


def build_product_demand(seed: int = SEED):
    """Dataset ``product_demand``: both countries, with each country's truth."""
    tables, truth = [], {}
    for offset, country in enumerate(("DZ", "PL")):
        table, true = simulate_product_demand(country, seed + offset)
        tables.append(table)
        truth[country] = true
    return pd.concat(tables, ignore_index=True), truth


def _design(months: pd.Series, origin: pd.Timestamp) -> pd.DataFrame:
    months = pd.DatetimeIndex(months)
    x = pd.DataFrame({"years": ((months.year - origin.year) * 12
                                + months.month - origin.month) / 12}, index=range(len(months)))
    for m in range(2, 13):
        x[f"m{m}"] = (months.month == m).astype(float)
    x.insert(0, "const", 1.0)
    return x


def _fit_one(series: pd.DataFrame, origin):
    import statsmodels.api as sm

    if (series["units"] <= 0).any():
        raise CourseError("behaviour.error.zero_units", product=str(series["product"].iloc[0]))
    x = _design(series["month"], origin)
    return sm.OLS(np.log(series["units"].to_numpy(float)), x).fit()


def fit_trends(demand: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """The yearly trend of each product (one country): growth with its interval.

    Columns: ``growth`` (g, log scale per year) with ``g_low``/``g_high``, and the same
    as yearly percentage changes ``growth_rate`` = exp(g) − 1, ``rate_low``,
    ``rate_high``; ``months`` used and the ``verdict`` of :func:`classify`.
    """
    from .questions import _need, _one_country

    _need(demand, ["month", "country", "product", "units"])
    _one_country(demand)
    origin = pd.Timestamp(demand["month"].min())
    rows = {}
    for product, series in demand.groupby("product", observed=True, sort=False):
        if len(series) < 24:
            raise CourseError("behaviour.error.short_series", product=str(product),
                              months=len(series))
        fit = _fit_one(series.sort_values("month"), origin)
        low, high = fit.conf_int(alpha=1 - level).loc["years"]
        g = float(fit.params["years"])
        rows[str(product)] = {"growth": g, "g_low": float(low), "g_high": float(high),
                              "growth_rate": np.expm1(g), "rate_low": np.expm1(low),
                              "rate_high": np.expm1(high), "months": len(series)}
    out = pd.DataFrame(rows).T
    out["months"] = out["months"].astype("int64")
    out["verdict"] = classify(out)
    out.index.name = "product"
    return out.sort_values("growth", ascending=False)


def classify(trends: pd.DataFrame) -> pd.Series:
    """``growing`` (interval above 0), ``declining`` (below 0) or ``unclear`` (contains 0)."""
    verdict = np.where(trends["g_low"] > 0, "growing",
                       np.where(trends["g_high"] < 0, "declining", "unclear"))
    return pd.Series(verdict, index=trends.index, name="verdict")


def yearly_rate(g: float) -> float:
    """The yearly growth rate ``exp(g) − 1`` of a log-scale slope ``g`` (0.2 → 22,1 %)."""
    return float(np.expm1(g))


def products_with(trends: pd.DataFrame, verdict: str) -> set[str]:
    """The products of a :func:`fit_trends` table whose verdict is ``verdict``."""
    if verdict not in ("growing", "declining", "unclear"):
        raise CourseError("error.unknown_choice", value=verdict, name="verdict",
                          choices="growing, declining, unclear")
    return {str(p) for p in trends.index[trends["verdict"] == verdict]}


def trend_line(demand: pd.DataFrame, product: str, level: float = 0.95) -> pd.DataFrame:
    """The fitted trend of one product, month by month, with its confidence band.

    The seasonal dummies are averaged out (each month weighs 1/12), so the line is the
    trend of a typical month: ``trend``, ``ci_low``, ``ci_high`` in units (the exp of the
    fitted log mean and of its interval), next to the observed ``units``.
    """
    from .questions import _one_country

    _one_country(demand)
    series = demand[demand["product"] == product].sort_values("month")
    if series.empty:
        raise CourseError("behaviour.error.unknown_product", product=product,
                          known=", ".join(map(str, pd.unique(demand["product"].astype(str)))))
    origin = pd.Timestamp(demand["month"].min())
    fit = _fit_one(series, origin)
    x = _design(series["month"], origin)
    x.loc[:, [f"m{m}" for m in range(2, 13)]] = 1 / 12
    band = fit.get_prediction(x).summary_frame(alpha=1 - level)
    return pd.DataFrame({"month": series["month"].to_numpy(),
                         "units": series["units"].to_numpy(),
                         "trend": np.exp(band["mean"].to_numpy()),
                         "ci_low": np.exp(band["mean_ci_lower"].to_numpy()),
                         "ci_high": np.exp(band["mean_ci_upper"].to_numpy())})
