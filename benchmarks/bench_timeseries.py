"""How long lessons 08-09 wait for their forecasts: the full rolling-origin evaluation
of every method, and one fit of each method alone.

Run: ``python benchmarks/bench_timeseries.py [--repeat 3]``. Prints wall-clock seconds
(best of ``--repeat`` runs) measured in one process, so ratios between lines are
meaningful on the same machine; nothing is asserted.
"""

from __future__ import annotations

import argparse
import time
import warnings
from functools import partial


def best_of(repeat: int, task) -> float:
    """Shortest wall-clock time of ``repeat`` runs of ``task()``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--horizon", type=int, default=8)
    parser.add_argument("--origins", type=int, default=12,
                        help="rolling origins of lesson 09's weekly evaluation (N_ORIGINS)")
    args = parser.parse_args()

    start = time.perf_counter()
    import statsmodels.api  # noqa: F401

    from mcourse import timeseries as ts
    print(f"import statsmodels + mcourse.timeseries: {time.perf_counter() - start:6.2f} s")

    warnings.simplefilter("ignore")
    sales, _ = ts.daily_sales("DZ", "2021-01-04", "2025-06-29", seed=9)
    weekly = ts.aggregate(sales["orders"], "W")
    calendar = ts.holiday_regressors(weekly.index, "DZ", trend=True)
    methods = ts.default_methods(season=52, exog=calendar)
    train = weekly.iloc[:-args.horizon]

    print(f"\nlesson 09, weekly orders ({len(weekly)} weeks), {len(methods)} methods, "
          f"horizon {args.horizon}, {args.origins} origins")
    total = best_of(args.repeat, lambda: ts.rolling_origin(weekly, methods, args.horizon,
                                                           args.origins))
    print(f"  full rolling-origin evaluation: {total:6.2f} s "
          f"({len(methods) * args.origins} fits)")
    singles = {name: best_of(args.repeat, partial(method, train, args.horizon))
               for name, method in methods.items()}
    for name, seconds in sorted(singles.items(), key=lambda item: -item[1]):
        print(f"  single fit {name:<15} {seconds:7.3f} s")
    print(f"  sum of single fits x origins: {sum(singles.values()) * args.origins:6.2f} s "
          f"(ratio to the full evaluation: {total / (sum(singles.values()) * args.origins):.2f})")

    print("\n  Holt-Winters initialisation (why the default is 'heuristic' for 52-week seasons):")
    for initialization in ("heuristic", "estimated"):
        seconds = best_of(args.repeat, partial(ts.holt_winters, train, args.horizon, season=52,
                                               damped=True, initialization=initialization))
        print(f"  holt_winters, 52 weeks, {initialization:<10} {seconds:7.3f} s")

    macro = ts.us_macro()
    inflation = macro["infl"].iloc[1:].rename("infl")
    infl_methods = ts.default_methods(season=4, seasonal=False, log=False)
    seconds = best_of(args.repeat, lambda: ts.rolling_origin(
        inflation, infl_methods, 4, 8, season=1))
    print(f"\nlesson 09, quarterly inflation ({len(inflation)} quarters), {len(infl_methods)} "
          f"methods, horizon 4, 8 origins: {seconds:6.2f} s")

    daily, _ = ts.daily_sales("DZ", "2021-01-01", "2024-06-30", seed=8)
    orders = daily["orders"]
    regressors = ts.holiday_regressors(orders.index, "DZ", trend=True)
    lesson08 = {
        "seasonal_naive": partial(ts.seasonal_naive, season=364),
        "regression": partial(ts.sarimax, order=(0, 0, 0), trend="c", exog=regressors, log=True),
    }
    seconds = best_of(args.repeat, lambda: ts.rolling_origin(orders, lesson08, 28, 4, season=7))
    single = best_of(args.repeat, lambda: ts.fit_sarimax(orders, (0, 0, 0), trend="c",
                                                         exog=regressors, log=True))
    print(f"\nlesson 08, daily orders ({len(orders)} days), 2 methods, horizon 28, 4 origins: "
          f"{seconds:6.2f} s; one daily calendar regression fit: {single:6.3f} s")


if __name__ == "__main__":
    main()
