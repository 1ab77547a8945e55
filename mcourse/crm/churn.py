"""Churn: which customers are about to leave, and is it worth contacting them?

The *odds* of an event of probability P are P / (1 − P): P = 0.2 gives odds 0.25 ("one
to four"), P = 0.5 gives 1. A logistic regression (statsmodels ``Logit``) models the log of
the odds that a customer leaves from their recency, frequency, satisfaction and complaints:

    log( P(churn) / (1 − P(churn)) ) = β0 + β1·recency + β2·frequency + β3·satisfaction + ...

exp(β) is an *odds ratio*: between two customers who differ by one unit of a variable (or
by ``per`` units, e.g. 30 days) and are equal in the others, the odds of the first are
exp(β) times those of the second. On observational data this is a *conditional
association*, not the effect of changing the variable: a customer's complaints and their
churn may both come from something the table does not hold. :func:`probability_shift`
turns an odds ratio into probabilities at a stated baseline, because "odds × 1.5" means a
different change for a customer at 5 % and one at 50 %.

A retention campaign contacts some customers; a contacted customer who would have left is
kept with probability ``success_rate``, which is worth *that customer's own* value (a
churner who spends little is worth little), and every contact costs ``contact_cost``
(:func:`campaign_outcome`). Contacting everyone above a probability threshold is one rule
(:func:`campaign`, :func:`campaign_by_threshold`: choose the threshold on validation data,
then measure it on test data it did not see); contacting those whose *expected gain*
P(churn) × success_rate × value − cost is positive is another (:func:`expected_gain`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..clv._checks import check_no_missing, require_columns, rows_text
from ..errors import CourseError
from ..i18n import has, t
from ..i18n.formatting import fmt_number, fmt_percent
from ..plots import figure_and_axes, localize_axes

FEATURES = ("recency_days", "frequency", "satisfaction", "complaints")


def _target(values: pd.Series, name: str) -> np.ndarray:
    if values.dtype == bool or str(values.dtype) == "boolean":
        return values.astype(int).to_numpy()
    bad = ~values.isin([0, 1])
    if bad.any():
        raise CourseError("crm.error.not_binary", column=name, rows=rows_text(values.index[bad]))
    return values.astype(int).to_numpy()


def fit_churn(customers: pd.DataFrame, target: str = "churned", features=FEATURES):
    """Fit the logistic regression of ``target`` (True/False or 1/0) on ``features``.

    Returns the statsmodels result (``.summary()``, ``.params``, ``.conf_int()``,
    ``.predict()``).
    """
    import statsmodels.api as sm

    features = list(features)
    require_columns(customers, [target] + features)
    check_no_missing(customers, [target] + features)
    for column in features:
        if not pd.api.types.is_numeric_dtype(customers[column]) \
                and customers[column].dtype != bool:
            raise CourseError("clv.error.not_numeric", column=column,
                              dtype=str(customers[column].dtype))
    y = _target(customers[target], target)
    X = sm.add_constant(customers[features].astype(float), has_constant="add")
    return sm.Logit(y, X).fit(disp=0)


def churn_probability(result, customers: pd.DataFrame) -> pd.Series:
    """Predicted probability of churn for each row of ``customers`` (new data or not)."""
    import statsmodels.api as sm

    features = [name for name in result.params.index if name != "const"]
    require_columns(customers, features)
    check_no_missing(customers, features)
    X = sm.add_constant(customers[features].astype(float), has_constant="add")
    return pd.Series(np.asarray(result.predict(X)), index=customers.index,
                     name="churn_probability")


def odds(probability):
    """The odds P / (1 − P) of an event of probability P (numbers or arrays)."""
    p = np.asarray(probability, dtype=float)
    if np.any((p < 0) | (p >= 1)):
        raise CourseError("crm.error.probability_range", value=probability)
    value = p / (1 - p)
    return float(value) if value.ndim == 0 else value


def probability_from_odds(value):
    """Back from odds to a probability: odds / (1 + odds)."""
    o = np.asarray(value, dtype=float)
    p = o / (1 + o)
    return float(p) if p.ndim == 0 else p


def odds_ratios(result, per: dict | None = None, alpha: float = 0.05) -> pd.DataFrame:
    """Tidy table, one row per variable: coefficient, standard error, p-value, odds ratio
    with its (1 − alpha) confidence interval, for a difference of ``per[variable]`` units
    (1 by default). The intercept is left out: it is not an odds ratio."""
    per = per or {}
    ci = result.conf_int(alpha=alpha)
    rows = []
    for name in result.params.index:
        if name == "const":
            continue
        step = float(per.get(name, 1.0))
        rows.append({"variable": name, "per": step, "coef": result.params[name],
                     "std_error": result.bse[name], "p_value": result.pvalues[name],
                     "odds_ratio": np.exp(step * result.params[name]),
                     "ci_low": np.exp(step * ci.loc[name, 0]),
                     "ci_high": np.exp(step * ci.loc[name, 1])})
    return pd.DataFrame(rows).set_index("variable")


def probability_shift(table: pd.DataFrame, baseline: float) -> pd.DataFrame:
    """Each odds ratio of :func:`odds_ratios` as a change of probability at ``baseline``.

    A customer with churn probability ``baseline`` has odds b = baseline / (1 − baseline);
    a customer who differs by ``per`` units of the variable (others equal) has odds
    b × odds ratio, i.e. probability b·OR / (1 + b·OR). Columns: ``baseline``,
    ``probability`` (after the difference), ``ci_low_probability``,
    ``ci_high_probability`` and ``difference`` (in probability, e.g. 0.07 = 7 points).
    """
    base = odds(baseline)
    out = pd.DataFrame(index=table.index)
    out["per"] = table["per"]
    out["odds_ratio"] = table["odds_ratio"]
    out["baseline"] = float(baseline)
    out["probability"] = probability_from_odds(base * table["odds_ratio"].to_numpy())
    out["ci_low_probability"] = probability_from_odds(base * table["ci_low"].to_numpy())
    out["ci_high_probability"] = probability_from_odds(base * table["ci_high"].to_numpy())
    out["difference"] = out["probability"] - out["baseline"]
    return out


def feature_name(name: str) -> str:
    """Translated name of a model variable (unchanged when the catalogue has none)."""
    key = f"crm.feature.{name}"
    return t(key) if has(key) else name


def read_odds_ratios(table: pd.DataFrame, level: float = 0.95,
                     baseline: float | None = None) -> list[str]:
    """Each odds ratio of :func:`odds_ratios` as a sentence in the active language.

    The sentences compare customers (a conditional association), they do not say what
    changing a variable would do. With ``baseline``, each also says what the odds ratio
    means for a customer whose probability of churn is ``baseline``.
    """
    shifts = probability_shift(table, baseline) if baseline is not None else None
    sentences = []
    for name, row in table.iterrows():
        ratio = row["odds_ratio"]
        change = ratio - 1
        key = "crm.churn.read_up" if change >= 0 else "crm.churn.read_down"
        text = t(key, per=fmt_number(row["per"]), variable=feature_name(str(name)),
                 ratio=fmt_number(ratio, 2), change=fmt_percent(abs(change), 0),
                 low=fmt_number(row["ci_low"], 2), high=fmt_number(row["ci_high"], 2),
                 level=fmt_percent(level, 0))
        if shifts is not None:
            text += " " + t("crm.churn.read_baseline", baseline=fmt_percent(baseline, 0),
                            after=fmt_percent(shifts.loc[name, "probability"], 1))
        if row["ci_low"] <= 1 <= row["ci_high"]:
            text += " " + t("crm.churn.read_unsure")
        sentences.append(text)
    return sentences


def confusion_table(actual, probability, threshold: float = 0.5) -> pd.DataFrame:
    """2 × 2 counts: actual outcome (rows: stayed, churned) × prediction at ``threshold``
    (columns: predicted stay, predicted churn)."""
    actual = np.asarray(actual).astype(int)
    predicted = (np.asarray(probability, dtype=float) >= threshold).astype(int)
    counts = np.zeros((2, 2), dtype="int64")
    for a in (0, 1):
        for p in (0, 1):
            counts[a, p] = int(np.sum((actual == a) & (predicted == p)))
    return pd.DataFrame(counts, index=pd.Index(["stayed", "churned"], name="actual"),
                        columns=pd.Index(["stay", "churn"], name="predicted"))


def _values(customer_value, n: int, name: str = "customer_value") -> np.ndarray:
    value = np.asarray(customer_value, dtype=float)
    if value.ndim == 0:
        return np.full(n, float(value))
    if value.shape != (n,):
        raise CourseError("crm.error.length_mismatch", name=name, got=value.size, n=n)
    if np.isnan(value).any():
        raise CourseError("crm.error.value_missing", name=name,
                          rows=rows_text(np.flatnonzero(np.isnan(value))))
    return value


def campaign_outcome(actual, contacted, contact_cost: float, customer_value,
                     success_rate: float) -> pd.Series:
    """Money of a retention campaign that contacts the customers where ``contacted`` is True.

    Each contact costs ``contact_cost``; a contacted customer who would have left
    (``actual`` = 1) is kept with probability ``success_rate``, which saves that customer's
    ``customer_value`` (one number for everyone, or one per customer, e.g. their own
    expected margin). Contacting a customer who would have stayed anyway only costs.
    ``saved_value`` is the expected value saved: success_rate × the values of the churners
    reached.
    """
    if not 0 <= success_rate <= 1:
        raise CourseError("crm.error.share_range", name="success_rate", value=success_rate)
    actual = np.asarray(actual).astype(int)
    contacted = np.asarray(contacted, dtype=bool)
    if contacted.shape != actual.shape:
        raise CourseError("crm.error.length_mismatch", name="contacted", got=contacted.size,
                          n=actual.size)
    value = _values(customer_value, actual.size)
    reached = contacted & (actual == 1)
    cost = float(contacted.sum() * contact_cost)
    saved = float(success_rate * value[reached].sum())
    return pd.Series({"contacted": int(contacted.sum()), "churners_reached": int(reached.sum()),
                      "churners_missed": int(((actual == 1) & ~contacted).sum()),
                      "contacted_needlessly": int((contacted & (actual == 0)).sum()),
                      "cost": cost, "saved_value": saved, "net_value": saved - cost})


def campaign(actual, probability, threshold: float, contact_cost: float,
             customer_value, success_rate: float) -> pd.Series:
    """:func:`campaign_outcome` of contacting everyone whose predicted probability of
    churn is at least ``threshold``; the result starts with the ``threshold``."""
    contacted = np.asarray(probability, dtype=float) >= threshold
    money = campaign_outcome(actual, contacted, contact_cost, customer_value, success_rate)
    return pd.concat([pd.Series({"threshold": threshold}), money])


def campaign_by_threshold(actual, probability, contact_cost: float, customer_value,
                          success_rate: float, thresholds=None) -> pd.DataFrame:
    """:func:`campaign` for a range of thresholds (one row each)."""
    if thresholds is None:
        thresholds = np.round(np.arange(0.05, 0.96, 0.05), 2)
    table = pd.DataFrame([campaign(actual, probability, th, contact_cost, customer_value,
                                   success_rate) for th in thresholds])
    counts = ["contacted", "churners_reached", "churners_missed", "contacted_needlessly"]
    return table.astype(dict.fromkeys(counts, "int64"))


def best_threshold(table: pd.DataFrame) -> float:
    """The threshold of :func:`campaign_by_threshold` with the largest net value (the
    highest such threshold when several tie, i.e. the smaller campaign)."""
    best = table["net_value"].max()
    return float(table.loc[table["net_value"] == best, "threshold"].max())


def expected_gain(probability, customer_value, success_rate: float,
                  contact_cost: float) -> np.ndarray:
    """What contacting each customer is worth on average, before knowing who will leave:
    P(churn) × success_rate × value − contact_cost. Worth contacting where it is > 0."""
    if not 0 <= success_rate <= 1:
        raise CourseError("crm.error.share_range", name="success_rate", value=success_rate)
    p = np.asarray(probability, dtype=float)
    return p * success_rate * _values(customer_value, p.size) - contact_cost


def plot_campaign(table: pd.DataFrame, chosen: float | None = None, currency: str = "",
                  ax=None):
    """Cost, saved value and net value of the campaign against the threshold; with
    ``currency`` (e.g. ``"DZD"``) the money axis is written in it."""
    fig, ax = figure_and_axes(ax)
    ax.plot(table["threshold"], table["cost"], label=t("crm.col.cost"))
    ax.plot(table["threshold"], table["saved_value"], label=t("crm.col.saved_value"))
    ax.plot(table["threshold"], table["net_value"], label=t("crm.col.net_value"), linewidth=3)
    ax.axhline(0, color="grey", linewidth=1)
    if chosen is not None:
        ax.axvline(chosen, color="black", linestyle="--", label=t("crm.churn.chosen"))
    ax.set_title(t("crm.churn.campaign_title"))
    ax.set_xlabel(t("crm.col.threshold"))
    ax.set_ylabel(t("word.value"))
    localize_axes(ax, x="number", y="money" if currency else "number",
                  currency=currency or None)
    ax.legend()
    fig.tight_layout()
    return fig


def plot_confusion(table: pd.DataFrame, ax=None):
    """The confusion matrix as a labelled 2 × 2 picture."""
    fig, ax = figure_and_axes(ax, (6, 5))
    values = table.to_numpy()
    ax.imshow(values, cmap="Blues")
    for i in range(2):
        for j in range(2):
            ax.text(j, i, fmt_number(int(values[i, j])), ha="center", va="center", fontsize=16,
                    color="white" if values[i, j] > values.max() / 2 else "black")
    ax.set_xticks([0, 1])
    ax.set_xticklabels([t("crm.outcome.stay"), t("crm.outcome.churn")])
    ax.set_yticks([0, 1])
    ax.set_yticklabels([t("crm.outcome.stayed"), t("crm.outcome.churned")])
    ax.set_xlabel(t("crm.col.predicted"))
    ax.set_ylabel(t("crm.col.actual"))
    ax.set_title(t("crm.churn.confusion_title"))
    ax.grid(False)
    fig.tight_layout()
    return fig
