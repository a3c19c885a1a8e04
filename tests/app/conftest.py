"""The app's page without a browser (``app``: a fresh page per test, opened in Chinese on the tea brand);
helpers in ``apppage.py`` beside this file."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:  # --import-mode=importlib does not add test folders to sys.path
    sys.path.insert(0, HERE)

from apppage import TODAY  # noqa: E402  (needs the path above)


@pytest.fixture
def app(monkeypatch):
    from course_utils.app.ui import DiagnosisApp
    from course_utils.style import apply_style

    monkeypatch.setenv("COURSE_LANG", "zh")  # the app sets it too; monkeypatch restores it after the test
    apply_style()  # as the app's notebook does: Chinese chart labels need the CJK font
    page = DiagnosisApp(language="zh", business="tea", today=TODAY)
    yield page
    page.folder.close()
