"""How long does fitting BG/NBD + Gamma-Gamma take on 10,000 customers?

Run: ``python benchmarks/bench_clv.py``. Simulates 10,000 customers from known parameters
(52 weeks of calibration), then times the course's fits (``mcourse.clv``, including the
standard errors) and, when it imports, the ``lifetimes`` library's fits on the same
summary. Prints seconds (best of a few repeats), the ratio measured in this run and the
estimates side by side. Nothing is asserted: figures depend on the machine.
"""

from __future__ import annotations

import platform
import time
import warnings

import pandas as pd

from mcourse.clv import BGNBD, GammaGamma, rfm_summary, simulate_transactions

N_CUSTOMERS = 10_000
REPEATS = 3


def best_time(function, repeats: int = REPEATS):
    """The shortest of ``repeats`` wall-clock runs of ``function()`` and its last result."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def course_fit(summary):
    return BGNBD().fit(summary), GammaGamma().fit(summary)


def lifetimes_fit(summary, lifetimes):
    repeaters = summary[summary["frequency"] > 0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bg = lifetimes.BetaGeoFitter().fit(summary["frequency"], summary["recency"],
                                           summary["T"])
        gg = lifetimes.GammaGammaFitter().fit(repeaters["frequency"],
                                              repeaters["monetary_value"])
    return bg, gg


def main() -> None:
    transactions, truth = simulate_transactions(N_CUSTOMERS, seed=2026)
    end = truth["start"] + pd.Timedelta(weeks=52)
    summary = rfm_summary(transactions[transactions["date"] <= end], observation_end=end)
    print(f"Python {platform.python_version()} on {platform.machine()}, "
          f"{len(summary):,} customers, {int(summary['frequency'].sum()):,} repeat purchases")

    seconds, (bg, gg) = best_time(lambda: course_fit(summary))
    rows = {"true": {**truth["bgnbd"], **truth["gammagamma"]},
            "mcourse": {**bg.params_.to_dict(), **gg.params_.to_dict()}}
    print(f"mcourse.clv   BG/NBD + Gamma-Gamma fit: {seconds:.3f} s (best of {REPEATS})")

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import lifetimes
    except Exception as error:  # lifetimes needs pkg_resources; it may not import
        print(f"lifetimes could not be imported ({type(error).__name__}: {error}); "
              "no comparison in this run")
    else:
        other, (lbg, lgg) = best_time(lambda: lifetimes_fit(summary, lifetimes))
        print(f"lifetimes {lifetimes.__version__} BG/NBD + Gamma-Gamma fit: {other:.3f} s "
              f"(best of {REPEATS})")
        print(f"ratio lifetimes / mcourse: {other / seconds:.2f}")
        rows["lifetimes"] = {**lbg.params_.to_dict(),
                             **{"p": lgg.params_["p"], "q": lgg.params_["q"],
                                "gamma": lgg.params_["v"]}}
    print()
    print(pd.DataFrame(rows).round(4).to_string())
    print("(purchases are recorded by day, as in real data, so both fits differ a little "
          "from the truth in the same way)")


if __name__ == "__main__":
    main()
