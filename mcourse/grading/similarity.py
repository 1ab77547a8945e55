"""Which submissions' own code is unusually alike: a report for the teacher, never a grade.

The comparison is `copydetect <https://github.com/blingenf/copydetect>`_'s (MIT), the
winnowing method of MOSS (Schleimer, Wilkerson & Aiken 2003): code is tokenised with
Pygments, names and strings are replaced by placeholders (so renaming variables does
not hide a copy, and comments and blank lines do not count), and fingerprints of every
``k`` tokens are compared. A library is used rather than :mod:`difflib` because a line
diff sees ``total = a + b`` and ``s = x + y`` as different code and cannot leave out
template code fingerprint by fingerprint.

What is compared is each student's *own* code: code cells of the released notebook
(the template, same text) and the parameters cell are dropped, and what is left of the
template inside a cell is taken out as copydetect's "boilerplate". So is code that many
students wrote the same way (a fingerprint in more than :data:`COMMON_SHARE` of the
submissions): in a short exercise the natural solution is shared by half the class.

A high similarity is a reason to read two notebooks side by side, not evidence of
copying on its own: short answers leave few ways to write them, and students may work
together where the teacher allows it. Nothing here goes into a grade.
"""

from __future__ import annotations

import html
import io
import statistics
import warnings
from dataclasses import dataclass, field

from .report import page_css

K = 25
"""Fingerprint length in filtered characters (copydetect's default noise threshold)."""

WINDOW = 6
"""Winnowing window (guarantee threshold 30 - noise threshold 25 + 1, copydetect's default)."""

COMMON_SHARE = 0.5
"""A fingerprint found in more than this share of submissions is common code, not copied."""

MIN_OWN = 2 * K
"""Own code covering fewer filtered characters than this, once template and common code
are left out, is too little to compare (a share of a few characters means nothing)."""


@dataclass
class Work:
    """One submission's own code."""

    key: str  # a label the teacher can find (student id)
    name: str
    cells: list[str]

    @property
    def code(self) -> str:
        return "\n\n".join(self.cells)


@dataclass
class Pair:
    """Two submissions and how much of each one's own code the other one shares."""

    first: Work
    second: Work
    share_first: float
    share_second: float
    cells: list[tuple[int, int, list, list]] = field(default_factory=list)

    @property
    def share(self) -> float:
        return max(self.share_first, self.share_second)


@dataclass
class Comparison:
    """Every pair's similarity, the flagged ones, and what could not be compared."""

    works: list[Work]
    shares: list[float]
    pairs: list[Pair]
    too_short: list[Work]
    threshold: float


def _normalise(source: str) -> str:
    return "\n".join(line.rstrip() for line in source.splitlines() if line.strip())


def template_sources(template) -> list[str]:
    """The code cells of the released notebook (what every student started from)."""
    return [c.source for c in template.cells if c.cell_type == "code" and c.source.strip()]


def own_cells(nb, template: list[str]) -> list[str]:
    """A submission's code cells that are not the template's, nor its parameters cell."""
    known = {_normalise(s) for s in template}
    cells = []
    for cell in nb.get("cells", []):
        tags = cell.get("metadata", {}).get("tags", []) or []
        if cell.get("cell_type") != "code" or {"parameters", "injected-parameters"} & set(tags):
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        if _normalise(source) and _normalise(source) not in known:
            cells.append(source)
    return cells


def _fingerprint(code: str, boilerplate=None):
    from copydetect import CodeFingerprint

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CodeFingerprint("cell.py", K, WINDOW, boilerplate=boilerplate, language="python",
                               fp=io.StringIO(code))


def _boilerplate(works: list[Work], template: list[str]):
    import numpy as np

    hashes = set(_fingerprint("\n\n".join(template)).hashes) if template else set()
    counts: dict[int, int] = {}
    for work in works:
        for value in _fingerprint(work.code).hashes:
            counts[value] = counts.get(value, 0) + 1
    if len(works) >= 4:
        hashes |= {h for h, n in counts.items() if n > COMMON_SHARE * len(works)}
    return np.array(sorted(hashes), dtype=np.int64)


def _cell_pairs(first: Work, second: Work, boilerplate) -> list[tuple[int, int, list, list]]:
    """For each cell of ``first`` sharing code with ``second``, the cell it shares most with."""
    from copydetect import compare_files

    left = [_fingerprint(c, boilerplate) for c in first.cells]
    right = [_fingerprint(c, boilerplate) for c in second.cells]
    found = []
    for i, a in enumerate(left):
        best = None
        for j, b in enumerate(right):
            if not a.hashes & b.hashes:
                continue
            overlap, _shares, slices = compare_files(a, b)
            if overlap and (best is None or overlap > best[0]):
                best = (overlap, j, slices)
        if best:
            overlap, j, (slices_a, slices_b) = best
            found.append((overlap, i, j, slices_a.tolist(), slices_b.tolist()))
    found.sort(key=lambda item: -item[0])
    return [(i, j, a, b) for _overlap, i, j, a, b in found]


