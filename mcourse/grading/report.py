"""One self-contained HTML report per submission, in the student's language.

The page needs no network and no other file: the course's CSS is inlined. Arabic
reports are right-to-left (``dir="rtl"``), while numbers, answers, identifiers and error
messages are isolated left-to-right (``<bdi dir="ltr">``) so they read the right way
round. Everything that came from a notebook is HTML-escaped. Expected answers appear
only when the teacher allows it (``show_expected``).
"""

from __future__ import annotations

import html
import json
from datetime import datetime
from pathlib import Path

from ..i18n import format_count, is_plural, language, t, template
from ..i18n.formatting import fmt_decimal, fmt_number
from ..styles import course_css
from .assignment import localised
from .files import write_atomic
from .lateness import fmt_moment
from .naming import safe_id


def page_css(width: str, cell_padding: str = "0.7rem") -> str:
    """The look shared by the grader's pages (student reports, class overview, similarity):
    one readable column ``width`` wide, fonts with Arabic and Polish glyphs, ruled tables
    whose cells start on the reading side (``text-align: start``)."""
    return f"""
body {{ font-family: "Noto Sans", "Noto Naskh Arabic", "DejaVu Sans", Arial, sans-serif;
       max-width: {width}; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #222; }}
table {{ border-collapse: collapse; margin: 1rem 0; }}
th, td {{ border: 1px solid #bbb; padding: 0.3rem {cell_padding}; text-align: start;
         vertical-align: top; }}
th {{ background: #f2f2f2; }}
"""


REPORT_CSS = page_css("60rem") + """code, pre { direction: ltr; unicode-bidi: isolate; text-align: left; font-family: monospace; }
pre { background: #f7f7f7; padding: 0.5rem; white-space: pre-wrap; }
.total { font-size: 1.3rem; font-weight: bold; }
.correct { color: #1a7f37; } .partial { color: #9a6700; } .wrong, .format, .invalid,
.missing { color: #cf222e; } .no_reference { color: #6e7781; }
footer { margin-top: 2rem; font-size: 0.85rem; color: #555; }
"""


def report_name(student_id, relpath: str, key: str, unique: bool, taken: set) -> str:
    """File name of a report: ``<id>.html``, with a suffix when the id is not unique."""
    if student_id and unique:
        base = safe_id(student_id)
    elif student_id:
        base = f"{safe_id(student_id)}__{key[:8]}"
    else:
        base = f"_{safe_id(Path(relpath).stem)[:40]}__{key[:8]}"
    name, n = f"{base}.html", 1
    while name in taken:
        n += 1
        name = f"{base}-{n}.html"
    taken.add(name)
    return name


def _ltr(value) -> str:
    return f'<bdi dir="ltr">{html.escape(str(value))}</bdi>'


def _sentence(key: str, lang: str, **values) -> str:
    """A catalogue message as HTML, each value escaped and isolated left-to-right.

    A message with plural forms takes the form its ``count`` needs in ``lang``; the count
    is written in the language's number format.
    """
    if "count" in values and is_plural(key):
        text = template(key, lang, values["count"])
        values["count"] = format_count(values["count"], lang)
    else:
        text = template(key, lang)
    marks = {name: f"\x00{i}\x00" for i, name in enumerate(values)}
    text = html.escape(text.format(**marks))
    for i, value in enumerate(values.values()):
        text = text.replace(f"\x00{i}\x00", _ltr(value))
    return text


def _event_html(event: dict, lang: str) -> str:
    """An event in the student's language: numbers (``_n``) and moments (``_d``) that the
    teacher's status table wrote in the teacher's language are written again in ``lang``."""
    values = dict(event.get("values", {}))
    reason_key = values.pop("reason_key", None)
    for name, number in (values.pop("_n", None) or {}).items():
        values[name] = fmt_decimal(number, 2, lang=lang)
    for name, moment in (values.pop("_d", None) or {}).items():
        values[name] = fmt_moment(datetime.fromisoformat(moment), lang)
    values["cell"] = event.get("cell") if event.get("cell") is not None else "-"
    if reason_key:
        values["reason"] = t(reason_key, lang, **values)
    return _sentence(f"grading.event.{event['code']}", lang, **values)


def _number(value, lang: str) -> str:
    if value is None:
        return "–"
    return fmt_number(round(float(value), 2), lang=lang)


