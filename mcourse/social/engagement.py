"""Engagement rate: how many interactions a post gets for the audience it had.

Two denominators answer two questions:

- per follower: ``(likes + comments + shares) / followers`` — how active an account's
  community is (comparable between accounts of very different size only roughly);
- per reach: ``(likes + comments + shares) / reach`` — of those who *saw* the post, how
  many reacted (reach is reported by the platform to the account owner).

A ratio of sums (total interactions / total followers) and a mean of ratios (the mean of
each post's rate) differ when posts differ in size; both are given, and say which one.
"""

from __future__ import annotations

import pandas as pd

from ..clv._checks import require_columns
from ..errors import CourseError

INTERACTIONS = ("likes", "comments", "shares")


def engagement_rate(posts: pd.DataFrame, per: str = "followers", by=None) -> pd.DataFrame:
    """Engagement rate per ``per`` ("followers" or "reach"), overall or for each group in
    ``by`` (a column name or list). Columns: ``posts``, ``interactions``, ``rate_of_sums``
    (total interactions / total ``per``) and ``mean_of_rates`` (mean of the posts' rates).
    A post with 0 followers or 0 reach is an error naming the rows, not an infinite rate.
    """
    if per not in ("followers", "reach"):
        raise CourseError("error.unknown_choice", value=per, name="per",
                          choices="followers, reach")
    require_columns(posts, [*INTERACTIONS, per] + ([by] if isinstance(by, str) else list(by or [])))
    bad = posts.index[~(posts[per] > 0)]
    if len(bad):
        from ..clv._checks import rows_text

        raise CourseError("social.error.zero_audience", column=per, rows=rows_text(bad))
    table = posts.assign(interactions=posts[list(INTERACTIONS)].sum(axis=1))
    table = table.assign(rate=table["interactions"] / table[per])
    if by is None:
        table = table.assign(_all="all")
        by = "_all"
    grouped = table.groupby(by, observed=True)
    out = pd.DataFrame({"posts": grouped.size(), "interactions": grouped["interactions"].sum(),
                        "rate_of_sums": grouped["interactions"].sum() / grouped[per].sum(),
                        "mean_of_rates": grouped["rate"].mean()})
    return out.reset_index(drop=True) if by == "_all" else out


def hour_weekday_table(posts: pd.DataFrame, value: str = "rate", per: str = "followers",
                       hours_per_row: int = 1, relative: bool = False, min_posts: int = 1):
    """Mean engagement rate (or mean of column ``value``) by posting hour and weekday
    (columns 0 = Monday ... 6 = Sunday): the table behind the heatmap of the best time to
    post. ``hours_per_row`` pools hours (3: rows 0, 3, 6, ... for 0-2 h, 3-5 h, ...), so
    each cell averages more posts. ``relative=True`` divides each post's rate by its
    account's mean rate first: 1.2 then reads "20 % above this account's usual", which
    keeps large and small accounts comparable. Cells with fewer than ``min_posts`` posts
    are left empty (NaN): a mean of two posts says little.
    """
    require_columns(posts, ["hour", "weekday"])
    if 24 % int(hours_per_row):
        raise CourseError("social.error.hours_per_row", value=hours_per_row)
    if value == "rate":
        require_columns(posts, [*INTERACTIONS, per])
        posts = posts.assign(rate=posts[list(INTERACTIONS)].sum(axis=1) / posts[per])
    if relative:
        require_columns(posts, ["account"])
        posts = posts.assign(**{value: posts[value] / posts.groupby("account")[value]
                                .transform("mean")})
    step = int(hours_per_row)
    posts = posts.assign(hour=posts["hour"] // step * step)
    table = posts.pivot_table(index="hour", columns="weekday", values=value, aggfunc="mean")
    counts = posts.pivot_table(index="hour", columns="weekday", values=value, aggfunc="size")
    table = table.where(counts >= int(min_posts))
    return table.reindex(index=range(0, 24, step), columns=range(7))