def compare(works: list[Work], template: list[str], threshold: float = 0.6) -> Comparison:
    """Compare every pair of ``works``; pairs at or above ``threshold`` are flagged."""
    from copydetect import compare_files

    boilerplate = _boilerplate(works, template)
    prints = {w.key: _fingerprint(w.code, boilerplate) for w in works}
    usable = [w for w in works if prints[w.key].token_coverage >= MIN_OWN]
    too_short = [w for w in works if w not in usable]
    shares, pairs = [], []
    for index, first in enumerate(usable):
        for second in usable[index + 1:]:
            overlap, (share_a, share_b), _slices = compare_files(prints[first.key],
                                                                 prints[second.key])
            share_a, share_b = float(min(share_a, 1.0)), float(min(share_b, 1.0))
            shares.append(max(share_a, share_b))
            if overlap and max(share_a, share_b) >= threshold:
                pair = Pair(first, second, share_a, share_b)
                pair.cells = _cell_pairs(first, second, boilerplate)
                pairs.append(pair)
    pairs.sort(key=lambda p: -p.share)
    return Comparison(works, shares, pairs, too_short, threshold)


# --- the report --------------------------------------------------------------------------

def _highlight(code: str, slices: list) -> str:
    starts, ends = slices if len(slices) == 2 else ([], [])
    out, last = [], 0
    for start, end in sorted(zip(starts, ends, strict=False)):
        start, end = max(int(start), last), int(end)
        if start >= end:
            continue
        out.append(html.escape(code[last:start]))
        out.append(f"<mark>{html.escape(code[start:end])}</mark>")
        last = end
    out.append(html.escape(code[last:]))
    return "".join(out)


CSS = page_css("75rem", "0.6rem") + """
.side { display: grid; grid-template-columns: 1fr 1fr; gap: 0.8rem; margin: 0.6rem 0 1.2rem; }
pre { direction: ltr; text-align: left; unicode-bidi: isolate; background: #f7f7f7;
      padding: 0.5rem; white-space: pre-wrap; font-size: 0.85rem; margin: 0; }
mark { background: #ffe08a; }
.note { color: #555; }
"""


def render(comparison: Comparison, title: str, lang: str) -> str:
    """The similarity report page (teacher's language ``lang``)."""
    from ..i18n import language, t
    from ..i18n.formatting import fmt_percent

    def bdi(text) -> str:
        return f"<bdi>{html.escape(str(text))}</bdi>"

    with language(lang):
        parts = [f"<h1>{html.escape(t('grading.similarity.title'))}: {html.escape(title)}</h1>",
                 f"<p>{html.escape(t('grading.similarity.what'))}</p>",
                 f"<p class='note'>{html.escape(t('grading.similarity.caveat'))}</p>"]
        n_pairs = len(comparison.shares)
        median = statistics.median(comparison.shares) if comparison.shares else 0.0
        parts.append("<p>" + html.escape(t(
            "grading.similarity.compared", count=len(comparison.works) - len(
                comparison.too_short), pairs=n_pairs, median=fmt_percent(median, 0),
            threshold=fmt_percent(comparison.threshold, 0))) + "</p>")
        if comparison.too_short:
            names = ", ".join(f"{w.name} ({w.key})" if w.name else w.key
                              for w in comparison.too_short)
            parts.append(f"<p class='note'>{html.escape(t('grading.similarity.too_short'))}: "
                         f"{bdi(names)}</p>")
        if not comparison.pairs:
            parts.append(f"<p><strong>{html.escape(t('grading.similarity.none'))}"
                         "</strong></p>")
        else:
            head = [t("grading.similarity.student_a"), t("grading.similarity.student_b"),
                    t("grading.similarity.share_a"), t("grading.similarity.share_b")]
            rows = []
            for number, pair in enumerate(comparison.pairs, 1):
                rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in (
                    f"<a href='#pair{number}'>{bdi(pair.first.name or pair.first.key)}</a>"
                    f" {bdi(pair.first.key)}",
                    f"{bdi(pair.second.name or pair.second.key)} {bdi(pair.second.key)}",
                    bdi(fmt_percent(pair.share_first, 0)),
                    bdi(fmt_percent(pair.share_second, 0)))) + "</tr>")
            parts.append("<table><thead><tr>" + "".join(
                f"<th>{html.escape(h)}</th>" for h in head) + "</tr></thead><tbody>"
                + "".join(rows) + "</tbody></table>")
            for number, pair in enumerate(comparison.pairs, 1):
                parts.append(f"<h2 id='pair{number}'>{bdi(pair.first.name or pair.first.key)}"
                             f" — {bdi(pair.second.name or pair.second.key)}</h2>")
                parts.append(f"<p>{html.escape(t('grading.similarity.cells'))}</p>")
                for i, j, slices_a, slices_b in pair.cells:
                    parts.append(
                        "<div class='side'>"
                        f"<pre>{_highlight(pair.first.cells[i], slices_a)}</pre>"
                        f"<pre>{_highlight(pair.second.cells[j], slices_b)}</pre></div>")
        direction = "rtl" if lang == "ar" else "ltr"
        page_title = html.escape(f"{t('grading.similarity.title')} – {title}")
    return (f'<!DOCTYPE html>\n<html lang="{lang}" dir="{direction}">\n<head>\n'
            f'<meta charset="utf-8">\n<title>{page_title}</title>\n<style>{CSS}</style>\n'
            f"</head>\n<body>\n" + "\n".join(parts) + "\n</body>\n</html>\n")
