"""Gamma-Gamma: how much each customer spends per purchase.

Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: using iso-value curves
for customer base analysis. *Journal of Marketing Research* 42(4), 415-430 (the spend
model and its CDNOW estimates), written out in Fader, P. S. & Hardie, B. G. S. (2013),
"The Gamma-Gamma model of monetary value" (equations cited below).

The story of the model:

1. the value z of each purchase of a customer varies around that customer's own mean:
   z ~ gamma(shape p, rate ν);
2. customers differ in their typical spend: ν ~ gamma(shape q, rate γ);
3. spend does not depend on how often a customer buys (check it in the data: the
   correlation of ``frequency`` and ``monetary_value`` should be close to 0).

The model only sees the average value z̄ (``monetary_value``) of the x repeat purchases,
so customers without repeat purchases do not enter the fit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import gammaln

from ..errors import CourseError
from ._checks import check_summary
from ._mle import LikelihoodModel, maximise

NAMES = ("p", "q", "gamma")


def log_likelihood(params, frequency, monetary_value) -> np.ndarray:
    """Log-likelihood of each customer's average spend z̄ over x purchases.

    Averaging x gamma(p, ν) values gives z̄ ~ gamma(px, νx); mixing over ν ~ gamma(q, γ)
    gives (Fader & Hardie 2013, eq. (1a); FHL 2005b, "Spend" section)

        f(z̄ | p, q, γ, x) = Γ(px+q) / (Γ(px) Γ(q)) · γ^q · z̄^(px-1) · x^(px) / (γ + x·z̄)^(px+q)
    """
    p, q, gamma = params
    x = np.asarray(frequency, dtype=float)
    z = np.asarray(monetary_value, dtype=float)
    return (gammaln(p * x + q) - gammaln(p * x) - gammaln(q)
            + q * np.log(gamma)
            + (p * x - 1) * np.log(z)
            + p * x * np.log(x)
            - (p * x + q) * np.log(gamma + x * z))


class GammaGamma(LikelihoodModel):
    """The Gamma-Gamma spend model, fitted by maximum likelihood.

        spend = GammaGamma().fit(summary)   # uses customers with frequency > 0
        spend.params_                       # p, q, gamma
        spend.expected_spend()              # per customer

    ``GammaGamma(params={...})`` builds a model with known parameters.
    """

    names = NAMES

    def fit(self, summary: pd.DataFrame) -> GammaGamma:
        """Estimate p, q, γ from ``frequency`` and ``monetary_value`` of repeat buyers."""
        check_summary(summary, monetary=True)
        buyers = summary[summary["frequency"] > 0]
        if len(buyers) < 3:
            raise CourseError("clv.error.too_few_repeat", count=len(buyers))
        x = buyers["frequency"].to_numpy(float)
        z = buyers["monetary_value"].to_numpy(float)
        # start from the method of moments guess of the mean spend: p·γ/(q-1) ≈ mean(z̄)
        start = [2.0, 3.0, z.mean()]
        result = maximise(log_likelihood, start, NAMES, (x, z))
        return self._store(result, summary)

    def mean_spend(self) -> float:
        """E[Z] for a customer we know nothing about: p·γ/(q-1) (Fader & Hardie 2013, eq. (3))."""
        self._need_fit()
        p, q, gamma = self.params_[list(NAMES)]
        if q <= 1:
            return float("inf")
        return float(p * gamma / (q - 1))

    def expected_spend(self, summary: pd.DataFrame | None = None) -> pd.Series:
        """E[Z | z̄, x]: expected value of each customer's future purchases (eq. (5) of
        Fader & Hardie 2013).

        It is a weighted average of the population mean p·γ/(q-1) and the customer's own
        average z̄, with weight px/(px+q-1) on the customer: the more purchases we saw,
        the more we trust their own average. Without repeat purchases, the population mean.
        """
        self._need_fit()
        summary = self.data_ if summary is None else summary
        if summary is None:
            raise CourseError("clv.error.no_data", model="GammaGamma")
        check_summary(summary, monetary=True)
        p, q, gamma = self.params_[list(NAMES)]
        x = summary["frequency"].to_numpy(float)
        z = summary["monetary_value"].to_numpy(float)
        weight = p * x / (p * x + q - 1)
        value = (1 - weight) * self.mean_spend() + weight * z
        return pd.Series(value, index=summary.index, name="expected_spend")

    def loglik(self, summary: pd.DataFrame | None = None) -> float:
        """Total log-likelihood of the repeat buyers in ``summary`` (default: fitted data)."""
        self._need_fit()
        summary = self.data_ if summary is None else summary
        buyers = summary[summary["frequency"] > 0]
        return float(np.sum(log_likelihood(self.params_[list(NAMES)].to_numpy(),
                                           buyers["frequency"], buyers["monetary_value"])))
