"""The Chinese course: made from the English one, complete, current, and the same course."""

from __future__ import annotations

import io
import re
import shutil
import sys
import tokenize
from pathlib import Path

import nbformat
import pytest
import yaml

from course_utils.instructor import translated_course, translations

sys.path.insert(0, str(Path(__file__).resolve().parent))  # english.py beside this file
from course_utils.instructor.doc_messages import apply_markdown, markdown_messages

REPO = Path(__file__).resolve().parents[2]
LANG = "zh"
NOTEBOOK_SETS = ("lessons", "solutions", "exercises")
BANKS = REPO / "src" / "course_utils" / "quizbanks"


def _pairs(folder: str) -> list[tuple[Path, Path]]:
    english = sorted((REPO / folder).glob("[0-9][0-9]-*.ipynb"))
    return [(path, path.parent / LANG / path.name) for path in english]


ALL_PAIRS = [pair for folder in NOTEBOOK_SETS for pair in _pairs(folder)]


def test_every_document_has_its_translation_written_and_current():
    """`course translate --check`: catalogues merged with the English, translated files as written."""
    assert translated_course.stale(REPO, LANG) == []


def test_every_message_is_translated_and_none_is_out_of_date():
    problems = translated_course.all_problems(REPO, LANG)
    assert problems == [], f"{len(problems)} messages need a translator:\n" + "\n".join(problems[:30])


def test_an_english_edit_marks_its_translation_out_of_date(tmp_path):
    """Change an English paragraph: its translation goes fuzzy, the check fails, the Chinese shows English."""
    front = tmp_path / "book" / "front"
    front.mkdir(parents=True)
    (front / "how-to-use.md").write_text("# How to use\n\nRead the lessons in order.\n\n- Run every cell.\n",
                                         encoding="utf-8")
    translated_course.update(tmp_path, LANG, say=lambda line: None)
    document = translations.documents(tmp_path)[0]
    catalogue = translations.merged(document, tmp_path, LANG)
    for message, chinese in (("How to use", "使用说明"), ("Read the lessons in order.", "按顺序阅读各课。"),
                             ("Run every cell.", "运行每个单元格。")):
        catalogue[message].string = chinese
    document.catalogue_path(tmp_path, LANG).write_bytes(translations.catalogue_bytes(catalogue))
    translated_course.update(tmp_path, LANG, say=lambda line: None)
    assert translated_course.all_problems(tmp_path, LANG) == []
    target = front / LANG / "how-to-use.md"
    assert target.read_text(encoding="utf-8") == "# 使用说明\n\n按顺序阅读各课。\n\n- 运行每个单元格。\n"

    (front / "how-to-use.md").write_text("# How to use\n\nRead the lessons in any order.\n\n- Run every cell.\n",
                                         encoding="utf-8")
    assert "book/front/zh/how-to-use.md" in translated_course.stale(tmp_path, LANG)
    translated_course.update(tmp_path, LANG, say=lambda line: None)
    problems = translated_course.all_problems(tmp_path, LANG)
    assert len(problems) == 1 and "out of date" in problems[0] and "any order" in problems[0]
    # The stale translation is not used: the changed paragraph reads in English until translated again.
    assert target.read_text(encoding="utf-8") == "# 使用说明\n\nRead the lessons in any order.\n\n- 运行每个单元格。\n"


def test_corner_quotes_and_half_width_colons_are_problems(tmp_path):
    """Mainland Chinese quotes with “” (‘’ inside) and puts ： after a Chinese word: a slip goes back to the translator."""
    front = tmp_path / "book" / "front"
    front.mkdir(parents=True)
    (front / "how-to-use.md").write_text('Press "Check answers".\n', encoding="utf-8")
    translated_course.update(tmp_path, LANG, say=lambda line: None)
    document = translations.documents(tmp_path)[0]
    catalogue = translations.merged(document, tmp_path, LANG)
    for chinese, flagged in (("点击「核对答案」。", "quotes with"), ("提示: 点击“核对答案”。", "half-width colon"),
                             ("提示：点击“核对答案”。", None)):
        catalogue['Press "Check answers".'].string = chinese
        document.catalogue_path(tmp_path, LANG).write_bytes(translations.catalogue_bytes(catalogue))
        problems = translated_course.all_problems(tmp_path, LANG)
        assert [(flagged in p) for p in problems] == ([True] if flagged else []), problems


