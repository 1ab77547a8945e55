"""A simulated CRM of an online shop in Algeria or Poland, with its true parameters.

What a CRM keeps about each customer (lesson 05): the **profile** (region, age, how they
were acquired), the **orders**, the **contacts** the shop made (e-mail, SMS, phone,
social media), the **service tickets** (questions and complaints) and the **satisfaction
survey**. From these, a snapshot table holds the variables a churn model uses.

How the data are made (all rates per month; s = satisfaction score 1-5 of the survey):

- a customer signs up with a first order on a day of the 24 months before the snapshot;
- while active they order as a Poisson process with rate λ ~ gamma(2, mean λ̄)·e^{0.2(s−3)};
- they stay active for an exponential time with mean 14·e^{0.35(s−3)} months, then
  silently stop ordering;
- each order leads to a service ticket with probability logistic(−1.8 − 0.5(s−3)), and
  a ticket is a complaint with probability 0.55;
- the survey's recommendation score is round(1 + 1.5·s + N(0, 0.9)), kept within 0-10;
- at the snapshot, *churn in the next 6 months* is drawn from the logistic model

      logit P(churn) = β0 + β1·recency_days + β2·frequency + β3·satisfaction + β4·complaints

  with the coefficients in ``TRUTH["churn"]``: a logistic regression on the snapshot table
  should find them again (within its confidence intervals).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from .calendar import check_country
from .market import REGIONS, draw

CURRENCY = {"DZ": "DZD", "PL": "PLN"}
COUNTRY_INDEX = {"DZ": 0, "PL": 1}
DAYS_PER_MONTH = 30.4375

ACQUISITION = {
    "DZ": {"social": 0.40, "seo": 0.12, "sem": 0.10, "affiliate": 0.12, "direct": 0.12,
           "email": 0.06, "sms": 0.08},
    "PL": {"seo": 0.20, "sem": 0.17, "social": 0.20, "direct": 0.15, "email": 0.14,
           "affiliate": 0.10, "sms": 0.04},
}
CONTACT_CHANNELS = {
    "DZ": {"sms": 0.35, "social": 0.30, "email": 0.20, "phone": 0.15},
    "PL": {"email": 0.50, "sms": 0.25, "social": 0.15, "phone": 0.10},
}
CONTACT_PURPOSES = {"promotion": 0.6, "reminder": 0.2, "survey": 0.1, "win_back": 0.1}
TICKET_CATEGORIES = ("delivery", "product", "payment", "return", "account")
GENDERS = ("F", "M")
SATISFACTION_SHARES = (0.07, 0.13, 0.25, 0.33, 0.22)

TRUTH = {
    "snapshot": "2025-06-30",
    "months_of_history": 24,
    "churn_horizon_months": 6,
    "churn": {"const": 0.6, "recency_days": 0.004, "frequency": -0.15,
              "satisfaction": -0.55, "complaints": 0.40},
    "recommend": {"const": 1.0, "satisfaction": 1.5, "noise_sd": 0.9},
    "order_rate_per_month": {"DZ": 0.55, "PL": 0.65},
    "order_rate_gamma_shape": 2.0,
    "satisfaction_effect_on_order_rate": 0.20,
    "active_months_mean": 14.0,
    "satisfaction_effect_on_active_months": 0.35,
    "ticket_logit": {"const": -1.8, "satisfaction": -0.5},
    "complaint_share_of_tickets": 0.55,
    "contacts_per_month": 0.3,
    "basket_median": {"DZ": 4500.0, "PL": 180.0},
    "basket_customer_sigma": 0.35,
    "basket_order_sigma": 0.45,
}
"""True parameters. ``churn`` holds the logistic coefficients per unit of the snapshot
columns (0.004 per day of recency = 0.12 per 30 days)."""


def _days(values) -> pd.TimedeltaIndex:
    return pd.to_timedelta(np.asarray(values, dtype="int64"), unit="D")


def simulate_crm(country: str = "DZ", n_customers: int = 2000, seed: int = 0,
                 truth: dict | None = None) -> dict:
    """The five CRM tables of one country and the truth, as a dict.

    Keys: ``customers`` (profile + snapshot variables + ``churned``), ``orders``,
    ``contacts``, ``tickets``, ``surveys`` (DataFrames) and ``truth`` (dict).
    """
    country = check_country(country)
    p = TRUTH if truth is None else truth
    rng = np.random.default_rng([int(seed), COUNTRY_INDEX[country]])
    n = int(n_customers)
    snapshot = pd.Timestamp(p["snapshot"])
    history_days = int(round(p["months_of_history"] * DAYS_PER_MONTH))
    ids = np.array([f"{country}-C{i + 1:05d}" for i in range(n)])

    # profile ------------------------------------------------------------------------
    signup_offset = rng.integers(1, history_days, size=n)           # days before snapshot
    signup = snapshot - _days(signup_offset)
    satisfaction = rng.choice(np.arange(1, 6), size=n, p=SATISFACTION_SHARES)
    centred = satisfaction - 3
    profile = pd.DataFrame({
        "customer_id": ids,
        "country": country,
        "region": draw(rng, REGIONS[country], n),
        "gender": draw(rng, dict.fromkeys(GENDERS, 0.5), n),
        "age": np.clip(18 + rng.gamma(3.0, 4.5, size=n).round(), 18, 75).astype("int64"),
        "signup_date": signup,
        "acquisition_channel": draw(rng, ACQUISITION[country], n),
    })

    # orders: first one at sign-up, then a Poisson process while active ----------------
    shape = p["order_rate_gamma_shape"]
    rate = rng.gamma(shape, p["order_rate_per_month"][country] / shape, size=n) * np.exp(
        p["satisfaction_effect_on_order_rate"] * centred)
    active_months = rng.exponential(p["active_months_mean"] * np.exp(
        p["satisfaction_effect_on_active_months"] * centred))
    watched_days = np.minimum(active_months * DAYS_PER_MONTH, signup_offset)
    repeat = rng.poisson(rate * watched_days / DAYS_PER_MONTH)
    owner = np.concatenate([np.arange(n), np.repeat(np.arange(n), repeat)])
    offset = np.concatenate([np.zeros(n, dtype="int64"),
                             np.floor(rng.uniform(0, np.repeat(watched_days, repeat)))
                             .astype("int64")])
    basket = p["basket_median"][country] * rng.lognormal(0, p["basket_customer_sigma"], n)
    amount = basket[owner] * rng.lognormal(0, p["basket_order_sigma"], owner.size)
    amount = np.round(amount, -1) if country == "DZ" else np.round(amount, 2)
    orders = pd.DataFrame({"customer_id": ids[owner],
                           "date": signup[owner] + _days(offset),
                           "amount": np.maximum(amount, 10.0 if country == "DZ" else 1.0),
                           "currency": CURRENCY[country]})
    orders = orders[orders["date"] <= snapshot]
    orders = orders.sort_values(["date", "customer_id"], kind="stable").reset_index(drop=True)
    orders.insert(0, "order_id", [f"{country}-O{i + 1:06d}" for i in range(len(orders))])

    # service tickets: some orders lead to one, more often for unhappy customers ---------
    owner_of = orders["customer_id"].map(dict(zip(ids, range(n), strict=True))).to_numpy()
    tl = p["ticket_logit"]
    p_ticket = 1 / (1 + np.exp(-(tl["const"] + tl["satisfaction"] * centred[owner_of])))
    has_ticket = rng.random(len(orders)) < p_ticket
    source = orders[has_ticket]
    k = len(source)
    complaint = rng.random(k) < p["complaint_share_of_tickets"]
    category = np.where(complaint,
                        np.array(TICKET_CATEGORIES, dtype=object)[rng.choice(5, k, p=[.40, .30, .10, .15, .05])],
                        np.array(TICKET_CATEGORIES, dtype=object)[rng.choice(5, k, p=[.30, .20, .20, .10, .20])])
    tickets = pd.DataFrame({
        "customer_id": source["customer_id"].to_numpy(),
        "date": source["date"].to_numpy() + _days(rng.integers(1, 11, size=k)),
        "category": category,
        "complaint": complaint,
        "resolution_days": (1 + rng.gamma(np.where(complaint, 2.0, 1.0), 2.0)).round().astype("int64"),
    })
    tickets = tickets[tickets["date"] <= snapshot]
    tickets = tickets.sort_values(["date", "customer_id"], kind="stable").reset_index(drop=True)
    tickets.insert(0, "ticket_id", [f"{country}-T{i + 1:05d}" for i in range(len(tickets))])

    # marketing contacts from sign-up to the snapshot --------------------------------------
    n_contacts = rng.poisson(p["contacts_per_month"] * signup_offset / DAYS_PER_MONTH)
    c_owner = np.repeat(np.arange(n), n_contacts)
    c_offset = np.floor(rng.uniform(0, np.repeat(signup_offset, n_contacts))).astype("int64")
    still_active = c_offset < np.repeat(watched_days, n_contacts)
    contacts = pd.DataFrame({
        "customer_id": ids[c_owner],
        "date": signup[c_owner] + _days(c_offset),
        "channel": draw(rng, CONTACT_CHANNELS[country], c_owner.size),
        "purpose": draw(rng, CONTACT_PURPOSES, c_owner.size),
        "responded": rng.random(c_owner.size) < np.where(still_active, 0.20, 0.03),
    }).sort_values(["date", "customer_id"], kind="stable").reset_index(drop=True)
    contacts.insert(0, "contact_id", [f"{country}-M{i + 1:06d}" for i in range(len(contacts))])

    # one satisfaction survey per customer, a few days after one of their orders -----------
    pick = orders.groupby("customer_id").sample(n=1, random_state=rng)
    pick = pick.set_index("customer_id").reindex(ids)
    survey_date = pick["date"] + _days(rng.integers(2, 8, size=n))
    survey_date = survey_date.where(survey_date <= snapshot, snapshot)
    rc = p["recommend"]
    recommend = np.clip(np.round(rc["const"] + rc["satisfaction"] * satisfaction
                                 + rng.normal(0, rc["noise_sd"], n)), 0, 10).astype("int64")
    surveys = pd.DataFrame({"customer_id": ids, "date": survey_date.to_numpy(),
                            "satisfaction": satisfaction.astype("int64"),
                            "recommend": recommend})
    surveys = surveys.sort_values(["date", "customer_id"], kind="stable").reset_index(drop=True)

    # the snapshot table and churn ---------------------------------------------------------
    year_ago = snapshot - pd.Timedelta(days=365)
    by_customer = orders.groupby("customer_id")
    last_year = orders[orders["date"] > year_ago].groupby("customer_id")
    complaints = tickets[tickets["complaint"] & (tickets["date"] > year_ago)].groupby(
        "customer_id").size()
    customers = profile.set_index("customer_id")
    customers["recency_days"] = (snapshot - by_customer["date"].max()).dt.days
    customers["frequency"] = last_year.size().reindex(ids, fill_value=0)
    customers["monetary"] = last_year["amount"].sum().reindex(ids, fill_value=0.0).round(2)
    customers["orders_total"] = by_customer.size().reindex(ids, fill_value=0)
    customers["tenure_days"] = (snapshot - customers["signup_date"]).dt.days
    customers["satisfaction"] = satisfaction
    customers["recommend"] = recommend
    customers["complaints"] = complaints.reindex(ids, fill_value=0)
    customers["tickets"] = tickets.groupby("customer_id").size().reindex(ids, fill_value=0)
    beta = p["churn"]
    eta = beta["const"] + sum(beta[name] * customers[name].to_numpy(float)
                              for name in ("recency_days", "frequency", "satisfaction",
                                           "complaints"))
    customers["churned"] = rng.random(n) < 1 / (1 + np.exp(-eta))
    customers["currency"] = CURRENCY[country]
    for column in ("recency_days", "frequency", "orders_total", "tenure_days", "complaints",
                   "tickets"):
        customers[column] = customers[column].astype("int64")
    customers = customers.reset_index()

    out_truth = {key: value for key, value in p.items()
                 if key not in ("order_rate_per_month", "basket_median")}
    out_truth.update({"country": country, "currency": CURRENCY[country],
                      "order_rate_per_month": p["order_rate_per_month"][country],
                      "basket_median": p["basket_median"][country],
                      "churn_per_30_days_recency": 30 * p["churn"]["recency_days"]})
    return {"customers": customers, "orders": orders, "contacts": contacts,
            "tickets": tickets, "surveys": surveys, "truth": out_truth}


@cache
def _both(seed: int) -> dict:
    parts = [simulate_crm(country, seed=seed) for country in ("DZ", "PL")]
    tables = {name: pd.concat([part[name] for part in parts], ignore_index=True)
              for name in ("customers", "orders", "contacts", "tickets", "surveys")}
    truth = {key: value for key, value in TRUTH.items()}
    truth["churn_per_30_days_recency"] = 30 * TRUTH["churn"]["recency_days"]
    truth["customers_per_country"] = 2000
    return {**tables, "truth": truth}


def build_crm(seed: int = 2026, table: str = "customers"):
    """Datasets ``crm_<table>`` (customers, orders, contacts, tickets, surveys): that table
    of both countries, and the truth. Each card names its ``table``."""
    both = _both(int(seed))
    return both[table].copy(), dict(both["truth"])
