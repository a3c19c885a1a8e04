"""The book's parts, one at a time: preprocessors, cache keys, configuration, messages."""

from __future__ import annotations

import json
import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from course_utils.book.cache import (ExecutionCache, atomic_write_text, cache_key, code_fingerprint,
                                     environment_fingerprint, language_fingerprint, merge_outputs)
from course_utils.book.config import EDITIONS, load_config, parse_choice
from course_utils.book.pdf import check_cjk_font
from course_utils.book.preprocess_chapter import ChapterPreprocessor
from course_utils.book.preprocess_edition import EditionPreprocessor
from course_utils.book.preprocess_print import PrintCellsPreprocessor
from course_utils.book.preprocess_widgets import StaticWidgetPreprocessor
from course_utils.cli import main
from course_utils.errors import CourseDataError, CourseInputError
from course_utils.i18n import language, using_language

WIDGET = "application/vnd.jupyter.widget-view+json"


def _cell(source, *tags, kind="code"):
    cell = new_code_cell(source) if kind == "code" else new_markdown_cell(source)
    cell.metadata["tags"] = list(tags)
    return cell


def test_widgets_keep_their_static_fallback_and_widget_only_outputs_go():
    cell = new_code_cell("x", outputs=[
        new_output("display_data", data={WIDGET: {"model_id": "a"}, "text/html": "<figure>static</figure>",
                                         "text/plain": "Explorer"}),
        new_output("display_data", data={WIDGET: {"model_id": "b"}, "text/plain": "IntSlider(value=3)"}),
        new_output("stream", name="stdout", text="kept\n"),
    ])
    nb = new_notebook(cells=[cell], metadata={"widgets": {"application/vnd.jupyter.widget-state+json": {}}})
    nb, _ = StaticWidgetPreprocessor().preprocess(nb, {})
    outputs = nb.cells[0].outputs
    assert len(outputs) == 2 and WIDGET not in outputs[0].data
    assert outputs[0].data["text/html"] == "<figure>static</figure>"
    assert "widgets" not in nb.metadata


def _print_rules(nb, print_options=None):
    """nbconvert's TagRemovePreprocessor as the book configures it, then our print extras."""
    from nbconvert.preprocessors import TagRemovePreprocessor

    from course_utils.book.export import exporter_config

    config = exporter_config("student", print_options or {})
    nb, _ = TagRemovePreprocessor(config=config).preprocess(nb, {})
    return PrintCellsPreprocessor(config=config).preprocess(nb, {})[0]


def test_print_rules_remove_setup_and_hide_display_code():
    nb = new_notebook(cells=[_cell("import x", "setup"), _cell("exhibit(...)", "exhibit"), _cell("y = 1"), _cell("  ")])
    nb.cells[2].outputs = [new_output("stream", name="stderr", text="warning\n")]
    nb = _print_rules(nb)
    assert [c.source for c in nb.cells] == ["exhibit(...)", "y = 1"]
    assert nb.cells[0].metadata["transient"]["remove_source"] is True
    assert "transient" not in nb.cells[1].metadata and nb.cells[1].outputs == []


def test_print_tags_come_from_book_yaml_options():
    nb = new_notebook(cells=[_cell("import x", "setup"), _cell("draft()", "draft"), _cell("shown()", "exhibit")])
    nb.cells[2].outputs = [new_output("stream", name="stdout", text="out\n")]
    nb = _print_rules(nb, {"remove_cell_tags": ["draft"], "remove_input_tags": [],
                           "remove_all_outputs_tags": ["exhibit"]})
    assert [c.source for c in nb.cells] == ["import x", "shown()"]
    assert "transient" not in nb.cells[1].metadata and nb.cells[1].outputs == []


def test_the_template_declares_the_pipeline_in_order(repo_root):
    import json

    from course_utils.book.export import make_exporter

    conf = json.loads((repo_root / "book" / "templates" / "coursebook" / "conf.json").read_text(encoding="utf-8"))
    ours = [entry["type"].rsplit(".", 1)[1] for _, entry in sorted(conf["preprocessors"].items())]
    assert ours == ["EditionPreprocessor", "PrintCellsPreprocessor", "StaticWidgetPreprocessor",
                    "ChapterPreprocessor", "WorkedSolutionPreprocessor", "AnswerSpacePreprocessor",
                    "CodeLinesPreprocessor"]
    # Configuration reaches the preprocessors nbconvert builds from conf.json: a student
    # edition drops the solution region and the tagged cell.
    exporter = make_exporter(repo_root / "book" / "templates", "student", {"remove_cell_tags": ["draft"]})
    nb = new_notebook(cells=[_cell(SOLVED), _cell("DRAFT_SENTINEL", "draft")])
    body, _ = exporter.from_notebook_node(nb, resources={"chapter": {"number": -1, "part": "lessons"}})
    assert "answer" not in body and "DRAFT_SENTINEL" not in body
    assert '<span class="n">b</span>' in body  # the rest of the cell prints (highlighted)


