"""Hostile submissions: each is scored as its outputs deserve, and none holds up the others.

One set of crafted lesson-3 notebooks (the worked solution plus an attack) is
graded in one pass, two at a time, with a 20 s limit per notebook.
"""

from __future__ import annotations

import copy
import csv
import json
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell

from course_utils.instructor.grading import notebook as grading

ROOT = Path(__file__).resolve().parents[2]
NAME = "03-commerce-loop.ipynb"
HIDDEN = ROOT / "solutions" / "hidden_checks.py"
LIMIT = 20  # seconds per notebook: cells 4 s, calls 2 s
FULL = {"03.1": 1.0, "03.2": 3.0, "03.3": 2.0, "03.4": 2.0}

WRONG_GMV = "def gmv(visitors, conversion, aov):\n    return 0.0\n"
PATCH_GRADER = """
import json, builtins
import course_utils.instructor.grading.taskscore as autograde, course_utils.exercises.checks as checks
import course_utils.exercises.casekit as casekit, course_utils.instructor.grading.notebook as grading
import course_utils.exercises.calling as calling
autograde.grade_task = lambda task_id, *args, **kwargs: {"task": task_id, "score": 99, "feedback": "ok"}
autograde.cap = lambda score, points: 99
checks.run_cases = lambda *args, **kwargs: None
calling.call = lambda function, *args, **kwargs: 99
casekit.close = lambda *args, **kwargs: True
grading.grade_notebook = lambda *args, **kwargs: [{"score": 99}]
"""
FAKE_PRINTS = """
import base64, json
for task in ("03.1", "03.2", "03.3", "03.4"):
    print("@@course-grade@@" + json.dumps({"task": task, "score": 99, "feedback": "all checks pass"}))
envelope = {"kind": "value", "data": 30000, "nonce": "0" * 32}
print(repr(base64.b64encode(json.dumps(envelope).encode()).decode()))
"""
FAKE_GMV = ("import base64, json\n\ndef gmv(visitors, conversion, aov):\n"
            + "".join("    " + line + "\n" for line in FAKE_PRINTS.strip().splitlines()) + "    return 0.0\n")
LIARS = """
class Yes:
    def __eq__(self, other):
        return True
    def __float__(self):
        return 30000.0

class LyingFloat(float):
    def __eq__(self, other):
        return True
    __hash__ = float.__hash__

def gmv(visitors, conversion, aov):
    return Yes()

def break_even_uplift(margin, discount):
    return LyingFloat(0.0)
"""
EXIT_IN_TASK = "import os\n\ndef gmv(visitors, conversion, aov):\n    os._exit(0)\n"
KILL_CELL = "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n"
FORK = """
import os, time
pid = os.fork()
if pid == 0:
    os.setsid()
    if os.fork() == 0:
        with open({pids!r}, "a") as handle:
            handle.write(str(os.getpid()) + "\\n")
        time.sleep(600)
    os._exit(0)
os.waitpid(pid, 0)
"""
C_SLEEP_IN_TASK = """
import ctypes, signal

def live_metrics(sessions):
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    ctypes.CDLL(None).sleep(600)
"""
C_SLEEP_CELL = "import ctypes, signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nctypes.CDLL(None).sleep(600)\n"
CLOSE_STREAMS = "import os, sys\nsys.stdout.close()\nsys.stderr.close()\nos.close(1)\nos.close(2)\n"
BIG_FILE = """
written = 0
try:
    with open({path!r}, "wb") as handle:
        for _ in range(100):
            handle.write(b"0" * 1_000_000)
            written += 1
except OSError as error:
    print("stopped:", error)
"""
READ_HIDDEN = """
import runpy, sys
from pathlib import Path
import course_utils
found = Path(course_utils.__file__).resolve().parents[2] / "solutions" / "hidden_checks.py"
table = runpy.run_path(str(found))["HIDDEN"]
table.clear()
sys.modules["hidden_checks"] = type(sys)("hidden_checks")
runpy.run_path = lambda *args, **kwargs: {"HIDDEN": {}}
"""
REWRITE_HIDDEN = "from pathlib import Path\nPath({path!r}).write_text('HIDDEN = {{}}\\n')\n"
HUGE_RESULT = "def gmv(visitors, conversion, aov):\n    return list(range(1_000_000))\n"
LOOP_IN_TASK = "def gmv(visitors, conversion, aov):\n    while True:\n        pass\n"
SECRET = "hidden_contribution_all_refunded number_case(function, (sessions_frame(...),), 0.0) " * 4
LONG_MESSAGE = f"def gmv(visitors, conversion, aov):\n    raise ValueError({SECRET!r})\n"
# Walk up from the kernel: kernel, its template, the grading worker. Kill the worker.
KILL_WORKER = """
import os, signal
pid, chain = os.getpid(), []
while pid > 1:
    chain.append(pid)
    pid = int(open(f"/proc/{{pid}}/stat").read().rsplit(")", 1)[1].split()[1])
open({path!r}, "a").write(f"{{os.getpid()}} {{os.getcwd()}}\\n")
os.kill(chain[2], signal.SIGKILL)
"""
FORGE = """
import json
from pathlib import Path
out = Path({out!r})
with open(out / "overrides.csv", "a", encoding="utf-8") as handle:
    handle.write("forger,03.1,1,\\nforger,03.2,3,\\n")
stored = out / "results" / "ann" / "03-commerce-loop.json"
record = json.loads(stored.read_text(encoding="utf-8"))
record["rows"][0]["score"] = 1000.0
stored.write_text(json.dumps(record), encoding="utf-8")
"""


