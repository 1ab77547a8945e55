"""A simulated e-commerce market in Algeria and in Poland, with its true parameters.

Every simulated dataset of the course comes from one demand model, so lessons can show
that a method recovers what was put in. The expected number of orders on a day is

    log λ(day) = log(base) + growth · years + Σ_events log(effect_event) · 1[event]
                 + log(weekend_effect) · 1[weekend] + amplitude · cos(2π (doy − peak) / 365.25)

and the number of orders is Poisson(λ). ``TRUTH`` holds base, growth and the multiplicative
effects of each country; ``simulate_daily_sales`` and ``simulate_market`` return them
with the data. The effects are invented but plausible: Ramadan evenings and the days before
Eid lift Algerian online shopping, Black Friday and the weeks before Christmas lift Polish.
"""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd

from .calendar import EVENTS, calendar_regressors, check_country

CURRENCY = {"DZ": "DZD", "PL": "PLN"}

TRUTH = {
    "DZ": {
        "base_orders_per_day": 60.0,
        "growth_per_year": 0.15,
        "weekend_effect": 0.80,
        "season_amplitude": 0.0,
        "season_peak_day": 1,
        "events": {"ramadan": 1.35, "eid_al_fitr": 0.55, "eid_al_adha": 0.60, "summer": 1.15},
        "basket_median": 4500.0,
        "basket_sigma": 0.55,
    },
    "PL": {
        "base_orders_per_day": 80.0,
        "growth_per_year": 0.10,
        "weekend_effect": 1.10,
        "season_amplitude": 0.05,
        "season_peak_day": 15,
        "events": {"christmas_shopping": 1.45, "christmas": 0.40, "easter": 0.50,
                   "black_friday": 2.20, "summer": 0.90},
        "basket_median": 180.0,
        "basket_sigma": 0.60,
    },
}
"""True parameters of the demand model (multiplicative effects; 1.35 = 35 % more orders)."""


def true_parameters(country: str) -> dict:
    """A copy of the true parameters of ``country``'s market (safe to modify)."""
    return copy.deepcopy(TRUTH[check_country(country)])


def expected_orders(dates, country: str, truth: dict | None = None) -> pd.Series:
    """λ(day): the expected number of orders each day under the true demand model."""
    country = check_country(country)
    p = truth or TRUTH[country]
    index = pd.DatetimeIndex(dates)
    x = calendar_regressors(index, country)
    years = (index - pd.Timestamp(index.min().year, 1, 1)).days.to_numpy() / 365.25
    doy = index.day_of_year.to_numpy()
    log_lam = (np.log(p["base_orders_per_day"]) + p["growth_per_year"] * years
               + np.log(p["weekend_effect"]) * x["weekend"].to_numpy()
               + p["season_amplitude"] * np.cos(2 * np.pi * (doy - p["season_peak_day"]) / 365.25))
    for event in EVENTS[country]:
        log_lam = log_lam + np.log(p["events"][event]) * x[event].to_numpy()
    return pd.Series(np.exp(log_lam), index=index, name="expected_orders")


def simulate_daily_sales(country: str = "DZ", start="2021-01-01", end="2024-12-31",
                         seed: int = 0) -> tuple[pd.DataFrame, dict]:
    """Daily orders and sales revenue of an online shop, with the true parameters.

    Returns ``(table, truth)``: ``table`` has ``date``, ``orders`` (Poisson counts),
    ``sales`` (sum of log-normal baskets, in DZD or PLN, rounded to whole units) and
    ``expected_orders`` (λ, the noise-free truth); ``truth`` is :func:`true_parameters`.
    """
    country = check_country(country)
    rng = np.random.default_rng(seed)
    p = true_parameters(country)
    lam = expected_orders(pd.date_range(start, end, freq="D"), country, p)
    orders = rng.poisson(lam.to_numpy())
    baskets = [rng.lognormal(np.log(p["basket_median"]), p["basket_sigma"], n).sum()
               for n in orders]
    table = pd.DataFrame({"date": lam.index, "orders": orders,
                          "sales": np.round(baskets).astype("int64"),
                          "expected_orders": lam.to_numpy().round(3)})
    return table, {"country": country, "currency": CURRENCY[country], **p}


