"""The six questions of consumer research, answered from customers and orders.

Marketing research asks who buys, when, where, what, how and why. Each function here
answers one of them from the market simulator's tables (``market_customers``,
``market_orders``) and returns a tidy table with short English column names:

- who:   :func:`customer_profile` (age group, gender, region);
- when:  :func:`hour_weekday` (the hour × weekday grid), :func:`busiest_weekday`,
         :func:`weekend_effect`, :func:`monthly_orders`, :func:`evening_share` (Ramadan);
- where, what, how, why: :func:`share_table` of ``region``, ``channel``, ``category``,
         ``device``, ``payment`` or ``motive``; :func:`basket_by` (what a basket is worth).

Shares come with a 95 % Wilson interval: the data are one sample of what the market does,
and the interval says how far the share could be from the market's own. These are
descriptions (associations), not causes: that fashion is bought more on phones does not
say that phones make people buy fashion.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.calendar import WEEKEND, calendar_regressors, check_country, event_days
from ..errors import CourseError
from ..funnel.intervals import wilson_interval

AGE_BINS = (18, 25, 35, 45, 55, 65, 200)
"""Edges of the age groups 18–24, 25–34, 35–44, 45–54, 55–64 and 65+ (left-closed)."""

AGE_LABELS = ("18–24", "25–34", "35–44", "45–54", "55–64", "65+")

WEEK_START = {"DZ": 6, "PL": 0}
"""First day of the week as people there live it: Sunday in Algeria (the working week is
Sunday-Thursday), Monday in Poland (pandas numbers Monday = 0 ... Sunday = 6)."""

EVENING = (19, 24)
"""Evening hours [19:00, 24:00): after iftar during Ramadan."""

PREFIXES = ("behaviour.col", "crm.col")


def _one_country(table: pd.DataFrame) -> str:
    countries = pd.unique(table["country"].astype(str))
    if len(countries) != 1:
        raise CourseError("behaviour.error.one_country", found=", ".join(sorted(countries)))
    return check_country(countries[0])


def _one_currency(orders: pd.DataFrame) -> str:
    currencies = sorted(pd.unique(orders["currency"].astype(str)))
    if len(currencies) != 1:
        raise CourseError("behaviour.error.mixed_currencies", found=", ".join(currencies))
    return currencies[0]


def _need(table: pd.DataFrame, columns) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise CourseError("behaviour.error.missing_column", columns=", ".join(missing),
                          found=", ".join(map(str, table.columns)))


def age_group(ages) -> pd.Categorical:
    """Ages in years as the groups 18–24, 25–34, ..., 65+ (an ordered categorical)."""
    return pd.cut(pd.Series(ages), bins=list(AGE_BINS), right=False, labels=list(AGE_LABELS))


def week_order(country: str) -> list[int]:
    """The 7 weekday numbers in the order of the country's week (Algeria starts on Sunday)."""
    first = WEEK_START[check_country(country)]
    return [(first + i) % 7 for i in range(7)]


# --- where, what, how, why: shares ------------------------------------------------------

