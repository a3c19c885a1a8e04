"""The `course` command's own words (usage, headings, argparse's errors) in the course language."""

from __future__ import annotations

import pytest

from course_utils import cli
from course_utils.cliparser import display_width
from course_utils.i18n import using_language


def _run(argv, capsys, lang):
    with using_language(lang), pytest.raises(SystemExit) as stopped:
        cli.build_parser().parse_args(argv)
    out, err = capsys.readouterr()
    return stopped.value.code, out, err


def test_chinese_help_is_chinese_and_fits_the_window(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = _run(["grade", "--help"], capsys, "zh")
    assert code == 0
    assert out.startswith("用法： course grade [-h]")
    assert "\n位置参数：\n" in out and "\n选项：\n" in out and "显示本帮助信息并退出" in out
    assert "usage" not in out and "options" not in out
    # Wrapped by columns (a Chinese character takes two); closing punctuation may overhang by one.
    assert max(display_width(line) for line in out.splitlines()) <= 82
    # Continuation lines of the usage line up under the first argument, as in English.
    lines = out.splitlines()
    assert display_width(lines[0].split("[-h]")[0]) == len(lines[1]) - len(lines[1].lstrip())


@pytest.mark.parametrize("argv, english, chinese", [
    (["grade"], "the following arguments are required: submissions", "缺少必需的参数：submissions"),
    (["book", "--language", "fr"], "argument --language: invalid choice: 'fr'", "参数 --language：无效的选项 'fr'"),
    (["grade", "x", "--workers", "two"], "argument --workers: 'two' is not a whole number",
     "参数 --workers：'two' 不是整数"),
    (["grade", "x", "--out"], "argument --out: expected one value", "参数 --out：需要一个值"),
    ([], "course: error: the following arguments are required: COMMAND", "course：出错：缺少必需的参数：COMMAND"),
])
def test_argument_errors_are_explained_in_the_course_language(argv, english, chinese, capsys):
    code, _, err = _run(argv, capsys, "en")
    assert code == 2 and english in err and err.startswith("usage: course")
    code, _, err = _run(argv, capsys, "zh")
    assert code == 2 and chinese in err and err.startswith("用法： course") and "error" not in err
