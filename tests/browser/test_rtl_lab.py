"""Right-to-left that looks right, checked in a real browser (``make test-browser``).

Lesson 00 is opened in the JupyterLab that ``make lab`` starts (project config in
``jupyter_config/`` with the course CSS rule) and, exported with ``mcourse export``, as a
static page. In headless Debian Chromium, driven by Playwright, every Arabic paragraph,
heading and list item must compute ``direction: rtl`` with its text flush right, and every
Polish one ``ltr`` and flush left. Screenshots go to ``build/browser-artifacts/``.

Needs ``/usr/bin/chromium`` (``.ci/install-chromium``) and the ``playwright`` package; never
``playwright install``.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from labtools import ROOT, artifact, export_page, offline_page

pytestmark = pytest.mark.browser

LESSON = ROOT / "notebooks" / "00_start_here.ipynb"
PROSE = "p, li, h1, h2, h3, h4, h5, h6"

# For each element: computed direction and text-align, and where its own text sits. Text
# is measured line by line (client rects of its inline content, grouped by line), without
# nested blocks (lists, paragraphs, display formulas), which are checked on their own.
# `gapStart`/`gapEnd` are the largest distance, over its lines, between the text and the
# start/end edge of the element's content box.
MEASURE_JS = """
(root) => {
  const prose = [...root.querySelectorAll(arguments_selector)];
  return prose.map((el) => {
    const cs = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const left = box.left + parseFloat(cs.borderLeftWidth) + parseFloat(cs.paddingLeft);
    const right = box.right - parseFloat(cs.borderRightWidth) - parseFloat(cs.paddingRight);
    const rects = [];
    for (const node of el.childNodes) {
      let boxes;
      if (node.nodeType === 3) {
        const range = document.createRange();
        range.selectNodeContents(node);
        boxes = range.getClientRects();
      } else if (node.nodeType === 1 && getComputedStyle(node).display.startsWith("inline")) {
        boxes = node.getClientRects();  // inline fragments: <strong>, <a>, formulas...
      } else {
        continue;
      }
      for (const r of boxes) {
        if (r.width >= 1 && r.height >= 1) rects.push(r);
      }
    }
    rects.sort((a, b) => a.top - b.top);
    const lines = [];  // a rect joins the line its vertical middle falls in
    for (const r of rects) {
      const mid = (r.top + r.bottom) / 2;
      const line = lines.find((l) => mid >= l.top && mid <= l.bottom);
      if (line) {
        line.left = Math.min(line.left, r.left);
        line.right = Math.max(line.right, r.right);
      } else {
        lines.push({top: r.top, bottom: r.bottom, left: r.left, right: r.right});
      }
    }
    const rtl = cs.direction === "rtl";
    let gapStart = 0, gapEnd = 0;
    for (const line of lines) {
      const gl = line.left - left, gr = right - line.right;
      gapStart = Math.max(gapStart, rtl ? gr : gl);
      gapEnd = Math.max(gapEnd, rtl ? gl : gr);
    }
    return {tag: el.tagName.toLowerCase(), text: el.textContent.trim().slice(0, 40),
            direction: cs.direction, textAlign: cs.textAlign, lines: lines.length,
            gapStart, gapEnd, width: right - left};
  });
}
""".replace("arguments_selector", repr(PROSE))


def _side(item: dict) -> str:
    """'right' or 'left': the side text-align puts the text on (start/end resolved)."""
    align = item["textAlign"]
    if align in ("start", "end"):
        at_start = align == "start"
        rtl = item["direction"] == "rtl"
        return "right" if at_start == rtl else "left"
    return {"-webkit-right": "right", "-webkit-left": "left"}.get(align, align)


def check_prose(items: list[dict], lang: str) -> list[str]:
    """Problems with the direction and alignment of one language's prose elements."""
    want_dir, want_side = ("rtl", "right") if lang == "ar" else ("ltr", "left")
    problems = []
    for item in items:
        label = f"{lang} <{item['tag']}> {item['text']!r}"
        if item["direction"] != want_dir:
            problems.append(f"{label}: direction {item['direction']}, expected {want_dir}")
        if _side(item) != want_side:
            problems.append(f"{label}: text-align {item['textAlign']} puts it {_side(item)}")
        # Flush to its start edge (the right for Arabic) on every line, within 2 px.
        if item["lines"] and item["gapStart"] > 2:
            problems.append(f"{label}: text is {item['gapStart']:.0f}px away from the "
                            f"{want_side} edge")
    return problems


def _prose_by_language(items_per_cell: list[list[dict]], tags_per_cell: list[list[str]]):
    found = {"ar": [], "pl": []}
    for items, tags in zip(items_per_cell, tags_per_cell, strict=True):
        for lang in found:
            if f"lang-{lang}" in tags:
                found[lang].extend(items)
    return found


