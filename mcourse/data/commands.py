"""``mcourse datasets``: list the course datasets, show a card, rebuild simulated data."""

from __future__ import annotations

from ..i18n import t


def register(subparsers) -> None:
    from ..cli import add_command

    parser = add_command(subparsers, "datasets", "data.cli.help")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help=t("data.cli.list")).set_defaults(func=_list)
    show = actions.add_parser("card", help=t("data.cli.card"))
    show.add_argument("name")
    show.set_defaults(func=_card)
    build = actions.add_parser("build", help=t("data.cli.build"))
    build.add_argument("names", nargs="*", help=t("data.cli.build_names"))
    build.add_argument("-o", "--output", help=t("data.cli.output"))
    build.set_defaults(func=_build)


def _list(args) -> int:
    from . import list_datasets

    print(list_datasets().to_string(index=False))
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
