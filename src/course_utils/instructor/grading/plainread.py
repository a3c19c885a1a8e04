"""Reading plain data back in the grader: only what :mod:`plaindata` writes, rebuilt as plain objects.

:func:`decode` parses JSON (never pickle) and rebuilds plain Python, numpy and
pandas objects from the tagged records, rejecting anything else. An object the
kernel could not send as data arrives as a bare stand-in carrying its type
name, so an object whose ``__eq__`` always says True equals nothing but itself.

>>> from course_utils.instructor.grading.plaindata import encode
>>> decode(encode([1, 2.5, float("nan"), "x", None, True]))
[1, 2.5, nan, 'x', None, True]
>>> decode(encode({"a": (1, 2)}))
{'a': (1, 2)}
>>> class Yes:
...     def __eq__(self, other):
...         return True
>>> value = decode(encode(Yes()))
>>> type(value).__name__, value == 1
('Yes', False)
"""

from __future__ import annotations

import json
import math

from course_utils.instructor.grading.plaindata import DATETIME, EXTENSION, MAX_DEPTH, MAX_ITEMS, NUMERIC, TAG

MAX_CHARS = 8_000_000  # JSON text accepted


class Unreadable(ValueError):
    """The JSON is not a value :mod:`plaindata` writes."""


def _reject_constant(name: str):
    raise Unreadable(f"constant {name} is not allowed")  # i18n: not translated (an internal reason; the caller reports its own message)


def stand_in(type_name: str):
    """A fresh object carrying only a type name: equal to nothing but itself, no other behaviour."""
    name = "".join(ch for ch in str(type_name)[:60] if ch.isalnum() or ch == "_") or "object"
    if name[0].isdigit():
        name = "_" + name
    return type(name, (), {"__slots__": ()})() if name != "object" else object()


