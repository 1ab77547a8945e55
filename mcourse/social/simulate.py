"""Simulated posts of brand and influencer accounts in Algeria and Poland, with truth.

Likes of a post follow a negative binomial law (Poisson with extra, gamma-distributed
variation between posts) whose mean is

    log E[likes] = log(followers) + b0 + b_content + b_influencer + b_evening + b_weekend

so ``exp(b)`` multiplies the expected likes *per follower*. Weekend and evening follow each
country's week: Friday-Saturday in Algeria, Saturday-Sunday in Poland; evening is 19-23 h.
Comments and shares are drawn in proportion to likes. The true coefficients and the
dispersion ``alpha`` (variance = mean + alpha·mean²) are returned with the data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CourseError

PLATFORMS = ("facebook", "instagram", "tiktok")
CONTENT_TYPES = ("photo", "video", "text", "link")
WEEKEND = {"DZ": (4, 5), "PL": (5, 6)}
"""pandas weekday numbers (0 = Monday) of each country's weekend."""

TRUTH = {"Intercept": -4.2, "content_type[T.text]": -0.6, "content_type[T.link]": -0.9,
         "content_type[T.video]": 0.5, "influencer": 0.7, "evening": 0.3, "weekend": 0.2,
         "alpha": 0.6}
"""True coefficients (photo, brand account, daytime, working day is the reference) and
the negative binomial dispersion."""

ACCOUNTS = {
    "DZ": [("brand", "dz_brand_telecom", 850_000), ("brand", "dz_brand_food", 320_000),
           ("brand", "dz_brand_fashion", 150_000), ("influencer", "dz_infl_cooking", 600_000),
           ("influencer", "dz_infl_tech", 240_000), ("influencer", "dz_infl_travel", 90_000)],
    "PL": [("brand", "pl_brand_telecom", 700_000), ("brand", "pl_brand_food", 260_000),
           ("brand", "pl_brand_fashion", 180_000), ("influencer", "pl_infl_cooking", 500_000),
           ("influencer", "pl_infl_tech", 210_000), ("influencer", "pl_infl_travel", 120_000)],
}
"""(account type, account id, followers) per country."""


def simulate_posts(posts_per_account: int = 150, start: str = "2025-01-01",
                   days: int = 365, truth: dict | None = None, seed: int = 0):
    """Posts of 12 accounts (6 per country) with likes, comments, shares and reach.

    Returns ``(posts, truth)``. Columns: ``post_id``, ``country``, ``account``,
    ``account_type`` (brand/influencer), ``platform``, ``content_type``, ``posted_at``,
    ``hour``, ``weekday``, ``evening`` and ``weekend`` (0/1 in the country's week),
    ``followers``, ``reach``, ``likes``, ``comments``, ``shares``.
    """
    if int(posts_per_account) < 10:
        raise CourseError("experiments.error.too_few", name="posts_per_account", minimum=10)
    coefs = {**TRUTH, **(truth or {})}
    rng = np.random.default_rng(seed)
    rows = []
    k = int(posts_per_account)
    for country, accounts in ACCOUNTS.items():
        for account_type, account, followers in accounts:
            day = rng.integers(0, days, k)
            # posting hours: more in the afternoon and evening
            hour = rng.choice(np.arange(24), size=k, p=_hour_weights())
            minute = rng.integers(0, 60, k)
            posted = (pd.Timestamp(start) + pd.to_timedelta(day, "D")
                      + pd.to_timedelta(hour, "h") + pd.to_timedelta(minute, "min"))
            rows.append(pd.DataFrame({
                "country": country, "account": account, "account_type": account_type,
                "platform": rng.choice(PLATFORMS, k), "followers": followers,
                "content_type": rng.choice(CONTENT_TYPES, k, p=[0.4, 0.25, 0.2, 0.15]),
                "posted_at": posted}))
    posts = pd.concat(rows, ignore_index=True).sort_values("posted_at", kind="stable")
    posts = posts.reset_index(drop=True)
    posts.insert(0, "post_id", np.arange(1, len(posts) + 1))
    posts["hour"] = posts["posted_at"].dt.hour
    posts["weekday"] = posts["posted_at"].dt.day_of_week
    posts["evening"] = posts["hour"].between(19, 23).astype(int)
    posts["weekend"] = [int(d in WEEKEND[c]) for c, d in
                        zip(posts["country"], posts["weekday"], strict=True)]
    influencer = (posts["account_type"] == "influencer").astype(int)
    eta = (np.log(posts["followers"]) + coefs["Intercept"] + coefs["influencer"] * influencer
           + coefs["evening"] * posts["evening"] + coefs["weekend"] * posts["weekend"])
    for level in ("text", "link", "video"):
        eta = eta + coefs[f"content_type[T.{level}]"] * (posts["content_type"] == level)
    mean = np.exp(eta.to_numpy())
    alpha = coefs["alpha"]
    rate = rng.gamma(1.0 / alpha, alpha * mean)          # gamma mixing: NB2 with alpha
    posts["likes"] = rng.poisson(rate)
    posts["comments"] = rng.poisson(0.04 * rate)
    posts["shares"] = rng.poisson(0.02 * rate * (1 + (posts["content_type"] == "video")))
    reach_share = rng.beta(8, 40, len(posts))              # about 17 % of followers see it
    posts["reach"] = np.maximum((reach_share * posts["followers"]).round().astype(int),
                                posts["likes"] + posts["comments"] + posts["shares"])
    return posts, coefs


