"""The `mcourse` command speaks the user's language and routes to its subcommands."""

from __future__ import annotations

import pytest

from mcourse import cli


def test_detect_lang_from_flag_then_environment(monkeypatch):
    monkeypatch.delenv("MCOURSE_LANG", raising=False)
    monkeypatch.setenv("LANG", "pl_PL.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert cli.detect_lang([]) == "pl"
    assert cli.detect_lang(["--lang", "ar"]) == "ar"
    monkeypatch.setenv("MCOURSE_LANG", "ar")
    assert cli.detect_lang([]) == "ar"


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


def test_unknown_language_flag(capsys):
    assert cli.main(["--lang", "fr", "datasets", "list"]) == 2
    assert "ar, pl, en" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["datasets", "export", "release", "grade"])
def test_every_subcommand_help_is_translated(command, capsys):
    with pytest.raises(SystemExit):
        cli.main(["--lang", "pl", command, "--help"])
    out = capsys.readouterr().out
    assert out.count("użycie:") == 1 and "opcje:" in out and "pokaż tę pomoc" in out
    assert "usage:" not in out and "show this help" not in out
