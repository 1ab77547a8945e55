"""``mcourse datasets``: list the course datasets, show a card, rebuild simulated data.

``mcourse datasets list`` fits the terminal (80 columns when the output is not a terminal,
e.g. piped into ``head`` or a file): name, rows, kind and the title wrapped at spaces in
its own column; ``--wide`` prints every column (licence included) on one line per dataset.
Arabic titles are bidi-isolated (U+2068 ... U+2069) so that a terminal that applies the
bidirectional algorithm keeps the columns in order.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
import unicodedata

from ..i18n import get_lang, t

NARROWEST = 60
"""Narrowest layout: below it the title column would be too thin to read."""

GAP = "  "


def register(subparsers) -> None:
    from ..cli import add_command

    parser = add_command(subparsers, "datasets", "data.cli.help")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = add_command(actions, "list", "data.cli.list")
    listing.add_argument("--wide", action="store_true", help=t("cli.datasets.wide"))
    listing.set_defaults(func=_list)
    show = add_command(actions, "card", "data.cli.card")
    show.add_argument("name", metavar="NAME", help=t("cli.datasets.name"))
    show.set_defaults(func=_card)
    build = add_command(actions, "build", "data.cli.build")
    build.add_argument("names", nargs="*", metavar="NAME", help=t("data.cli.build_names"))
    build.add_argument("-o", "--output", metavar="FOLDER", help=t("data.cli.output"))
    build.set_defaults(func=_build)


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: marks and format characters (Arabic vowel
    signs, bidi isolates, no-break marks) take none, wide East Asian characters two."""
    width = 0
    for char in text:
        if unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _pad(text: str, width: int, right: bool = False) -> str:
    space = " " * max(0, width - display_width(text))
    return space + text if right else text + space


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns, broken at spaces only (a longer word stays whole)."""
    return textwrap.wrap(text, width=width, break_long_words=False,
                         break_on_hyphens=False) or [""]


def _isolate(text: str) -> str:
    """An Arabic cell inside FSI ... PDI, so its neighbours keep their places."""
    if any(unicodedata.bidirectional(c) in ("R", "AL") for c in text):
        return f"\u2068{text}\u2069"
    return text


def _terminal_width() -> int:
    if sys.stdout.isatty():
        return max(NARROWEST, shutil.get_terminal_size((80, 24)).columns)
    return 80


def table_lines(rows: list[dict], width: int = 80, wide: bool = False) -> list[str]:
    """The datasets table as text lines no wider than ``width`` (unless ``wide``).

    ``rows`` are dicts with the keys name, title, rows, kind, licence; the header is in the
    active language. Numbers are written in the language's convention.
    """
    from ..i18n.formatting import fmt_number

    keys = ["name", "rows", "kind", "licence", "title"] if wide else [
        "name", "rows", "kind", "title"]
    header = {key: t(f"data.col.{key}") for key in keys}
    cells = [{key: (fmt_number(row[key], 0) if key == "rows" and row[key] is not None
                    else str(row[key] if row[key] is not None else "")) for key in keys}
             for row in rows]
    widths = {key: max(display_width(c) for c in [header[key], *(r[key] for r in cells)])
              for key in keys}
    if not wide:
        fixed = sum(widths[k] for k in keys[:-1]) + len(GAP) * (len(keys) - 1)
        widths["title"] = max(20, width - fixed)
    arabic = get_lang() == "ar"

    def line(parts: dict[str, str]) -> str:
        out = [_pad(parts[k], widths[k], right=(k == "rows")) for k in keys[:-1]]
        last = parts[keys[-1]]
        return GAP.join([*out, _isolate(last) if arabic else last]).rstrip()

    lines = [line(header)]
    for row in cells:
        title_lines = [row["title"]] if wide else _wrap(row["title"], widths["title"])
        lines.append(line({**row, "title": title_lines[0]}))
        for more in title_lines[1:]:
            lines.append(line({**{k: "" for k in keys}, "title": more}))
    return lines


def _list(args) -> int:
    from . import _in_lang, names, read_card  # _in_lang: a card's text in the language

    lang = get_lang()
    rows = []
    for name in names():
        info = read_card(name)
        rows.append({"name": name, "title": _in_lang(info.get("title"), lang),
                     "rows": info.get("rows"),
                     "kind": t("data.kind.simulated" if "build" in info else "data.kind.real"),
                     "licence": info.get("licence", "")})
    for text in table_lines(rows, _terminal_width(), wide=args.wide):
        print(text)
    return 0


def _card(args) -> int:
    from . import card

    print(card(args.name))
    return 0


def _build(args) -> int:
    from pathlib import Path

    from .build import build, buildable

    folder = Path(args.output) if args.output else None
    if folder:
        folder.mkdir(parents=True, exist_ok=True)
    for name in args.names or buildable():
        for path in build(name, folder):
            print(t("data.cli.wrote", path=str(path)))
    return 0
