"""The `mcourse` command speaks the user's language and routes to its subcommands."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from conftest import ROOT

from mcourse import cli
from mcourse.data.commands import display_width


def test_detect_lang_from_flag_then_environment(monkeypatch):
    monkeypatch.delenv("MCOURSE_LANG", raising=False)
    monkeypatch.setenv("LANG", "pl_PL.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert cli.detect_lang([]) == "pl"
    assert cli.detect_lang(["--lang", "ar"]) == "ar"
    monkeypatch.setenv("MCOURSE_LANG", "ar")
    assert cli.detect_lang([]) == "ar"


def test_the_lesson_language_of_export_is_not_the_teachers_language(monkeypatch):
    monkeypatch.setenv("MCOURSE_LANG", "pl")
    assert cli.detect_lang(["export", "00.ipynb", "--lang", "ar"]) == "pl"
    assert cli.detect_lang(["--lang", "en", "export", "00.ipynb", "--lang", "ar"]) == "en"
    assert cli.detect_lang(["datasets", "list", "--lang", "ar"]) == "ar"


def test_help_in_polish(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--lang", "pl", "--help"])
    assert "Narzędzia kursu" in capsys.readouterr().out


def test_datasets_list_in_arabic(capsys):
    assert cli.main(["--lang", "ar", "datasets", "list"]) == 0
    out = capsys.readouterr().out
    assert "market_orders" in out and "الاسم" in out


def test_datasets_card_unknown_name_is_a_clear_error(capsys):
    assert cli.main(["--lang", "pl", "datasets", "card", "no_such_data"]) == 1
    err = capsys.readouterr().err
    assert "Nie ma zbioru danych" in err and "market_orders" in err


def test_datasets_build_into_folder(tmp_path, capsys):
    assert cli.main(["--lang", "en", "datasets", "build", "market_sessions", "-o",
                     str(tmp_path)]) == 0
    assert (tmp_path / "market_sessions.csv").exists()
    assert (tmp_path / "market_sessions.truth.json").exists()


def test_unknown_language_flag(capsys, monkeypatch):
    monkeypatch.delenv("MCOURSE_LANG", raising=False)
    assert cli.main(["--lang", "fr", "datasets", "list"]) == 2
    assert "ar, pl, en" in capsys.readouterr().err
    monkeypatch.setenv("MCOURSE_LANG", "pl")  # said in the language the user otherwise has
    assert cli.main(["--lang", "fr", "datasets", "list"]) == 2
    err = capsys.readouterr().err
    assert "„fr”" in err and "Dostępne języki: ar, pl, en" in err


@pytest.mark.parametrize("lang", ["ar", "pl", "en"])
def test_datasets_list_fits_80_columns(lang, capsys):
    from mcourse.data import names

    assert cli.main(["--lang", lang, "datasets", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    too_wide = [line for line in lines if display_width(line) > 80]
    assert not too_wide, too_wide
    listed = {line.split()[0] for line in lines[1:] if line and not line.startswith(" ")}
    assert listed == set(names())


def test_datasets_list_titles_wrap_at_spaces_and_numbers_follow_the_language(capsys):
    from mcourse.data import read_card

    assert cli.main(["--lang", "pl", "datasets", "list"]) == 0
    out = capsys.readouterr().out
    title = read_card("cdnow_summary")["title"]["pl"]
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("cdnow_summary "))
    column = lines[start].index("Podsumowanie")
    pieces = [lines[start][column:]]
    for line in lines[start + 1:]:
        if not line.startswith(" "):
            break
        pieces.append(line[column:])
    assert len(pieces) > 1, "a long title is wrapped"
    assert " ".join(pieces) == title, "words are kept whole and in order"
    assert "2\u00a0357" in lines[start]  # Polish grouping


def test_datasets_list_wide_has_the_licence_on_one_line_per_dataset(capsys):
    from mcourse.data import names

    assert cli.main(["--lang", "en", "datasets", "list", "--wide"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "Licence" in lines[0] and len(lines) == len(names()) + 1
    assert "CC0-1.0" in "".join(lines)


def test_arabic_titles_are_isolated_for_the_terminal(capsys):
    assert cli.main(["--lang", "ar", "datasets", "list"]) == 0
    for line in capsys.readouterr().out.splitlines()[1:]:
        if re.search("[\u0600-\u06ff]", line.split("  ")[-1]):
            assert "\u2068" in line and line.endswith("\u2069"), line


@pytest.mark.parametrize("reader", ["head -3", "true"])
def test_datasets_list_into_a_closed_pipe_ends_quietly(reader):
    """``| head -3`` stops reading after three lines; ``| true`` never reads (the write
    surely meets a closed pipe): either way no BrokenPipeError traceback, exit status 0."""
    env = {**os.environ, "MCOURSE_LANG": "pl", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        ["bash", "-c", f"set -o pipefail; '{sys.executable}' -m mcourse.cli datasets list"
                       f" | {reader}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr
    if reader.startswith("head"):
        assert len(result.stdout.splitlines()) == 3 and "Nazwa" in result.stdout


@pytest.mark.parametrize(("lang", "expected"), [
    ("pl", "błąd: wymagane są argumenty: NOTEBOOK, --lang"),
    ("ar", "خطأ: هذه الوسائط مطلوبة: NOTEBOOK, --lang"),
])
def test_argparse_errors_are_in_the_users_language(lang, expected, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--lang", lang, "export"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert expected in err and "error:" not in err and "usage:" not in err


def test_a_wrong_choice_is_explained_in_polish(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--lang", "pl", "datasets", "lst"])
    err = capsys.readouterr().err
    assert "nieprawidłowy wybór: 'lst'" in err and "'list'" in err


@pytest.mark.parametrize("command", [["datasets"], ["datasets", "list"], ["datasets", "card"],
                                     ["datasets", "build"], ["export"], ["release"],
                                     ["grade"]], ids=" ".join)
def test_every_subcommand_help_is_translated(command, capsys):
    with pytest.raises(SystemExit):
        cli.main(["--lang", "pl", *command, "--help"])
    out = capsys.readouterr().out
    assert out.count("użycie:") == 1 and "opcje:" in out and "pokaż tę pomoc" in out
    assert "usage:" not in out and "show this help" not in out
