"""Errors that speak the student's language.

A ``CourseError`` carries a catalogue key and the values that fill it, so the message is
written in the active language at the moment the problem is found, and tests can check
the key instead of the wording.
"""

from __future__ import annotations

from .i18n import t


class CourseError(ValueError):
    """Bad input to a course helper, explained in the active language."""

    def __init__(self, key: str, /, **values):
        self.key = key
        self.values = values
        super().__init__(t(key, **values))

    def message(self, lang: str | None = None):
        """The error as a display-layer message (``mcourse.say`` style: right to left in
        Arabic, file names, numbers and code isolated), e.g. to show it in a lesson
        instead of a traceback."""
        from .i18n.display import message

        values = {name: value.message(lang) if callable(getattr(value, "message", None))
                  else value for name, value in self.values.items()}
        return message(self.key, lang=lang, **values)


class DataError(CourseError):
    """A data file or table that does not match what the course expects."""


class SeriesError(CourseError):
    """A time series that cannot be used as it is (gaps, duplicates, no frequency...)."""