# --- the whole market: customers, their orders, and website sessions (the funnel) ---------

REGIONS = {
    "DZ": {"Alger": 16, "Oran": 9, "Sétif": 7, "Constantine": 6, "Djelfa": 5, "Blida": 5,
           "Batna": 5, "Tizi Ouzou": 5, "Béjaïa": 5, "M'Sila": 4, "Tlemcen": 4, "Chlef": 4,
           "Annaba": 3, "Biskra": 3, "Ouargla": 3},
    "PL": {"mazowieckie": 14.4, "śląskie": 11.6, "wielkopolskie": 9.1, "małopolskie": 8.9,
           "dolnośląskie": 7.6, "łódzkie": 6.4, "pomorskie": 6.1, "podkarpackie": 5.5,
           "lubelskie": 5.4, "kujawsko-pomorskie": 5.3, "zachodniopomorskie": 4.4,
           "warmińsko-mazurskie": 3.7, "świętokrzyskie": 3.1, "podlaskie": 3.1,
           "lubuskie": 2.6, "opolskie": 2.5},
}
"""Wilayas (Algeria) and voivodeships (Poland) with weights close to their population share."""

CHANNELS = ("direct", "seo", "sem", "social", "email", "affiliate", "sms", "app")
DEVICES = ("mobile", "desktop", "tablet")
CATEGORIES = ("electronics", "fashion", "beauty", "home", "grocery", "books")
MOTIVES = ("price", "quality", "recommendation", "promotion", "need", "brand")
PAYMENTS = ("cash_on_delivery", "card", "transfer", "blik", "pay_later")
STAGES = ("visit", "product_view", "add_to_cart", "checkout", "purchase")

MARKET = {
    "DZ": {
        "orders_scale": 0.25,
        "orders_per_customer": 3.0,
        "channel": {"direct": 15, "seo": 12, "sem": 8, "social": 35, "email": 4,
                    "affiliate": 8, "sms": 8, "app": 10},
        "device": {"mobile": 75, "desktop": 20, "tablet": 5},
        "payment": {"cash_on_delivery": 70, "card": 25, "transfer": 5, "blik": 0,
                    "pay_later": 0},
        "category": {"electronics": 18, "fashion": 30, "beauty": 15, "home": 14,
                     "grocery": 15, "books": 8},
        "price_median": {"electronics": 25000, "fashion": 4000, "beauty": 2500, "home": 6000,
                         "grocery": 3000, "books": 1500},
        "motive": {"price": 30, "quality": 20, "recommendation": 20, "promotion": 15,
                   "need": 10, "brand": 5},
        "evening_share": {"normal": 0.35, "ramadan": 0.70},
    },
    "PL": {
        "orders_scale": 0.25,
        "orders_per_customer": 3.0,
        "channel": {"direct": 15, "seo": 22, "sem": 18, "social": 15, "email": 10,
                    "affiliate": 10, "sms": 3, "app": 7},
        "device": {"mobile": 60, "desktop": 35, "tablet": 5},
        "payment": {"cash_on_delivery": 10, "card": 25, "transfer": 15, "blik": 45,
                    "pay_later": 5},
        "category": {"electronics": 22, "fashion": 25, "beauty": 12, "home": 16,
                     "grocery": 15, "books": 10},
        "price_median": {"electronics": 900, "fashion": 150, "beauty": 80, "home": 200,
                         "grocery": 120, "books": 45},
        "motive": {"price": 35, "quality": 25, "recommendation": 15, "promotion": 12,
                   "need": 8, "brand": 5},
        "evening_share": {"normal": 0.40, "ramadan": 0.40},
    },
}
"""True shares (weights, normalised when drawing) and price levels of each market."""

