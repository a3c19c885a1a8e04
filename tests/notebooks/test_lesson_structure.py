"""Static checks of every lesson notebook (no execution): the shape COURSE.md and DESIGN.md ask for."""

from __future__ import annotations

import ast
import importlib
import json
import re
from pathlib import Path

VOCABULARY = {"setup", "hide-input", "objectives", "fact-check", "exhibit", "explorer", "quiz", "discussion",
              "takeaways", "exercise-pointer", "task", "check"}
REQUIRED = ("objectives", "fact-check", "explorer", "quiz", "discussion", "takeaways", "exercise-pointer")
ABSOLUTE = re.compile(r"(?<![\w.])(/work/|/root/|/home/|/tmp/|[A-Za-z]:\\\\?)")
CAPTION = re.compile(r"Exhibit (\d+)\.(\d+) \u2014")
BASE64_IMAGE = re.compile(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+")
QUIZ_CALL = re.compile(r"show_quiz\(\s*[\"'](\d{2})[\"']\s*(?:,\s*ids\s*=\s*(\[[^\]]*\]))?")
# The quiz cell only calls: its names come from the set-up cell's one import.
QUIZ_CELL = re.compile(r"\A\s*show_quiz\([^()]*\)\s*\Z")
LIST_ITEM = re.compile(r"^\s*(?:\d+[.)]|[-*])\s+\S", re.MULTILINE)


def lesson_number(path) -> str:
    return path.name[:2]


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def tagged(nb, tag):
    return [cell for cell in nb.cells if tag in tags(cell)]


def text_of_output(output) -> str:
    """The text an output shows, without embedded image payloads."""
    if output.get("output_type") == "stream":
        return output.get("text", "")
    if output.get("output_type") == "error":
        return "\n".join(output.get("traceback", []))
    data = output.get("data", {})
    parts = [data.get(kind, "") for kind in ("text/plain", "text/html", "text/markdown")]
    return BASE64_IMAGE.sub("data:image", "\n".join(p if isinstance(p, str) else "".join(p) for p in parts))


def lesson_name(path) -> str:
    from course_utils.lessons import lesson_by_number

    return lesson_by_number(lesson_number(path)).name


def imports_in(source: str) -> list[ast.stmt]:
    return [node for node in ast.walk(ast.parse(source)) if isinstance(node, (ast.Import, ast.ImportFrom))]


def exhibit_numbers(nb) -> list[str]:
    """Exhibit numbers in order of appearance, one per output that shows an exhibit."""
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            number = output.get("metadata", {}).get("course_utils", {}).get("exhibit")
            if number is None:
                match = CAPTION.search(output.get("data", {}).get("text/plain", "") or "")
                number = f"{match.group(1)}.{match.group(2)}" if match else None
            if number is not None and number not in found:
                found.append(number)
    return found


def test_required_tags_are_present(lesson_path, lesson):
    missing = [tag for tag in REQUIRED if not tagged(lesson, tag)]
    assert not missing, f"{lesson_path.name} has no cell tagged {', '.join(missing)}"
    minimum = 1 if lesson_number(lesson_path) == "00" else 2
    explorers = len(tagged(lesson, "explorer"))
    assert explorers >= minimum, f"{lesson_path.name} has {explorers} explorer cell(s); it needs {minimum}"


def test_only_vocabulary_tags_and_setup_first(lesson_path, lesson):
    for index, cell in enumerate(lesson.cells):
        unknown = set(tags(cell)) - VOCABULARY
        assert not unknown, f"{lesson_path.name} cell {index} has tags outside the vocabulary: {sorted(unknown)}"
    code = [cell for cell in lesson.cells if cell.cell_type == "code"]
    assert code and "setup" in tags(code[0]), f"{lesson_path.name}: the first code cell is not tagged setup"
    top = lesson.cells[:2]
    assert any("objectives" in tags(cell) for cell in top), f"{lesson_path.name}: objectives are not at the top"


COURSE = Path(__file__).resolve().parents[2]
OTHER_NOTEBOOKS = sorted(path for folder in ("exercises", "solutions") for edition in ("", "zh")
                         for path in (COURSE / folder / edition).glob("[0-9][0-9]-*.ipynb"))


def test_exercise_and_solution_notebooks_use_the_same_tag_vocabulary():
    """One vocabulary for the whole course: the print rules know every tag a notebook carries."""
    assert len(OTHER_NOTEBOOKS) == 16
    for path in OTHER_NOTEBOOKS:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for index, cell in enumerate(notebook["cells"]):
            unknown = set(cell.get("metadata", {}).get("tags", [])) - VOCABULARY
            assert not unknown, f"{path.relative_to(COURSE)} cell {index} has tags outside the vocabulary: {sorted(unknown)}"


def test_objectives_state_time_and_fact_checks_start_right(lesson_path, lesson):
    objectives = "".join(cell.source for cell in tagged(lesson, "objectives"))
    assert re.search(r"\d+\s*min", objectives), f"{lesson_path.name}: objectives give no estimated time"
    for cell in tagged(lesson, "fact-check"):
        assert cell.source.lstrip().startswith("**Fact check:**"), \
            f"{lesson_path.name}: a fact-check cell does not start with **Fact check:**"


def test_exhibits_are_numbered_in_order_without_gaps(lesson_path, lesson):
    numbers = exhibit_numbers(lesson)
    lesson_no = int(lesson_number(lesson_path))
    assert numbers, f"{lesson_path.name} shows no exhibit"
    expected = [f"{lesson_no}.{n}" for n in range(1, len(numbers) + 1)]
    assert numbers == expected, f"{lesson_path.name}: exhibits appear as {numbers}; expected {expected}"


def test_quiz_shows_every_question_of_a_big_enough_bank(lesson_path, lesson):
    from course_utils.quiz import load_bank

    calls = [match for cell in tagged(lesson, "quiz") for match in QUIZ_CALL.finditer(cell.source)]
    assert calls, f"{lesson_path.name}: the quiz cell does not call show_quiz(\"NN\")"
    for cell in tagged(lesson, "quiz"):
        assert QUIZ_CELL.match(cell.source), \
            f"{lesson_path.name}: the quiz cell should be one show_quiz(...) call, not {cell.source!r}"
    assert {call.group(1) for call in calls} == {lesson_number(lesson_path)}, \
        f"{lesson_path.name}: the quiz cell shows another lesson's quiz"
    bank = load_bank(lesson_number(lesson_path))
    ids = [question.id for question in bank.questions]
    assert len(ids) >= 6, f"{lesson_path.name}: the quiz bank has {len(ids)} questions; it needs 6"
    if all(call.group(2) for call in calls):
        shown = set(re.findall(r"[\"']([^\"']+)[\"']", " ".join(call.group(2) for call in calls)))
        unreachable = sorted(set(ids) - shown)
        assert not unreachable, f"{lesson_path.name}: bank questions never shown: {unreachable}"


def test_discussion_has_three_to_five_questions(lesson_path, lesson):
    items = sum(len(LIST_ITEM.findall(cell.source)) for cell in tagged(lesson, "discussion"))
    assert 3 <= items <= 5, f"{lesson_path.name}: {items} discussion questions; there should be 3 to 5"


def test_notebook_is_executed_in_order_with_a_kernelspec(lesson_path, lesson):
    assert lesson.metadata.get("kernelspec", {}).get("name") == "python3", f"{lesson_path.name}: kernelspec"
    counts = [cell.get("execution_count") for cell in lesson.cells if cell.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), \
        f"{lesson_path.name} is not executed top to bottom in one run: execution counts {counts}"


def test_no_errors_absolute_paths_or_todo(lesson_path, lesson):
    for index, cell in enumerate(lesson.cells):
        texts = [cell.source] + [text_of_output(output) for output in cell.get("outputs", [])]
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", f"{lesson_path.name} cell {index} has an error output"
            assert output.get("name") != "stderr" or not output.get("text", "").strip(), \
                f"{lesson_path.name} cell {index} wrote to stderr: {output.get('text', '')[:200]}"
        for text in texts:
            found = ABSOLUTE.search(text)
            assert not found, f"{lesson_path.name} cell {index} holds an absolute path: {found.group(0)!r}"
            assert "TODO" not in text and "FIXME" not in text, f"{lesson_path.name} cell {index} says TODO"


def test_lesson_imports_from_its_one_module_in_the_setup_cell(lesson_path, lesson):
    """The set-up cell is ``from course_utils.lessons.<name> import (...)`` and ``apply_style()``; no other cell imports."""
    module = f"course_utils.lessons.{lesson_name(lesson_path)}"
    code = [cell for cell in lesson.cells if cell.cell_type == "code"]
    setup = ast.parse(code[0].source).body
    assert len(setup) == 2 and isinstance(setup[0], ast.ImportFrom), \
        f"{lesson_path.name}: the set-up cell should hold one import and apply_style(), not {code[0].source!r}"
    assert (setup[0].module, setup[0].level) == (module, 0), \
        f"{lesson_path.name}: the set-up cell imports from {setup[0].module}, not {module}"
    call = setup[1].value if isinstance(setup[1], ast.Expr) else None
    assert isinstance(call, ast.Call) and getattr(call.func, "id", None) == "apply_style" and not call.args, \
        f"{lesson_path.name}: the set-up cell should end with apply_style()"
    for index, cell in enumerate(lesson.cells):
        if cell.cell_type == "code" and cell is not code[0]:
            found = imports_in(cell.source)
            assert not found, f"{lesson_path.name} cell {index} imports again (line {found[0].lineno}); " \
                              f"import from {module} in the set-up cell"


def test_lesson_module_re_exports_exactly_what_its_lesson_uses(lesson_path, lesson):
    """``course_utils.lessons.<name>``: a docstring, imports and ``__all__`` only, every name imported by the lesson and used."""
    module = importlib.import_module(f"course_utils.lessons.{lesson_name(lesson_path)}")
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    assert ast.get_docstring(tree) and "one import" in ast.get_docstring(tree), f"{module.__name__}: docstring"
    for node in tree.body[1:]:
        is_all = isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["__all__"]
        assert isinstance(node, (ast.Import, ast.ImportFrom)) or is_all, \
            f"{module.__name__} line {node.lineno}: only imports and __all__ belong here (no side effects)"
        assert not any(alias.name == "*" for alias in getattr(node, "names", [])), f"{module.__name__}: star import"
    unbound = [name for name in module.__all__ if not hasattr(module, name)]
    assert not unbound, f"{module.__name__}.__all__ names what it does not import: {unbound}"
    setup = ast.parse(next(cell for cell in lesson.cells if cell.cell_type == "code").source).body[0]
    imported = [alias.name for alias in getattr(setup, "names", [])]
    assert sorted(imported) == sorted(module.__all__), \
        f"{lesson_path.name} imports {sorted(set(imported) ^ set(module.__all__))} differently from {module.__name__}.__all__"
    used = {node.id for cell in lesson.cells if cell.cell_type == "code"
            for node in ast.walk(ast.parse(cell.source)) if isinstance(node, ast.Name)}
    unused = sorted(set(module.__all__) - used)
    assert not unused, f"{module.__name__} exports names {lesson_path.name} never uses: {unused}"
