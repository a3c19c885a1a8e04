"""The learner's function as the checks see it: a stand-in that calls into the learner's kernel.

The checks run in the grading process and call :class:`Remote` stand-ins as if
they were the learner's functions. Each call pickles the arguments into the
kernel (the untrusted side only ever receives them), has the kernel's
:class:`~course_utils.instructor.grading.probe.Probe` call the function, and reads the
answer from the reply to that request alone, strictly as plain data
(:mod:`plaindata`). An exception in the kernel comes back as its type name and
first line and is raised here under the same name, so the checks summarise it
as they would locally; a stub raises ``NotImplementedError``.
"""

from __future__ import annotations

import base64
import binascii
import builtins
import json
import pickle
import re
import types

from course_utils.exercises.checks import MISSING
from course_utils.i18n import Translator
from course_utils.instructor.grading.plainread import Unreadable, from_plain, stand_in
from course_utils.instructor.grading.sandbox import KernelLost

tr = Translator("instructor")

MAX_REPLY = 12_000_000  # characters of one answer
# Characters of an error's message (text the learner's code chose) that feedback may quote, and of its kind:
# enough for "unsupported operand type(s) for *: 'int' and 'str'", too little to carry a file out.
QUOTE, KIND = 80, 40
_BASE64 = re.compile(r"'([A-Za-z0-9+/=]*)'")


class ResultTooLarge(Exception):
    """The function returned more values than a result may hold."""


class UnreadableResult(Exception):
    """The answer from the kernel was not plain data this grader reads."""


def _hop(names: list, error: BaseException) -> None:
    if len(names) <= 1:
        raise error
    _named(names[1])(names[1:], error)


def _named(name: str):
    """:func:`_hop` under another function name: its frame in a traceback carries that name."""
    code = _hop.__code__.replace(co_name=name, co_qualname=name)
    return types.FunctionType(code, globals(), name)


def short(text: str) -> str:
    """A learner's error message as feedback quotes it: its first line, at most :data:`QUOTE` characters.

    >>> short("x" * 100)[-3:], len(short("x" * 100)), short("one\\ntwo")
    ('xx…', 80, 'one')
    """
    line = text.strip().partition("\n")[0]
    return line if len(line) <= QUOTE else line[:QUOTE - 1] + "…"


def _raised(kind: str, text: str) -> BaseException:
    """An exception named ``kind`` whose message is ``text`` (a builtin type when ``kind`` names one)."""
    if kind == "NotImplementedError":
        return NotImplementedError(text) if text else NotImplementedError()
    name = "".join(ch for ch in kind if ch.isalnum() or ch == "_")[:KIND] or "Exception"
    base = getattr(builtins, name, None)
    if not (isinstance(base, type) and issubclass(base, (Exception, SystemExit))):
        base = Exception
    cls = type(name, (base,), {"__str__": lambda self: text, "__module__": "learner"})
    return cls.__new__(cls)


def _no_constant(name: str):
    raise ValueError(f"{name} is not plain data")


class Remote:
    """Calls into one kernel through its probe; ``call_limit`` seconds for each call."""

    def __init__(self, kernel, nonce: str, call_limit: float):
        self.kernel = kernel
        self.nonce = nonce
        self.call_limit = call_limit

    def _ask(self, code: str) -> dict | None:
        """Run ``code`` (which sets the probe's result variable); the decoded envelope, or None if it timed out."""
        result = f"_course_result_{self.nonce}"
        reply = self.kernel.execute(f"{result} = {code}", self.call_limit, silent=True,
                                    expressions={"r": result})
        if reply.status == "timeout":
            return None
        if reply.status != "ok":
            kind = str(reply.content.get("ename", "Exception"))
            raise _raised(kind, tr.gettext("the grader could not call your function in your notebook's kernel "
                                           "({kind})", kind=kind))
        answer = reply.content.get("user_expressions", {}).get("r", {})
        text = answer.get("data", {}).get("text/plain", "") if isinstance(answer, dict) else ""
        if not isinstance(text, str) or len(text) > MAX_REPLY:
            raise UnreadableResult(tr.gettext("the check could not read what your function returned; return the "
                                              "kind of value the task asks for."))
        match = _BASE64.fullmatch(text)
        try:
            envelope = json.loads(base64.b64decode(match.group(1), validate=True).decode("ascii"),
                                  parse_constant=_no_constant) if match else None
        except (binascii.Error, UnicodeDecodeError, ValueError):
            envelope = None
        if not isinstance(envelope, dict) or envelope.get("nonce") != self.nonce:
            raise UnreadableResult(tr.gettext("the check could not read what your function returned; return the "
                                              "kind of value the task asks for."))
        return envelope

    def answer(self, name: str):
        """What the checks receive for the learner's ``name``: MISSING, None, a stand-in value, or a callable."""
        envelope = self._ask(f"_course_probe_{self.nonce}.status({name!r})")
        kind = envelope.get("kind") if envelope else "missing"
        if kind == "missing":
            return MISSING
        if kind == "none":
            return None
        if kind == "other":
            return stand_in(str(envelope.get("type", "object")))

        def function(*args, **kwargs):
            return self.call(name, args, kwargs)

        function.__name__ = function.__qualname__ = name
        return function

    def call(self, name: str, args: tuple, kwargs: dict):
        try:
            payload = base64.b64encode(pickle.dumps((args, kwargs))).decode("ascii")
        except (pickle.PicklingError, TypeError, AttributeError) as error:
            # A check whose inputs cannot be sent is the course's fault, not the learner's: say so.
            raise KernelLost(tr.gettext("the grader could not send this check's inputs to the notebook ({kind}); "
                                        "the instructor should report it to the course's maintainers",
                                        kind=type(error).__name__)) from None
        envelope = self._ask(f"_course_probe_{self.nonce}.call({name!r}, {payload!r})")
        if envelope is None:
            raise TimeoutError(tr.gettext("it did not return within {seconds} s and was stopped (an endless loop?)",
                                          seconds=round(self.call_limit)))
        kind = envelope.get("kind")
        if kind == "error":
            error = _raised(str(envelope.get("type", "Exception")), short(str(envelope.get("text", ""))))
            frames = envelope.get("frames")
            names = [name for name in frames if isinstance(name, str) and name.isidentifier()] \
                if isinstance(frames, list) else []
            if isinstance(error, NotImplementedError) and names:
                # Raised from frames named as in the kernel, so the checks tell a stub from a library's error.
                _named(names[0])(names[-20:], error)
            raise error
        if kind == "too_big":
            raise ResultTooLarge(tr.gettext("it returned more values than a result may hold; return only what the "
                                            "task asks for"))
        if kind != "value":
            raise UnreadableResult(tr.gettext("the check could not read what your function returned; return the "
                                              "kind of value the task asks for."))
        try:
            return from_plain(envelope.get("data"))
        except Unreadable:
            raise UnreadableResult(tr.gettext("the check could not read what your function returned; return the "
                                              "kind of value the task asks for.")) from None
