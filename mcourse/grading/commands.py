"""``mcourse release`` and ``mcourse grade``: the teacher's two commands.

::

    mcourse release A3 --roster roster.csv -o release/
    mcourse grade submissions/ --roster roster.csv -o graded/
    mcourse grade moodle-download.zip --worksheet Grades.csv -o graded/ \
        [--roster roster.csv] [--due 2024-03-10 --late-penalty 10 --last-day 2024-03-15] \
        [--extensions extensions.csv] [--overrides overrides.csv] [--only "Participant 17"]

The Moodle route (a download zip, a worksheet, a late policy or overrides) is
:mod:`mcourse.grading.classroom`; the plain folder route is :mod:`mcourse.grading.run`.
Help and messages follow the teacher's language (``mcourse --lang pl grade --help``).
"""

from __future__ import annotations

import argparse
import sys

from ..cli import add_command
from ..errors import CourseError
from ..i18n import SUPPORTED, t


def _positive(kind):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(t("grading.cli.not_positive", value=text)) from None
        if value <= 0:
            raise argparse.ArgumentTypeError(t("grading.cli.not_positive", value=text))
        return value

    return parse


def _moment(text: str):
    from .lateness import parse_when

    try:
        return parse_when(text)
    except ValueError as exc:  # CourseError: its message is already in the user's language
        raise argparse.ArgumentTypeError(str(exc)) from None


def _percent(text: str) -> float:
    try:
        value = float(text.replace(",", ".").rstrip("%"))
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(t("grading.cli.not_percent", value=text))
    return value


def _share(text: str) -> float:
    return _percent(text) / 100


def _class_mode(args) -> bool:
    """Whether the run takes the Moodle route (:mod:`mcourse.grading.classroom`)."""
    return bool(args.worksheet or args.overrides or args.due or args.extensions or args.only
                or str(args.submissions).lower().endswith(".zip"))


def register(subparsers) -> None:
    """Add ``release`` and ``grade`` to the ``mcourse`` command."""
    release = add_command(subparsers, "release", "grading.cli.release")
    release.add_argument("assignment", metavar="ASSIGNMENT", help=t("grading.cli.assignment"))
    release.add_argument("--roster", required=True, metavar="CSV", help=t("grading.cli.roster"))
    release.add_argument("-o", "--out", required=True, metavar="FOLDER",
                         help=t("grading.cli.release_out"))
    release.add_argument("--id-column", metavar="COLUMN", help=t("grading.cli.id_column"))
    release.add_argument("--default-lang", choices=SUPPORTED, help=t("grading.cli.default_lang"))
    release.set_defaults(func=_release)

    grade = add_command(subparsers, "grade", "grading.cli.grade")
    grade.add_argument("submissions", metavar="SUBMISSIONS",
                       help=t("grading.cli.grade_submissions"))
    grade.add_argument("--roster", metavar="CSV", help=t("grading.cli.grade_roster"))
    grade.add_argument("-o", "--out", required=True, metavar="FOLDER",
                       help=t("grading.cli.grade_out"))
    moodle = grade.add_argument_group(t("grading.cli.moodle_group"))
    moodle.add_argument("--worksheet", metavar="CSV", help=t("grading.cli.worksheet"))
    moodle.add_argument("--due", type=_moment, metavar="DATE", help=t("grading.cli.due"))
    moodle.add_argument("--late-penalty", type=_percent, default=0.0, metavar="PERCENT",
                        help=t("grading.cli.late_penalty"))
    moodle.add_argument("--last-day", type=_moment, metavar="DATE",
                        help=t("grading.cli.last_day"))
    moodle.add_argument("--extensions", metavar="CSV", help=t("grading.cli.extensions"))
    moodle.add_argument("--overrides", metavar="CSV", help=t("grading.cli.overrides"))
    moodle.add_argument("--only", metavar="STUDENT", help=t("grading.cli.only"))
    moodle.add_argument("--similarity-threshold", type=_share, default=0.6, metavar="PERCENT",
                        help=t("grading.cli.similarity_threshold"))
    grade.add_argument("--assignment", metavar="ASSIGNMENT",
                       help=t("grading.cli.grade_assignment"))
    grade.add_argument("--workers", type=_positive(int), metavar="N",
                       help=t("grading.cli.workers"))
    grade.add_argument("--cell-timeout", type=_positive(float), default=60, metavar="S",
                       help=t("grading.cli.cell_timeout"))
    grade.add_argument("--timeout", type=_positive(float), default=600, metavar="S",
                       help=t("grading.cli.timeout"))
    grade.add_argument("--memory", type=_positive(int), default=2048, metavar="MB",
                       help=t("grading.cli.memory"))
    grade.add_argument("--output-kb", type=_positive(int), default=1024, metavar="KB",
                       help=t("grading.cli.output_kb"))
    grade.add_argument("--max-file-mb", type=_positive(float), default=20, metavar="MB",
                       help=t("grading.cli.max_file"))
    grade.add_argument("--sandbox", choices=("auto", "bwrap", "none"), default="auto",
                       help=t("grading.cli.sandbox"))
    grade.add_argument("--trust-code", action="store_true", help=t("grading.cli.trust_code"))
    grade.add_argument("--bom", action="store_true", help=t("grading.cli.bom"))
    shown = grade.add_mutually_exclusive_group()
    shown.add_argument("--show-expected", dest="show_expected", action="store_true",
                       default=None, help=t("grading.cli.show_expected"))
    shown.add_argument("--hide-expected", dest="show_expected", action="store_false",
                       help=t("grading.cli.hide_expected"))
    grade.add_argument("--id-column", metavar="COLUMN", help=t("grading.cli.id_column"))
    grade.add_argument("--default-lang", choices=SUPPORTED, help=t("grading.cli.default_lang"))
    grade.add_argument("--regrade", action="store_true", help=t("grading.cli.regrade"))
    grade.add_argument("--no-progress", action="store_true", help=t("grading.cli.no_progress"))
    grade.set_defaults(func=_grade)


