"""Exercises: solution-region stripping, learner checks, the student release and grading.

Solutions are the single source. ``course exercises`` turns each
``solutions/NN-slug.ipynb`` into ``exercises/NN-slug.ipynb`` by replacing the
regions between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (code) and
between ``<!-- BEGIN ANSWER -->`` and ``<!-- END ANSWER -->`` (written answers)
with a stub. Learners call :func:`course_utils.exercises.checks.check` on each
task; instructors grade a folder of submissions with ``course grade``.
"""