def test_extraction_and_application_walk_the_same_units():
    """Applying an identity translation gives back every English document unchanged."""
    for path in sorted(REPO.glob("lessons/[0-9][0-9]-*.ipynb")) + [REPO / "book" / "front" / "how-to-use.md"]:
        if path.suffix == ".md":
            text = path.read_text(encoding="utf-8")
            assert apply_markdown(text, lambda m: m) == text
            continue
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                assert apply_markdown(cell.source, lambda m: m) == cell.source
                # A marked-up message is translated as a whole: every unit is one message.
                assert all(m.strip() for m in markdown_messages(cell.source))


def _code_shape(source: str) -> list[tuple[int, str]]:
    """The code of a cell without its prose: tokens, with strings and comments blanked."""
    shape = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            continue
        if token.type == tokenize.STRING:
            # Words in a string may be translated; numbers, dates and symbols may not.
            prose = re.search(r"[A-Za-z\u4e00-\u9fff]", token.string.lstrip("rRbBuUfF"))
            shape.append((token.type, "STRING" if prose else token.string))
        elif token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
            shape.append((token.type, token.string))
    return shape


@pytest.mark.parametrize("english,chinese", ALL_PAIRS, ids=[f"{e.parent.name}/{e.name}" for e, _ in ALL_PAIRS])
def test_chinese_notebook_is_the_english_one_in_structure(english, chinese):
    """Same cells (ids, types, tags), the same code apart from prose strings and comments, same task ids."""
    en, zh = nbformat.read(english, as_version=4), nbformat.read(chinese, as_version=4)
    assert zh.metadata.get("course", {}).get("language") == LANG
    assert [(c.get("id"), c.cell_type, c.metadata.get("tags", [])) for c in en.cells] == \
        [(c.get("id"), c.cell_type, c.metadata.get("tags", [])) for c in zh.cells]
    for a, b in zip(en.cells, zh.cells):
        if a.cell_type == "code":
            assert _code_shape(a.source) == _code_shape(b.source), f"{chinese.name}, cell {a.get('id')}: code differs"
            # Exhibit numbers, quiz ids and task ids are code: the same in both.
            assert re.findall(r'"(\d\.\d+)"|"(0\d\.\d)"|show_quiz\("(\d\d)"\)', a.source) == \
                re.findall(r'"(\d\.\d+)"|"(0\d\.\d)"|show_quiz\("(\d\d)"\)', b.source)
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN ANSWER", "END ANSWER", "BEGIN HIDDEN", "END HIDDEN"):
            assert a.source.count(marker) == b.source.count(marker), f"{chinese.name}: {marker} markers differ"


@pytest.mark.parametrize("bank", sorted(BANKS.glob("*.yaml")), ids=lambda p: p.stem)
def test_chinese_quiz_bank_asks_the_same_questions(bank):
    """Question ids, types, choice ids, correct choices and numeric answers are the English bank's."""
    def key(data):
        return [(q["id"], q["type"], q.get("answer"), q.get("tolerance"), q.get("unit") is None,
                 [(c["id"], bool(c.get("correct"))) for c in q.get("choices", [])],
                 [w["value"] for w in q.get("common_wrong", [])]) for q in data["questions"]]

    en = yaml.safe_load(bank.read_text(encoding="utf-8"))
    zh = yaml.safe_load((BANKS / LANG / bank.name).read_text(encoding="utf-8"))
    assert key(en) == key(zh)
    for question_en, question_zh in zip(en["questions"], zh["questions"]):
        if question_en["type"] == "text":
            # Learners may answer in either language.
            assert set(question_en["accept"]) <= set(question_zh["accept"]) or \
                {a.lower() for a in question_en["accept"]} <= {a.lower() for a in question_zh["accept"]}
            assert any(re.search(r"[\u4e00-\u9fff]", answer) for answer in question_zh["accept"])


def test_the_chinese_documents_are_in_their_language_folders():
    for document in translations.documents(REPO):
        assert (REPO / document.target(LANG)).is_file(), document.target(LANG)
    assert sorted(p.name for p in (REPO / "exercises" / LANG).glob("*.ipynb")) == \
        sorted(p.name for p in (REPO / "exercises").glob("*.ipynb"))