def share_table(table: pd.DataFrame, column: str, by: str | None = None,
                weight: str | None = None, level: float = 0.95,
                keep_empty: bool = False) -> pd.DataFrame:
    """Share of rows (or of ``weight``) in each value of ``column``, per ``by`` group.

    Returns one row per (``by``,) ``column`` value with ``count``, ``share`` and, for
    shares of rows, the Wilson interval ``ci_low``-``ci_high`` at ``level``. With
    ``weight`` (e.g. ``"price"``: the share of revenue) the table has ``total`` and
    ``share`` only: a share of money is not a proportion of independent trials, so a
    Wilson interval would not mean anything. Values that never occur are dropped unless
    ``keep_empty`` (e.g. BLIK in Algeria).
    """
    _need(table, [column] + ([by] if by else []) + ([weight] if weight else []))
    groups = [by] if by else []
    keys = groups + [column]
    if weight is not None:
        if groups:
            money = table.groupby(groups, observed=True)["currency"].nunique() \
                if "currency" in table else None
            if money is not None and (money > 1).any():
                raise CourseError("behaviour.error.mixed_currencies",
                                  found=", ".join(sorted(table["currency"].astype(str).unique())))
        elif "currency" in table:
            _one_currency(table)
        totals = table.groupby(keys, observed=not keep_empty)[weight].sum().rename("total")
        out = totals.reset_index()
        denominator = out.groupby(groups)["total"].transform("sum") if groups \
            else out["total"].sum()
        out["share"] = out["total"] / denominator
        counts = table.groupby(keys, observed=not keep_empty).size().rename("count")
        out = out.merge(counts.reset_index(), on=keys)
        out = out[keys + ["count", "total", "share"]]
    else:
        counts = table.groupby(keys, observed=not keep_empty).size().rename("count")
        out = counts.reset_index()
        trials = out.groupby(groups)["count"].transform("sum") if groups else out["count"].sum()
        out["share"] = out["count"] / trials
        low, high = wilson_interval(out["count"].to_numpy(), np.asarray(trials, dtype=float)
                                    * np.ones(len(out)), level)
        out["ci_low"], out["ci_high"] = low, high
    if not keep_empty:
        out = out[out["count"] > 0]
    order = (groups + ["share"]) if groups else ["share"]
    ascending = [True] * len(groups) + [False]
    return out.sort_values(order, ascending=ascending, kind="stable").reset_index(drop=True)


def share_of(table: pd.DataFrame, column: str, code) -> float:
    """Share of the rows of ``table`` whose ``column`` equals ``code`` (0 if none)."""
    _need(table, [column])
    if len(table) == 0:
        raise CourseError("behaviour.error.empty")
    return float((table[column].astype(str) == str(code)).mean())


def basket_by(orders: pd.DataFrame, by: str = "category") -> pd.DataFrame:
    """What a basket is worth in each ``by`` group: ``orders``, ``mean_value``,
    ``median_value`` (of ``price``, in the orders' one currency) and ``mean_quantity``."""
    _need(orders, [by, "price", "quantity", "currency"])
    _one_currency(orders)
    out = orders.groupby(by, observed=True).agg(
        orders=("price", "size"), mean_value=("price", "mean"),
        median_value=("price", "median"), mean_quantity=("quantity", "mean"))
    return out.sort_values("mean_value", ascending=False)


# --- who ---------------------------------------------------------------------------------

def customer_profile(customers: pd.DataFrame, orders: pd.DataFrame,
                     by: str = "age_group") -> pd.DataFrame:
    """Who buys: per group of customers (``age_group``, ``gender``, ``region``...).

    Columns: ``customers`` (how many), ``customer_share``, ``orders``, ``order_share``,
    ``orders_per_customer`` and ``revenue_per_customer`` (in the orders' currency). A
    group with a larger share of orders than of customers buys more often than average.
    """
    _need(customers, ["customer_id"])
    _need(orders, ["customer_id", "price", "currency"])
    _one_currency(orders)
    people = customers.copy()
    if by == "age_group" and "age_group" not in people:
        _need(people, ["age"])
        people["age_group"] = age_group(people["age"]).to_numpy()
    _need(people, [by])
    per_customer = orders.groupby("customer_id", observed=True).agg(
        orders=("price", "size"), revenue=("price", "sum"))
    people = people.join(per_customer, on="customer_id")
    people[["orders", "revenue"]] = people[["orders", "revenue"]].fillna(0)
    out = people.groupby(by, observed=True).agg(customers=("customer_id", "size"),
                                                 orders=("orders", "sum"),
                                                 revenue=("revenue", "sum"))
    out["orders"] = out["orders"].astype("int64")
    out["customer_share"] = out["customers"] / out["customers"].sum()
    out["order_share"] = out["orders"] / out["orders"].sum()
    out["orders_per_customer"] = out["orders"] / out["customers"]
    out["revenue_per_customer"] = out["revenue"] / out["customers"]
    return out[["customers", "customer_share", "orders", "order_share",
                "orders_per_customer", "revenue_per_customer"]]


# --- when --------------------------------------------------------------------------------

