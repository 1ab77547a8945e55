"""Maximum likelihood for the CLV models: optimise, then standard errors from the curvature.

Parameters of both models must be positive, so the search runs over their logarithms
(any real number is allowed there). Standard errors come from the Hessian of the negative
log-likelihood (the observed information), computed by central differences, and are
carried back to the natural scale by the delta method: se(θ) ≈ θ · se(log θ).
Confidence intervals are formed on the log scale, so they stay positive.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CourseError

Z95 = 1.959963984540054


def maximise(loglik, start, names, data_args) -> dict:
    """Maximise ``sum(loglik(params, *data_args))`` over positive ``params``.

    Returns a dict with ``params`` (Series), ``loglik``, ``table`` (estimate, standard
    error, 95 % interval), ``converged`` and the optimiser's message.
    """
    from scipy.optimize import minimize

    def negative(log_params):
        value = -np.sum(loglik(np.exp(log_params), *data_args))
        return value if np.isfinite(value) else 1e300

    x0 = np.log(np.asarray(start, dtype=float))
    result = minimize(negative, x0, method="L-BFGS-B", bounds=[(-25.0, 25.0)] * len(x0))
    if not result.success or not np.isfinite(result.fun):
        result = minimize(negative, result.x, method="Nelder-Mead",
                          options={"maxiter": 4000, "xatol": 1e-8, "fatol": 1e-10})
    if not np.isfinite(result.fun) or result.fun >= 1e299:
        raise CourseError("clv.error.fit_failed", message=str(result.message))
    estimate = np.exp(result.x)
    log_se = _log_scale_se(negative, result.x)
    table = pd.DataFrame({
        "estimate": estimate,
        "std_error": estimate * log_se,
        "ci_low": np.exp(result.x - Z95 * log_se),
        "ci_high": np.exp(result.x + Z95 * log_se),
    }, index=pd.Index(names, name="parameter"))
    return {"params": pd.Series(estimate, index=names, name="estimate"),
            "loglik": -float(result.fun), "table": table,
            "converged": bool(result.success), "message": str(result.message)}


def _log_scale_se(negative, x, step: float = 1e-4) -> np.ndarray:
    """Standard errors of the log-parameters: sqrt of the diagonal of the inverse Hessian."""
    n = len(x)
    hessian = np.empty((n, n))
    f0 = negative(x)
    for i in range(n):
        ei = np.zeros(n)
        ei[i] = step
        hessian[i, i] = (negative(x + ei) - 2 * f0 + negative(x - ei)) / step**2
        for j in range(i):
            ej = np.zeros(n)
            ej[j] = step
            hessian[i, j] = hessian[j, i] = (
                negative(x + ei + ej) - negative(x + ei - ej)
                - negative(x - ei + ej) + negative(x - ei - ej)) / (4 * step**2)
    try:
        covariance = np.linalg.inv(hessian)
    except np.linalg.LinAlgError:
        return np.full(n, np.nan)
    variances = np.diag(covariance)
    return np.sqrt(np.where(variances > 0, variances, np.nan))


class LikelihoodModel:
    """What the BG/NBD and Gamma-Gamma models share: parameters that are either given
    (to simulate or predict with known values) or estimated by :func:`maximise`."""

    names: tuple[str, ...] = ()

    def __init__(self, params: dict | None = None):
        self.params_ = None if params is None else pd.Series(
            {name: float(params[name]) for name in self.names}, name="estimate")
        self.data_ = None
        self.table_ = None
        self.loglik_ = None

    def __repr__(self) -> str:
        model = type(self).__name__
        if self.params_ is None:
            return f"{model}(not fitted)"
        inner = ", ".join(f"{k}={v:.4g}" for k, v in self.params_.items())
        return f"{model}({inner})"

    def _store(self, result: dict, summary: pd.DataFrame):
        """Keep a fit's estimates, table and log-likelihood, and the data it used."""
        self.params_ = result["params"]
        self.table_ = result["table"]
        self.loglik_ = result["loglik"]
        self.data_ = summary
        return self

    def summary(self) -> pd.DataFrame:
        """Estimates, standard errors and 95 % intervals (one row per parameter)."""
        self._need_fit()
        return self.params_.to_frame() if self.table_ is None else self.table_

    def _need_fit(self):
        if self.params_ is None:
            raise CourseError("clv.error.not_fitted", model=type(self).__name__)
