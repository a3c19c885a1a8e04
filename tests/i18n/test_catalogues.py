"""The gettext catalogues: current with the code, sound translations, and a lint that catches each fault."""

from __future__ import annotations

import ast

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

import course_utils
from course_utils import i18n
from course_utils.i18n import Translator, using_language
from course_utils.instructor import catalogues

PACKAGE = Path(course_utils.__file__).resolve().parent
KNOWN_DOMAINS = {"common", "data", "quiz", "exercises", "instructor", "book", "app", "cli", "tour", "content", "hub",
                 "commerce", "diagnosis"}


def test_catalogues_are_current_with_the_code():
    """Every message the code uses is in its domain's .pot, none that it does not; .po and .mo follow."""
    stale = catalogues.stale_files(PACKAGE)
    assert not stale, f"run `course catalogues`: {stale}"


def test_translations_are_sound():
    assert catalogues.translation_problems(PACKAGE) == []


def test_each_module_names_one_known_domain():
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        calls = [node for node in ast.walk(ast.parse(text)) if isinstance(node, ast.Call)
                 and getattr(node.func, "id", "") == "Translator" and node.args
                 and isinstance(node.args[0], ast.Constant)]
        count = len(calls)
        assert count <= 1, f"{path.relative_to(PACKAGE)} makes {count} translators; a module has one domain"
        if count:
            assert catalogues.module_domain(text) in KNOWN_DOMAINS, path


def _package_copy(tmp_path: Path, module: str) -> Path:
    package = tmp_path / "src" / "course_utils"
    (package / "templates").mkdir(parents=True)
    (package / "locale").mkdir()
    (package / "mod.py").write_text(module, encoding="utf-8")
    return package


MODULE = '''from course_utils.i18n import Translator
tr = Translator("hub")
def f(n):
    return tr.gettext("{count} views", count=n), tr.ngettext("{n} step", "{n} steps", n), tr.pgettext("axis", "Stage")
'''


def test_extraction_finds_messages_plurals_and_contexts(tmp_path):
    package = _package_copy(tmp_path, MODULE)
    found = catalogues.extract_all(package)
    assert {(m.domain, m.context, m.id) for m in found} == {
        ("hub", None, "{count} views"), ("hub", None, ("{n} step", "{n} steps")), ("hub", "axis", "Stage")}


def test_the_lint_catches_a_new_message_an_unused_one_and_a_stale_binary(tmp_path):
    package = _package_copy(tmp_path, MODULE)
    assert catalogues.stale_files(package)  # nothing written yet
    catalogues.write(package)
    assert catalogues.stale_files(package) == []
    (package / "mod.py").write_text(MODULE.replace("{count} views", "{count} visits"), encoding="utf-8")
    assert "locale/hub.pot" in catalogues.stale_files(package)
    catalogues.write(package)
    pot = (package / "locale" / "hub.pot").read_text(encoding="utf-8")
    assert "{count} visits" in pot and "{count} views" not in pot  # the unused message is gone
    mo = package / "locale" / "zh" / "LC_MESSAGES" / "hub.mo"
    mo.write_bytes(b"")
    assert catalogues.stale_files(package) == ["locale/zh/LC_MESSAGES/hub.mo"]


def _translate(package: Path, entries: dict, fuzzy: bool = False) -> None:
    path = package / "locale" / "zh" / "LC_MESSAGES" / "hub.po"
    catalogue = catalogues.read_catalogue(path, "zh")
    for message in catalogue:
        if message.id in entries:
            message.string = entries[message.id]
            if fuzzy:
                message.flags.add("fuzzy")
    path.write_bytes(catalogues.po_bytes(catalogue))