def _days(orders: pd.DataFrame, start=None, end=None) -> pd.DatetimeIndex:
    stamps = orders["timestamp"]
    first = pd.Timestamp(start) if start is not None else stamps.min().normalize()
    last = pd.Timestamp(end) if end is not None else stamps.max().normalize()
    return pd.date_range(first, last, freq="D")


def hour_weekday(orders: pd.DataFrame, start=None, end=None) -> pd.DataFrame:
    """Average number of orders per hour of each weekday: a 7 × 24 grid.

    Row ``d``, column ``h``: orders placed on weekday ``d`` between ``h``:00 and
    ``h``:59, divided by the number of days ``d`` in the period (from ``start`` to
    ``end``, by default the first and last order's days), so months with five Fridays
    do not weigh more. Rows follow the country's week (:func:`week_order`).
    """
    _need(orders, ["timestamp", "country"])
    country = _one_country(orders)
    days = _days(orders, start, end)
    stamps = orders["timestamp"]
    stamps = stamps[(stamps >= days[0]) & (stamps < days[-1] + pd.Timedelta(days=1))]
    counts = pd.crosstab(stamps.dt.day_of_week, stamps.dt.hour)
    counts = counts.reindex(index=range(7), columns=range(24), fill_value=0)
    n_days = pd.Series(days.day_of_week).value_counts().reindex(range(7), fill_value=0)
    grid = counts.div(n_days, axis=0)
    grid = grid.loc[week_order(country)]
    grid.index.name, grid.columns.name = "weekday", "hour"
    return grid


def orders_by_weekday(orders: pd.DataFrame, start=None, end=None) -> pd.DataFrame:
    """Per weekday: total ``orders``, number of ``days`` and ``per_day`` (their ratio),
    in the order of the country's week, with a ``weekend`` flag."""
    _need(orders, ["timestamp", "country"])
    country = _one_country(orders)
    days = _days(orders, start, end)
    totals = orders["timestamp"].dt.day_of_week.value_counts().reindex(range(7), fill_value=0)
    n_days = pd.Series(days.day_of_week).value_counts().reindex(range(7), fill_value=0)
    out = pd.DataFrame({"orders": totals, "days": n_days})
    out["per_day"] = out["orders"] / out["days"]
    out["weekend"] = out.index.isin(WEEKEND[country])
    out = out.loc[week_order(country)]
    out.index.name = "weekday"
    return out


def busiest_weekday(orders: pd.DataFrame) -> int:
    """The weekday (0 = Monday ... 6 = Sunday) on which most orders were placed."""
    _need(orders, ["timestamp"])
    counts = orders["timestamp"].dt.day_of_week.value_counts()
    return int(counts.idxmax())


def weekend_effect(orders: pd.DataFrame, level: float = 0.95) -> dict:
    """How many orders a weekend day brings compared with a working day, all else equal.

    A Poisson regression of the daily number of orders on a weekend indicator, the
    country's calendar events (Ramadan, the Eids, Black Friday, Christmas, summer...) and
    a linear trend. ``exp(coefficient)`` is the ratio of expected orders on a weekend day
    to a working day of the same season and trend: 0.8 means 20 % fewer orders.
    Returns ``{"ratio", "ci_low", "ci_high", "days"}``; the interval is at ``level``.
    """
    import statsmodels.api as sm

    _need(orders, ["timestamp", "country"])
    country = _one_country(orders)
    days = _days(orders)
    daily = orders["timestamp"].dt.normalize().value_counts().reindex(days, fill_value=0)
    x = calendar_regressors(days, country).drop(columns="public_holiday")
    x = x.loc[:, x.std() > 0]
    x["years"] = (days - days[0]).days.to_numpy() / 365.25
    design = sm.add_constant(x.to_numpy(float))
    fit = sm.GLM(daily.to_numpy(), design, family=sm.families.Poisson()).fit()
    i = list(x.columns).index("weekend") + 1
    low, high = fit.conf_int(alpha=1 - level)[i]
    return {"ratio": float(np.exp(fit.params[i])), "ci_low": float(np.exp(low)),
            "ci_high": float(np.exp(high)), "days": len(days)}


