"""Social media posts as data on consumer behaviour (lesson 07).

Likes, shares, comments and tweets are things consumers *do*, recorded by the platform:
a new kind of behaviour data, and a large one. The modules:

- :mod:`.simulate` — posts of brand and influencer accounts in Algeria and Poland with
  known truth (the count model's coefficients), and their comments in Arabic and Polish;
- :mod:`.engagement` — engagement rate per follower and per reach, hour × weekday tables;
- :mod:`.counts` — Poisson and negative binomial regressions of likes (statsmodels) and
  the overdispersion that tells them apart;
- :mod:`.text` — words, hashtags, mentions and emoji counted with Unicode-correct
  tokenisation;
- :mod:`.volume` — the same aggregation on a million rows, naive vs memory-lean.
"""

from __future__ import annotations

from .counts import count_model_table, fit_likes, overdispersion
from .engagement import engagement_rate, hour_weekday_table
from .simulate import simulate_comments, simulate_posts
from .text import normalise, tokens, top_terms

__all__ = ["count_model_table", "engagement_rate", "fit_likes", "hour_weekday_table",
           "normalise", "overdispersion", "simulate_comments", "simulate_posts", "tokens",
           "top_terms"]