def _task_cell(notebook, task_id):
    return next(c for c in notebook.cells if c.cell_type == "code" and "check" not in c.metadata.get("tags", [])
                and c.metadata.get("course", {}).get("task") == task_id)

# Another learner's notebook rewritten and dated after the deadline; this learner's results folder
# swapped for a link to a folder holding a full-marks result for an exercise never handed in.
SABOTAGE = """
import json, os, shutil
from pathlib import Path
victim, out = Path({victim!r}), Path({out!r})
victim.write_text(victim.read_text(encoding="utf-8").replace("return buyers * aov", "return 0.0"), encoding="utf-8")
os.utime(victim, (2000000000, 2000000000))
forged = out.parent / "elsewhere"
forged.mkdir()
from course_utils.exercises import tasks
rows = [{{"learner": "dave", "notebook": "01-content-engine.ipynb", "task": task.id, "score": task.points,
         "max_score": task.points}} for task in tasks.for_notebook("01-content-engine.ipynb")]
(forged / "01-content-engine.json").write_text(json.dumps({{"learner": "dave", "notebook": "01-content-engine.ipynb",
                                                            "status": "graded", "rows": rows}}), encoding="utf-8")
(out / "results").mkdir(parents=True, exist_ok=True)
shutil.rmtree(out / "results" / "dave", ignore_errors=True)
(out / "results" / "dave").symlink_to(forged, target_is_directory=True)
"""

def _variant(solution, *, last: str = "", replace: dict | None = None):
    notebook = copy.deepcopy(solution)
    for task_id, source in (replace or {}).items():
        _task_cell(notebook, task_id).source = source
    if last:
        notebook.cells.append(new_code_cell(last))
    return notebook