def ramadan_days(start, end) -> pd.DatetimeIndex:
    """The days of Ramadan between ``start`` and ``end`` (the same for every country)."""
    events = event_days("DZ", start, end)
    return pd.DatetimeIndex(events.loc[events["event"] == "ramadan", "date"])


def monthly_orders(orders: pd.DataFrame) -> pd.DataFrame:
    """Per calendar month: ``orders``, ``revenue`` (one currency), ``orders_per_day``
    and ``ramadan_days`` (how many days of the month fell in Ramadan)."""
    _need(orders, ["timestamp", "price", "currency"])
    _one_currency(orders)
    month = orders["timestamp"].dt.to_period("M")
    out = orders.groupby(month).agg(orders=("price", "size"), revenue=("price", "sum"))
    out.index = out.index.to_timestamp()
    days = _days(orders)
    fasting = ramadan_days(days[0], days[-1])
    in_month = pd.Series(1, index=fasting).groupby(fasting.to_period("M")).sum()
    in_month.index = in_month.index.to_timestamp()
    out["ramadan_days"] = in_month.reindex(out.index, fill_value=0).astype("int64")
    out["orders_per_day"] = out["orders"] / out.index.days_in_month
    out.index.name = "month"
    return out[["orders", "revenue", "orders_per_day", "ramadan_days"]]


def evening_share(orders: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """Share of orders placed in the evening (19:00-24:00) in and outside Ramadan.

    Rows ``ramadan`` and ``other``, with ``orders``, ``evening`` (how many in the evening),
    ``share`` and its Wilson interval. In Algeria the evening, after iftar, takes a far
    larger share during Ramadan; in Poland the share does not move.
    """
    _need(orders, ["timestamp"])
    stamps = orders["timestamp"]
    fasting = stamps.dt.normalize().isin(ramadan_days(stamps.min(), stamps.max()))
    evening = stamps.dt.hour.between(EVENING[0], EVENING[1] - 1)
    rows = {}
    for name, mask in (("ramadan", fasting), ("other", ~fasting)):
        n, k = int(mask.sum()), int((evening & mask).sum())
        if n == 0:
            raise CourseError("behaviour.error.no_orders_in", period=name)
        low, high = wilson_interval(k, n, level)
        rows[name] = {"orders": n, "evening": k, "share": k / n, "ci_low": low, "ci_high": high}
    out = pd.DataFrame(rows).T
    out[["orders", "evening"]] = out[["orders", "evening"]].astype("int64")
    out.index.name = "period"
    return out


# --- showing the tables ------------------------------------------------------------------

def labelled(table: pd.DataFrame | pd.Series, digits: int | None = None,
             codes: dict[str, str] | None = None, rows: str | None = None,
             percent=("share", "customer_share", "order_share", "ci_low", "ci_high"),
             money=(), currency: str | None = None):
    """A display copy: headers in the lesson's language, codes as words, numbers local.

    ``codes`` maps a column to the kind of code it holds (``{"channel": "channel"}``:
    ``label.channel.<code>`` in the catalogue); ``rows`` names the kind of code in the
    index (``"category"``, ``"weekday"``...). Shares are written as percentages and the
    ``money`` columns as amounts in ``currency`` (``34.117 دج``, ``1 256,51 zł``).
    """
    from ..i18n.formatting import fmt_money, weekday_name
    from ..i18n.tables import labelled as _labelled

    values = {column: (f"label.{kind}",) for column, kind in (codes or {}).items()}
    out = table.to_frame() if isinstance(table, pd.Series) else table.copy()
    for column in money:
        out[column] = ["" if pd.isna(v) else fmt_money(v, currency) for v in out[column]]
    row_prefixes = None
    if rows == "weekday":
        out.index = pd.Index([weekday_name(int(d)) for d in out.index], name=out.index.name)
    elif rows is not None:
        row_prefixes = (f"label.{rows}",)
    if "weekday" in out.columns:
        out["weekday"] = [weekday_name(int(d)) for d in out["weekday"]]
    return _labelled(out, PREFIXES, rows=row_prefixes, values=values, digits=digits,
                     percent=percent)