def _release(args) -> int:
    from .release import release

    written = release(args.assignment, args.roster, args.out, id_column=args.id_column,
                      default_lang=args.default_lang)
    print(t("grading.cli.released", count=len(written), folder=args.out))
    return 0


def _grade(args) -> int:
    from .execute import Limits
    from .run import Options, grade

    limits = Limits(cell_seconds=args.cell_timeout, notebook_seconds=args.timeout,
                    memory_mb=args.memory, output_kb=args.output_kb, file_mb=args.max_file_mb)
    options = Options(limits=limits, workers=args.workers, sandbox=args.sandbox, bom=args.bom,
                      show_expected=args.show_expected, regrade=args.regrade,
                      progress=not args.no_progress, trusted=args.trust_code)
    if _class_mode(args):
        return _grade_class(args, options)
    if not args.roster:
        raise CourseError("grading.moodle.needs_roster_or_worksheet")
    try:
        summary = grade(args.submissions, args.roster, args.out, args.assignment, options,
                        id_column=args.id_column, default_lang=args.default_lang)
    except KeyboardInterrupt as stop:
        return _interrupted(stop, args)
    _say_done(summary, args)
    return 0


def _interrupted(stop: KeyboardInterrupt, args) -> int:
    """Ctrl+C: say how far the batch got (the run resumes from there) and exit 130."""
    summary = stop.args[0] if stop.args else None
    if summary is not None:
        print(t("grading.cli.interrupted", graded=summary.graded, folder=args.out),
              file=sys.stderr)
    return 130


def _say_done(summary, args) -> None:
    """What a finished batch wrote, and a warning when no sandbox could be used."""
    from .sandbox import bwrap_status

    if summary.isolation != "bubblewrap" and args.sandbox == "auto":
        print(t("grading.cli.no_bwrap", detail=bwrap_status()[1]), file=sys.stderr)
    print(t("grading.cli.done", graded=summary.graded, reused=summary.reused, rows=summary.rows,
            isolation=summary.isolation, gradebook=str(summary.gradebook),
            status=str(summary.status), reports=str(summary.reports)))


def _grade_class(args, options) -> int:
    """``mcourse grade`` with a Moodle download, worksheet, late policy or overrides."""
    from pathlib import Path

    from .classroom import ClassOptions, grade_class

    def path(value):
        return Path(value) if value else None

    settings = ClassOptions(worksheet=path(args.worksheet), roster=path(args.roster),
                            id_column=args.id_column, default_lang=args.default_lang,
                            due=args.due, late_penalty=args.late_penalty, last_day=args.last_day,
                            extensions=path(args.extensions), overrides=path(args.overrides),
                            only=args.only, similarity_threshold=args.similarity_threshold)
    try:
        report = grade_class(args.submissions, args.out, args.assignment, options, settings)
    except KeyboardInterrupt as stop:
        return _interrupted(stop, args)
    _say_done(report.run, args)
    if report.worksheet is not None:
        print(t("grading.cli.upload", worksheet=str(report.worksheet),
                feedback=str(report.feedback), count=report.grades, empty=report.empty))
    print(t("grading.cli.class_pages", overview=str(report.overview),
            similarity=str(report.similarity), count=report.similar_pairs))
    for note in report.notes:
        print(t("grading.cli.note", note=note), file=sys.stderr)
    return 0