def test_a_broken_translated_string_names_the_notebook_and_cell(tmp_path):
    """A translation that would end a Python string early is refused with the cell named, not written."""
    (tmp_path / "lessons").mkdir()
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell('print("Routes to a purchase")', id="c1")]
    nbformat.write(notebook, tmp_path / "lessons" / "00-x.ipynb")
    document = translations.documents(tmp_path)[0]
    catalogue = translations.merged(document, tmp_path, LANG)
    catalogue["Routes to a purchase"].string = '通往"购买"的路径'
    from course_utils.errors import CourseInputError

    with pytest.raises(CourseInputError, match=r"lessons/00-x.ipynb, cell c1"):
        translations.translated_text(document, tmp_path, catalogue, LANG)


def test_release_of_the_chinese_bundle_has_no_english_notebooks_and_no_keys(tmp_path):
    from course_utils.instructor.release import build

    report = build(REPO, tmp_path / "bundle", LANG)
    bundle = tmp_path / "bundle"
    assert report["findings"] == []
    assert sorted(p.relative_to(bundle).as_posix() for p in bundle.glob("lessons/**/*.ipynb")) == \
        [f"lessons/{LANG}/{p.name}" for p in sorted((REPO / "lessons").glob("[0-9][0-9]-*.ipynb"))]
    assert not (bundle / "solutions").exists()
    for path in (bundle / "src" / "course_utils" / "quizbanks" / LANG).glob("*.yaml"):
        assert yaml.safe_load(path.read_text(encoding="utf-8")).get("sealed"), path.name
    readme = (bundle / "README.md").read_text(encoding="utf-8")
    assert "lessons/zh/00-course-tour.ipynb" in readme and "安装" in readme
    shutil.rmtree(bundle)


def _english_in(path: Path) -> list[str]:
    from english import english_sentences, notebook_texts

    notebook = nbformat.read(path, as_version=4)
    return [f"{where}: {sentence}" for where, text in notebook_texts(notebook) for sentence in english_sentences(text)]


CHINESE_NOTEBOOKS = [chinese for _, chinese in ALL_PAIRS]


@pytest.mark.parametrize("path", CHINESE_NOTEBOOKS, ids=[f"{p.parent.parent.name}/zh/{p.name}" for p in CHINESE_NOTEBOOKS])
def test_chinese_notebook_has_no_english_sentence(path):
    """Prose, outputs, charts' alt text and widgets of the executed Chinese notebook read in Chinese."""
    found = _english_in(path)
    assert found == [], f"{path.relative_to(REPO)}: {len(found)} English sentences:\n" + "\n".join(found[:25])


NOTEBOOK_PATH = re.compile(r"\b(?:lessons|exercises|solutions)/(?:[a-z]+/)?[0-9]{2}-[a-z0-9-]+\.ipynb")


@pytest.mark.parametrize("english, chinese", ALL_PAIRS, ids=[f"{e.parent.name}/{e.name}" for e, _ in ALL_PAIRS])
def test_a_notebook_sends_the_reader_to_notebooks_in_its_own_language(english, chinese):
    """A path to another course notebook in the prose names one that exists, in the reader's language."""
    for path, in_chinese in ((english, False), (chinese, True)):
        notebook = nbformat.read(path, as_version=4)
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "markdown":
                continue
            for named in NOTEBOOK_PATH.findall(cell.source):
                where = f"{path.relative_to(REPO)} cell {index}: {named}"
                assert (REPO / named).is_file(), f"{where} does not exist"
                assert (Path(named).parent.name == LANG) == in_chinese, f"{where} is in the other language"


def test_chinese_book_matter_has_no_english_sentence():
    from english import english_sentences

    found = []
    for document in translations.documents(REPO):
        if document.kind == "notebook":
            continue
        text = (REPO / document.target(LANG)).read_text(encoding="utf-8")
        if document.kind == "yaml":  # the translated values only (an English term beside its Chinese is data)
            text = "\n".join(translations.data_messages(yaml.safe_load(text), translations.YAML_KEYS,
                                                         translations.LIST_KEYS))
        found += [f"{document.target(LANG)}: {s}" for s in english_sentences(text)]
    assert found == [], "\n".join(found[:25])


