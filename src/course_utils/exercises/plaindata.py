"""Values as plain data: what a learner's function returned, carried out of its kernel as JSON.

The grader never unpickles anything from a learner's kernel. Inside the kernel
:func:`encode` turns a return value into JSON made of plain values and tagged
records (numbers, text, lists, dicts, numpy scalars and arrays, pandas Series,
DataFrame and Index); any other object travels as its type name only. In the
grader :func:`decode` rebuilds plain Python, numpy and pandas objects from that
JSON and rejects anything else, so an object whose ``__eq__`` always says True
arrives as a bare stand-in that equals nothing but itself.

>>> decode(encode([1, 2.5, float("nan"), "x", None, True]))
[1, 2.5, nan, 'x', None, True]
>>> decode(encode({"a": (1, 2)}))
{'a': (1, 2)}
>>> type(decode(encode(object()))).__name__
'object'
"""

from __future__ import annotations

import json
import math

TAG = "$t"
MAX_ITEMS = 200_000  # values in one result; a bigger result is refused, not truncated
MAX_DEPTH = 24
MAX_CHARS = 8_000_000  # JSON text accepted by the decoder
# numpy dtypes rebuilt as such; anything else travels element by element.
NUMERIC = {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
           "float16", "float32", "float64"}
DATETIME = {"datetime64[ns]", "datetime64[us]", "datetime64[ms]", "datetime64[s]",
            "timedelta64[ns]", "timedelta64[us]", "timedelta64[ms]", "timedelta64[s]"}
EXTENSION = {"Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64",
             "Float32", "Float64", "boolean", "string", "category"}


class TooBig(ValueError):
    """The value holds more than :data:`MAX_ITEMS` values or nests deeper than :data:`MAX_DEPTH`."""


class Unreadable(ValueError):
    """The JSON is not a value this module writes."""


# -- kernel side ---------------------------------------------------------------------------

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
            raise TooBig(f"more than {MAX_ITEMS} values")

    def value(self, obj, depth: int = 0):
        if depth > MAX_DEPTH:
            raise TooBig(f"nested deeper than {MAX_DEPTH}")
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


# -- grader side ---------------------------------------------------------------------------

