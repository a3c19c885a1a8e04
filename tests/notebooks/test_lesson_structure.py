"""Static checks of every lesson notebook (no execution): the shape COURSE.md and DESIGN.md ask for."""

from __future__ import annotations

import re

VOCABULARY = {"setup", "hide-input", "objectives", "fact-check", "exhibit", "explorer", "quiz", "discussion",
              "takeaways", "exercise-pointer", "task", "check"}
REQUIRED = ("objectives", "fact-check", "explorer", "quiz", "discussion", "takeaways", "exercise-pointer")
ABSOLUTE = re.compile(r"(?<![\w.])(/work/|/root/|/home/|/tmp/|[A-Za-z]:\\\\?)")
CAPTION = re.compile(r"Exhibit (\d+)\.(\d+) \u2014")
BASE64_IMAGE = re.compile(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+")
QUIZ_CALL = re.compile(r"show_quiz\(\s*[\"'](\d{2})[\"']\s*(?:,\s*ids\s*=\s*(\[[^\]]*\]))?")
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