def test_code_keeps_the_token_spans_the_stylesheet_styles_and_only_those(repo_root):
    import re

    from course_utils.book.codetokens import plain_tokens, styled_tokens
    from course_utils.book.config import book_css
    from course_utils.book.export import make_exporter

    exporter = make_exporter(repo_root / "book" / "templates", "student", {})
    nb = new_notebook(cells=[_cell('def total(xs):\n    return sum(x * 2 for x in xs if x)  # "doubled"\nprint(f"{total([1, 2.5])}")')])
    body, _ = exporter.from_notebook_node(nb, resources={"chapter": {"number": -1, "part": "lessons"}})
    css = book_css(load_config(repo_root))
    before = re.search(r'<div class="highlight.*?</pre>', body, re.S).group(0)
    after = re.search(r'<div class="highlight.*?</pre>', plain_tokens(body, css), re.S).group(0)
    text = lambda markup: re.sub(r"<[^>]+>", "", markup)  # noqa: E731
    assert text(after) == text(before)
    kept = re.findall(r'<span class="([^"]*)"', after)
    assert {"n", "p", "o"} <= set(re.findall(r'<span class="([^"]*)"', before))  # the code had unstyled tokens
    assert set(kept) <= styled_tokens(css) and {"k", "nf", "c1", "mi", "mf"} <= set(kept)
    assert kept == [c for c in re.findall(r'<span class="([^"]*)"', before) if c in styled_tokens(css)]


def test_a_chapter_typeset_alone_reads_as_in_the_whole_book(repo_root):
    """The build typesets each chapter's body on its own (and caches it so), then the book around
    them: on the course's own chapters, that must give the book typesetting the whole gives."""
    from course_utils.book.cache import read_notebook
    from course_utils.book.config import book_css
    from course_utils.book.exhibits import renumber_captions
    from course_utils.book.export import chapter_body, make_exporter
    from course_utils.book.render import typeset

    config = load_config(repo_root)
    css = book_css(config)
    exporter = make_exporter(config.book_path("templates"), "instructor", config.print_options, {})
    pieces = []
    for chapter in config.chapters_for("instructor"):
        number = chapter.number if chapter.part == "lessons" else -1
        body, _resources = chapter_body(exporter, read_notebook(chapter.path), number, chapter.part, chapter.title)
        # As the book's template puts a body: after the chapter's heading, before the teaching notes.
        pieces += [f'<section class="chapter" id="{chapter.key}"><header class="chapter-head">'
                   f'<h1 class="chapter-title">{chapter.title}</h1>\n  </header>\n  ', body,
                   '\n  <section class="teaching-notes"><p>It\'s the "hub" (视频号\'s 企业微信).</p></section>\n</section>\n']
    whole = "".join(pieces)
    assert whole.count("<figcaption") > 5 and "<pre" in whole  # captions to number, code to fit
    for lang in ("en", "zh"):
        apart = renumber_captions("".join(typeset(piece, css, lang) for piece in pieces))
        assert apart == typeset(whole, css, lang)


def _as_printed(html: str) -> list[tuple]:
    """The document as WeasyPrint parses it (tinyhtml5): each element's tag, attributes and text, in
    order; class lists as word lists and white space as it lays out (kept as it is in ``pre``)."""
    import tinyhtml5

    found = []

    def text(value, kept):
        return (value or "") if kept else " ".join((value or "").split())

    def walk(element, kept):
        tag = element.tag.rpartition("}")[2]
        kept = kept or tag == "pre"
        attributes = sorted((name, " ".join(value.split()) if name == "class" else value)
                            for name, value in element.attrib.items())
        found.append((tag, attributes, text(element.text, kept)))
        for child in element:
            walk(child, kept)
            found.append(("tail", text(child.tail, kept)))

    walk(tinyhtml5.parse(html), False)
    return found


def test_the_book_exporter_writes_the_markup_nbconvert_writes_without_its_page_pass(repo_root):
    """``BookExporter`` skips nbconvert's BeautifulSoup pass (a quarter of a chapter's render); parsed
    as WeasyPrint parses it, a real lesson has every element, attribute and text ``HTMLExporter`` gives."""
    from nbconvert import HTMLExporter

    from course_utils.book.cache import read_notebook
    from course_utils.book.export import exporter_config, make_exporter

    config = load_config(repo_root)
    nb = read_notebook(config.chapters[1].path)
    ours = make_exporter(config.book_path("templates"), "instructor", config.print_options)
    theirs = HTMLExporter(config=exporter_config("instructor", config.print_options), template_name="coursebook",
                          extra_template_basedirs=[str(config.book_path("templates"))])
    theirs.environment.globals.update(ours.environment.globals)
    resources = {"chapter": {"number": 1, "part": "lessons", "title": ""}}
    body, _ = ours.from_notebook_node(nbformat.from_dict(nb), resources=dict(resources))
    expected, _ = theirs.from_notebook_node(nbformat.from_dict(nb), resources=dict(resources))
    assert body != expected  # spelled differently: the pass did not run
    assert _as_printed(body) == _as_printed(expected)


@pytest.mark.parametrize("lang, placeholder", [("en", "No description has been provided for this image"),
                                               ("zh", "此图没有文字说明")])
def test_an_image_without_a_description_gets_the_placeholder_in_the_book_language(repo_root, lang, placeholder):
    from course_utils.book.export import make_exporter

    nb = new_notebook(cells=[new_markdown_cell('A map: <img src="map.png"> and <img alt="" src="rule.png">')])
    with using_language(lang):
        exporter = make_exporter(repo_root / "book" / "templates", "student", {})
        body, _ = exporter.from_notebook_node(nb, resources={"chapter": {"number": -1, "part": "lessons", "title": ""}})
    assert f'<img alt="{placeholder}" src="map.png"' in body
    assert '<img alt="" src="rule.png"' in body