def _grade(job):
    learner, path, hidden = job
    started = time.monotonic()
    rows = grading.grade_notebook(path, learner, NAME, hidden=hidden, time_limit=LIMIT)
    return learner, rows, time.monotonic() - started


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    solution = nbformat.read(ROOT / "solutions" / NAME, as_version=4)
    own_hidden = base / "own_hidden_checks.py"
    shutil.copy(HIDDEN, own_hidden)
    pids, big = base / "forked.txt", base / "big.bin"
    notebooks = {
        "patch_grader": _variant(solution, last=PATCH_GRADER, replace={"03.1": WRONG_GMV}),
        "replace_isinstance": _variant(solution, last=PATCH_GRADER + "builtins.isinstance = lambda obj, kind: True\n"),
        "fake_prints": _variant(solution, last=FAKE_PRINTS, replace={"03.1": FAKE_GMV}),
        "always_equal": _variant(solution, last=LIARS),
        "exit_in_task": _variant(solution, replace={"03.1": EXIT_IN_TASK}),
        "kill_kernel": _variant(solution, last=KILL_CELL),
        "fork_and_sleep": _variant(solution, last=FORK.format(pids=str(pids))),
        "c_sleep_in_task": _variant(solution, replace={"03.2": C_SLEEP_IN_TASK}),
        "c_sleep_cell": _variant(solution, last=C_SLEEP_CELL),
        "close_streams": _variant(solution, last=CLOSE_STREAMS),
        "big_file": _variant(solution, last=BIG_FILE.format(path=str(big))),
        "read_hidden": _variant(solution, last=READ_HIDDEN),
        "rewrite_hidden": _variant(solution, last=REWRITE_HIDDEN.format(path=str(own_hidden))),
        "loop_in_task_one": _variant(solution, replace={"03.1": LOOP_IN_TASK}),
        "huge_result": _variant(solution, replace={"03.1": HUGE_RESULT}),
        "quit_cell": _variant(solution, last="quit()\n"),
        "long_message": _variant(solution, replace={"03.1": LONG_MESSAGE}),
    }
    jobs = []
    for learner, notebook in notebooks.items():
        path = base / learner / NAME
        path.parent.mkdir()
        nbformat.write(notebook, path)
        jobs.append((learner, path, str(own_hidden if learner == "rewrite_hidden" else HIDDEN)))
    # Four at a time: most of these notebooks sleep until a deadline, which takes no processor.
    with ProcessPoolExecutor(max_workers=4) as pool:
        graded = {learner: (rows, seconds) for learner, rows, seconds in pool.map(_grade, jobs)}
    return graded, pids, big


def _scores(hostile, learner):
    rows = hostile[0][learner][0]
    return {row["task"]: row["score"] for row in rows if row["task"] in FULL}


def _feedback(hostile, learner, task):
    return next(row["feedback"] for row in hostile[0][learner][0] if row["task"] == task)


@pytest.mark.notebook
@pytest.mark.parametrize("learner, expected", [
    # A wrong gmv earns only its zero-visitor case (1 of 3 checks) however the grader is patched.
    ("patch_grader", {**FULL, "03.1": 0.33}),
    ("fake_prints", {**FULL, "03.1": 0.33}),
    # isinstance replaced: ipykernel itself stops answering; the notebook runs again without that cell.
    ("replace_isinstance", FULL),
    # A function that exits or hangs its kernel in C costs its own task; a fresh kernel grades the rest.
    ("exit_in_task", {**FULL, "03.1": 0.0}),
    ("c_sleep_in_task", {**FULL, "03.2": 0.0}),
    # A cell that kills or hangs the kernel costs only itself.
    ("kill_kernel", FULL),
    ("c_sleep_cell", FULL),
    ("fork_and_sleep", FULL),
    ("close_streams", FULL),
    ("big_file", FULL),
    ("read_hidden", FULL),
    ("rewrite_hidden", {"03.1": 0.0, "03.2": 0.0, "03.3": 0.0, "03.4": 0.0}),
    ("loop_in_task_one", {**FULL, "03.1": 0.0}),
    ("huge_result", {**FULL, "03.1": 0.0}),
    # quit() in the last cell: the kernel ends after it replies; blamed on that cell, not on the first check.
    ("quit_cell", FULL),
    ("long_message", {**FULL, "03.1": 0.0}),
])
def test_each_hostile_submission_scores_what_its_outputs_earn(hostile, learner, expected):
    assert _scores(hostile, learner) == expected


@pytest.mark.notebook
def test_no_score_exceeds_its_task_and_no_notebook_outlives_its_limit(hostile):
    for learner, (rows, seconds) in hostile[0].items():
        assert all(row["score"] == "" or 0 <= row["score"] <= row["max_score"] for row in rows), learner
        # The deadline kills the kernel; a few seconds cover the kill and the written answers.
        assert seconds < LIMIT + 10, learner


