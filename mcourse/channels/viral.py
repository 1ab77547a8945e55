"""Viral marketing: each customer invites others, and some of the invited join.

The **viral coefficient** K = i × c, where i is the number of invitations a new user
sends and c the share of invitations that bring a new user. Starting from n₀ users
brought by a campaign, cycle t brings n₀ · Kᵗ new users, so after T cycles

    total = n₀ · (1 + K + K² + ... + K^T) = n₀ · (1 − K^(T+1)) / (1 − K)   (K ≠ 1).

With K < 1 each cycle is smaller than the last and the total approaches n₀ / (1 − K): a
campaign of 1 000 users with K = 0.5 ends near 2 000. With K > 1 each cycle is larger:
growth explodes until the market runs out of people to invite (``market`` below), which
is why a K above 1 is rare and never lasts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CourseError


def viral_coefficient(invitations: float, conversion: float) -> float:
    """K = invitations per user × share of invitations that bring a new user."""
    if invitations < 0 or not np.isfinite(invitations):
        raise CourseError("channels.error.invitations", value=invitations)
    if not 0 <= conversion <= 1:
        raise CourseError("channels.error.share", value=conversion)
    return float(invitations * conversion)


def viral_total(seed_users: float, k: float, cycles: int) -> float:
    """Users after ``cycles`` cycles of invitations: n₀ (1 − K^(T+1)) / (1 − K)."""
    _check(seed_users, k, cycles)
    if k == 1:
        return float(seed_users * (cycles + 1))
    return float(seed_users * (1 - k ** (cycles + 1)) / (1 - k))


def viral_limit(seed_users: float, k: float) -> float:
    """Where the total tends when K < 1: n₀ / (1 − K). With K ≥ 1 there is no limit."""
    _check(seed_users, k, 0)
    if k >= 1:
        raise CourseError("channels.error.no_limit", k=k)
    return float(seed_users / (1 - k))


def _check(seed_users, k, cycles) -> None:
    if seed_users < 0:
        raise CourseError("channels.error.seed_users", value=seed_users)
    if k < 0 or not np.isfinite(k):
        raise CourseError("channels.error.k", value=k)
    if int(cycles) != cycles or cycles < 0:
        raise CourseError("channels.error.cycles", value=cycles)


def viral_growth(seed_users: float, k: float, cycles: int,
                 market: float | None = None) -> pd.DataFrame:
    """New and total users cycle by cycle (cycle 0 = the campaign's own users).

    With ``market`` (the number of people who could ever join), each invitation lands on
    someone who already joined with probability total / market, so growth slows and stops
    at the market size: new_t = K · new_(t−1) · (1 − total_(t−1) / market).
    """
    _check(seed_users, k, cycles)
    if market is not None and market < seed_users:
        raise CourseError("channels.error.market", market=market, seed_users=seed_users)
    new, total = [float(seed_users)], [float(seed_users)]
    for _ in range(int(cycles)):
        room = 1.0 if market is None else max(0.0, 1 - total[-1] / market)
        new.append(k * new[-1] * room)
        total.append(total[-1] + new[-1])
    return pd.DataFrame({"cycle": range(int(cycles) + 1), "new_users": new, "total_users": total})


def simulate_viral(seed_users: int, invitations: float, conversion: float, cycles: int,
                   seed: int = 0) -> pd.DataFrame:
    """One random run of a viral campaign: each new user sends Poisson(``invitations``)
    invitations, each of which brings a user with probability ``conversion``."""
    k = viral_coefficient(invitations, conversion)
    _check(seed_users, k, cycles)
    rng = np.random.default_rng(seed)
    new = [int(seed_users)]
    for _ in range(int(cycles)):
        sent = rng.poisson(invitations * new[-1]) if new[-1] else 0
        new.append(int(rng.binomial(sent, conversion)))
    return pd.DataFrame({"cycle": range(int(cycles) + 1), "new_users": new,
                         "total_users": np.cumsum(new)})
