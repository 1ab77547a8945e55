"""mcourse.social against the simulator's truth, statsmodels and hand-counted text."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import mcourse.social as so
from mcourse.errors import CourseError
from mcourse.social import volume


def test_posts_follow_each_countrys_weekend():
    posts, _ = so.simulate_posts(posts_per_account=40, seed=0)
    dz = posts[posts["country"] == "DZ"]
    pl = posts[posts["country"] == "PL"]
    assert set(dz.loc[dz["weekend"] == 1, "weekday"]) == {4, 5}       # Friday, Saturday
    assert set(pl.loc[pl["weekend"] == 1, "weekday"]) == {5, 6}       # Saturday, Sunday
    assert (posts["reach"] >= posts[["likes", "comments", "shares"]].sum(axis=1)).all()


def test_negative_binomial_recovers_true_coefficients_over_seeds():
    names = ["content_type[T.video]", "content_type[T.text]", "content_type[T.link]",
             "influencer", "evening", "weekend", "alpha"]
    inside = dict.fromkeys(names, 0)
    runs = 12
    for seed in range(runs):
        posts, truth = so.simulate_posts(seed=seed)
        table = so.count_model_table(so.fit_likes(posts, "negbin"))
        for name in names:
            inside[name] += table.loc[name, "ci_low"] <= truth[name] <= table.loc[name, "ci_high"]
    for name in names:
        assert inside[name] >= runs - 3, (name, inside[name])


def test_poisson_shows_overdispersion_and_too_narrow_intervals():
    posts, _ = so.simulate_posts(seed=3)
    poisson = so.fit_likes(posts, "poisson")
    negbin = so.fit_likes(posts, "negbin")
    assert so.overdispersion(poisson) > 50
    assert (poisson.bse["influencer"] * 5) < negbin.bse["influencer"]
    # without extra variation the statistic is close to 1
    rng = np.random.default_rng(0)
    plain = posts.assign(likes=rng.poisson(0.01 * posts["followers"]))
    assert so.overdispersion(so.fit_likes(plain, "poisson")) == pytest.approx(1, abs=0.15)


def test_count_model_matches_statsmodels_glm():
    import statsmodels.api as sm
    import statsmodels.formula.api as smf

    posts, _ = so.simulate_posts(posts_per_account=30, seed=2)
    ours = so.fit_likes(posts, "poisson")
    data = posts.assign(influencer=(posts["account_type"] == "influencer").astype(int))
    data["content_type"] = pd.Categorical(data["content_type"],
                                          categories=["photo", "video", "text", "link"])
    theirs = smf.glm(so.counts.FORMULA, data=data, family=sm.families.Poisson(),
                     offset=np.log(data["followers"])).fit()
    assert np.allclose(ours.params, theirs.params)
    table = so.count_model_table(ours)
    assert table.loc["influencer", "ratio"] == pytest.approx(np.exp(ours.params["influencer"]))


def test_engagement_rate_by_hand_and_zero_audience_error():
    posts = pd.DataFrame({"likes": [10, 0], "comments": [5, 1], "shares": [5, 1],
                          "followers": [100, 900], "reach": [40, 10], "kind": ["a", "b"]})
    overall = so.engagement_rate(posts)
    assert overall.loc[0, "rate_of_sums"] == pytest.approx(22 / 1000)
    assert overall.loc[0, "mean_of_rates"] == pytest.approx((0.2 + 2 / 900) / 2)
    by_reach = so.engagement_rate(posts, per="reach", by="kind")
    assert by_reach.loc["a", "rate_of_sums"] == pytest.approx(0.5)
    posts.loc[1, "followers"] = 0
    with pytest.raises(CourseError):
        so.engagement_rate(posts)


def test_hour_weekday_table_shape_and_empty_cells():
    posts, _ = so.simulate_posts(posts_per_account=10, seed=0)
    table = so.hour_weekday_table(posts)
    assert table.shape == (24, 7)
    assert table.isna().any().any()                    # 120 posts cannot fill 168 cells
    pooled = so.hour_weekday_table(posts, hours_per_row=3, min_posts=3)
    assert pooled.shape == (8, 7) and list(pooled.index) == list(range(0, 24, 3))
    assert pooled.notna().sum().sum() < so.hour_weekday_table(posts, hours_per_row=3).notna().sum().sum()
    with pytest.raises(CourseError):
        so.hour_weekday_table(posts, hours_per_row=5)


def test_relative_heatmap_shows_the_true_evening_and_weekend_lift():
    posts, truth = so.simulate_posts(posts_per_account=400, seed=5)
    table = so.hour_weekday_table(posts, hours_per_row=1, relative=True)
    pl = posts[posts["country"] == "PL"]
    rel = so.hour_weekday_table(pl, relative=True, hours_per_row=24)   # one row per weekday
    weekend = rel[[5, 6]].mean(axis=1).iloc[0] / rel[[0, 1, 2, 3, 4]].mean(axis=1).iloc[0]
    assert weekend == pytest.approx(np.exp(truth["weekend"]), rel=0.12)
    assert table.shape == (24, 7)


@pytest.mark.parametrize("text, expected", [
    ("رائعٌ رائـع جميل", ["رائع", "رائع", "جميل"]),
    ("Świetny produkt, POLECAM!", ["świetny", "produkt", "polecam"]),
])
def test_words_are_normalised(text, expected):
    assert so.tokens(text)["words"] == expected


def test_emoji_are_grapheme_clusters_and_tags_are_separate():
    found = so.tokens("super 👍🏽 🇩🇿 👨‍👩‍👧 ❤️ #promocja @pl_brand_food")
    assert found["emoji"] == ["👍🏽", "🇩🇿", "👨‍👩‍👧", "❤️"]
    assert found["hashtags"] == ["#promocja"] and found["mentions"] == ["@pl_brand_food"]
    assert found["words"] == ["super"]


def test_top_terms_counts_per_account():
    comments = pd.DataFrame({"account": ["x", "x", "y"],
                             "text": ["super super 👍", "super i dobrze", "رائعٌ في رائع"]})
    words = so.top_terms(comments, "words", n=2)
    assert words.iloc[0].tolist() == ["x", "super", 3]
    assert words[words["account"] == "y"].iloc[0].tolist() == ["y", "رائع", 2]
    assert "i" not in set(words["term"]) and "في" not in set(words["term"])


def test_lean_and_naive_totals_agree(tmp_path):
    path = volume.write_large_csv(tmp_path / "posts.csv", rows=20_000, seed=1)
    naive = volume.naive_totals(path)
    lean = volume.lean_totals(path, chunksize=3_000)
    pd.testing.assert_frame_equal(naive, lean, check_dtype=False)
    _, seconds, peak = volume.measure(volume.lean_totals, path)
    assert seconds > 0 and peak > 0