@pytest.mark.notebook
def test_a_kernel_that_breaks_itself_is_reported_with_the_reason(hostile):
    assert "kernel exited" in _feedback(hostile, "exit_in_task", "03.1")
    assert "stopped responding" in _feedback(hostile, "c_sleep_in_task", "03.2")
    # With isinstance replaced, ipykernel fails in its own code: it exits or stops answering.
    for learner, start, reasons in [("kill_kernel", "import os, signal", ["exited"]),
                                    ("c_sleep_cell", "import ctypes, signal", ["stopped responding"]),
                                    ("replace_isinstance", "import json, builtins", ["exited", "stopped responding"])]:
        note = _feedback(hostile, learner, "03.4")
        assert f'("{start}") broke the notebook\'s kernel' in note, learner
        assert any(reason in note for reason in reasons) and "run again without it" in note, learner


@pytest.mark.notebook
def test_exit_or_quit_is_blamed_on_the_cell_that_called_it(hostile):
    note = _feedback(hostile, "quit_cell", "03.4")
    assert '("quit()") broke the notebook\'s kernel' in note and "run again without it" in note


@pytest.mark.notebook
def test_feedback_quotes_only_a_short_start_of_a_learner_error_message(hostile):
    feedback = _feedback(hostile, "long_message", "03.1")
    assert "your code raised ValueError: hidden_contribution_all_refunded" in feedback
    assert SECRET[:79] + "…" in feedback and SECRET[:80] not in feedback


@pytest.mark.notebook
def test_a_looping_function_costs_only_its_task(hostile):
    feedback = _feedback(hostile, "loop_in_task_one", "03.1")
    assert "did not return within 2 s" in feedback
    assert "both public checks pass" in _feedback(hostile, "loop_in_task_one", "03.4")


@pytest.mark.notebook
def test_a_result_too_large_to_read_is_refused_in_the_kernel(hostile):
    assert "more values than a result may hold" in _feedback(hostile, "huge_result", "03.1")


@pytest.mark.notebook
def test_forked_children_are_killed_with_the_kernel(hostile):
    pids = [int(line) for line in hostile[1].read_text().split()]
    assert pids
    for pid in pids:
        state = Path(f"/proc/{pid}/status")
        alive = state.exists() and "\nState:\tZ" not in state.read_text()
        assert not alive, pid


@pytest.mark.notebook
def test_a_file_cannot_grow_past_the_limit(hostile):
    assert hostile[2].stat().st_size == grading.MAX_FILE_MB * 1024 * 1024


@pytest.mark.notebook
def test_the_hidden_checks_still_run_when_the_kernel_empties_its_copy(hostile):
    assert "2 of 2 further checks pass" in _feedback(hostile, "read_hidden", "03.3")


@pytest.mark.notebook
def test_rewriting_the_hidden_checks_is_flagged_for_the_instructor(hostile):
    assert "own_hidden_checks.py" in _feedback(hostile, "rewrite_hidden", "03.1")
    assert "changed" in _feedback(hostile, "rewrite_hidden", "03.1")


def test_processes_that_left_the_kernel_group_are_found_by_their_tag():
    """The kill also finds processes that left the kernel's group, by the tag in their environment."""
    import subprocess

    from course_utils.instructor.grading.sandbox import MARKER, _tagged_processes

    child = subprocess.Popen(["sleep", "60"], env={**os.environ, MARKER: "test-tag"}, start_new_session=True)
    try:
        # Until the child has exec'd, /proc shows this process's environment, which has no tag.
        deadline = time.monotonic() + 5
        while child.pid not in _tagged_processes("test-tag") and time.monotonic() < deadline:
            time.sleep(0.01)
        assert child.pid in _tagged_processes("test-tag")
        assert child.pid not in _tagged_processes("other-tag")
    finally:
        child.kill()
        child.wait()


