"""A one-page overview of a graded class for the teacher, in the teacher's language.

How many students handed in, were graded, were late, submitted nothing or hit a
problem; what each status means in words; and, per question, how the points are spread
(a bar chart per question, embedded in the page so it opens anywhere without other
files). It reads the same rows as ``status.csv``, so the two always agree.
"""

from __future__ import annotations

import base64
import html
import io
from collections import Counter
from dataclasses import dataclass, field

from .report import page_css

FAILED = ("cell_error", "memory", "cell_timeout", "notebook_timeout", "kernel_died",
          "kernel_start", "output_limit", "not_notebook", "no_student_id", "reference_failed",
          "grader_error", "no_notebook")
"""Status codes that mean the work could not be run or graded as it is."""


@dataclass
class Entry:
    """One row of ``status.csv``, read back."""

    file: str
    student_id: str
    name: str
    codes: list[str]
    scores: dict[str, float | None]
    total: float | None


@dataclass
class ClassFacts:
    """What the overview needs beyond the rows."""

    students: int
    similar_pairs: int | None = None
    unmatched: list[str] = field(default_factory=list)
    moodle_max: float | None = None


def _number(text: str) -> float | None:
    try:
        return float(text) if str(text).strip() != "" else None
    except ValueError:
        return None


def entries_from_status(rows: list[list[str]], header: list[str], questions) -> list[Entry]:
    """``status.csv`` rows (as lists, with their header) as :class:`Entry` objects."""
    from ..i18n import t

    index = {name: i for i, name in enumerate(header)}

    def cell(row, key):
        i = index.get(t(key)) if key.startswith("grading.") else index.get(key)
        return row[i] if i is not None and i < len(row) else ""

    out = []
    for row in rows:
        out.append(Entry(cell(row, "grading.col.file"), cell(row, "grading.col.id"),
                         cell(row, "grading.col.name"), cell(row, "grading.col.status").split(),
                         {q: _number(cell(row, q)) for q in questions},
                         _number(cell(row, "grading.col.total"))))
    return out