def _hour_weights() -> np.ndarray:
    w = np.array([1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.6, 1, 1.5, 2, 2.2, 2.4, 2.6, 2.5, 2.4, 2.4,
                  2.6, 2.8, 3, 3.4, 3.6, 3.4, 2.6, 1.6])
    return w / w.sum()


WORDS = {
    "ar": {"positive": ["رائع", "ممتاز", "جميل", "أحسنتم", "شكرا", "جودة"],
           "negative": ["غالي", "سيئ", "تأخر", "مشكلة", "خدمة بطيئة"],
           "neutral": ["السعر", "التوصيل", "متى", "وين", "المنتج", "العرض"]},
    "pl": {"positive": ["super", "świetny", "polecam", "dziękuję", "jakość", "piękny"],
           "negative": ["drogo", "słaby", "opóźnienie", "problem", "reklamacja"],
           "neutral": ["cena", "dostawa", "kiedy", "gdzie", "produkt", "promocja"]},
}
DIACRITICS = ["\u064e", "\u064b", "\u064f", "\u0650", "\u0651"]
EMOJI = ["👍", "😍", "🔥", "😡", "❤️", "👍🏽", "👨‍👩‍👧"]
FLAG = {"DZ": "🇩🇿", "PL": "🇵🇱"}


def simulate_comments(posts: pd.DataFrame, per_post: int = 3, seed: int = 0) -> pd.DataFrame:
    """Short comments under the posts, in Arabic (Algeria) or Polish (Poland).

    Some Arabic words carry diacritics (تشكيل) or a stretched letter (ـ), as people type
    them; emoji include skin tones, flags and family sequences (several code points, one
    symbol); hashtags and @mentions name the account. Columns: ``post_id``, ``account``,
    ``country``, ``text``.
    """
    rng = np.random.default_rng(seed)
    rows = []
    for post_id, account, country in posts[["post_id", "account", "country"]].itertuples(
            index=False):
        lang = "ar" if country == "DZ" else "pl"
        words = WORDS[lang]
        mood = "positive" if "infl" in account else rng.choice(["positive", "negative"])
        for _ in range(int(rng.integers(0, per_post + 1))):
            picked = list(rng.choice(words[mood], 2)) + [rng.choice(words["neutral"])]
            if lang == "ar" and rng.random() < 0.4:
                word = picked[0]
                picked[0] = word[0] + rng.choice(DIACRITICS) + word[1:]
            if lang == "ar" and rng.random() < 0.1:
                picked[1] = picked[1][:1] + "ـ" + picked[1][1:]
            parts = picked + [FLAG[country] if rng.random() < 0.15 else rng.choice(EMOJI)]
            if rng.random() < 0.3:
                parts.append("#" + account.split("_")[-1])
            if rng.random() < 0.2:
                parts.append("@" + account)
            rows.append((post_id, account, country, " ".join(parts)))
    return pd.DataFrame(rows, columns=["post_id", "account", "country", "text"])