FUNNEL = {
    "sessions": 30000,
    "step_probability": {"product_view": 0.55, "add_to_cart": 0.30, "checkout": 0.55,
                         "purchase": 0.60},
    "channel_multiplier": {"direct": 1.2, "seo": 1.0, "sem": 1.1, "social": 0.7, "email": 1.3,
                           "affiliate": 1.0, "sms": 0.8, "app": 1.4},
    "device_multiplier": {"mobile": 0.85, "desktop": 1.15, "tablet": 1.0},
}
"""True funnel: P(next stage | reached this one) = step × channel × device multipliers."""

PRICE_SIGMA = 0.5


def _shares(weights: dict) -> tuple[list, np.ndarray]:
    keys = list(weights)
    values = np.array([weights[k] for k in keys], dtype=float)
    return keys, values / values.sum()


def draw(rng, weights: dict, size: int) -> np.ndarray:
    """``size`` codes drawn with probabilities proportional to ``weights`` (a dict)."""
    keys, p = _shares(weights)
    return np.array(keys, dtype=object)[rng.choice(len(keys), size=size, p=p)]


def _simulate_customers(country, rng, n, start, end):
    days = (pd.Timestamp(end) - pd.Timestamp(start)).days + 1
    offsets = np.sort(rng.integers(-days // 2, days, n))  # a third signed up before the start
    return pd.DataFrame({
        "customer_id": [f"{country}-{i + 1:05d}" for i in range(n)],
        "country": country,
        "region": draw(rng, REGIONS[country], n),
        "gender": rng.choice(["F", "M"], n),
        "age": np.clip(np.round(18 + rng.gamma(2.2, 7.5, n)), 18, 75).astype(int),
        "signup_date": pd.Timestamp(start) + pd.to_timedelta(offsets, unit="D"),
        "acquisition_channel": draw(rng, MARKET[country]["channel"], n),
        "preferred_device": draw(rng, MARKET[country]["device"], n),
        "propensity": rng.gamma(0.8, 1.25, n),
    })


def _assign_customers(rng, customers, order_days):
    """Each order goes to a customer already signed up, more often to keen ones."""
    signup = customers["signup_date"].to_numpy()
    cumulative = np.cumsum(customers["propensity"].to_numpy())
    eligible = np.searchsorted(signup, order_days.to_numpy(), side="right")
    eligible = np.maximum(eligible, 1)
    draws = rng.random(len(order_days)) * cumulative[eligible - 1]
    return np.searchsorted(cumulative, draws, side="right")


def _order_times(rng, country, days, in_ramadan):
    evening = MARKET[country]["evening_share"]
    p_evening = np.where(in_ramadan, evening["ramadan"], evening["normal"])
    is_evening = rng.random(len(days)) < p_evening
    hours = np.where(is_evening, rng.integers(19, 24, len(days)), rng.integers(8, 19, len(days)))
    minutes = rng.integers(0, 60, len(days))
    return days + pd.to_timedelta(hours * 60 + minutes, unit="min")


def _simulate_orders(country, rng, customers, start, end):
    m = MARKET[country]
    lam = expected_orders(pd.date_range(start, end, freq="D"), country) * m["orders_scale"]
    counts = rng.poisson(lam.to_numpy())
    days = pd.DatetimeIndex(np.repeat(lam.index.to_numpy(), counts))
    who = _assign_customers(rng, customers, days)
    n = len(days)
    ramadan_days = calendar_regressors(lam.index, country).get("ramadan")
    in_ramadan = (np.repeat(ramadan_days.to_numpy(), counts).astype(bool)
                  if ramadan_days is not None else np.zeros(n, bool))
    category = draw(rng, m["category"], n)
    median = np.array([m["price_median"][c] for c in category], dtype=float)
    unit_price = np.round(rng.lognormal(np.log(median), PRICE_SIGMA), 2 if country == "PL" else 0)
    quantity = 1 + rng.poisson(0.3, n)
    own_device = rng.random(n) < 0.8
    device = np.where(own_device, customers["preferred_device"].to_numpy()[who],
                      draw(rng, m["device"], n))
    orders = pd.DataFrame({
        "customer_id": customers["customer_id"].to_numpy()[who],
        "country": country,
        "timestamp": _order_times(rng, country, days, in_ramadan),
        "region": customers["region"].to_numpy()[who],
        "category": category,
        "channel": draw(rng, m["channel"], n),
        "device": device,
        "payment": draw(rng, {k: v for k, v in m["payment"].items() if v}, n),
        "motive": draw(rng, m["motive"], n),
        "quantity": quantity,
        "unit_price": unit_price,
        "price": np.round(unit_price * quantity, 2),
        "currency": CURRENCY[country],
    })
    orders = orders.sort_values(["timestamp", "customer_id"], kind="stable").reset_index(drop=True)
    orders.insert(0, "order_id", [f"{country}-O{i + 1:06d}" for i in range(n)])
    return orders


def _simulate_sessions(country, rng, start, end):
    f = FUNNEL
    n = f["sessions"]
    lam = expected_orders(pd.date_range(start, end, freq="D"), country)
    day = rng.choice(len(lam), size=n, p=(lam / lam.sum()).to_numpy())
    channel = draw(rng, MARKET[country]["channel"], n)
    device = draw(rng, MARKET[country]["device"], n)
    mult = (np.array([f["channel_multiplier"][c] for c in channel])
            * np.array([f["device_multiplier"][d] for d in device]))
    reached = np.zeros(n, dtype=int)
    alive = np.ones(n, dtype=bool)
    for k, stage in enumerate(STAGES[1:], start=1):
        p = np.minimum(f["step_probability"][stage] * mult, 0.95)
        alive &= rng.random(n) < p
        reached[alive] = k
    sessions = pd.DataFrame({
        "country": country,
        "date": lam.index[day],
        "channel": channel,
        "device": device,
        "stage": np.array(STAGES, dtype=object)[reached],
    })
    sessions = sessions.iloc[np.argsort(day, kind="stable")].reset_index(drop=True)
    sessions.insert(0, "session_id", [f"{country}-S{i + 1:06d}" for i in range(n)])
    return sessions


def simulate_market(country: str = "DZ", start="2023-01-01", end="2024-12-31",
                    seed: int = 0) -> dict:
    """A whole online market: ``customers``, ``orders``, ``sessions`` and the ``truth``.

    Orders follow the daily demand model (:func:`expected_orders`), each going to a
    customer already signed up (keen customers buy more often); sessions walk down the
    sales funnel visit → product view → cart → checkout → purchase with the true step
    probabilities in :data:`FUNNEL`.
    """
    country = check_country(country)
    rng = np.random.default_rng(seed)
    m = MARKET[country]
    expected_total = float(expected_orders(pd.date_range(start, end), country).sum()
                           * m["orders_scale"])
    n_customers = int(round(expected_total / m["orders_per_customer"]))
    customers = _simulate_customers(country, rng, n_customers, start, end)
    orders = _simulate_orders(country, rng, customers, start, end)
    sessions = _simulate_sessions(country, rng, start, end)
    truth = {"demand": true_parameters(country), "market": copy.deepcopy(m),
             "price_sigma": PRICE_SIGMA, "funnel": copy.deepcopy(FUNNEL)}
    return {"customers": customers.drop(columns="propensity"), "orders": orders,
            "sessions": sessions, "truth": truth}


MARKET_SEED = {"DZ": 213, "PL": 48}
"""Seeds of the course's market datasets (the countries' telephone codes)."""


def _both_countries(part: str, seed: int) -> tuple[pd.DataFrame, dict]:
    tables, truth = [], {}
    for offset, country in enumerate(("DZ", "PL")):
        market = simulate_market(country, seed=seed + offset)
        tables.append(market[part])
        truth[country] = market["truth"]
    return pd.concat(tables, ignore_index=True), truth


def build_market(seed: int, table: str = "orders"):
    """Datasets ``market_<table>`` (customers, orders, sessions) of both countries, with the
    truth. Each card names its ``table``."""
    return _both_countries(table, seed)