def _chart(values: list[float], maximum: float, title: str, lang: str) -> str:
    """A bar chart of how many students got each number of points, as a base64 PNG."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    from ..i18n import t
    from ..i18n.formatting import fmt_decimal
    from ..plots import PALETTE, theme

    counts = Counter(round(v, 2) for v in values)
    with theme():
        figure = Figure(figsize=(5.2, 3.2))
        FigureCanvasAgg(figure)
        ax = figure.subplots()
        points = sorted(set(counts) | {0.0, round(maximum, 2)})
        ax.bar(range(len(points)), [counts.get(p, 0) for p in points], color=PALETTE[0])
        ax.set_xticks(range(len(points)), [fmt_decimal(p, 2, lang=lang) for p in points])
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: fmt_decimal(y, 0, lang=lang)))
        ax.set_title(title, fontsize=13)
        ax.set_xlabel(t("grading.overview.points", lang))
        ax.set_ylabel(t("grading.overview.students", lang))
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=90)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


CSS = page_css("70rem") + """
.charts { display: flex; flex-wrap: wrap; gap: 1rem; }
figure { margin: 0; } figcaption { font-size: 0.9rem; color: #555; }
"""


def counts(entries: list[Entry], facts: ClassFacts) -> dict[str, int]:
    """The headline numbers (by student, a student with two files counted once)."""
    def students(test) -> int:
        return len({e.student_id or e.file for e in entries if test(e)})

    return {
        "students": facts.students,
        "submitted": students(lambda e: e.file and "no_submission" not in e.codes),
        "graded": students(lambda e: e.file and e.total is not None),
        "late": students(lambda e: "late" in e.codes or "too_late" in e.codes),
        "too_late": students(lambda e: "too_late" in e.codes),
        "missing": students(lambda e: "no_submission" in e.codes),
        "failed": students(lambda e: any(c in FAILED for c in e.codes)),
        "duplicate": students(lambda e: "duplicate" in e.codes),
        "override": students(lambda e: "override" in e.codes),
    }


def render(entries: list[Entry], assignment, facts: ClassFacts, lang: str) -> str:
    """The overview page, in ``lang``."""
    from ..i18n import has, language, t
    from ..i18n.formatting import fmt_decimal
    from .assignment import localised

    def bdi(text) -> str:
        return f"<bdi>{html.escape(str(text))}</bdi>"

    with language(lang):
        title = localised(assignment.title, lang, assignment.id)
        parts = [f"<h1>{html.escape(t('grading.overview.title'))}: {html.escape(title)}</h1>"]
        numbers = counts(entries, facts)
        if facts.similar_pairs is not None:
            numbers["similar"] = facts.similar_pairs
        rows = "".join(f"<tr><th>{html.escape(t('grading.overview.count.' + key))}</th>"
                       f"<td>{bdi(fmt_decimal(value, 0))}</td></tr>"
                       for key, value in numbers.items())
        parts.append(f"<table><tbody>{rows}</tbody></table>")
        if facts.moodle_max:
            parts.append("<p>" + html.escape(t(
                "grading.overview.moodle_scale", points=fmt_decimal(assignment.max_points, 2),
                maximum=fmt_decimal(facts.moodle_max, 2))) + "</p>")
        if facts.unmatched:
            parts.append(f"<p>{html.escape(t('grading.overview.unmatched'))}: "
                         f"{bdi(', '.join(facts.unmatched))}</p>")
        codes = Counter(c for e in entries for c in dict.fromkeys(e.codes))
        parts.append(f"<h2>{html.escape(t('grading.overview.statuses'))}</h2>")
        status_rows = []
        for code, number in sorted(codes.items(), key=lambda item: (-item[1], item[0])):
            words = t(f"grading.status.{code}") if has(f"grading.status.{code}") else code
            status_rows.append(f"<tr><td>{html.escape(words)}</td><td><code>{html.escape(code)}"
                               f"</code></td><td>{bdi(fmt_decimal(number, 0))}</td></tr>")
        head = "".join(f"<th>{html.escape(t(k))}</th>" for k in (
            "grading.overview.status_words", "grading.overview.status_code",
            "grading.overview.files"))
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(status_rows)}"
                     "</tbody></table>")
        graded = [e for e in entries if e.file and e.total is not None
                  and "duplicate" not in e.codes]  # as the gradebook: one grade per student
        parts.append(f"<h2>{html.escape(t('grading.overview.distributions'))}</h2>")
        if not graded:
            parts.append(f"<p>{html.escape(t('grading.overview.nothing_graded'))}</p>")
        else:
            charts = []
            for qid, question in list(assignment.questions.items()) + [("total", None)]:
                if question is None:
                    values, maximum = [e.total for e in graded], assignment.max_points
                    caption = t("grading.overview.total")
                else:
                    values = [e.scores.get(qid) for e in graded if e.scores.get(qid) is not None]
                    maximum = question.points
                    label = localised(question.title, lang, "")
                    caption = f"{qid}: {label}" if label else qid
                if not values:
                    continue
                png = _chart(values, maximum, caption, lang)
                alt = t("grading.overview.chart_alt", question=caption)
                charts.append(f"<figure><img src='data:image/png;base64,{png}' "
                              f"alt='{html.escape(alt, quote=True)}'><figcaption>"
                              f"{html.escape(caption)}</figcaption></figure>")
            parts.append(f"<div class='charts'>{''.join(charts)}</div>")
        direction = "rtl" if lang == "ar" else "ltr"
        page_title = html.escape(f"{t('grading.overview.title')} – {assignment.id}")
    return (f'<!DOCTYPE html>\n<html lang="{lang}" dir="{direction}">\n<head>\n'
            f'<meta charset="utf-8">\n<title>{page_title}</title>\n<style>{CSS}</style>\n'
            f"</head>\n<body>\n" + "\n".join(parts) + "\n</body>\n</html>\n")