def _value(value) -> str:
    if value is None:
        return "–"
    return f"<code>{html.escape(json.dumps(value, ensure_ascii=False)[:300])}</code>"


def render_report(result: dict, assignment, student, show_expected: bool, events) -> str:
    """The HTML text of one report (see module docstring)."""
    lang = result.get("lang") or "en"
    with language(lang):
        direction = "rtl" if lang == "ar" else "ltr"
        title = localised(assignment.title, lang, assignment.id)
        parts = [f"<h1>{html.escape(t('course.title'))}: {html.escape(title)}</h1>"]
        who = student.name if student and student.name else ""
        sid = result.get("student_id") or result.get("file")
        parts.append(f"<p>{html.escape(t('grading.report.student'))}: "
                     f"{('<bdi>' + html.escape(who) + '</bdi> ') if who else ''}{_ltr(sid)}</p>")
        scores = result.get("scores")
        if scores is not None:
            total = t("grading.report.total_value", score=_number(result.get("total"), lang),
                      max=_number(assignment.max_points, lang))
            parts.append(f'<p class="total">{html.escape(t("grading.report.total"))}: '
                         f'<bdi>{html.escape(total)}</bdi></p>')
            head = [t("grading.report.question"), t("grading.report.points"),
                    t("grading.report.result")]
            if show_expected:
                head += [t("grading.report.given"), t("grading.report.expected")]
            rows = []
            for score in scores:
                question = assignment.questions.get(score["question"])
                label = localised(question.title, lang, "") if question else ""
                verdict = (f'<span class="{score["verdict"]}">'
                           f'{html.escape(t("grading.verdict." + score["verdict"]))}</span>')
                override = score.get("override")
                if isinstance(override, dict):  # the teacher's points (overrides file)
                    verdict += "<br>" + _sentence(
                        "grading.report.override", lang,
                        before=_number(override.get("before"), lang),
                        comment=override.get("comment") or "-")
                cells = [_ltr(score["question"]) + (f" {html.escape(label)}" if label else ""),
                         f'<bdi dir="ltr">{_number(score["points"], lang)} / '
                         f'{_number(score["max"], lang)}</bdi>', verdict]
                if show_expected:
                    cells += [_value(score.get("given")), _value(score.get("expected"))]
                rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
            parts.append("<table><thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in head)
                         + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")
            feedback = []
            for score in scores:
                question = assignment.questions.get(score["question"])
                text = localised(question.feedback, lang, "") if question else ""
                if text and score["verdict"] != "correct":
                    feedback.append(f"<li>{_ltr(score['question'])}: {html.escape(text)}</li>")
                if score["verdict"] == "format" and isinstance(score.get("detail"), dict):
                    detail = score["detail"]
                    feedback.append("<li>" + _ltr(score["question"]) + ": " + _sentence(
                        "grading.format.bad", lang, wanted=detail.get("wanted", ""),
                        got=detail.get("got", "")) + "</li>")
            if feedback:
                parts.append(f"<h2>{html.escape(t('grading.report.feedback'))}</h2>"
                             f"<ul>{''.join(feedback)}</ul>")
        parts.append(f"<h2>{html.escape(t('grading.report.what_happened'))}</h2>")
        items = [f"<li>{_event_html(e, lang)}</li>" for e in events]
        parts.append(f"<ul>{''.join(items) or '<li>' + html.escape(t('grading.event.ok')) + '</li>'}</ul>")
        isolation = result.get("isolation")
        if isolation:
            parts.append(f"<footer>{html.escape(t('grading.isolation.' + isolation))}</footer>")
        body = "\n".join(parts)
        page_title = html.escape(f"{assignment.id} – {sid}")
    return (f'<!DOCTYPE html>\n<html lang="{lang}" dir="{direction}">\n<head>\n'
            f'<meta charset="utf-8">\n<title>{page_title}</title>\n'
            f"<style>\n{course_css()}\n{REPORT_CSS}</style>\n</head>\n<body>\n"
            f'<div class="jp-RenderedHTMLCommon"><div dir="{direction}" lang="{lang}">\n'
            f"{body}\n</div></div>\n</body>\n</html>\n")


def write_report(path, result: dict, assignment, student, show_expected: bool, events) -> Path:
    """Render and write one report atomically."""
    return write_atomic(path, render_report(result, assignment, student, show_expected, events))
