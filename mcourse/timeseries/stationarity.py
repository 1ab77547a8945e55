"""Stationarity: is the level and the spread of a series stable over time?

Two tests from statsmodels, read together because their questions are opposite:

* **ADF** (augmented Dickey-Fuller): the null hypothesis is "a unit root", i.e. *not*
  stationary. A small p-value (< 0.05) is evidence of stationarity.
* **KPSS** (Kwiatkowski-Phillips-Schmidt-Shin): the null hypothesis is "stationary".
  A small p-value is evidence *against* stationarity.

A test gives evidence, never proof. Not rejecting a null hypothesis does not show that
it is true: a short or noisy sample may simply not be enough to reject it. So a KPSS
p-value above 0.05 says "the data do not contradict stationarity", not "the series is
stationary". When both tests point the same way the evidence is consistent; when they
disagree the series is often stationary around a trend, has a break, or the sample is
short. Differencing (``y_t - y_{t-1}``) and seasonal differencing (``y_t - y_{t-m}``)
turn many non-stationary series into stationary ones.
"""

from __future__ import annotations

import warnings

import pandas as pd

from ..errors import CourseError
from ..i18n import t
from .checks import check_series


def difference(y: pd.Series, lag: int = 1, times: int = 1) -> pd.Series:
    """``y_t - y_{t-lag}``, repeated ``times`` times.

    The first ``lag × times`` periods have no earlier value to subtract, so the result is
    that much shorter (they are not filled).
    """
    y = check_series(y)
    if lag < 1 or times < 0:
        raise CourseError("timeseries.error.lag", lag=lag)
    out = y
    for _ in range(times):
        out = out.diff(lag).iloc[lag:]
    out.index = pd.DatetimeIndex(out.index, freq=y.index.freq)
    return out


def stationarity_tests(y: pd.Series, alpha: float = 0.05, trend: bool = False) -> pd.DataFrame:
    """ADF and KPSS on ``y``: statistic, p-value and what each says, in the active language.

    The column ``stationary`` is True when the test *points to* stationarity (ADF rejects
    its null, or KPSS does not reject its null): evidence, not proof.

    ``trend=True`` tests stationarity around a straight line instead of a constant level.
    KPSS p-values come from a table limited to 0.01-0.10; beyond it the p-value shown is
    the table's edge and the column ``p_bound`` says "<" or ">".
    """
    from statsmodels.tools.sm_exceptions import InterpolationWarning
    from statsmodels.tsa.stattools import adfuller, kpss

    y = check_series(y)
    regression = "ct" if trend else "c"
    adf = adfuller(y, regression=regression, autolag="AIC", result_object=True)
    adf_stat, adf_p = adf.statistic, adf.pvalue
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InterpolationWarning)
        result = kpss(y, regression=regression, nlags="auto", result_object=True)
    kpss_stat, kpss_p = result.statistic, result.pvalue
    bound = ""
    if any(issubclass(w.category, InterpolationWarning) for w in caught):
        bound = "<" if kpss_p <= 0.01 else ">"
    adf_stationary = adf_p < alpha
    kpss_stationary = kpss_p >= alpha
    rows = [
        {"test": "ADF", "statistic": adf_stat, "p_value": adf_p, "p_bound": "",
         "null": t("timeseries.stationarity.adf_null"), "stationary": bool(adf_stationary),
         "reading": t("timeseries.stationarity.adf_reject" if adf_stationary
                      else "timeseries.stationarity.adf_keep")},
        {"test": "KPSS", "statistic": kpss_stat, "p_value": kpss_p, "p_bound": bound,
         "null": t("timeseries.stationarity.kpss_null"), "stationary": bool(kpss_stationary),
         "reading": t("timeseries.stationarity.kpss_keep" if kpss_stationary
                      else "timeseries.stationarity.kpss_reject")},
    ]
    table = pd.DataFrame(rows).set_index("test")
    table.attrs["verdict"] = verdict(adf_stationary, kpss_stationary)
    return table


def verdict(adf_stationary: bool, kpss_stationary: bool) -> str:
    """One sentence combining the two tests."""
    if adf_stationary and kpss_stationary:
        return t("timeseries.stationarity.both_stationary")
    if not adf_stationary and not kpss_stationary:
        return t("timeseries.stationarity.both_not")
    return t("timeseries.stationarity.disagree")


def is_stationary(y: pd.Series, alpha: float = 0.05) -> bool:
    """True when both tests point to stationarity: ADF rejects a unit root and KPSS does
    not reject stationarity at level ``alpha``.

    This is evidence consistent with stationarity, not a proof of it (see the module
    docstring): lesson 08 uses it to count how many differences a series needs.
    """
    table = stationarity_tests(y, alpha=alpha)
    return bool(table["stationary"].all())