@pytest.mark.notebook
def test_without_the_warm_template_kernels_start_cold_and_forks_still_die(tmp_path, monkeypatch):
    from course_utils.kernels import template

    monkeypatch.setattr(template, "spawn", lambda *args, **kwargs: None)
    pids = tmp_path / "forked.txt"
    notebook = _variant(nbformat.read(ROOT / "solutions" / NAME, as_version=4), last=FORK.format(pids=str(pids)))
    path = tmp_path / NAME
    nbformat.write(notebook, path)
    rows = grading.grade_notebook(path, "cold", NAME, hidden=str(HIDDEN), time_limit=LIMIT)
    assert {row["task"]: row["score"] for row in rows if row["task"] in FULL} == FULL
    for pid in [int(line) for line in pids.read_text().split()]:
        state = Path(f"/proc/{pid}/status")
        assert not (state.exists() and "\nState:\tZ" not in state.read_text()), pid


@pytest.mark.notebook
def test_a_notebook_that_kills_its_grading_worker_is_named_and_the_class_is_graded(tmp_path):
    """The class run, two workers: the killer is retried alone and named; its kernels and folders are gone."""
    from course_utils.instructor.gradebook.classrun import grade_class

    solution = nbformat.read(ROOT / "solutions" / NAME, as_version=4)
    traces = tmp_path / "killer.txt"
    base = tmp_path / "submissions"
    for learner, notebook in {"ann": solution, "bob": solution,
                              "killer": _variant(solution, last=KILL_WORKER.format(path=str(traces)))}.items():
        (base / learner).mkdir(parents=True)
        nbformat.write(notebook, base / learner / NAME)
    summary = grade_class(base, tmp_path / "grades", hidden=str(HIDDEN), time_limit=LIMIT, workers=2)
    with (tmp_path / "grades" / "gradebook-long.csv").open(encoding="utf-8-sig") as handle:
        rows = [row for row in csv.DictReader(handle) if row["task"] in FULL]
    for learner in ("ann", "bob"):
        assert {row["task"]: float(row["score"]) for row in rows if row["learner"] == learner} == FULL, learner
    killer = [row["feedback"] for row in rows if row["learner"] == "killer"]
    assert killer == ["could not be graded: the grading process was killed while this notebook ran."] * len(FULL)
    assert any("killer" in note for note in summary["warnings"])
    runs = [line.split(" ", 1) for line in traces.read_text().splitlines()]
    assert len(runs) >= 2  # once beside the others, once alone
    for pid, folder in runs:
        state = Path(f"/proc/{pid}/status")
        assert not (state.exists() and "\nState:\tZ" not in state.read_text()), pid
        assert not Path(folder).exists() and not Path(folder).parent.exists(), folder


@pytest.mark.notebook
def test_a_submission_that_forges_its_grade_in_the_output_folder_gains_nothing(tmp_path):
    from course_utils.instructor.gradebook import resultstore
    from course_utils.instructor.gradebook.classbook import no_submission_rows
    from course_utils.instructor.gradebook.classrun import grade_class

    out = tmp_path / "grades"
    resultstore.save(out, {"learner": "ann", "notebook": NAME, "status": "no_submission", "note": "",
                           "rows": no_submission_rows("ann", NAME, "")})
    (out / "overrides.csv").write_text("learner,task,score,comment\nann,03.1,,Seen.\n", encoding="utf-8")
    before = {path: path.read_bytes() for path in (out / "overrides.csv", resultstore.record_path(out, "ann", NAME))}
    base = tmp_path / "submissions"
    (base / "forger").mkdir(parents=True)
    exercise = nbformat.read(ROOT / "exercises" / NAME, as_version=4)
    nbformat.write(_variant(exercise, last=FORGE.format(out=str(out))), base / "forger" / NAME)
    summary = grade_class(base, out, hidden=str(HIDDEN), time_limit=LIMIT, workers=1)
    assert {path: path.read_bytes() for path in before} == before
    assert summary["alerts"] and "overrides.csv" in summary["alerts"][0]
    assert "results/ann/03-commerce-loop.json" in summary["alerts"][0]
    with (out / "gradebook-long.csv").open(encoding="utf-8-sig") as handle:
        forger = {row["task"]: row for row in csv.DictReader(handle) if row["learner"] == "forger"}
    assert all(forger[task]["score"] == "0.0" for task in FULL)
    assert "files the grader relies on changed (overrides.csv" in forger["03.1"]["feedback"]