def _unrendered_emphasis(markdown: str) -> list[str]:
    """Bold or italic markers the renderer left as text (CommonMark: "**粗体。**后面" does not close)."""
    from course_utils.book.matter import markdown_html

    text = re.sub(r"<(pre|code)\b.*?</\1>", " ", markdown_html(markdown), flags=re.S)
    left = [line.strip()[:80] for line in re.sub(r"<[^>]+>", "", text).splitlines() if "**" in line]
    # A marker that failed to close can pair with a later one instead: the bold then runs on past the
    # end of its sentence ("**完成自测题。**印刷版中……**核对答案**").
    runaway = [f"bold past a full stop: {bold[:80]}" for bold in re.findall(r"<strong>(.*?)</strong>", text, re.S)
               if re.search(r"。.", re.sub(r"<[^>]+>", "", bold))]
    return left + runaway


def test_chinese_bold_renders_everywhere():
    """Chinese punctuation inside **...** next to a character breaks the emphasis; every one must render."""
    found = []
    for _, chinese in ALL_PAIRS:
        for cell in nbformat.read(chinese, as_version=4).cells:
            if cell.cell_type == "markdown":
                found += [f"{chinese.relative_to(REPO)}: {line}" for line in _unrendered_emphasis(cell.source)]
    for document in translations.documents(REPO):
        if document.kind == "markdown":
            text = (REPO / document.target(LANG)).read_text(encoding="utf-8")
            found += [f"{document.target(LANG)}: {line}" for line in _unrendered_emphasis(text)]
    assert found == [], "\n".join(found[:20])


def test_a_prose_change_keeps_the_outputs_and_runs_nothing(tmp_path):
    """A changed Chinese paragraph rewrites the notebook around its outputs; changed code runs it again."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    (tmp_path / "lessons").mkdir()
    nbformat.write(new_notebook(cells=[new_markdown_cell("Read this first.", id="m1"),
                                       new_code_cell('print("Routes to a purchase")', id="c1")]),
                   tmp_path / "lessons" / "00-x.ipynb")
    document = translations.documents(tmp_path)[0]
    target = tmp_path / document.target(LANG)

    def translate(paragraph: str, printed: str) -> translated_course.Plan:
        catalogue = translations.merged(document, tmp_path, LANG)
        catalogue["Read this first."].string = paragraph
        catalogue["Routes to a purchase"].string = printed
        document.catalogue_path(tmp_path, LANG).parent.mkdir(parents=True, exist_ok=True)
        document.catalogue_path(tmp_path, LANG).write_bytes(translations.catalogue_bytes(catalogue))
        return translated_course.plan(tmp_path, LANG)

    first = translate("先读这一段。", "通往购买的路径")
    assert first.to_execute == [target]
    executed = nbformat.reads(first.files[target], as_version=4)
    executed.cells[1].outputs = [new_output("stream", name="stdout", text="通往购买的路径\n")]
    target.parent.mkdir(parents=True)
    nbformat.write(executed, str(target))

    prose = translate("请先读这一段。", "通往购买的路径")
    assert prose.to_execute == []
    again = nbformat.reads(prose.files[target], as_version=4)
    assert again.cells[0].source == "请先读这一段。" and again.cells[1].outputs[0]["text"] == "通往购买的路径\n"
    assert translate("请先读这一段。", "购买路径").to_execute == [target]  # the printed text is code


def test_a_tag_or_task_change_reaches_the_translation(tmp_path):
    """Cell metadata alone changed in English: the Chinese notebook follows; a code cell's runs again."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    (tmp_path / "lessons").mkdir()
    english = tmp_path / "lessons" / "00-x.ipynb"

    def write_english(markdown_tags: list[str], code_tags: list[str]) -> None:
        nbformat.write(new_notebook(cells=[
            new_markdown_cell("Read this first.", id="m1", metadata={"tags": markdown_tags}),
            new_code_cell("print(1 + 1)", id="c1", metadata={"tags": code_tags})]), english)

    write_english([], [])
    document = translations.documents(tmp_path)[0]
    target = tmp_path / document.target(LANG)
    catalogue = translations.merged(document, tmp_path, LANG)
    catalogue["Read this first."].string = "先读这一段。"
    document.catalogue_path(tmp_path, LANG).parent.mkdir(parents=True, exist_ok=True)
    document.catalogue_path(tmp_path, LANG).write_bytes(translations.catalogue_bytes(catalogue))
    executed = nbformat.reads(translated_course.plan(tmp_path, LANG).files[target], as_version=4)
    executed.cells[1].outputs = [new_output("stream", name="stdout", text="2\n")]
    executed.cells[1].metadata["execution"] = {"iopub.status.idle": "2026-12-04T05:00:00Z"}
    target.parent.mkdir(parents=True)
    nbformat.write(executed, str(target))
    assert target not in translated_course.plan(tmp_path, LANG).files  # its own run's timings differ

    write_english(["remove-cell"], [])
    prose = translated_course.plan(tmp_path, LANG)
    assert prose.to_execute == []
    again = nbformat.reads(prose.files[target], as_version=4)
    assert again.cells[0].metadata["tags"] == ["remove-cell"] and again.cells[1].outputs[0]["text"] == "2\n"

    write_english([], ["raises-exception"])
    assert translated_course.plan(tmp_path, LANG).to_execute == [target]


