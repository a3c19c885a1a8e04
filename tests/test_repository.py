"""The repository keeps its promises: the README's commands exist, versions are pinned,
CI runs the README's test command, and nothing shipped carries a placeholder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from course_utils import cli

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ["src/course_utils", "lessons", "exercises", "book", "README.md"]
PLACEHOLDERS = re.compile(r"\b(TODO|FIXME|XXX|lorem ipsum)\b", re.IGNORECASE)
# Long base64 runs (embedded images) can spell anything by chance; they are not prose.
BASE64_RUN = re.compile(r"[A-Za-z0-9+/=\\n]{120,}")


def _makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][\w-]*):", text, flags=re.MULTILINE))


def test_readme_quick_start_targets_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^make (\w+)", quick_start, flags=re.MULTILINE)
    assert commands[:2] == ["book", "test"]
    assert set(commands) <= _makefile_targets()
    assert {"setup", "lab", "book", "test"} <= _makefile_targets()


def test_readme_course_commands_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"bin/course ([\w-]+)", readme))
    assert named, "the README shows the instructor commands"
    assert named <= set(cli.COMMANDS)


def test_ci_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test\b", script, flags=re.MULTILINE)
    assert "set -euo pipefail" in script


def test_every_locked_requirement_is_pinned():
    lines = [line for line in (ROOT / "requirements.lock").read_text().splitlines()
             if line and not line.startswith("#")]
    unpinned = [line for line in lines if not re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.+!-]+", line)]
    assert not unpinned
    names = {line.split("==")[0].lower().replace("_", "-") for line in lines}
    for core in ("jupyterlab", "nbconvert", "ipywidgets", "pytest-notebook", "weasyprint", "pandas"):
        assert core in names


@pytest.mark.parametrize("folder", SHIPPED)
def test_no_placeholders_in_shipped_content(folder):
    base = ROOT / folder
    files = [base] if base.is_file() else [p for p in base.rglob("*") if p.is_file()
                                           and "_build" not in p.parts and "_cache" not in p.parts
                                           and p.suffix in {".py", ".md", ".ipynb", ".yaml", ".json", ".j2", ".css"}]
    offenders = [str(p.relative_to(ROOT)) for p in files
                 if PLACEHOLDERS.search(BASE64_RUN.sub(" ", p.read_text(encoding="utf-8")))]
    assert not offenders


def test_command_line_lists_its_commands(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for name in ("data", "progress", "book"):
        assert name in out


def test_english_course_text_writes_percent_and_ranges_one_way():
    """"4%", never "4 %" (the book mixed both, often on one page); "weeks 1–4" with an en dash, not
    "1-4". English sources only; code is left alone."""
    import nbformat

    texts = {}
    for path in sorted((ROOT / "lessons").glob("*.ipynb")) + sorted((ROOT / "solutions").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        texts[path] = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    for pattern in ("book/front/*.md", "book/back/*.yaml", "book/teaching-notes/*.md", "src/course_utils/quizbanks/*.yaml",
                    "src/course_utils/datafiles/*.md", "src/course_utils/datafiles/*.csv", "solutions/rubrics.md"):
        texts.update({path: path.read_text(encoding="utf-8") for path in sorted(ROOT.glob(pattern))})
    assert len(texts) > 30
    spaced = {str(path.relative_to(ROOT)): re.findall(r".{0,20}\d %", text) for path, text in texts.items()}
    assert {path: found for path, found in spaced.items() if found} == {}
    hyphened = {str(path.relative_to(ROOT)): re.findall(r".{0,20}(?<![\w-])\d{1,4}-\d{1,4}(?![\w-])", text)
                for path, text in texts.items() if path.suffix != ".csv"}
    assert {path: found for path, found in hyphened.items() if found} == {}
