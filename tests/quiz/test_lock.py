"""The locks behind sealed banks: every accepted number finds its entry, nothing else opens it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils.quiz.tolerance import close_to
from course_utils.quiz.lock import (KdfParams, band_forms, derive, grid_for, open_payload, seal_payload,
                                    value_forms)

answers = st.floats(min_value=-1e7, max_value=1e7, allow_nan=False).filter(lambda a: abs(a) > 1e-3)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(answer=answers, tolerance=st.floats(min_value=1e-4, max_value=1e3), share=st.floats(min_value=-1, max_value=1))
def test_every_value_within_an_absolute_tolerance_finds_a_sealed_cell(answer, tolerance, share):
    value = answer + share * tolerance
    grid = grid_for(tolerance, None, answer)
    if close_to(value, answer, tolerance, None):
        assert set(value_forms(grid, value)) & set(band_forms(grid, answer, tolerance))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(answer=answers, pct=st.floats(min_value=0.01, max_value=20), share=st.floats(min_value=-1, max_value=1))
def test_every_value_within_a_percentage_tolerance_finds_a_sealed_cell(answer, pct, share):
    allowed = abs(answer) * pct / 100
    value = answer + share * allowed
    grid = grid_for(None, pct, answer)
    if close_to(value, answer, None, pct):
        assert set(value_forms(grid, value)) & set(band_forms(grid, answer, allowed))


def test_a_band_is_a_few_cells_and_far_values_miss_them():
    grid = grid_for(1, None, 4500)
    cells = band_forms(grid, 4500, 1)
    assert 2 <= len(cells) <= 4  # 2 tolerances wide, plus the slack at an edge that sits on a cell boundary
    assert not set(value_forms(grid, 4503.5)) & set(cells) and not set(value_forms(grid, 45)) & set(cells)
    log = grid_for(None, 1, 60000)
    assert log == {"scale": "log", "pct": 1.0}  # the step names the percentage, not the answer's size
    assert not set(value_forms(log, 63000)) & set(band_forms(log, 60000, 600))
    assert grid_for(0, None, 5) == {"scale": "exact"} and band_forms({"scale": "exact"}, 5, 0) == ["number|exact|5.0"]


def test_a_payload_opens_only_under_its_own_key():
    kdf = KdfParams(n=16)
    right, wrong = derive("choice|b", "ab" * 16, kdf), derive("choice|a", "ab" * 16, kdf)
    other_salt = derive("choice|b", "cd" * 16, kdf)
    blob = seal_payload(right, {"correct": True, "explanation": "E"})
    assert open_payload(right, blob) == {"correct": True, "explanation": "E"}
    assert open_payload(wrong, blob) is None and open_payload(other_salt, blob) is None
    assert right.locator != wrong.locator != other_salt.locator
    assert open_payload(right, "not base64!") is None and open_payload(right, blob[:-4] + "AAAA") is None
