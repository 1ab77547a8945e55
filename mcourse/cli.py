"""The ``mcourse`` command: ``mcourse datasets``, ``mcourse export``, ``mcourse release``,
``mcourse grade``.

Each subcommand lives in the module that does the work and registers itself through a
``register(subparsers)`` function, so this file only routes. Help and errors are shown in
the user's language: ``--lang ar|pl|en``, else ``MCOURSE_LANG``, else the system locale.
In ``mcourse export``, ``--lang`` after the command is the language of the *lesson*; the
messages then follow ``mcourse --lang xx export ...``, ``MCOURSE_LANG`` or the locale, so a
Polish teacher exporting the Arabic lesson is answered in Polish.

Output piped into a command that stops reading early (``mcourse datasets list | head``)
ends quietly.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from contextlib import contextmanager

from .errors import CourseError
from .i18n import SUPPORTED, set_lang, t

LESSON_LANG_COMMANDS = ("export",)
"""Subcommands whose own ``--lang`` is the language of a lesson, not of the messages."""

SUBCOMMAND_MODULES = (
    "mcourse.data.commands",
    "mcourse.export",
    "mcourse.grading.commands",
)
"""Modules that add subcommands; a module not written yet is skipped."""


def detect_lang(argv: list[str]) -> str:
    """Language for messages: ``--lang`` argument, ``MCOURSE_LANG``, then ``LANG``.

    A ``--lang`` after ``export`` names the lesson's language and is not looked at.
    """
    for i, arg in enumerate(argv):
        if arg in LESSON_LANG_COMMANDS:
            break
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return _environment_lang()


def _environment_lang() -> str:
    """The messages' language from ``MCOURSE_LANG`` or the locale alone (else English)."""
    for var in ("MCOURSE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        code = os.environ.get(var, "")[:2].lower()
        if code in SUPPORTED:
            return code
    return "en"


class LocalizedHelpFormatter(argparse.HelpFormatter):
    """argparse's help with the "usage:" prefix in the active language, and every option's
    help in one style: a phrase starting in lower case, without a closing full stop."""

    def _expand_help(self, action):
        return _help_style(super()._expand_help(action))

    def add_usage(self, usage, actions, groups, prefix=None):
        if prefix is None:
            prefix = t("cli.usage") + " "
        return super().add_usage(usage, actions, groups, prefix)


def _help_style(text: str) -> str:
    """``"Oceń katalog."`` → ``"oceń katalog"``; an acronym (``CSV``, ``MB``) keeps its case."""
    text = text.strip().removesuffix(".")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text


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


ARGPARSE_MESSAGES = {
    "argument %(argument_name)s: %(message)s": "cli.argparse.argument",
    "unrecognized arguments: %s": "cli.argparse.unrecognized",
    "not allowed with argument %s": "cli.argparse.not_allowed",
    "ignored explicit argument %r": "cli.argparse.ignored",
    "the following arguments are required: %s": "cli.argparse.required",
    "one of the arguments %s is required": "cli.argparse.one_required",
    "expected one argument": "cli.argparse.expected_one",
    "expected at most one argument": "cli.argparse.expected_at_most_one",
    "expected at least one argument": "cli.argparse.expected_at_least_one",
    "ambiguous option: %(option)s could match %(matches)s": "cli.argparse.ambiguous",
    "invalid %(type)s value: %(value)r": "cli.argparse.invalid_value",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.argparse.invalid_choice",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "cli.argparse.unknown_parser",
    "unexpected option string: %s": "cli.argparse.unexpected_option",
    "%(prog)s: error: %(message)s\n": "cli.argparse.error",
}
"""argparse's own messages (Python 3.11 wording) and their catalogue keys; argparse fills
the same ``%`` placeholders into the translation. A message not listed stays in English."""


@contextmanager
def argparse_in_language():
    """While parsing, argparse's errors ("the following arguments are required ...") are
    written in the active language: argparse looks its ``_`` (gettext) up at each call, so
    it is replaced for the time of the parse only."""
    original = argparse._

    def translate(message: str) -> str:
        if message == "usage: ":
            return t("cli.usage") + " "
        key = ARGPARSE_MESSAGES.get(message)
        return t(key) if key else original(message)

    argparse._ = translate
    try:
        yield
    finally:
        argparse._ = original


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
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader of our output went away (`| head`): stop quietly. Python would report
        # the failed flush again at exit, so stdout is pointed at /dev/null first.
        _silence_stdout()
        return 0


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real file behind stdout (tests)
        pass


def _main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    requested = detect_lang(argv)
    try:
        set_lang(requested)
    except ValueError:
        set_lang(_environment_lang())  # say it in the language the user's system speaks
        print(t("cli.error.lang", lang=requested, supported=", ".join(SUPPORTED)),
              file=sys.stderr)
        return 2
    with argparse_in_language():
        parser = build_parser()
        args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, inside the BrokenPipeError handler
        return code
    except CourseError as exc:
        print(f"mcourse {args.command}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
