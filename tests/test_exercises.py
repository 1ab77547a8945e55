"""Exercise self-checks: right, wrong and missing answers, in the student's language."""

from __future__ import annotations

from mcourse import set_lang
from mcourse.exercises import check


def test_missing_answer_reminds_and_does_not_raise(capsys):
    set_lang("pl")
    assert check(None, 0.5) is False
    assert "Nie ma jeszcze odpowiedzi" in capsys.readouterr().out


def test_number_within_tolerance(capsys):
    set_lang("ar")
    assert check(0.6012, 0.6, rel_tol=0.01) is True
    assert "إجابة صحيحة" in capsys.readouterr().out
    assert check(0.7, 0.6) is False
    assert "ليست الإجابة المنتظرة" in capsys.readouterr().out


def test_numpy_and_text_numbers_are_numbers():
    import numpy as np

    assert check(np.float64(2.0), 2) is True
    assert check("2", 2) is True
    assert check("two", 2) is False


def test_sets_ignore_order_and_case():
    assert check(["SMS", "app"], {"sms", "app"}) is True
    assert check(["sms"], {"sms", "app"}) is False
    assert check(3, {"sms"}) is False


def test_text_and_booleans():
    assert check(" Champions ", "champions") is True
    assert check(1, True) is False
    assert check(True, True) is True


def test_feedback_is_a_rich_message_in_a_notebook():
    """In IPython the self-check shows a display-layer message (dir/lang), not a print."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    set_lang("ar")
    InteractiveShell.instance()
    try:
        with capture_output() as captured:
            assert check(0.7, 0.6) is False
            assert check(None, 0.6) is False
    finally:
        InteractiveShell.clear_instance()
    assert captured.stdout == ""
    wrong, missing = (out.data["text/html"] for out in captured.outputs)
    assert wrong.startswith('<div class="mcourse-msg" dir="rtl" lang="ar">❌')
    assert "راجع الخطوات" in wrong  # the default hint, inside the message
    assert '<bdi dir="ltr">None</bdi>' in missing
