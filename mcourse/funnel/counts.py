"""The sales funnel from session data: how many reach each stage, and who drops off where.

Each session of ``market_sessions`` records the *last* stage it reached: visit →
product view → add to cart → checkout → purchase. A session that reached the checkout
also passed through the product view and the cart, so

    reached(stage k) = number of sessions whose last stage is k or later.

The **step conversion** of stage k is reached(k) / reached(k − 1): of the visitors who got
to the previous stage, the share who went on. The **drop-off** is 1 − step conversion,
and the **overall conversion** is reached(k) / visits. Each step conversion comes with its
95 % Wilson interval (:func:`mcourse.funnel.intervals.wilson_interval`): given the
visitors who reached stage k − 1, the number who go on is a binomial count, whatever mix
of channels and devices they come from.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.market import STAGES
from ..errors import CourseError
from .intervals import wilson_interval

COLUMNS = ("stage", "reached", "previous", "step_rate", "ci_low", "ci_high", "drop_off",
           "lost", "overall_rate")


def _need(sessions: pd.DataFrame, columns) -> None:
    missing = [c for c in columns if c not in sessions.columns]
    if missing:
        raise CourseError("funnel.error.missing_column", columns=", ".join(missing),
                          found=", ".join(map(str, sessions.columns)))


def depth(stages) -> np.ndarray:
    """Position of each last stage in the funnel: visit = 0 ... purchase = 4."""
    values = pd.Series(stages)
    codes = pd.Index(list(STAGES)).get_indexer(values.astype(object))
    if (codes < 0).any():
        unknown = sorted({str(v) for v in values[codes < 0]})
        raise CourseError("funnel.error.unknown_stage", stages=", ".join(unknown),
                          known=", ".join(STAGES))
    return np.asarray(codes, dtype=int)


def reached_counts(sessions: pd.DataFrame) -> pd.Series:
    """How many sessions reached each stage (a session counts in every stage it passed)."""
    _need(sessions, ["stage"])
    d = depth(sessions["stage"])
    return pd.Series([int((d >= k).sum()) for k in range(len(STAGES))], index=list(STAGES),
                     name="reached")


def _one_funnel(sessions: pd.DataFrame, level: float) -> pd.DataFrame:
    reached = reached_counts(sessions)
    if reached.iloc[0] == 0:
        raise CourseError("funnel.error.no_sessions")
    out = pd.DataFrame({"stage": list(STAGES), "reached": reached.to_numpy()})
    out["previous"] = out["reached"].shift(1)
    step = out.iloc[1:]
    rate = np.full(len(out), np.nan)
    low, high = np.full(len(out), np.nan), np.full(len(out), np.nan)
    has_previous = step["previous"].to_numpy() > 0
    previous = step["previous"].to_numpy()
    got = step["reached"].to_numpy()
    rate[1:][has_previous] = got[has_previous] / previous[has_previous]
    if has_previous.any():
        lo, hi = wilson_interval(got[has_previous], previous[has_previous], level)
        low[1:][has_previous], high[1:][has_previous] = lo, hi
    out["step_rate"], out["ci_low"], out["ci_high"] = rate, low, high
    out["drop_off"] = 1 - out["step_rate"]
    out["lost"] = out["previous"] - out["reached"]
    out["overall_rate"] = out["reached"] / out["reached"].iloc[0]
    out["previous"] = out["previous"].astype("Int64")
    out["lost"] = out["lost"].astype("Int64")
    return out


def funnel_table(sessions: pd.DataFrame, by: str | list[str] | None = None,
                 level: float = 0.95) -> pd.DataFrame:
    """The funnel: one row per stage (and per ``by`` group, e.g. ``"channel"``).

    Columns: ``stage``, ``reached``, ``previous`` (reached the stage before), ``step_rate``
    with its Wilson interval ``ci_low``-``ci_high`` at ``level``, ``drop_off``, ``lost``
    (sessions that stopped before this stage) and ``overall_rate`` (reached / visits).
    The visit row has no step: its step columns are empty. A group whose previous stage
    no one reached has an empty step rate too (there is nothing to divide by).
    """
    _need(sessions, ["stage"] + ([by] if isinstance(by, str) else list(by or [])))
    if by is None:
        return _one_funnel(sessions, level)
    keys = [by] if isinstance(by, str) else list(by)
    parts = []
    for group, part in sessions.groupby(keys, observed=True, sort=True):
        table = _one_funnel(part, level)
        values = group if isinstance(group, tuple) else (group,)
        for key, value in zip(keys[::-1], values[::-1], strict=True):
            table.insert(0, key, value)
        parts.append(table)
    return pd.concat(parts, ignore_index=True)


def step_rate(sessions: pd.DataFrame, stage: str, level: float = 0.95) -> dict:
    """The step conversion into ``stage`` with its interval: ``{"rate", "ci_low",
    "ci_high", "reached", "previous"}`` (an exercise answer is checked against it)."""
    if stage not in STAGES[1:]:
        raise CourseError("funnel.error.unknown_stage", stages=stage, known=", ".join(STAGES[1:]))
    row = _one_funnel(sessions, level).set_index("stage").loc[stage]
    if pd.isna(row["previous"]) or row["previous"] == 0:
        raise CourseError("funnel.error.no_trials")
    return {"rate": float(row["step_rate"]), "ci_low": float(row["ci_low"]),
            "ci_high": float(row["ci_high"]), "reached": int(row["reached"]),
            "previous": int(row["previous"])}


def best_group(sessions: pd.DataFrame, by: str, stage: str = "purchase") -> str:
    """The ``by`` group (e.g. channel) with the highest overall conversion to ``stage``."""
    table = funnel_table(sessions, by)
    rows = table[table["stage"] == stage].set_index(by)
    return str(rows["overall_rate"].idxmax())


def biggest_drop(sessions: pd.DataFrame) -> str:
    """The stage before which the funnel loses the largest share of its visitors."""
    table = _one_funnel(sessions, 0.95).iloc[1:]
    return str(table.loc[table["drop_off"].idxmax(), "stage"])
