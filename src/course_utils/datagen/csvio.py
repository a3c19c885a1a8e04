"""Deterministic CSV writing: fixed column order, number formats and line endings.

The writer formats each column from its entry in ``schema.json`` (floats to the
declared number of decimals, booleans as ``true``/``false``, dates as ISO
text), so two runs of the generator give the same bytes on any machine.
"""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from pathlib import Path

import pandas as pd


def schema() -> dict:
    """The parsed ``datafiles/schema.json``."""
    text = resources.files("course_utils").joinpath("datafiles", "schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def columns_of(name: str, spec: dict | None = None) -> list[dict]:
    """The column entries of data set ``name`` (resolving a shared template)."""
    spec = spec or schema()
    entry = spec["datasets"][name]
    if "template" in entry:
        return spec["templates"][entry["template"]]["columns"]
    return entry["columns"]


def _formatter(column: dict):
    kind = column["dtype"]
    if kind == "float":
        places = column.get("decimals", 2)
        return lambda value: f"{round(float(value), places):.{places}f}"
    if kind == "int":
        return lambda value: str(int(value))
    if kind == "bool":
        return lambda value: "true" if bool(value) else "false"
    if kind == "date":
        return lambda value: pd.Timestamp(value).strftime("%Y-%m-%d")
    if kind == "datetime":
        return lambda value: pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")
    return lambda value: "" if value is None or (isinstance(value, float) and value != value) else str(value)


def to_csv_text(frame: pd.DataFrame, columns: list[dict]) -> str:
    """The CSV text of ``frame`` in schema column order, with ``\\n`` line endings."""
    names = [column["name"] for column in columns]
    missing = [name for name in names if name not in frame.columns]
    if missing:
        raise ValueError(f"generator output lacks columns {missing}")
    formatters = [_formatter(column) for column in columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    for row in zip(*(frame[name].tolist() for name in names)):
        writer.writerow([fmt(value) for fmt, value in zip(formatters, row)])
    return buffer.getvalue()


def write_csv(frame: pd.DataFrame, name: str, out_dir: Path) -> Path:
    """Write data set ``name`` to ``out_dir/<name>.csv`` as UTF-8 bytes."""
    path = Path(out_dir) / f"{name}.csv"
    path.write_bytes(to_csv_text(frame, columns_of(name)).encode("utf-8"))
    return path
