"""The generator is deterministic, and `course data verify` catches a changed byte."""

from __future__ import annotations

import shutil

import pytest

from course_utils.cli import main
from course_utils.datagen import REGISTRY, generate_all
from course_utils.datagen.streams import STREAMS
from course_utils.datagen.verify import datafiles_dir, first_difference, verify


@pytest.fixture(scope="module")
def shipped_copy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("datafiles")
    for path in datafiles_dir().glob("*.csv"):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """One generator run, shared by the tests that break a copy on purpose."""
    folder = tmp_path_factory.mktemp("fresh")
    generate_all(folder)
    return folder


def test_generation_is_deterministic_and_matches_the_shipped_files(fresh, tmp_path):
    first = [fresh / f"{name}.csv" for name in REGISTRY]
    second = generate_all(tmp_path / "two")
    assert [path.name for path in first] == [f"{name}.csv" for name in REGISTRY]
    for a, b in zip(first, second):
        data = a.read_bytes()
        assert data == b.read_bytes()
        assert data == (datafiles_dir() / a.name).read_bytes(), a.name
        assert b"\r" not in data and data.endswith(b"\n")
        data.decode("utf-8")


def test_verify_passes_on_an_untouched_copy(shipped_copy):
    results = verify(reference_dir=shipped_copy)
    assert [result.name for result in results][:2] == ["milestones", "reported_growth"]
    assert all(result.ok for result in results), [result.line for result in results if not result.ok]
    assert len(results) == 10


def test_verify_reports_the_first_differing_line_when_one_byte_changes(shipped_copy, fresh, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(shipped_copy, broken)
    orders = broken / "orders.csv"
    data = bytearray(orders.read_bytes())
    position = data.index(b"\n", data.index(b"\n") + 1) + 20  # inside the second data row
    data[position] = ord("9") if data[position] != ord("9") else ord("8")
    orders.write_bytes(bytes(data))
    results = {result.name: result for result in verify(reference_dir=broken, fresh_dir=fresh)}
    assert not results["orders"].ok
    assert results["orders"].line.startswith("orders: DIFFERS at line 3:")
    assert all(result.ok for name, result in results.items() if name != "orders")


def test_verify_flags_a_missing_file_and_a_real_file_that_breaks_its_schema(shipped_copy, fresh, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(shipped_copy, broken)
    (broken / "capstone_tea.csv").unlink()
    milestones = broken / "milestones.csv"
    milestones.write_text(milestones.read_text(encoding="utf-8").replace(",H,", ",High,", 1), encoding="utf-8")
    results = {result.name: result for result in verify(reference_dir=broken, fresh_dir=fresh)}
    assert "is missing" in results["capstone_tea"].line
    assert not results["milestones"].ok and '"High"' in results["milestones"].line


def test_course_data_verify_command_exit_codes(shipped_copy, tmp_path, capsys):
    assert main(["data", "verify", "--reference", str(shipped_copy)]) == 0
    out = capsys.readouterr().out
    assert "orders: OK" in out and "All 10 data sets match." in out
    broken = tmp_path / "changed"
    shutil.copytree(shipped_copy, broken)
    path = broken / "capstone_bakery.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert main(["data", "verify", "--reference", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "capstone_bakery: DIFFERS at line 1" in out and "1 of 10 data sets differ" in out


def test_course_data_generate_writes_to_a_chosen_folder(tmp_path, capsys):
    assert main(["data", "generate", "--out", str(tmp_path / "out")]) == 0
    assert sorted(path.stem for path in (tmp_path / "out").glob("*.csv")) == sorted(REGISTRY)
    assert "Wrote 8 files" in capsys.readouterr().out


def test_course_data_list(capsys):
    assert main(["data", "list"]) == 0
    out = capsys.readouterr().out
    assert "orders" in out and "synthetic" in out and "milestones" in out and "real" in out


def test_first_difference_reports_line_and_end_of_file():
    assert first_difference(b"a\nb\n", b"a\nb\n") is None
    assert first_difference(b"a\nb\n", b"a\nc\n") == (2, "'b'", "'c'")
    assert first_difference(b"a\n", b"a\nb\n") == (2, "''", "'b'")
    assert first_difference(b"a", b"a\n")[0] == 2


def test_every_data_set_has_its_own_random_stream():
    assert set(STREAMS) == set(REGISTRY)
    assert len(set(STREAMS.values())) == len(STREAMS)