def _reject_constant(name: str):
    raise Unreadable(f"constant {name} is not allowed")


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
            raise Unreadable("nested too deep")
        self.items += 1
        if self.items > MAX_ITEMS:
            raise Unreadable("too many values")
        if data is None or type(data) in (bool, int, str):
            return data
        if type(data) is not dict or not isinstance(data.get(TAG), str):
            raise Unreadable("untagged value")
        tag = data[TAG]
        if tag == "float":
            return self.float(data.get("v"))
        if tag in ("list", "tuple", "set", "frozenset"):
            items = [self.value(item, depth + 1) for item in self.list(data.get("v"))]
            return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[tag](items)
        if tag == "dict":
            pairs = self.list(data.get("v"))
            if not all(type(pair) is list and len(pair) == 2 for pair in pairs):
                raise Unreadable("bad dict")
            return {self.value(k, depth + 1): self.value(v, depth + 1) for k, v in pairs}
        if tag == "object":
            return stand_in(data.get("type", "object"))
        if tag == "scalar":
            return self.scalar(data, depth)
        if tag == "ndarray":
            return self.ndarray(data, depth)
        if tag in ("series", "frame", "index", "timestamp", "timedelta", "nat"):
            return self.pandas(tag, data, depth)
        raise Unreadable(f"unknown tag {tag!r}")

    @staticmethod
    def list(data) -> list:
        if type(data) is not list:
            raise Unreadable("expected a list")
        return data

    @staticmethod
    def float(raw) -> float:
        if type(raw) in (int, float):
            return float(raw)
        if raw in ("nan", "inf", "-inf"):
            return float(raw)
        raise Unreadable("bad float")

    def scalar(self, data, depth):
        import numpy as np

        dtype, raw = data.get("dtype"), data.get("v")
        if dtype in NUMERIC:
            if dtype.startswith("float"):
                raw = self.float(raw)
            elif type(raw) not in (bool, int):
                raise Unreadable("bad scalar")
            return np.dtype(dtype).type(raw)
        if dtype in DATETIME:
            if raw is None:
                return np.datetime64("NaT") if dtype.startswith("datetime") else np.timedelta64("NaT")
            if type(raw) is not int:
                raise Unreadable("bad scalar")
            return np.array([raw], dtype="int64").view(dtype)[0]
        raise Unreadable("bad scalar dtype")

    def array(self, data, depth):
        """A numpy array (numeric, datetime, object) or a pandas extension array from ``dtype`` and ``v``."""
        import numpy as np

        dtype, raw = data.get("dtype"), self.list(data.get("v"))
        self.items += len(raw)
        if self.items > MAX_ITEMS:
            raise Unreadable("too many values")
        if dtype in NUMERIC:
            if dtype.startswith("float"):
                raw = [self.float(item) for item in raw]
            elif not all(type(item) in (bool, int) for item in raw):
                raise Unreadable("bad array")
            return np.array(raw, dtype=dtype)
        if dtype in DATETIME:
            if not all(item is None or type(item) is int for item in raw):
                raise Unreadable("bad array")
            nat = np.iinfo(np.int64).min
            return np.array([nat if item is None else item for item in raw], dtype="int64").view(dtype)
        items = [self.value(item, depth + 1) for item in raw]
        if dtype in EXTENSION:
            import pandas as pd

            return pd.array(items, dtype=dtype)
        if dtype != "object":
            raise Unreadable("bad dtype")
        out = np.empty(len(items), dtype=object)
        out[:] = items
        return out

    def ndarray(self, data, depth):
        shape = self.list(data.get("shape"))
        if not all(type(n) is int and n >= 0 for n in shape):
            raise Unreadable("bad shape")
        flat = self.array(data, depth)
        if math.prod(shape) != len(flat):
            raise Unreadable("shape does not match")
        return flat.reshape(shape)

    def index(self, data, depth):
        import pandas as pd

        if type(data) is not dict or data.get(TAG) != "index":
            raise Unreadable("bad index")
        values = self.array(data, depth)
        name = self.value(data.get("name"), depth + 1)
        if len(values) and all(type(item) is tuple for item in values):
            return pd.MultiIndex.from_tuples(list(values))
        return pd.Index(values, name=name, tupleize_cols=False)

    def pandas(self, tag, data, depth):
        import pandas as pd

        if tag == "timestamp":
            if type(data.get("v")) is not str:
                raise Unreadable("bad timestamp")
            return pd.Timestamp(data["v"])
        if tag == "timedelta":
            if type(data.get("v")) is not int:
                raise Unreadable("bad timedelta")
            return pd.Timedelta(data["v"], unit="ns")
        if tag == "nat":
            return pd.NaT
        if tag == "index":
            return self.index(data, depth)
        index = self.index(data.get("index"), depth)
        if tag == "series":
            values = self.array(data, depth)
            if len(values) != len(index):
                raise Unreadable("series length")
            return pd.Series(values, index=index, name=self.value(data.get("name"), depth + 1), copy=False)
        columns = self.index(data.get("columns"), depth)
        arrays = [self.array(column, depth) for column in self.list(data.get("data"))]
        if len(arrays) != len(columns) or any(len(a) != len(index) for a in arrays):
            raise Unreadable("frame shape")
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
        raise Unreadable(f"{type(error).__name__}: {error}") from None


def decode(text: str):
    """The value encoded in ``text``; :class:`Unreadable` for anything this module does not write."""
    if type(text) is not str or len(text) > MAX_CHARS:
        raise Unreadable("not text or too long")
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except ValueError as error:
        raise Unreadable(f"not JSON ({error})") from None
    return from_plain(data)