def assert_reads_in(items: list[dict], lang: str) -> None:
    """One language's prose: paragraphs, headings and list items, each set the right way."""
    tags = {item["tag"] for item in items}
    assert "p" in tags and "li" in tags and tags & {"h1", "h2", "h3"}, (
        f"lesson 00 should have {lang} paragraphs, headings and list items; found {tags}")
    problems = check_prose(items, lang)
    assert not problems, "\n".join(problems)


def open_in_lab(page, server, name: str, nb) -> None:
    """Open notebook ``name`` (relative to notebooks/) and wait until its prose is drawn."""
    page.goto(server.url(f"/lab/tree/{name}"))
    page.wait_for_selector(".jp-NotebookPanel .jp-MarkdownCell .jp-RenderedMarkdown",
                           timeout=90_000)
    n_cells = len(nb.cells)
    page.wait_for_function(
        "(n) => document.querySelectorAll('.jp-NotebookPanel .jp-Notebook .jp-Cell')"
        ".length === n", arg=n_cells, timeout=60_000)
    # Every Markdown cell rendered (not left in its editor), MathJax done where there is math.
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-NotebookPanel .jp-MarkdownCell')]"
        ".every(c => c.querySelector('.jp-RenderedMarkdown:not(.lm-mod-hidden)'))",
        timeout=60_000)
    if any(c.cell_type == "markdown" and "$" in c.source for c in nb.cells):
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:  # a "$" may be a price rather than a formula: then there is nothing to wait for
            page.wait_for_selector(".jp-RenderedMarkdown mjx-container", state="attached",
                                   timeout=20_000)
        except PlaywrightTimeout:
            pass
    page.wait_for_timeout(500)  # fonts and the last layout pass


def lab_prose(page, nb) -> dict[str, list[dict]]:
    """Measurements of every prose element, by language, cell by cell in notebook order."""
    cells = page.query_selector_all(".jp-NotebookPanel .jp-Notebook .jp-Cell")
    assert len(cells) == len(nb.cells)
    items, tags = [], []
    for handle, cell in zip(cells, nb.cells, strict=True):
        tags.append(cell.metadata.get("tags", []))
        if cell.cell_type != "markdown":
            items.append([])
            continue
        handle.scroll_into_view_if_needed()
        rendered = handle.query_selector(".jp-RenderedMarkdown")
        items.append(rendered.evaluate(MEASURE_JS))
    return _prose_by_language(items, tags)


def test_lesson_00_reads_right_to_left_in_lab(browser, make_lab):
    nb = nbformat.read(LESSON, as_version=4)
    page = browser.new_page(viewport={"width": 1280, "height": 2400})
    try:
        open_in_lab(page, make_lab, LESSON.name, nb)
        found = lab_prose(page, nb)
        n_ar = sum("lang-ar" in c.metadata.get("tags", []) for c in nb.cells)
        assert n_ar and len(found["ar"]) >= n_ar
        page.evaluate("() => document.querySelector('.jp-WindowedPanel-outer')?.scrollTo(0, 0)")
        page.screenshot(path=artifact("lab_00_before_running.png"))
        assert_reads_in(found["ar"], "ar")
        assert_reads_in(found["pl"], "pl")
        # ... thanks to the course rule, loaded from jupyter_config/custom/custom.css.
        rules = page.evaluate(
            "() => [...document.styleSheets].filter(s => (s.href || '').endsWith("
            "'/custom/custom.css')).flatMap(s => [...s.cssRules].map(r => r.cssText))")
        assert any('[dir="rtl"] p' in rule and "text-align: start" in rule for rule in rules), (
            f"custom.css with the course rule is not loaded: {rules}")
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["ar", "pl"])
def test_exported_lesson_00_reads_right_to_left(browser, lang, tmp_path):
    html = export_page(LESSON, lang, tmp_path)
    page, remote = offline_page(browser, html)
    try:
        assert page.evaluate("() => document.documentElement.dir") == (
            "rtl" if lang == "ar" else "ltr")
        assert page.evaluate("() => document.documentElement.lang") == lang
        items = page.evaluate(
            f"() => [...document.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown')]"
            f".flatMap({MEASURE_JS})")
        assert_reads_in(items, lang)
        if lang == "pl":  # one language of prose per page (code may hold Arabic samples)
            prose = page.eval_on_selector_all(".jp-MarkdownCell", "cs => cs.map(c => c.innerText)")
            assert prose and not re.search("[\u0600-\u06ff]", " ".join(prose))
        # Code and formulas stay left-to-right on the Arabic page too.
        code_dirs = page.evaluate(
            "() => [...document.querySelectorAll('.jp-CodeCell pre, math')]"
            ".map(e => getComputedStyle(e).direction)")
        assert code_dirs and set(code_dirs) == {"ltr"}
        assert not remote, f"the page asked the network for {remote}"
        page.screenshot(path=artifact(f"export_00_{lang}.png"), full_page=True)
    finally:
        page.close()