def test_the_lint_catches_fuzzy_entries_and_placeholder_mismatches(tmp_path):
    package = _package_copy(tmp_path, MODULE)
    catalogues.write(package)
    _translate(package, {"{count} views": "{views} 次浏览"})
    assert any("has placeholders ['views']" in p for p in catalogues.translation_problems(package))
    _translate(package, {"{count} views": "浏览"})
    assert any("drops placeholders ['count']" in p for p in catalogues.translation_problems(package))
    _translate(package, {"{count} views": "「{count}」次浏览"})
    assert any("the translation of '{count} views' quotes with 「」" in p
               for p in catalogues.translation_problems(package))
    _translate(package, {"{count} views": "浏览: {count} 次"})
    assert any("half-width colon" in p for p in catalogues.translation_problems(package))
    _translate(package, {"{count} views": ""})
    assert "locale/zh/LC_MESSAGES/hub.po: not translated: '{count} views'" in catalogues.translation_problems(package)
    _translate(package, {"{count} views": "{count} 次浏览"}, fuzzy=True)
    assert any("fuzzy entry" in p for p in catalogues.translation_problems(package))
    _translate(package, {"{count} views": "{count} 次浏览", ("{n} step", "{n} steps"): ("{n} 步",), "Stage": "阶段"})
    catalogue = catalogues.read_catalogue(package / "locale" / "zh" / "LC_MESSAGES" / "hub.po")
    for message in catalogue:
        message.flags.discard("fuzzy")
    (package / "locale" / "zh" / "LC_MESSAGES" / "hub.po").write_bytes(catalogues.po_bytes(catalogue))
    assert catalogues.translation_problems(package) == []


def test_fallback_is_message_by_message(monkeypatch):
    """A Chinese catalogue that lacks a message gives that message in English, the others in Chinese."""
    catalogue = Catalog(locale="zh", domain="hub")
    catalogue.add("Stage", "阶段")
    catalogue.add(("{n} step", "{n} steps"), ("{n} 步",))
    binary = catalogues.mo_bytes(catalogue)
    import gettext
    import io

    monkeypatch.setattr(i18n, "_translations",
                        lambda lang, domain: gettext.GNUTranslations(io.BytesIO(binary)) if lang == "zh"
                        else gettext.NullTranslations())
    tr = Translator("hub")
    with using_language("zh"):
        assert tr.gettext("Stage") == "阶段"
        assert tr.ngettext("{n} step", "{n} steps", 4) == "4 步"
        assert tr.gettext("Views") == "Views"
    assert tr.gettext("Stage") == "Stage" and tr.ngettext("{n} step", "{n} steps", 4) == "4 steps"


def test_the_course_language_is_one_setting(monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "zh")
    assert i18n.language() == "zh"
    with using_language("en"):
        assert i18n.language() == "en"
    monkeypatch.setenv("COURSE_LANG", "fr")
    assert i18n.language() == "en"  # an unknown language reads as English, not as an error in a lesson
    with pytest.raises(ValueError):
        with using_language("fr"):
            pass


def test_every_shipped_translation_is_what_the_library_says():
    """Each translated message of each .po, read back through the compiled .mo the library loads."""
    checked = 0
    for path in sorted((PACKAGE / "locale" / "zh" / "LC_MESSAGES").glob("*.po")):
        tr = Translator(path.stem)
        for message in catalogues.read_catalogue(path, "zh"):
            if not message.id or not message.string or isinstance(message.id, tuple) or message.context:
                continue
            if catalogues.placeholders(message.id):
                continue  # filled in by format; the lint above checks the names
            with using_language("zh"):
                assert tr.gettext(message.id) == message.string, (path.name, message.id)
            checked += 1
    assert checked >= 20


def test_citations_read_in_chinese_with_what_the_outlet_dates():
    from course_utils.citations import cite_label
    from course_utils.models import network

    with using_language("zh"):
        assert cite_label("China Daily, 11 Jan 2023") == "中国日报，2023年1月11日"
        # The network's announced-but-undated links: the announcement's outlet and date, then the assumption.
        tip = next(link for link in network.LINKS if link.key == "live_pay_tip")
        assert cite_label(tip.citation) == "中国日报，2022年1月7日（宣布日期）；日期为教学假设"