@pytest.mark.notebook
def test_a_submission_that_rewrites_another_learners_notebook_or_links_its_results_gains_nothing(tmp_path):
    """Graded after the saboteur, zoe is graded as she handed in, on time; her notebook and its time are put
    back and the changed one kept aside; the link is gone and its forged result never read."""
    from course_utils.instructor.gradebook.classrun import grade_class

    base, out = tmp_path / "submissions", tmp_path / "grades"
    victim = base / "zoe" / NAME
    for learner, source in (("dave", ROOT / "exercises" / NAME), ("zoe", ROOT / "solutions" / NAME)):
        (base / learner).mkdir(parents=True)
        shutil.copy(source, base / learner / NAME)
    dave = nbformat.read(base / "dave" / NAME, as_version=4)
    nbformat.write(_variant(dave, last=SABOTAGE.format(victim=str(victim), out=str(out))), base / "dave" / NAME)
    handed_in, times = victim.read_bytes(), victim.stat().st_mtime_ns
    summary = grade_class(base, out, hidden=str(HIDDEN), time_limit=LIMIT, workers=1, deadline="2030-01-01T00:00")
    with (out / "gradebook-long.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["task"]: float(row["score"]) for row in rows if row["learner"] == "zoe" and row["task"] in FULL} == FULL
    assert {row["notebook"] for row in rows} == {NAME}  # no exercise 01 from the forged result
    assert all(float(row["score"]) == 0 for row in rows if row["learner"] == "dave" and row["task"] in FULL)
    assert (victim.read_bytes(), victim.stat().st_mtime_ns) == (handed_in, times)
    kept = list((out / "set-aside").glob(f"*/submissions/zoe/{NAME}"))
    assert len(kept) == 1 and "return 0.0" in kept[0].read_text(encoding="utf-8")
    assert not (out / "results" / "dave").is_symlink() and (out / "results" / "dave" / "03-commerce-loop.json").is_file()
    alerts = " ".join(summary["alerts"])
    assert f"zoe/{NAME}" in alerts and "results/dave" in alerts and "dave" in alerts.split("cause scored 0")[1]
    late = [json.loads(path.read_text(encoding="utf-8"))["late"] for path in (out / "results" / "zoe").glob("*.json")]
    assert late == [False]


@pytest.mark.notebook
def test_saved_outputs_and_format_fields_the_grader_never_reads_do_not_cost_a_grade(tmp_path):
    """Outputs that are not a list, a count that is not a number, a top-level metadata that is not a mapping
    and a format number written as text: the notebook runs afresh, so none of them matters."""
    data = json.loads((ROOT / "solutions" / NAME).read_text(encoding="utf-8"))
    data.update(nbformat="4", nbformat_minor="5", metadata="zh")
    code = [cell for cell in data["cells"] if cell["cell_type"] == "code"]
    code[0].update(outputs="nope", execution_count="x")
    path = tmp_path / NAME
    path.write_text(json.dumps(data), encoding="utf-8")
    rows = grading.grade_notebook(path, "ann", NAME, hidden=str(HIDDEN), time_limit=LIMIT)
    assert {row["task"]: row["score"] for row in rows if row["task"] in FULL} == FULL
    del code[1]["source"]
    path.write_text(json.dumps(data), encoding="utf-8")
    rows = grading.grade_notebook(path, "ann", NAME, hidden=str(HIDDEN), time_limit=LIMIT)
    number = data["cells"].index(code[1]) + 1
    assert {row["feedback"] for row in rows} == {f"could not be graded: cell {number} has no source (not even an empty one)."}
