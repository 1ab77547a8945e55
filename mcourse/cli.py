"""The ``mcourse`` command: ``mcourse datasets``, ``mcourse export``, ``mcourse release``,
``mcourse grade``.

Each subcommand lives in the module that does the work and registers itself through a
``register(subparsers)`` function, so this file only routes. Help and errors are shown in
the user's language: ``--lang ar|pl|en``, else ``MCOURSE_LANG``, else the system locale.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from .errors import CourseError
from .i18n import SUPPORTED, set_lang, t

SUBCOMMAND_MODULES = (
    "mcourse.data.commands",
    "mcourse.export",
    "mcourse.grading.commands",
)
"""Modules that add subcommands; a module not written yet is skipped."""


def detect_lang(argv: list[str]) -> str:
    """Language for messages: ``--lang`` argument, ``MCOURSE_LANG``, then ``LANG``."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    for var in ("MCOURSE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        code = os.environ.get(var, "")[:2].lower()
        if code in SUPPORTED:
            return code
    return "en"


class LocalizedHelpFormatter(argparse.HelpFormatter):
    """argparse's help with the "usage:" prefix in the active language."""

    def add_usage(self, usage, actions, groups, prefix=None):
        if prefix is None:
            prefix = t("cli.usage") + " "
        return super().add_usage(usage, actions, groups, prefix)


def _localize(parser: argparse.ArgumentParser, lang_option: bool = True):
    """Section titles, ``-h`` and (unless the command has its own) ``--lang``, translated."""
    parser._positionals.title = t("cli.positionals")
    parser._optionals.title = t("cli.options")
    parser.add_argument("-h", "--help", action="help", help=t("cli.help"))
    if lang_option:
        parser.add_argument("--lang", choices=SUPPORTED, default=argparse.SUPPRESS,
                            help=t("cli.lang_help"))
    return parser


def add_command(subparsers, name: str, help_key: str, description_key: str | None = None,
                lang_option: bool = True) -> argparse.ArgumentParser:
    """A subcommand whose help is entirely in the user's language (every module uses it).

    ``lang_option=False`` for a command whose own ``--lang`` means something else (the
    language of an exported lesson); that ``--lang`` also sets the messages' language.
    """
    parser = subparsers.add_parser(name, help=t(help_key),
                                   description=t(description_key or help_key),
                                   formatter_class=LocalizedHelpFormatter, add_help=False)
    return _localize(parser, lang_option)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mcourse", description=t("cli.description"),
                                     formatter_class=LocalizedHelpFormatter, add_help=False)
    _localize(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if not exc.name or not name.startswith(exc.name):
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        set_lang(detect_lang(argv))
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except CourseError as exc:
        print(f"mcourse {args.command}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
