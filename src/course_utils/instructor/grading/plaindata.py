"""Values as plain data: what a learner's function returned, carried out of its kernel as JSON.

The grader never unpickles anything from a learner's kernel. Inside the kernel
:func:`encode` turns a return value into JSON made of plain values and tagged
records (numbers, text, lists, dicts, numpy scalars and arrays, pandas Series,
DataFrame and Index); any other object travels as its type name only, and a
subclass of int, float or str as its plain value. The grader reads it back with
:mod:`course_utils.instructor.grading.plainread`.

>>> encode([1, 2.5, float("nan"), "x", None, True])
'{"$t":"list","v":[1,{"$t":"float","v":2.5},{"$t":"float","v":"nan"},"x",null,true]}'
>>> encode(object())
'{"$t":"object","type":"object"}'
"""

from __future__ import annotations

import json
import math

TAG = "$t"
MAX_ITEMS = 200_000  # values in one result; a bigger result is refused, not truncated
MAX_DEPTH = 24
# numpy dtypes rebuilt as such; anything else travels element by element.
NUMERIC = {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
           "float16", "float32", "float64"}
DATETIME = {"datetime64[ns]", "datetime64[us]", "datetime64[ms]", "datetime64[s]",
            "timedelta64[ns]", "timedelta64[us]", "timedelta64[ms]", "timedelta64[s]"}
EXTENSION = {"Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64",
             "Float32", "Float64", "boolean", "string", "category"}


class TooBig(ValueError):
    """The value holds more than :data:`MAX_ITEMS` values or nests deeper than :data:`MAX_DEPTH`."""


# Bound when the module is imported, before any learner code runs in the kernel.
_isinstance, _issubclass = isinstance, issubclass


def _float(value: float):
    return value if math.isfinite(value) else repr(value)  # 'nan', 'inf', '-inf'


class _Encoder:
    def __init__(self):
        self.items = 0

    def count(self, n: int = 1) -> None:
        self.items += n
        if self.items > MAX_ITEMS:
            raise TooBig(f"more than {MAX_ITEMS} values")  # i18n: not translated (an internal reason; the caller reports its own message)

    def value(self, obj, depth: int = 0):
        if depth > MAX_DEPTH:
            raise TooBig(f"nested deeper than {MAX_DEPTH}")  # i18n: not translated (an internal reason; the caller reports its own message)
        self.count()
        kind = type(obj)
        if obj is None or kind in (bool, int, str):
            return obj
        if kind is float:
            return {TAG: "float", "v": _float(obj)}
        if kind in (list, tuple, set, frozenset):
            return {TAG: kind.__name__, "v": [self.value(item, depth + 1) for item in obj]}
        if kind is dict:
            return {TAG: "dict", "v": [[self.value(k, depth + 1), self.value(v, depth + 1)] for k, v in obj.items()]}
        module = getattr(kind, "__module__", "") or ""
        if module.startswith("numpy"):
            return self.numpy(obj, depth)
        if module.startswith("pandas"):
            return self.pandas(obj, depth)
        # A subclass of int, float or str (one with a lying __eq__, say) travels as its plain value.
        for base, plain in ((int, int.__int__), (float, float.__float__), (str, str.__str__)):
            if _issubclass(kind, base):
                return self.value(plain(obj), depth)
        return {TAG: "object", "type": str(getattr(kind, "__name__", "object"))[:60]}

    def numpy(self, obj, depth):
        import numpy as np

        if _isinstance(obj, np.ndarray):
            return {TAG: "ndarray", "shape": list(obj.shape), **self.array(obj.ravel(), depth)}
        if _isinstance(obj, np.generic):
            dtype = str(obj.dtype)
            if dtype in NUMERIC:
                item = obj.item()
                return {TAG: "scalar", "dtype": dtype, "v": _float(item) if _isinstance(item, float) else item}
            if dtype in DATETIME:
                return {TAG: "scalar", "dtype": dtype, "v": None if np.isnat(obj) else int(obj.astype("int64"))}
            return self.value(obj.item(), depth)
        return {TAG: "object", "type": type(obj).__name__[:60]}

    def array(self, values, depth) -> dict:
        """A one-dimensional numpy array or pandas array as ``dtype`` and a list of values."""
        import numpy as np

        dtype = str(values.dtype)
        self.count(len(values))
        if dtype in NUMERIC:
            items = np.asarray(values).tolist()
            if dtype.startswith("float"):
                items = [_float(item) for item in items]
            return {"dtype": dtype, "v": items}
        if dtype in DATETIME:
            raw = np.asarray(values)
            return {"dtype": dtype, "v": [None if missing else int(x)
                                          for x, missing in zip(raw.view("int64").tolist(), np.isnat(raw).tolist())]}
        items = [self.value(None if _is_missing(item) else item, depth + 1) for item in list(values)]
        return {"dtype": dtype if dtype in EXTENSION else "object", "v": items}

    def pandas(self, obj, depth):
        import pandas as pd

        if _isinstance(obj, pd.DataFrame):
            self.count(obj.shape[1])
            return {TAG: "frame", "columns": self.index(obj.columns, depth), "index": self.index(obj.index, depth),
                    "data": [self.array(obj.iloc[:, n].array, depth) for n in range(obj.shape[1])]}
        if _isinstance(obj, pd.Series):
            return {TAG: "series", "name": self.value(obj.name, depth + 1), "index": self.index(obj.index, depth),
                    **self.array(obj.array, depth)}
        if _isinstance(obj, pd.Index):
            return self.index(obj, depth)
        if _isinstance(obj, pd.Timestamp):
            return {TAG: "timestamp", "v": obj.isoformat()}
        if _isinstance(obj, pd.Timedelta):
            return {TAG: "timedelta", "v": int(obj.value)}
        if obj is pd.NaT:
            return {TAG: "nat"}
        return {TAG: "object", "type": type(obj).__name__[:60]}

    def index(self, index, depth) -> dict:
        import pandas as pd

        if _isinstance(index, pd.MultiIndex):
            return {TAG: "index", "name": None, "dtype": "object",
                    "v": [self.value(tuple(item), depth + 1) for item in index]}
        return {TAG: "index", "name": self.value(index.name, depth + 1), **self.array(index.array, depth)}


def _is_missing(item) -> bool:
    try:
        import pandas as pd

        return item is pd.NA or item is pd.NaT
    except ImportError:  # pragma: no cover - pandas is a dependency
        return False


def to_plain(value):
    """``value`` as JSON-ready data (raises :class:`TooBig` for a result over the limits)."""
    return _Encoder().value(value)


def encode(value) -> str:
    """JSON text for ``value`` (raises :class:`TooBig` for a result over the limits)."""
    return json.dumps(to_plain(value), ensure_ascii=True, allow_nan=False, separators=(",", ":"))
