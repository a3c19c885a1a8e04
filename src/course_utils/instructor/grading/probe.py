"""The kernel's end of grading: call a learner's function on the grader's inputs, answer with plain data.

The grader creates one :class:`Probe` in the learner's kernel before any of the
learner's cells run, then asks it, one request at a time, what a name holds
(:meth:`Probe.status`) and what the function returns for given arguments
(:meth:`Probe.call`). Answers are base64 of JSON (:mod:`plaindata`), so they
read the same whatever the learner did to the kernel's display. Nothing here
scores anything: expected values never enter the kernel.
"""

from __future__ import annotations

import base64
import json
import pickle

from course_utils.instructor.grading.plaindata import TooBig, to_plain

# Bound at import, before learner code runs, so a patched builtin does not reach them.
_callable, _type, _str = callable, type, str


def _pack(envelope: dict) -> str:
    return base64.b64encode(json.dumps(envelope, ensure_ascii=True, allow_nan=False).encode("ascii")).decode("ascii")


def _first_line(error: BaseException) -> str:
    try:
        text = _str(error).strip()
    except Exception:  # an exception whose message itself fails to print
        return ""
    return text.splitlines()[0][:300] if text else ""


def _frames(error: BaseException) -> list[str]:
    """The function names in the learner's part of the traceback, innermost last (to tell a stub apart)."""
    names = []
    trace = error.__traceback__.tb_next if error.__traceback__ is not None else None  # skip Probe.call
    while trace is not None:
        name = trace.tb_frame.f_code.co_name
        names.append(name if _type(name) is _str and name.isidentifier() else "_")
        trace = trace.tb_next
    return names[-20:]


class Probe:
    """Answers the grader's questions about names in ``namespace`` (the notebook's globals)."""

    def __init__(self, namespace: dict, nonce: str):
        self._namespace = namespace
        self._nonce = nonce
        import numpy  # noqa: F401 - imported now so unpickling the inputs needs no import later
        import pandas  # noqa: F401

    def status(self, name: str) -> str:
        """What ``name`` holds: missing, callable, None, or another kind of value (by type name)."""
        if name not in self._namespace:
            return _pack({"nonce": self._nonce, "kind": "missing"})
        value = self._namespace[name]
        if value is None:
            return _pack({"nonce": self._nonce, "kind": "none"})
        if _callable(value):
            return _pack({"nonce": self._nonce, "kind": "callable"})
        return _pack({"nonce": self._nonce, "kind": "other", "type": _str(_type(value).__name__)[:60]})

    def call(self, name: str, payload: str) -> str:
        """Call ``name(*args, **kwargs)`` with the pickled arguments; the result or the error, as plain data."""
        args, kwargs = pickle.loads(base64.b64decode(payload))
        function = self._namespace.get(name)
        try:
            value = function(*args, **kwargs)
        except (Exception, SystemExit) as error:  # learner code may raise anything, exit() included
            return _pack({"nonce": self._nonce, "kind": "error", "type": _str(_type(error).__name__)[:60],
                          "text": _first_line(error), "frames": _frames(error)})
        try:
            data = to_plain(value)
        except TooBig:
            return _pack({"nonce": self._nonce, "kind": "too_big"})
        except Exception as error:  # an object that breaks while being read (a property that raises, say)
            return _pack({"nonce": self._nonce, "kind": "unreadable", "type": _str(_type(error).__name__)[:60]})
        return _pack({"nonce": self._nonce, "kind": "value", "data": data})
