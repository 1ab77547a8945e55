"""Count models of likes: Poisson or negative binomial regression (statsmodels).

Likes are counts (0, 1, 2, ...), so a linear regression is the wrong tool. A Poisson GLM
with ``log(followers)`` as offset models the expected likes per follower:
``log E[likes] = log(followers) + Xb``. It assumes variance = mean; real posts vary far
more (some go viral), which a Poisson model hides by reporting standard errors that are
too small. The negative binomial model (NB2: variance = mean + alpha·mean²) estimates that
extra variation, ``alpha``. Check before choosing: the Pearson statistic of the Poisson
fit divided by its residual degrees of freedom is about 1 without overdispersion.

The posts are observational: ``exp(b)`` compares expected likes of posts that differ in
one feature, the others held equal — an association, unless the feature was randomised.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..clv._checks import require_columns

FORMULA = "likes ~ content_type + influencer + evening + weekend"


def _prepared(posts: pd.DataFrame) -> pd.DataFrame:
    require_columns(posts, ["likes", "followers", "content_type", "account_type",
                            "evening", "weekend"])
    out = posts.assign(influencer=(posts["account_type"] == "influencer").astype(int))
    out["content_type"] = pd.Categorical(out["content_type"],
                                         categories=["photo", "video", "text", "link"])
    return out


def fit_likes(posts: pd.DataFrame, family: str = "negbin", formula: str = FORMULA):
    """Fit likes with ``family`` "poisson" (GLM) or "negbin" (NB2 with alpha estimated by
    maximum likelihood, ``statsmodels.formula.api.negativebinomial``), offset
    log(followers). Returns the statsmodels result."""
    import statsmodels.api as sm
    import statsmodels.formula.api as smf

    from ..errors import CourseError

    data = _prepared(posts)
    offset = np.log(data["followers"].astype(float))
    if family == "poisson":
        return smf.glm(formula, data=data, family=sm.families.Poisson(), offset=offset).fit()
    if family == "negbin":
        return smf.negativebinomial(formula, data=data, offset=offset).fit(disp=0, maxiter=200)
    raise CourseError("error.unknown_choice", value=family, name="family",
                      choices="poisson, negbin")


def overdispersion(poisson_result) -> float:
    """Pearson χ² / residual degrees of freedom of a Poisson fit: ≈ 1 if the Poisson
    variance is right, much larger when likes vary more than Poisson allows."""
    return float(poisson_result.pearson_chi2 / poisson_result.df_resid)


def count_model_table(result, alpha: float = 0.05) -> pd.DataFrame:
    """Coefficients with their (1 − alpha) interval and ``ratio`` = exp(coefficient): the
    factor by which expected likes per follower differ. The NB ``alpha`` row is kept as
    estimated (not exponentiated)."""
    ci = result.conf_int(alpha=alpha)
    table = pd.DataFrame({"coefficient": result.params, "ci_low": ci[0], "ci_high": ci[1],
                          "std_error": result.bse})
    ratio = np.exp(table[["coefficient", "ci_low", "ci_high"]])
    ratio.columns = ["ratio", "ratio_low", "ratio_high"]
    table = table.join(ratio)
    if "alpha" in table.index:
        table.loc["alpha", ["ratio", "ratio_low", "ratio_high"]] = np.nan
    return table
