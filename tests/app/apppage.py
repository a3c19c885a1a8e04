"""Helpers for the app's tests (imported beside them; ``conftest.py`` puts this folder on the path)."""

from __future__ import annotations

import datetime as dt

TODAY = dt.date(2026, 12, 2)


def upload(app, name: str, data: bytes, size: int | None = None) -> None:
    """Upload a file as the page sends it: its bytes and the size the browser reports (``size``: a file
    over the limit, whose bytes the page's script keeps back)."""
    app.uploads.button.value = ({"name": name, "type": "", "size": len(data) if size is None else size,
                                 "content": memoryview(data),
                                 "last_modified": dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)},)


def widget_tree(widget):
    """``widget`` and every widget inside it."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from widget_tree(child)
