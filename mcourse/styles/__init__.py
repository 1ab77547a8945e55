"""The course's CSS, one file loaded by JupyterLab, Binder, exports and grading reports."""

from __future__ import annotations

from importlib import resources


def course_css() -> str:
    """Text of ``course.css`` (the right-to-left paragraph rule)."""
    return (resources.files(__package__) / "course.css").read_text(encoding="utf-8")
