"""Charts of lesson 06, titled and labelled in the active language."""

from __future__ import annotations

import numpy as np

from ..i18n import t
from ..plots import PALETTE, figure_and_axes, label


def plot_power_curve(curve, target: float = 0.8, ax=None):
    """Power against visitors per group (a :func:`~mcourse.experiments.power_curve`
    table), with the ``target`` power marked."""
    fig, ax = figure_and_axes(ax, (8, 4.5))
    ax.plot(curve["visitors"], curve["power"], color=PALETTE[0], lw=2)
    ax.axhline(target, color="grey", ls="--", lw=1, label=t("experiments.plot.target_power"))
    ax.set_xscale("log")
    ax.set_ylim(0, 1)
    ax.legend(loc="lower right")
    label(ax, t("experiments.plot.power_title"), t("experiments.plot.visitors_per_group"),
          t("experiments.plot.power"), x="number", y="percent")
    fig.tight_layout()
    return fig


def plot_false_positives(rates, alpha: float = 0.05, ax=None):
    """False-alarm rate of an A/A test checked once vs at every look (peeking)."""
    fig, ax = figure_and_axes(ax, (6, 4))
    names = [t("experiments.plot.fixed"), t("experiments.plot.peeking")]
    ax.bar(names, [rates["fixed"], rates["peeking"]], color=[PALETTE[0], PALETTE[3]])
    ax.axhline(alpha, color="grey", ls="--", lw=1, label=t("experiments.plot.promised"))
    ax.legend()
    label(ax, t("experiments.plot.peeking_title"), None, t("experiments.plot.false_positives"),
          x=None, y="percent")
    fig.tight_layout()
    return fig


def plot_effects(effects, truth: dict | None = None, ax=None):
    """Estimated effects with their intervals (a :func:`factorial_effects` table, the
    intercept left out), and the true values as dots when known."""
    table = effects.drop(index="Intercept", errors="ignore")
    fig, ax = figure_and_axes(ax, (10, 5))
    y = np.arange(len(table))[::-1]
    ax.errorbar(table["estimate"], y, xerr=[table["estimate"] - table["ci_low"],
                                           table["ci_high"] - table["estimate"]],
                fmt="o", color=PALETTE[0], capsize=3, label=t("experiments.plot.estimate"))
    if truth:
        ax.scatter([truth[name] for name in table.index], y, marker="x", color=PALETTE[3],
                   zorder=3, label=t("experiments.plot.truth"))
    ax.axvline(0, color="grey", lw=1)
    ax.set_yticks(y)
    ax.set_yticklabels([term_label(name) for name in table.index])
    ax.legend(loc="lower right")
    label(ax, t("experiments.plot.effects_title"), t("experiments.plot.effect_on_spend"), None,
          x="number", y=None)
    fig.tight_layout()
    return fig


def term_label(term: str) -> str:
    """``"email:social"`` → "e-mail × social media" in words of the active language."""
    if term in ("Intercept", "Residual"):
        return t(f"experiments.term.{term}")
    return " × ".join(t(f"experiments.service.{part}") for part in term.split(":"))


def plot_contributions(contrib, ax=None):
    """Weekly sales split into the baseline and each channel's estimated contribution
    (a :func:`~mcourse.experiments.contributions` table), stacked."""
    fig, ax = figure_and_axes(ax, (10, 4.5))
    names = [t("experiments.plot.baseline")] + [t(f"experiments.service.{c}")
                                                for c in contrib.columns[1:]]
    ax.stackplot(contrib.index, contrib.to_numpy().T, labels=names,
                 colors=PALETTE[:len(names)], alpha=0.85)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=len(names))
    label(ax, t("experiments.plot.contribution_title"), None, t("word.sales"),
          x="month", y="money")
    fig.tight_layout()
    return fig


def plot_within(table, level_names: dict | None = None, ax=None):
    """Conversion rate of both levels in each group, overall and adjusted (a
    :func:`~mcourse.experiments.compare_within` table): where Simpson's paradox shows."""
    levels = [c for c in table.columns if c not in ("difference", "customers")]
    level_names = level_names or {}
    fig, ax = figure_and_axes(ax, (8, 4.5))
    x = np.arange(len(table))
    width = 0.38
    for i, level in enumerate(levels):
        ax.bar(x + (i - 0.5) * width, table[level], width, color=PALETTE[i],
               label=level_names.get(level, str(level)))
    ax.set_xticks(x)
    ax.set_xticklabels([group_label(name) for name in table.index])
    ax.legend()
    label(ax, t("experiments.plot.within_title"), None, t("experiments.plot.conversion"),
          x=None, y="percent")
    fig.tight_layout()
    return fig


def group_label(name) -> str:
    """A row name of :func:`compare_within` in words (groups, overall, adjusted)."""
    from ..i18n import has

    key = f"experiments.group.{name}"
    return t(key) if has(key) else str(name)
