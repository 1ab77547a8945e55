"""The course's CSS, one file loaded by JupyterLab, Binder, exports and grading reports."""

from __future__ import annotations

from importlib import resources


def course_css() -> str:
    """Text of ``course.css``: rtl paragraphs, one language on screen, code and tables."""
    return (resources.files(__package__) / "course.css").read_text(encoding="utf-8")