def test_the_renderer_and_its_exporter_load_without_the_data_libraries(repo_root):
    """Each render worker of a build loads the renderer and makes an exporter: pandas, numpy and
    matplotlib (about 0.4 s) must not come with them, nor WeasyPrint, which the printing loads."""
    import subprocess
    import sys

    code = ("import sys\nfrom pathlib import Path\nfrom course_utils.book.render import render_book\n"
            "from course_utils.book.export import make_exporter\n"
            f"make_exporter(Path({str(repo_root / 'book' / 'templates')!r}), 'instructor', {{}}, {{}})\n"
            "print(sorted(m for m in ('pandas', 'numpy', 'matplotlib', 'weasyprint') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("sonames, searched", [((), False), (("libnot-a-library.so.9",), True)])
def test_weasyprint_is_imported_by_its_sonames_without_searching_for_its_other_names(sonames, searched):
    """Where every soname loads, the import asks ``find_library`` nothing (each question runs
    ldconfig, gcc and ld) and finds the same libraries; where one does not, it searches as usual.
    Either way ``find_library`` is the same function afterwards."""
    import subprocess
    import sys

    code = ("import ctypes.util, json\nfrom course_utils import clibs\n"
            f"clibs.SONAMES += {sonames!r}\nasked = []\noriginal = ctypes.util.find_library\n"
            "def counted(name):\n    asked.append(name)\n    return original(name)\n"
            "ctypes.util.find_library = counted\nclibs.import_weasyprint()\n"
            "from weasyprint.text import ffi\nfrom weasyprint import HTML\n"
            "pdf = HTML(string='<p>Text 中文</p>').write_pdf()\n"
            "print(json.dumps([len(asked), ctypes.util.find_library is counted, ffi.harfbuzz_subset is not None, "
            "pdf.startswith(b'%PDF')]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    asked, restored, subset_found, printed = json.loads(done.stdout.strip().splitlines()[-1])
    assert (asked > 0) is searched
    assert restored and subset_found and printed


SOLVED = "a = 1\n### BEGIN SOLUTION\nanswer = 42\n### END SOLUTION\nb = 2\n"


@pytest.mark.parametrize("edition, kept_answer, kept_cells", [("student", False, 1), ("instructor", True, 2)])
def test_edition_rules(edition, kept_answer, kept_cells):
    nb = new_notebook(cells=[_cell(SOLVED), _cell("note", "instructor", kind="markdown"), _cell("secret()", "hidden-check")])
    nb.cells[0].outputs = [new_output("display_data", data={"text/plain": "key"},
                                      metadata={"course_utils": {"instructor": True}})]
    nb, _ = EditionPreprocessor(edition=edition).preprocess(nb, {})
    assert len(nb.cells) == kept_cells
    assert ("answer = 42" in nb.cells[0].source) is kept_answer
    assert "a = 1" in nb.cells[0].source and "b = 2" in nb.cells[0].source
    assert (len(nb.cells[0].outputs) == 1) is kept_answer


def test_chapter_drops_the_title_and_flags_a_misnumbered_exhibit():
    out = new_output("display_data", data={"text/plain": "Exhibit 3.1 — Wrong place\nSource: x",
                                           "text/html": '<span class="exhibit-label">Exhibit 3.1 — Wrong place</span>'},
                     metadata={"course_utils": {"exhibit": "3.1"}})
    nb = new_notebook(cells=[_cell("# Lesson 2\n\nIntro.", kind="markdown"), new_code_cell("e", outputs=[out])])
    nb, resources = ChapterPreprocessor().preprocess(nb, {"chapter": {"number": 2}})
    assert nb.cells[0].source.strip() == "Intro."
    assert resources["exhibits"] == [{"number": "3.1", "label": "Exhibit 3.1 — Wrong place"}]
    assert resources["warnings"] == ["exhibit 3.1 is in chapter 2"]


def test_exhibit_label_comes_from_the_caption_markup_in_any_language():
    from course_utils.exhibit import Exhibit

    exhibit = Exhibit(number="2.1", title="触达 & 转化", source="x", png=b"png")
    data, metadata = exhibit._repr_mimebundle_()
    data["text/plain"] = "图表 2.1：触达 & 转化\n来源: x"  # a translated caption: no "Exhibit" anywhere
    data["text/html"] = data["text/html"].replace("Exhibit 2.1 — ", "图表 2.1：")
    nb = new_notebook(cells=[new_code_cell("e", outputs=[new_output("display_data", data=data, metadata=metadata)])])
    _, resources = ChapterPreprocessor().preprocess(nb, {"chapter": {"number": 2}})
    assert resources["exhibits"] == [{"number": "2.1", "label": "图表 2.1：触达 & 转化"}]
    assert resources["warnings"] == []


def test_cache_key_follows_code_not_prose():
    nb = new_notebook(cells=[_cell("Prose", kind="markdown"), _cell("x = 1")])
    key = cache_key(nb, "env")
    nb.cells[0].source = "Edited prose"
    assert cache_key(nb, "env") == key
    nb.cells[1].source = "x = 2"
    assert cache_key(nb, "env") != key
    assert cache_key(nb, "other-env") != cache_key(nb, "env")
    assert code_fingerprint(nb) == code_fingerprint(nbformat.from_dict(nb))


def test_environment_fingerprint_follows_library_and_data(tmp_path):
    library, data = tmp_path / "lib", tmp_path / "data"
    (library / "book").mkdir(parents=True)
    data.mkdir()
    (library / "model.py").write_text("RATE = 0.1\n")
    (library / "book" / "build.py").write_text("# the book build itself\n")
    (data / "orders.csv").write_text("a\n1\n")
    first = environment_fingerprint([library], [data])
    (library / "book" / "build.py").write_text("# edited\n")
    assert environment_fingerprint([library], [data]) == first  # editing the build re-executes nothing
    (library / "model.py").write_text("RATE = 0.2\n")
    second = environment_fingerprint([library], [data])
    assert second != first
    (data / "orders.csv").write_text("a\n2\n")
    assert environment_fingerprint([library], [data]) != second


def _locale(tmp_path):
    locale = tmp_path / "locale"
    (locale / "zh" / "LC_MESSAGES").mkdir(parents=True)
    (locale / "zh" / "LC_MESSAGES" / "book.mo").write_bytes(b"compiled v1")
    (locale / "zh" / "LC_MESSAGES" / "book.po").write_text("# source, not read at run time\n")
    (locale / "book.pot").write_text('msgid "Contents"\n')
    return locale


def test_the_cache_keys_differ_between_languages(tmp_path):
    locale, library, data = _locale(tmp_path), tmp_path / "lib", tmp_path / "data"
    library.mkdir()
    data.mkdir()
    nb = new_notebook(cells=[new_code_cell("x = 1")])
    keys = {}
    for lang in ("en", "zh"):
        with using_language(lang):
            keys[lang] = (language_fingerprint(locale), cache_key(nb, environment_fingerprint([library], [data], locale)))
            assert language_fingerprint(locale) == keys[lang][0]  # and stable within a language
    assert keys["en"][0] != keys["zh"][0] and keys["en"][1] != keys["zh"][1]


@pytest.mark.parametrize("changed", ["zh/LC_MESSAGES/book.mo", "book.pot", "zh/LC_MESSAGES/quiz.mo"])
def test_the_cache_keys_follow_every_catalogue(tmp_path, changed):
    locale = _locale(tmp_path)
    with using_language("zh"):
        before = language_fingerprint(locale)
        (locale / changed).write_bytes(b"another translation")
        assert language_fingerprint(locale) != before


def test_the_cache_keys_ignore_what_is_not_read_at_run_time(tmp_path):
    locale = _locale(tmp_path)
    before = language_fingerprint(locale)
    (locale / "zh" / "LC_MESSAGES" / "book.po").write_text("# edited, not compiled yet\n")
    assert language_fingerprint(locale) == before


def test_merge_keeps_current_prose_and_cached_outputs(tmp_path):
    executed = new_notebook(cells=[_cell("Old", kind="markdown"), new_code_cell("x", execution_count=1,
                                   outputs=[new_output("stream", name="stdout", text="1\n")])])
    current = new_notebook(cells=[_cell("New", kind="markdown"), new_code_cell("x")])
    cache = ExecutionCache(tmp_path)
    cache.put("lessons-01", "k1", executed)
    cache.put("lessons-01", "k2", executed)
    assert [p.name for p in tmp_path.iterdir()] == ["lessons-01.k2.ipynb"]
    merged = merge_outputs(current, cache.get("lessons-01", "k2"))
    assert merged.cells[0].source == "New" and merged.cells[1].outputs[0].text == "1\n"
    assert current.cells[1].outputs == []


def test_atomic_write_replaces_whole_files(tmp_path):
    target = tmp_path / "book.html"
    atomic_write_text(target, "first")
    atomic_write_text(target, "second")
    assert target.read_text() == "second" and [p.name for p in tmp_path.iterdir()] == ["book.html"]


def test_missing_font_message_gives_the_fix():
    check_cjk_font("Noto Sans CJK SC", {"Noto Sans CJK SC"})
    with pytest.raises(CourseDataError, match="apt-get install fonts-noto-cjk"):
        check_cjk_font("Noto Sans CJK SC", {"DejaVu Sans"})


def test_real_book_configuration_loads(repo_root):
    config = load_config(repo_root)
    lessons = [c for c in config.chapters if c.part == "lessons"]
    assert [c.number for c in lessons] == [0, 1, 2, 3, 4]
    assert set(config.data["editions"]) == set(EDITIONS)
    for number in range(5):
        notes = config.book_path(config.data["teaching_notes"].format(number=number)).read_text()
        assert "Timing" in notes and "Common misconceptions" in notes and len(notes.split()) > 250


def test_glossary_covers_key_terms_and_formula_terms(repo_root):
    import yaml

    glossary = yaml.safe_load((repo_root / "book" / "back" / "glossary.yaml").read_text(encoding="utf-8"))
    terms = {row["term"].split(" (")[0].lower() for row in glossary}
    zh = {row["zh"] for row in glossary}
    for key in ("视频号", "私域", "小程序", "企业微信", "直播带货", "秒杀", "预售", "复购率", "停留时长"):
        assert any(key in z for z in zh), key
    for term in ("gmv", "uv value", "gpm", "repurchase rate", "retention", "coupon roi", "redemption rate",
                 "lifetime value", "average order value", "conversion rate", "gross margin"):
        assert term in terms, term
    assert all(row["definition"].strip() for row in glossary)


def test_every_glossary_term_has_a_syllable_of_pinyin_for_each_character(repo_root):
    import yaml

    from course_utils.cjk import HAN_CHAR

    glossary = yaml.safe_load((repo_root / "book" / "back" / "glossary.yaml").read_text(encoding="utf-8"))
    for row in glossary:
        syllables = row["pinyin"].split()
        han = HAN_CHAR.findall(row["zh"])
        latin = re.findall(r"[A-Za-z]+", row["zh"])
        assert len(syllables) == len(han) + len(latin), (row["zh"], row["pinyin"])
        assert [s for s in syllables if not re.fullmatch(r"[a-zv]+[1-5]", s)] == latin, row["pinyin"]


def test_the_chinese_glossary_is_in_pinyin_order_and_the_english_in_alphabetical(repo_root):
    from course_utils.book.matter import front_and_back

    orders = {}
    for lang in ("en", "zh"):
        with using_language(lang):
            warnings: list[str] = []
            rows = front_and_back(load_config(repo_root), "student", [], warnings)["glossary"]
        assert warnings == []
        orders[lang] = [row["zh"] if lang == "zh" else row["term"] for row in rows]
    assert orders["en"][0] == "Acquaintance network" and orders["en"][-1] == "WeCom"
    zh = orders["zh"]
    assert zh[0] == "北极星指标" and zh[-1] == "最高在线人数"  # běi … zuì
    # Pairs a Chinese dictionary orders so: a syllable's letters first (shāng < shēng < shì), then its tone
    # (gōng < gòng), then the next syllable (视频号 < 视频号小店); a Latin word by its letters (tuì < UV < wán).
    for before, after in (("商业闭环", "生态枢纽"), ("生态枢纽", "生意问诊"), ("生意问诊", "视频号"),
                          ("公域", "贡献利润"), ("视频号", "视频号小店"), ("退款率", "UV 价值"),
                          ("UV 价值", "完播率"), ("复购率", "复购占比")):
        assert zh.index(before) < zh.index(after), (before, after)


def test_a_glossary_term_without_pinyin_is_listed_last_with_a_warning():
    from course_utils.book.matter import glossary_order

    rows = [{"term": "B", "zh": "乙"}, {"term": "A", "zh": "甲", "pinyin": "jia3"}]
    warnings: list[str] = []
    assert [row["zh"] for row in glossary_order(rows, True, warnings)] == ["甲", "乙"]
    assert warnings == ["glossary terms without pinyin, listed last: 乙"]
    assert [row["term"] for row in glossary_order(rows, False, [])] == ["A", "B"]


def test_bad_choice_is_a_kind_message():
    with pytest.raises(CourseInputError, match='--edition should be one of student, instructor, all; got "teacher"'):
        parse_choice("teacher", EDITIONS, "--edition")


def test_command_line_rejects_bad_input_without_a_traceback(capsys, tmp_path):
    assert main(["book", "--edition", "teacher"]) == 2
    assert 'got "teacher"' in capsys.readouterr().err
    assert main(["book", "--workers", "many"]) == 2
    assert "--workers" in capsys.readouterr().err
    assert main(["book", "--root", str(tmp_path)]) == 2
    assert "No book configuration" in capsys.readouterr().err


@pytest.mark.parametrize("argv, expected", [([], "en"), (["--language", "zh"], "zh"), (["--language", "en"], "en")])
def test_the_book_builds_in_the_language_asked_for(monkeypatch, tmp_path, argv, expected):
    import course_utils.book.build

    seen = []
    monkeypatch.delenv("COURSE_LANG", raising=False)
    monkeypatch.setattr(course_utils.book.build, "build_book", lambda *args, **kwargs: seen.append(language()))
    assert main(["book", "--root", str(tmp_path), *argv]) == 0
    assert seen == [expected]


def test_the_book_language_defaults_to_the_course_language_and_refuses_others(monkeypatch, tmp_path):
    import course_utils.book.build

    seen = []
    monkeypatch.setenv("COURSE_LANG", "zh")
    monkeypatch.setattr(course_utils.book.build, "build_book", lambda *args, **kwargs: seen.append(language()))
    assert main(["book", "--root", str(tmp_path)]) == 0 and seen == ["zh"]
    with pytest.raises(SystemExit):
        main(["book", "--language", "fr"])


def test_number_columns_align_right_and_word_columns_left():
    from course_utils.book.tables import mark_numeric_cells

    table = ("<table><thead><tr><th>metric</th><th>as reported</th><th>source</th></tr></thead><tbody>"
             "<tr><td>Total views (总播放量)</td><td>+200 %</td><td>Pandaily, Mar 2023</td></tr>"
             "<tr><td>Channels GMV</td><td>RMB 1,060,904</td><td>Gizmochina, 12 Jan 2024</td></tr>"
             "</tbody></table>")
    marked = mark_numeric_cells(table)
    assert marked.count('class="num"') == 3  # the header and both cells of the one number column
    assert '<th class="num">as reported</th>' in marked and "<th>metric</th>" in marked
    mixed = table.replace("RMB 1,060,904", "nearly tripled")
    assert mark_numeric_cells(mixed) == mixed  # one word in a column keeps it all left


def test_apostrophes_curl_in_prose_but_never_in_code():
    from course_utils.book.typography import curl_apostrophes

    html = "<p>Lesson 1's exhibit</p><pre>print('it's')</pre><p><code>d['k']</code> the brand's</p>"
    out = curl_apostrophes(html)
    assert "Lesson 1’s" in out and "the brand’s" in out
    assert "<pre>print('it's')</pre>" in out and "<code>d['k']</code>" in out


@pytest.mark.parametrize("part, lined", [("exercises", True), ("solutions", False), ("lessons", False)])
def test_only_a_handout_gives_written_answers_space_to_write(repo_root, part, lined):
    from course_utils.book.export import chapter_body, make_exporter

    answer = new_markdown_cell("*Write your answer here, in place of this line (then save the notebook).*")
    answer.metadata["course"] = {"task": "01.4", "answer": True}
    nb = new_notebook(cells=[new_markdown_cell("## Task 1.4: a written task (3 points)"), answer,
                             new_markdown_cell("Text after the answer.")])
    exporter = make_exporter(repo_root / "book" / "templates", "student", {})
    body, _resources = chapter_body(exporter, nb, -1, part)
    assert ('class="answer-space"' in body) is lined
    # On paper the notebook's instruction (replace this line, save the notebook) becomes one for paper.
    assert ("in place of this line" in body) is not lined
    if lined:  # the space comes after the instruction, before what follows
        assert body.index("Write your answer on the lines below") < body.index("answer-space") < body.index("Text after")
        assert body.count('class="answer-line"') == 8  # the task states no length


@pytest.mark.parametrize("statement, lines", [
    ("In 40 to 100 words, name the stage.", 10),
    ("In 120 to 250 words, write the plan.", 14),  # 25 at ten words a line: the most a handout gives
    ("用 70 到 170 字说明理由。", 8),
    ("用 100 到 250 字说明理由。", 11),
    ("用 200 到 400 字写出计划。", 14),
    ("Explain your choice.", 8),  # no length stated
])
def test_a_handouts_written_answer_gets_lines_for_the_length_its_task_asks(repo_root, statement, lines):
    from course_utils.book.export import chapter_body, make_exporter

    task = new_markdown_cell(f"## Task 1.4: a written task (3 points)\n\n{statement}")
    task.metadata.update(course={"task": "01.4"}, tags=["task"])
    answer = new_markdown_cell("*Write your answer here, in place of this line (then save the notebook).*")
    answer.metadata["course"] = {"task": "01.4", "answer": True}
    other = new_markdown_cell("*Write your answer here, in place of this line (then save the notebook).*")
    other.metadata["course"] = {"task": "01.5", "answer": True}  # a task that states nothing
    exporter = make_exporter(repo_root / "book" / "templates", "student", {})
    body, _resources = chapter_body(exporter, new_notebook(cells=[task, answer, other]), -1, "exercises")
    first, second = body.split('class="answer-space"')[1:]
    assert first.count('class="answer-line"') == lines and second.count('class="answer-line"') == 8


def test_the_html_font_subset_is_kept_between_builds(tmp_path, monkeypatch):
    import io

    from fontTools.ttLib import TTFont

    from course_utils.book import webfont

    found = webfont.font_file("Noto Sans CJK SC")
    assert found is not None, "the tests need the CJK font (make test installs fonts-noto-cjk)"
    first = webfont.cached_subset(found[0], found[1], "视频号", tmp_path)
    assert first[:4] == b"wOFF"
    # The subset holds the characters asked for, not the rest of the font, and comes out
    # the same bytes every time (an unchanged book stays unchanged).
    cmap = TTFont(io.BytesIO(first)).getBestCmap()
    assert {ord(c) for c in "视频号"} <= set(cmap) and ord("一") not in cmap and len(cmap) < 50
    assert webfont.subset_woff.__wrapped__(found[0], found[1], "视频号") == first
    monkeypatch.setattr(webfont, "subset_woff", lambda *args: pytest.fail("subset again instead of reusing it"))
    assert webfont.cached_subset(found[0], found[1], "视频号", tmp_path) == first
    monkeypatch.undo()
    for characters in ("一", "二", "三", "四", "五"):
        webfont.cached_subset(found[0], found[1], characters, tmp_path)
    assert len(list(tmp_path.glob("*.woff"))) == webfont.KEEP_SUBSETS


def test_the_page_cache_keeps_each_editions_parts_and_its_index(tmp_path):
    from course_utils.book.pagecache import PageCache

    cache = PageCache(tmp_path, "env")
    result = {"pdf": b"%PDF-1.7", "pages": 1, "anchors": {}, "links": []}
    student, instructor = cache.document_hash("student part"), cache.document_hash("instructor part")
    cache.put(student, result)
    cache.put(instructor, result)
    (tmp_path / f"{student}-3.pdf").write_bytes(b"%PDF-1.7")  # an entry of the format keyed by start page
    cache.keep_only({"student": [student], "instructor": [instructor]})  # both editions built
    cache.keep_only({"student": [student]})  # then one: the other's parts stay
    assert cache.get(student) is not None and cache.get(instructor) is not None
    assert (tmp_path / "in-use.json").is_file() and not (tmp_path / f"{student}-3.pdf").exists()
    cache.keep_only({"instructor": []})
    assert cache.get(instructor) is None and cache.get(student) is not None


def test_a_worked_solution_renders_the_same_twice(repo_root):
    # Its printed pages are cached by their HTML: a random id in an inserted rubric cell
    # would make every build lay the solution chapters out again.
    import copy

    from course_utils.book.matter import rubrics
    from course_utils.book.preprocess_solutions import WorkedSolutionPreprocessor

    _note, by_task = rubrics(repo_root / "solutions" / "rubrics.md", "Rubric: {title}", [])
    solution = nbformat.read(repo_root / "solutions" / "01-content-engine.ipynb", as_version=4)
    runs = [WorkedSolutionPreprocessor(rubrics=by_task).preprocess(copy.deepcopy(solution),
                                                                   {"chapter": {"part": "solutions"}})[0]
            for _ in range(2)]
    ids = [[cell.id for cell in nb.cells if "rubric" in cell.metadata.get("tags", [])] for nb in runs]
    assert ids[0] and ids[0] == ids[1]
    assert nbformat.validate(runs[0]) is None


def test_the_builds_quick_notebook_reader_gives_what_nbformat_gives(repo_root, tmp_path):
    from course_utils.book.cache import read_notebook

    paths = [path for folder in ("lessons", "solutions", "exercises", "lessons/zh", "solutions/zh", "exercises/zh")
             for path in sorted((repo_root / folder).glob("*.ipynb"))]
    assert len(paths) == 26
    for path in paths:
        assert read_notebook(path) == nbformat.read(path, as_version=4), path.name
    old = tmp_path / "old.ipynb"  # an nbformat 3 notebook is converted, as nbformat.read converts it
    old.write_text(nbformat.v3.writes_json(nbformat.v3.new_notebook(
        worksheets=[nbformat.v3.new_worksheet(cells=[nbformat.v3.new_code_cell("x = 1")])])), encoding="utf-8")
    converted = read_notebook(old)
    assert converted.nbformat == 4 and converted.cells[0].source == "x = 1"


def test_compiled_templates_are_kept_and_an_edited_template_is_compiled_again(repo_root, tmp_path):
    import shutil

    from course_utils.book.export import chapter_body, make_exporter, template_bytecode

    templates = tmp_path / "templates"
    shutil.copytree(repo_root / "book" / "templates", templates)
    nb = new_notebook(cells=[new_markdown_cell("Some prose.")])

    def render() -> str:
        exporter = make_exporter(templates, "student", {}, bytecode_cache=template_bytecode(tmp_path / "compiled",
                                                                                              "chapter"))
        return chapter_body(exporter, nb, -1, "lessons", "T")[0]

    first = render()
    kept = list((tmp_path / "compiled").rglob("__jinja2_*.cache"))
    assert kept and render() == first  # the second render reads the compiled templates
    index = templates / "coursebook" / "index.html.j2"
    index.write_text(index.read_text(encoding="utf-8").replace('<div class="nb">', '<div class="nb edited">'),
                     encoding="utf-8")
    assert '<div class="nb edited">' in render() and '<div class="nb edited">' not in first


LONG_CALL = ('pnl["contribution"] = [contribution(row.gmv, row.refund_amount, 0.05, 0.45, row.coupon_cost, row.ad_spend)\n'
             '                     for row in pnl.itertuples()]')


def test_a_long_code_line_breaks_after_a_comma_aligned_with_its_bracket():
    from course_utils.book.preprocess_codelines import wrap_source

    lines = wrap_source(LONG_CALL, 90).splitlines()
    # The break is inside contribution( ... ), whose arguments line up after its bracket.
    assert lines == ['pnl["contribution"] = [contribution(row.gmv, row.refund_amount, 0.05, 0.45,',
                     '                                    row.coupon_cost, row.ad_spend)',
                     '                     for row in pnl.itertuples()]']
    assert wrap_source(LONG_CALL, 120) == LONG_CALL  # it fits: as written


@pytest.mark.parametrize("source", [
    # Nothing to break at: one string without a space between words; printed as written, to be set smaller.
    'print("https://example.org/a-very-long-address/with/many/parts/that/runs/past/the/printed/page/width.html")',
    # A break would leave a piece still too long: half a break helps no one.
    'session = net_sales * (1 - fee_rate - cogs_rate) - sessions["coupon_cost"] - sessions["ad_spend"] - other_costs_here',
    # Not Python (a shell escape): never touched.
    '!pip install something-with-a-very-long-name another-package-with-a-long-name yet-another-package-name-here',
])
def test_a_code_line_that_cannot_be_broken_whole_prints_as_written(source):
    from course_utils.book.preprocess_codelines import wrap_source

    assert wrap_source(source, 90) == source


def test_a_long_string_splits_between_words_into_literals_python_joins_back():
    import ast

    from course_utils.book.preprocess_codelines import wrap_source

    source = ('print(f"margin 40%, discount {discount:.0%}: sell {break_even_uplift(0.40, discount):.0%} '
              'more to break even")')
    lines = wrap_source(source, 90).splitlines()
    # Split after a space, outside the {...} fields; the new literal lines up after print's bracket.
    assert lines == ['print(f"margin 40%, discount {discount:.0%}: sell "',
                     '      f"{break_even_uplift(0.40, discount):.0%} more to break even")']
    assert ast.dump(ast.parse(source)) == ast.dump(ast.parse("\n".join(lines)))
    # A piece without a field drops the f; an escaped brace keeps it, so the text stays the same.
    plain = wrap_source('print(f"Hook lift: {100 * hook_lift(posts):+.1f} percentage points of the completion rate")', 80)
    assert plain.splitlines()[1] == '      "completion rate")'
    braces = 'print(f"{share:.0%} of all the posts we counted, and then a {{literal}} brace")'
    assert wrap_source(braces, 70).splitlines()[1] == '      f"{{literal}} brace")'
    # A keyword's string continues under its opening quote.
    note = wrap_source('exhibit(note="Share of would-be creators who post, by hours of raw effort per post.")', 70)
    assert note.splitlines() == ['exhibit(note="Share of would-be creators who post, by hours of raw "',
                                 '             "effort per post.")']
    # A short string (a dict key, a label) is never split, even where nothing else breaks.
    key = 'table = pd.DataFrame({"share of posts with a hook": posts.groupby("creator_type")["hook_3s"].mean()})'
    assert wrap_source(key, 90) == key


def test_a_comprehension_keeps_its_for_clause_targets_together():
    from course_utils.book.preprocess_codelines import wrap_source

    source = ('ratios = pd.DataFrame({business: {key: funnel_rates(table)[key] / target for key, target in '
              'BENCHMARKS.items()} for business, table in years.items()}).T')
    wrapped = wrap_source(source, 90)
    assert all(len(line) <= 90 for line in wrapped.splitlines()) and len(wrapped.splitlines()) > 1
    assert "for key, target in" in wrapped and "for business, table in" in wrapped
    compile(wrapped, "<cell>", "exec")


def test_the_code_lines_preprocessor_changes_only_code_cells_too_long_for_the_page():
    from nbformat.v4 import new_markdown_cell

    from course_utils.book.preprocess_codelines import CodeLinesPreprocessor

    long_prose = "A sentence, with commas, that runs on (and on, and on) far past any code width at all, yes."
    nb = new_notebook(cells=[_cell(LONG_CALL), _cell("x = 1"), new_markdown_cell(long_prose)])
    nb, _ = CodeLinesPreprocessor(width=90).preprocess(nb, {})
    assert max(len(line) for line in nb.cells[0].source.splitlines()) <= 90
    assert nb.cells[1].source == "x = 1" and nb.cells[2].source == long_prose


def test_an_explorer_caption_goes_under_its_chart_and_a_tall_chart_is_marked():
    import base64
    import io

    from PIL import Image

    from course_utils.book.exhibits import caption_under_chart, tall_charts

    def png(width, height):
        buffer = io.BytesIO()
        Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
        return base64.b64encode(buffer.getvalue()).decode("ascii")

    explorer = ('<figure class="course-exhibit synthetic" data-exhibit="1.5"><img src="data:image/png;base64,X"/>'
                '<div class="exhibit-summary"><p>At 0.5</p><table><tr><td>1</td></tr></table></div>'
                '<figcaption>Exhibit 1.5</figcaption></figure>')
    moved = caption_under_chart(explorer)
    assert 'class="course-exhibit chart-exhibit synthetic"' in moved
    assert moved.index("<figcaption>") < moved.index("exhibit-summary") and moved.index("<img") < moved.index("<figcaption>")
    figure = '<figure class="course-exhibit" data-exhibit="0.{}"><img src="data:image/png;base64,{}"/></figure>'
    marked = tall_charts(figure.format(1, png(1012, 1167)) + figure.format(2, png(990, 440)))
    assert marked.count("tall-chart") == 1 and 'class="course-exhibit tall-chart" data-exhibit="0.1"' in marked


def test_a_long_docstring_breaks_between_words_never_beside_an_operator():
    from course_utils.book.preprocess_codelines import wrap_source

    quotes = '"' * 3
    source = (f"def weakest_rate(rates, benchmarks):\n    {quotes}The benchmark key whose rate is furthest below its "
              f"benchmark (smallest ratio rate / benchmark).{quotes}\n    return 1")
    assert wrap_source(source, 90).splitlines()[1:3] == [
        f"    {quotes}The benchmark key whose rate is furthest below its benchmark (smallest ratio",
        f"    rate / benchmark).{quotes}"]


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, other: str) -> float:
    high, low = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_stage_colours_keep_text_readable_on_them_and_in_them(repo_root):
    """White chip text on a stage colour, and stage-coloured text on the page, at WCAG AA (4.5:1)."""
    css = (repo_root / "book" / "css" / "book.css").read_text(encoding="utf-8")
    colours = dict(re.findall(r"--(content|hub|commerce|muted|accent):\s*(#[0-9A-Fa-f]{6})", css))
    assert set(colours) == {"content", "hub", "commerce", "muted", "accent"}
    for name, colour in colours.items():
        assert _contrast(colour, "#ffffff") >= 4.5, name


def test_a_quote_after_chinese_opens_and_the_next_one_closes():
    from course_utils.book.typography import curl_quotes

    # Chinese sets no space before a quote: the article's 以"短视频+直播+小商店"为核心 printed as 以”…” before.
    out = curl_quotes('<p>The article: 以"短视频+直播+小商店"为核心, a "loop".</p><p>又"一段"</p>')
    assert out == '<p>The article: 以“短视频+直播+小商店”为核心, a “loop”.</p><p>又“一段”</p>'
