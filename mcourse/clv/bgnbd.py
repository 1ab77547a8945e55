"""BG/NBD: how often each customer buys, and whether they are still a customer at all.

Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy
way: an alternative to the Pareto/NBD model. *Marketing Science* 24(2), 275-284.

The story of the model (section 3 of the paper):

1. while active, a customer buys at random times at a steady rate λ (a Poisson process);
2. rates differ between customers: λ follows a gamma distribution (shape r, rate α);
3. right after each repeat purchase, the customer may leave for good, with probability p;
4. p differs between customers: it follows a beta distribution (a, b);
5. λ and p are independent.

Nobody announces that they left: the model infers it from silence. A customer who used
to buy every week and has been silent for months has probably left; one who buys twice a
year and was silent for two months has probably not.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import gammaln, hyp2f1

from ..errors import CourseError
from ._checks import check_summary
from ._mle import LikelihoodModel, maximise

NAMES = ("r", "alpha", "a", "b")


def log_likelihood(params, frequency, recency, T) -> np.ndarray:
    """Log-likelihood of each customer's history (x, t_x, T) under the BG/NBD model.

    The paper's equation (6) writes the likelihood as

        L(r, α, a, b | x, t_x, T) = A1 · A2 · (A3 + δ(x>0) · A4)

    with  A1 = Γ(r+x) α^r / Γ(r)                       (how many purchases: gamma-Poisson)
          A2 = Γ(a+b) Γ(b+x) / (Γ(b) Γ(a+b+x))         (surviving x purchases: beta-geometric)
          A3 = (α+T)^-(r+x)                            (story 1: still active at T)
          A4 = a / (b+x-1) · (α+t_x)^-(r+x)            (story 2: left right after the last
                                                        purchase, at t_x)

    This is the form recommended by Fader & Hardie (2013), "Overcoming the BG/NBD model's
    #NUM! error problem", eq. (4). We add logarithms instead of multiplying, so nothing
    overflows.
    """
    r, alpha, a, b = params
    x = np.asarray(frequency, dtype=float)
    t_x = np.asarray(recency, dtype=float)
    T = np.asarray(T, dtype=float)

    ln_A1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    ln_A2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    ln_A3 = -(r + x) * np.log(alpha + T)

    repeat = x > 0
    x_safe = np.where(repeat, x, 1.0)  # A4 exists only when x > 0; avoid log(b - 1) otherwise
    ln_A4 = np.log(a) - np.log(b + x_safe - 1) - (r + x) * np.log(alpha + t_x)

    ln_A3_plus_A4 = np.where(repeat, np.logaddexp(ln_A3, ln_A4), ln_A3)
    return ln_A1 + ln_A2 + ln_A3_plus_A4


class BGNBD(LikelihoodModel):
    """The BG/NBD model, fitted by maximum likelihood.

        model = BGNBD().fit(summary)      # summary from rfm_summary(...)
        model.params_                     # r, alpha, a, b
        model.summary()                   # estimates with standard errors, 95 % intervals
        model.expected_purchases(39)      # per customer, in the next 39 time units
        model.prob_alive()                # per customer

    Time is measured in the unit of the summary (weeks by default in ``rfm_summary``).
    ``BGNBD(params={...})`` builds a model with known parameters (for simulations).
    """

    names = NAMES

    # fitting --------------------------------------------------------------------------
    def fit(self, summary: pd.DataFrame) -> BGNBD:
        """Estimate r, α, a, b from a summary with ``frequency``, ``recency`` and ``T``."""
        check_summary(summary)
        x = summary["frequency"].to_numpy(float)
        t_x = summary["recency"].to_numpy(float)
        T = summary["T"].to_numpy(float)
        r0 = 1.0
        alpha0 = r0 * T.mean() / max(x.mean(), 0.05)
        result = maximise(log_likelihood, [r0, alpha0, 1.0, 1.0], NAMES, (x, t_x, T))
        return self._store(result, summary)

    def _columns(self, summary):
        if summary is None:
            summary = self.data_
        if summary is None:
            raise CourseError("clv.error.no_data", model="BGNBD")
        check_summary(summary)
        return (summary["frequency"].to_numpy(float), summary["recency"].to_numpy(float),
                summary["T"].to_numpy(float), summary.index)

    # what the parameters say -----------------------------------------------------------
    def mean_purchase_rate(self) -> float:
        """r/α: the *mean* purchase rate λ of active customers, per time unit.

        Rates are very uneven (gamma with a small shape r), so the mean is pulled up by a
        few frequent buyers: most customers buy far less (see :meth:`purchase_rate_quantile`).
        """
        self._need_fit()
        return float(self.params_["r"] / self.params_["alpha"])

    def purchase_rate_quantile(self, q=0.5):
        """Quantile(s) of the purchase rate λ ~ gamma(shape r, rate α) across customers;
        ``q=0.5`` gives the rate of the median (typical) customer."""
        from scipy.stats import gamma

        self._need_fit()
        value = gamma.ppf(q, self.params_["r"], scale=1.0 / self.params_["alpha"])
        return float(value) if np.ndim(value) == 0 else np.asarray(value)

    def share_below_mean_rate(self) -> float:
        """Share of customers whose purchase rate is below the mean r/α."""
        from scipy.stats import gamma

        self._need_fit()
        return float(gamma.cdf(self.mean_purchase_rate(), self.params_["r"],
                               scale=1.0 / self.params_["alpha"]))

    def mean_dropout(self) -> float:
        """a/(a+b): the mean probability of leaving right after a repeat purchase."""
        self._need_fit()
        return float(self.params_["a"] / (self.params_["a"] + self.params_["b"]))

    # predictions ----------------------------------------------------------------------
    def expected_purchases_new(self, t) -> np.ndarray:
        """E[X(t)]: purchases a *new* customer makes in their first ``t`` time units,
        not counting the first purchase (equation (9) of the paper)."""
        self._need_fit()
        r, alpha, a, b = self.params_[list(NAMES)]
        t = np.asarray(t, dtype=float)
        return (a + b - 1) / (a - 1) * (
            1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, t / (alpha + t)))

    def expected_purchases(self, t, summary: pd.DataFrame | None = None) -> pd.Series:
        """E[Y(t) | x, t_x, T]: purchases each customer will make in the next ``t`` time
        units, given their history (equation (10) of the paper)."""
        self._need_fit()
        r, alpha, a, b = self.params_[list(NAMES)]
        x, t_x, T, index = self._columns(summary)
        growth = (a + b + x - 1) / (a - 1) * (
            1 - ((alpha + T) / (alpha + T + t)) ** (r + x)
            * hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t)))
        return pd.Series(growth * self._alive(x, t_x, T), index=index,
                         name="expected_purchases")

    def prob_alive(self, summary: pd.DataFrame | None = None) -> pd.Series:
        """P(alive | x, t_x, T): the probability that each customer is still active at T.

        In the likelihood of eq. (6) it is the share of story 1 (still active):
        A3 / (A3 + δ(x>0)·A4); see also Fader, Hardie & Lee (2008), "Computing P(alive)
        using the BG/NBD model". A customer without repeat purchases gets 1 whatever
        their silence: not a finding but an assumption of the model, in which customers
        leave only right after a repeat purchase.
        """
        self._need_fit()
        x, t_x, T, index = self._columns(summary)
        return pd.Series(self._alive(x, t_x, T), index=index, name="prob_alive")

    def _alive(self, x, t_x, T):
        r, alpha, a, b = self.params_[list(NAMES)]
        repeat = x > 0
        x_safe = np.where(repeat, x, 1.0)
        ln_ratio = np.log(a) - np.log(b + x_safe - 1) + (r + x) * np.log(
            (alpha + T) / (alpha + t_x))
        return np.where(repeat, 1.0 / (1.0 + np.exp(ln_ratio)), 1.0)

    def loglik(self, summary: pd.DataFrame | None = None) -> float:
        """Total log-likelihood of ``summary`` (default: the fitted data)."""
        self._need_fit()
        x, t_x, T, _ = self._columns(summary)
        return float(np.sum(log_likelihood(self.params_[list(NAMES)].to_numpy(), x, t_x, T)))