class _Decoder:
    def __init__(self):
        self.items = 0

    def value(self, data, depth: int = 0):
        if depth > MAX_DEPTH:
            raise Unreadable("nested too deep")  # i18n: not translated (an internal reason; the caller reports its own message)
        self.items += 1
        if self.items > MAX_ITEMS:
            raise Unreadable("too many values")  # i18n: not translated (an internal reason; the caller reports its own message)
        if data is None or type(data) in (bool, int, str):
            return data
        if type(data) is not dict or not isinstance(data.get(TAG), str):
            raise Unreadable("untagged value")  # i18n: not translated (an internal reason; the caller reports its own message)
        tag = data[TAG]
        if tag == "float":
            return self.float(data.get("v"))
        if tag in ("list", "tuple", "set", "frozenset"):
            items = [self.value(item, depth + 1) for item in self.list(data.get("v"))]
            return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[tag](items)
        if tag == "dict":
            pairs = self.list(data.get("v"))
            if not all(type(pair) is list and len(pair) == 2 for pair in pairs):
                raise Unreadable("bad dict")  # i18n: not translated (an internal reason; the caller reports its own message)
            return {self.value(k, depth + 1): self.value(v, depth + 1) for k, v in pairs}
        if tag == "object":
            return stand_in(data.get("type", "object"))
        if tag == "scalar":
            return self.scalar(data, depth)
        if tag == "ndarray":
            return self.ndarray(data, depth)
        if tag in ("series", "frame", "index", "timestamp", "timedelta", "nat"):
            return self.pandas(tag, data, depth)
        raise Unreadable(f"unknown tag {tag!r}")  # i18n: not translated (an internal reason; the caller reports its own message)

    @staticmethod
    def list(data) -> list:
        if type(data) is not list:
            raise Unreadable("expected a list")  # i18n: not translated (an internal reason; the caller reports its own message)
        return data

    @staticmethod
    def float(raw) -> float:
        if type(raw) in (int, float):
            return float(raw)
        if raw in ("nan", "inf", "-inf"):
            return float(raw)
        raise Unreadable("bad float")  # i18n: not translated (an internal reason; the caller reports its own message)

    def scalar(self, data, depth):
        import numpy as np

        dtype, raw = data.get("dtype"), data.get("v")
        if dtype in NUMERIC:
            if dtype.startswith("float"):
                raw = self.float(raw)
            elif type(raw) not in (bool, int):
                raise Unreadable("bad scalar")  # i18n: not translated (an internal reason; the caller reports its own message)
            return np.dtype(dtype).type(raw)
        if dtype in DATETIME:
            if raw is None:
                return np.datetime64("NaT") if dtype.startswith("datetime") else np.timedelta64("NaT")
            if type(raw) is not int:
                raise Unreadable("bad scalar")  # i18n: not translated (an internal reason; the caller reports its own message)
            return np.array([raw], dtype="int64").view(dtype)[0]
        raise Unreadable("bad scalar dtype")  # i18n: not translated (an internal reason; the caller reports its own message)

    def array(self, data, depth):
        """A numpy array (numeric, datetime, object) or a pandas extension array from ``dtype`` and ``v``."""
        import numpy as np

        dtype, raw = data.get("dtype"), self.list(data.get("v"))
        self.items += len(raw)
        if self.items > MAX_ITEMS:
            raise Unreadable("too many values")  # i18n: not translated (an internal reason; the caller reports its own message)
        if dtype in NUMERIC:
            if dtype.startswith("float"):
                raw = [self.float(item) for item in raw]
            elif not all(type(item) in (bool, int) for item in raw):
                raise Unreadable("bad array")  # i18n: not translated (an internal reason; the caller reports its own message)
            return np.array(raw, dtype=dtype)
        if dtype in DATETIME:
            if not all(item is None or type(item) is int for item in raw):
                raise Unreadable("bad array")  # i18n: not translated (an internal reason; the caller reports its own message)
            nat = np.iinfo(np.int64).min
            return np.array([nat if item is None else item for item in raw], dtype="int64").view(dtype)
        items = [self.value(item, depth + 1) for item in raw]
        if dtype in EXTENSION:
            import pandas as pd

            return pd.array(items, dtype=dtype)
        if dtype != "object":
            raise Unreadable("bad dtype")  # i18n: not translated (an internal reason; the caller reports its own message)
        out = np.empty(len(items), dtype=object)
        out[:] = items
        return out

    def ndarray(self, data, depth):
        shape = self.list(data.get("shape"))
        if not all(type(n) is int and n >= 0 for n in shape):
            raise Unreadable("bad shape")  # i18n: not translated (an internal reason; the caller reports its own message)
        flat = self.array(data, depth)
        if math.prod(shape) != len(flat):
            raise Unreadable("shape does not match")  # i18n: not translated (an internal reason; the caller reports its own message)
        return flat.reshape(shape)

    def index(self, data, depth):
        import pandas as pd

        if type(data) is not dict or data.get(TAG) != "index":
            raise Unreadable("bad index")  # i18n: not translated (an internal reason; the caller reports its own message)
        values = self.array(data, depth)
        name = self.value(data.get("name"), depth + 1)
        if len(values) and all(type(item) is tuple for item in values):
            return pd.MultiIndex.from_tuples(list(values))
        return pd.Index(values, name=name, tupleize_cols=False)

    def pandas(self, tag, data, depth):
        import pandas as pd

        if tag == "timestamp":
            if type(data.get("v")) is not str:
                raise Unreadable("bad timestamp")  # i18n: not translated (an internal reason; the caller reports its own message)
            return pd.Timestamp(data["v"])
        if tag == "timedelta":
            if type(data.get("v")) is not int:
                raise Unreadable("bad timedelta")  # i18n: not translated (an internal reason; the caller reports its own message)
            return pd.Timedelta(data["v"], unit="ns")
        if tag == "nat":
            return pd.NaT
        if tag == "index":
            return self.index(data, depth)
        index = self.index(data.get("index"), depth)
        if tag == "series":
            values = self.array(data, depth)
            if len(values) != len(index):
                raise Unreadable("series length")  # i18n: not translated (an internal reason; the caller reports its own message)
            return pd.Series(values, index=index, name=self.value(data.get("name"), depth + 1), copy=False)
        columns = self.index(data.get("columns"), depth)
        arrays = [self.array(column, depth) for column in self.list(data.get("data"))]
        if len(arrays) != len(columns) or any(len(a) != len(index) for a in arrays):
            raise Unreadable("frame shape")  # i18n: not translated (an internal reason; the caller reports its own message)
        frame = pd.DataFrame({n: pd.Series(a, index=index, copy=False) for n, a in enumerate(arrays)}, index=index)
        frame.columns = columns
        return frame


def from_plain(data):
    """The value that :func:`to_plain` described; :class:`Unreadable` for anything else."""
    try:
        return _Decoder().value(data)
    except Unreadable:
        raise
    except (TypeError, ValueError, OverflowError, KeyError) as error:
        raise Unreadable(f"{type(error).__name__}: {error}") from None  # i18n: not translated (an internal reason; the caller reports its own message)


def decode(text: str):
    """The value encoded in ``text``; :class:`Unreadable` for anything this module does not write."""
    if type(text) is not str or len(text) > MAX_CHARS:
        raise Unreadable("not text or too long")  # i18n: not translated (an internal reason; the caller reports its own message)
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except ValueError as error:
        raise Unreadable(f"not JSON ({error})") from None  # i18n: not translated (an internal reason; the caller reports its own message)
    return from_plain(data)
