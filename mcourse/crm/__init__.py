"""Customer relationship management analytics (lesson 05).

- :mod:`.rfm` — RFM scores, named segments, the RFM grid;
- :mod:`.cohorts` — monthly cohorts and their retention matrix;
- :mod:`.churn` — odds, logistic regression of churn, odds ratios in words and as
  probabilities, the money of a retention campaign (by threshold or by expected gain);
- :mod:`.loyalty` — satisfaction against loyalty;
- :func:`labelled` — any of these tables with headers in the lesson's language.

The course's CRM data come from :mod:`mcourse.data.customers` (datasets ``crm_*``).
"""

from __future__ import annotations

from .churn import (
    best_threshold,
    campaign,
    campaign_by_threshold,
    campaign_outcome,
    churn_probability,
    confusion_table,
    expected_gain,
    fit_churn,
    odds,
    odds_ratios,
    plot_campaign,
    plot_confusion,
    probability_from_odds,
    probability_shift,
    read_odds_ratios,
)
from .cohorts import cohort_activity, plot_retention_heatmap, retention_matrix
from .labels import labelled, segment_name
from .loyalty import fit_loyalty, loyalty_by_satisfaction, plot_satisfaction_loyalty, read_loyalty
from .rfm import SEGMENTS, plot_rfm_grid, plot_segment_value, rfm_scores, rfm_table, segment_summary

__all__ = ["SEGMENTS", "best_threshold", "campaign", "campaign_by_threshold",
           "campaign_outcome", "churn_probability", "cohort_activity", "confusion_table",
           "expected_gain", "fit_churn", "fit_loyalty", "labelled", "loyalty_by_satisfaction",
           "odds", "odds_ratios", "plot_campaign", "plot_confusion", "plot_retention_heatmap",
           "plot_rfm_grid", "plot_satisfaction_loyalty", "plot_segment_value",
           "probability_from_odds", "probability_shift", "read_loyalty", "read_odds_ratios",
           "retention_matrix", "rfm_scores", "rfm_table", "segment_name", "segment_summary"]
