"""Churn: which customers are about to leave, why, and is it worth calling them?

A logistic regression (statsmodels ``Logit``) models the probability that a customer
leaves from their recency, frequency, satisfaction and complaints:

    log( P(churn) / (1 − P(churn)) ) = β0 + β1·recency + β2·frequency + β3·satisfaction + ...

exp(β) is an *odds ratio*: how many times the odds of leaving are multiplied when the
variable grows by one unit (or by ``per`` units, e.g. 30 days), the others being equal.
A retention campaign then contacts every customer whose predicted probability is above a
threshold; the confusion matrix and the campaign's cost and saved value show what that
threshold means in money.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..clv._checks import check_no_missing, require_columns, rows_text
from ..errors import CourseError
from ..i18n import has, t
from ..i18n.formatting import fmt_number, fmt_percent
from ..plots import figure_and_axes

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


def odds_ratios(result, per: dict | None = None, alpha: float = 0.05) -> pd.DataFrame:
    """Tidy table, one row per variable: coefficient, standard error, p-value, odds ratio
    with its (1 − alpha) confidence interval, for an increase of ``per[variable]`` units
    (1 by default). The intercept is left out: it is not an effect."""
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


def feature_name(name: str) -> str:
    """Translated name of a model variable (unchanged when the catalogue has none)."""
    key = f"crm.feature.{name}"
    return t(key) if has(key) else name


def read_odds_ratios(table: pd.DataFrame, level: float = 0.95) -> list[str]:
    """Each odds ratio of :func:`odds_ratios` as a sentence in the active language."""
    sentences = []
    for name, row in table.iterrows():
        ratio = row["odds_ratio"]
        change = ratio - 1
        key = "crm.churn.read_up" if change >= 0 else "crm.churn.read_down"
        text = t(key, per=fmt_number(row["per"]), variable=feature_name(str(name)),
                 ratio=fmt_number(ratio, 2), change=fmt_percent(abs(change), 0),
                 low=fmt_number(row["ci_low"], 2), high=fmt_number(row["ci_high"], 2),
                 level=fmt_percent(level, 0))
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


def campaign(actual, probability, threshold: float, contact_cost: float,
             customer_value: float, success_rate: float) -> pd.Series:
    """Money of a retention campaign that contacts everyone predicted to churn.

    Each contact costs ``contact_cost``; a contacted churner is kept with probability
    ``success_rate``, which saves ``customer_value`` (e.g. their CLV). Contacting a customer
    who would have stayed anyway only costs. Returns counts and money for this threshold.
    """
    if not 0 <= success_rate <= 1:
        raise CourseError("crm.error.share_range", name="success_rate", value=success_rate)
    table = confusion_table(actual, probability, threshold)
    contacted = int(table["churn"].sum())
    reached = int(table.loc["churned", "churn"])
    cost = contacted * contact_cost
    saved = reached * success_rate * customer_value
    return pd.Series({"threshold": threshold, "contacted": contacted,
                      "churners_reached": reached,
                      "churners_missed": int(table.loc["churned", "stay"]),
                      "contacted_needlessly": int(table.loc["stayed", "churn"]),
                      "cost": cost, "saved_value": saved, "net_value": saved - cost})


def campaign_by_threshold(actual, probability, contact_cost: float, customer_value: float,
                          success_rate: float, thresholds=None) -> pd.DataFrame:
    """:func:`campaign` for a range of thresholds (one row each)."""
    if thresholds is None:
        thresholds = np.round(np.arange(0.05, 0.96, 0.05), 2)
    table = pd.DataFrame([campaign(actual, probability, th, contact_cost, customer_value,
                                   success_rate) for th in thresholds])
    counts = ["contacted", "churners_reached", "churners_missed", "contacted_needlessly"]
    return table.astype(dict.fromkeys(counts, "int64"))


def plot_campaign(table: pd.DataFrame, chosen: float | None = None, currency: str = "",
                  ax=None):
    """Cost, saved value and net value of the campaign against the threshold."""
    fig, ax = figure_and_axes(ax)
    ax.plot(table["threshold"], table["cost"], label=t("crm.col.cost"))
    ax.plot(table["threshold"], table["saved_value"], label=t("crm.col.saved_value"))
    ax.plot(table["threshold"], table["net_value"], label=t("crm.col.net_value"), linewidth=3)
    ax.axhline(0, color="grey", linewidth=1)
    if chosen is not None:
        ax.axvline(chosen, color="black", linestyle="--", label=t("crm.churn.chosen"))
    unit = f" ({currency})" if currency else ""
    ax.set_title(t("crm.churn.campaign_title"))
    ax.set_xlabel(t("crm.col.threshold"))
    ax.set_ylabel(t("word.value") + unit)
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
