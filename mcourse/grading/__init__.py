"""Graded assignments: release notebooks to a class, grade what comes back.

A student's notebook only *records* answers (:mod:`mcourse.grading.answers`); the teacher's
side runs each submission in its own kernel with limits (:mod:`~mcourse.grading.execute`),
computes that student's expected answers from the reference solution
(:mod:`~mcourse.grading.reference`), scores them in its own process
(:mod:`~mcourse.grading.score`) and writes a gradebook and one report per student
(:mod:`~mcourse.grading.gradebook`, :mod:`~mcourse.grading.report`). The command line is
``mcourse release`` and ``mcourse grade`` (:mod:`~mcourse.grading.commands`).

This file imports nothing heavy: a student's kernel imports ``mcourse.grading.answers``.
"""

from __future__ import annotations