def test_an_answer_typed_in_either_language_counts_in_both_quizzes():
    """Quiz progress is shared across the languages, so each bank accepts both languages' answers."""
    from course_utils.i18n import using_language
    from course_utils.quiz.bank import load_bank
    from course_utils.quiz.marking import grade

    english = next(q for q in load_bank("02").questions if q.id == "l02-betweenness")
    assert grade(english, "中介中心性").correct and grade(english, "betweenness").correct
    with using_language(LANG):
        chinese = next(q for q in load_bank("02").questions if q.id == "l02-betweenness")
    assert chinese.prompt != english.prompt
    assert grade(chinese, "betweenness").correct and not grade(chinese, "degree").correct


def test_translate_reports_in_the_instructors_language_while_the_notebooks_run_in_chinese(tmp_path, monkeypatch):
    """`course translate` ran a Chinese notebook and said so in Chinese to an English instructor."""
    from course_utils.book import execute
    from course_utils.errors import CourseInputError
    from course_utils.i18n import language

    (tmp_path / "lessons").mkdir()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    nbformat.write(notebook, tmp_path / "lessons" / "01-x.ipynb")
    ran_in = []

    def fake_execute_all(jobs, *, workers, timeout, progress, ok=True):
        for name, path in jobs:
            ran_in.append(language())
            result = execute.ExecutionResult(name=name, ok=ok, notebook_json=path.read_text(encoding="utf-8"),
                                             cell_index=0, error_name="ZeroDivisionError", error_value="boom")
            progress(result, 1, len(jobs))
            yield result

    monkeypatch.setattr(execute, "execute_all", fake_execute_all)
    said = []
    translated_course.update(tmp_path, LANG, say=said.append)
    assert ran_in == ["zh"] and "ran lessons/zh/01-x.ipynb (1/1, 0 s)" in said

    (tmp_path / "lessons" / "zh" / "01-x.ipynb").unlink()
    monkeypatch.setattr(execute, "execute_all", lambda *args, **kwargs: fake_execute_all(*args, **kwargs, ok=False))
    with pytest.raises(CourseInputError, match=r"lessons/zh/01-x.ipynb: cell 0 failed when run in zh"):
        translated_course.update(tmp_path, LANG, say=said.append)


def test_chinese_quoted_in_english_text_keeps_chinese_punctuation():
    """A Chinese phrase quoted in an English lesson, note or quiz takes full-width punctuation (，not ,)
    between its characters, as the Chinese book prints it. Read from every English unit the
    translators see, so nothing the course prints in English is left out."""
    from babel.messages.pofile import read_po

    han = "\u3400-\u4dbf\u4e00-\u9fff"
    slip = re.compile(f"[{han}][,;:!?][{han}]|[{han}]\\?")
    found = []
    for path in sorted((REPO / "translations" / LANG).rglob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle):
                for text in ([message.id] if isinstance(message.id, str) else message.id):
                    found += [f"{path.relative_to(REPO)}: …{text[max(0, m.start() - 12):m.end() + 12]}…"
                              for m in slip.finditer(text or "")]
    assert not found, "\n".join(found)
