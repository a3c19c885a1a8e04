"""Fuzzing: no learner input makes grading or parsing raise, and statuses stay in the set."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_utils.quiz import STATUSES, grade
from course_utils.parsing import Problem, normalise_text, parse_choices, parse_number

FUZZ = settings(max_examples=300, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture])

# Text that looks like numeric answers as often as like noise.
numberish = st.from_regex(r"\A[-+−]?\s?(RMB|¥|)\s?[0-9０-９]{1,7}([,.][0-9]{1,3})?\s?(%|元|万|k|x|)\Z")
anything = st.one_of(st.text(max_size=300), numberish, st.none(), st.integers(), st.booleans(),
                     st.floats(allow_nan=True, allow_infinity=True), st.lists(st.text(max_size=5), max_size=6),
                     st.sets(st.sampled_from(["a", "b", "c", "d", "z"])))


@FUZZ
@given(answer=anything)
def test_grade_never_raises_for_any_question(bank, answer):
    for question in bank.questions:
        result = grade(question, answer)
        assert result.status in STATUSES
        assert result.correct == (result.status == "correct")
        assert result.message


@FUZZ
@given(text=st.one_of(st.text(max_size=300), numberish), unit=st.sampled_from(["", "RMB", "percent", "days"]))
def test_parse_number_returns_a_finite_number_or_a_problem(text, unit):
    value = parse_number(text, unit=unit)
    assert isinstance(value, Problem) or (isinstance(value, float) and abs(value) < float("inf"))


@FUZZ
@given(text=st.text(max_size=300))
def test_normalise_text_is_idempotent(text):
    once = normalise_text(text)
    assert normalise_text(once) == once and once == once.strip()


@FUZZ
@given(answer=anything)
def test_parse_choices_only_returns_known_ids(answer):
    chosen = parse_choices(answer, ["a", "b", "c", "d"], single=False)
    assert isinstance(chosen, Problem) or (chosen and set(chosen) <= {"a", "b", "c", "d"})
