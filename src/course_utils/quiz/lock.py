"""Locks for sealed quiz banks: content that opens only with the answer that unlocks it.

A lock turns an answer's canonical form (a sorted set of choice ids, a
normalised text, or the grid cell a number falls in) into a key with a slow,
salted key derivation (scrypt), and encrypts a small JSON payload (the verdict,
the feedback, the explanation) under that key. The sealed bank stores only
``locator -> ciphertext`` pairs: the locator is derived from the key, so the
payload for an answer is found by deriving the key from that answer, and the
authentication tag (HMAC-SHA256) proves it opened. Nothing in the file says
which entry belongs to the right answer.

The cipher is a keystream from SHAKE-256 over the key (each key encrypts one
payload), then HMAC-SHA256 over the ciphertext: standard-library primitives
only. This deters reading the key out of the files; it cannot stop a learner
who tries every choice (see the README).

>>> kdf = KdfParams(n=16)
>>> key = derive("text|dwell time", "00" * 16, kdf)
>>> blob = seal_payload(key, {"correct": True})
>>> open_payload(key, blob)
{'correct': True}
>>> open_payload(derive("text|time", "00" * 16, kdf), blob) is None
True
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import zlib
from dataclasses import dataclass
from functools import lru_cache

from course_utils.i18n import Translator

tr = Translator("quiz")

# The sealed-bank format this library writes and reads (a bank says it as ``sealed: 2``).
SEAL_VERSION = 2
TAG_BYTES = 16
# Accepted answers sit within close_to's slack of the tolerance band (see quiz.tolerance.close_to).
_REL_SLACK, _ABS_SLACK = 1e-9, 1e-12
# math.log may differ by an ulp between C libraries; a value this close to a cell edge tries both cells.
_EDGE = 1e-9


@dataclass(frozen=True)
class KdfParams:
    """scrypt's cost parameters, stored in the sealed bank so any copy derives the same keys."""

    n: int = 2 ** 12
    r: int = 8
    p: int = 1

    def as_dict(self) -> dict:
        return {"name": "scrypt", "n": self.n, "r": self.r, "p": self.p}


def kdf_problem(data: object) -> str | None:
    """What is wrong with a bank's ``kdf`` entry, or None (bounds keep a tampered file from hanging a kernel)."""
    if not isinstance(data, dict) or data.get("name") != "scrypt":
        return tr.gettext("kdf must name scrypt with its cost parameters n, r and p")
    n, r, p = data.get("n"), data.get("r"), data.get("p")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (n, r, p)):
        return tr.gettext("kdf n, r and p must be whole numbers")
    if n < 2 or n > 2 ** 16 or n & (n - 1) or not 1 <= r <= 16 or not 1 <= p <= 4:
        return tr.gettext("kdf n must be a power of two up to 65536, r between 1 and 16, p between 1 and 4")
    return None


@dataclass(frozen=True)
class Key:
    locator: str
    stream: bytes
    mac: bytes


@lru_cache(maxsize=4096)
def derive(canonical: str, salt: str, kdf: KdfParams) -> Key:
    """The key that ``canonical`` (an answer's canonical form) unlocks, under this question's salt.

    Each key is derived once per process: a release seals every question in each language under
    the same salt, and most of its forms (choices, numbers) are the same in both, so about half of
    its derivations are repeats (477 distinct of 929).
    """
    master = hashlib.scrypt(canonical.encode("utf-8"), salt=bytes.fromhex(salt), n=kdf.n, r=kdf.r, p=kdf.p,
                            maxmem=256 * 1024 * 1024, dklen=64)
    stream, mac = master[:32], master[32:]
    locator = hmac.new(mac, b"course-quiz-locator", hashlib.sha256).hexdigest()[:32]
    return Key(locator, stream, mac)


def _xor(key: Key, data: bytes) -> bytes:
    pad = hashlib.shake_256(b"course-quiz-stream\x00" + key.stream).digest(len(data))
    return bytes(a ^ b for a, b in zip(data, pad))


def pack(payload: object) -> bytes:
    """``payload`` (JSON-able) as the compressed bytes that get encrypted."""
    return zlib.compress(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8"), 9)


def seal_payload(key: Key, payload: object, width: int = 0) -> str:
    """``payload``, packed, padded to ``width`` bytes, encrypted and tagged under ``key``, as base64.

    A question's entries are padded to one width, so the longer entry (the one
    holding the explanation) does not stand out.
    """
    plain = pack(payload)
    plain += bytes(max(0, width - len(plain)))
    cipher = _xor(key, plain)
    tag = hmac.new(key.mac, b"course-quiz-tag\x00" + cipher, hashlib.sha256).digest()[:TAG_BYTES]
    return base64.b64encode(cipher + tag).decode("ascii")


def open_payload(key: Key, blob: str) -> object | None:
    """The payload sealed under ``key``, or None when the tag does not verify (another key, or tampering)."""
    try:
        raw = base64.b64decode(blob, validate=True)
    except ValueError:
        return None
    cipher, tag = raw[:-TAG_BYTES], raw[-TAG_BYTES:]
    expected = hmac.new(key.mac, b"course-quiz-tag\x00" + cipher, hashlib.sha256).digest()[:TAG_BYTES]
    if len(raw) <= TAG_BYTES or not hmac.compare_digest(tag, expected):
        return None
    try:
        # decompressobj stops at the end of the stream and leaves the padding unread.
        return json.loads(zlib.decompressobj().decompress(_xor(key, cipher)).decode("utf-8"))
    except (ValueError, zlib.error):
        return None


# Canonical forms of answers.

def choice_form(ids) -> str:
    """A choice set, as the lock sees it: ids sorted and joined.

    >>> choice_form(["c", "a"])
    'choice|a,c'
    """
    return "choice|" + ",".join(sorted(ids))


def text_form(normalised: str) -> str:
    return "text|" + normalised


# Numbers: a tolerance band is several typed values, so a number's lock is the grid
# cell it falls in. Cells are as wide as the tolerance (linear grids) or as wide as
# the percentage (log grids, so the grid step never gives away the answer's size);
# a band touches two or three cells and each gets an entry; the grader then checks
# the exact band with the numbers inside the opened payload.

def grid_for(tolerance: float | None, tolerance_pct: float | None, value: float) -> dict:
    """The grid for a band of ``tolerance`` (absolute) or ``tolerance_pct`` around ``value``."""
    if tolerance_pct is not None:
        if float(value) == 0.0 or float(tolerance_pct) == 0.0:
            return {"scale": "exact"}
        return {"scale": "log", "pct": float(tolerance_pct)}
    if not tolerance:
        return {"scale": "exact"}
    return {"scale": "linear", "step": float(tolerance)}


def grid_problem(grid: object) -> str | None:
    if not isinstance(grid, dict):
        return tr.gettext("each grid must be a mapping")
    scale = grid.get("scale")
    if scale == "exact":
        return None
    number = grid.get("step" if scale == "linear" else "pct")
    if scale not in ("linear", "log") or not isinstance(number, (int, float)) or isinstance(number, bool):
        return tr.gettext("a grid is exact, linear with a step, or log with a pct")
    if not 0 < number < (50 if scale == "log" else math.inf):
        return tr.gettext("a linear step must be positive and a log pct between 0 and 50")
    return None


def _grid_label(grid: dict) -> str:
    if grid["scale"] == "exact":
        return "exact"
    return f"{grid['scale']}:{float(grid['step'] if grid['scale'] == 'linear' else grid['pct'])!r}"


def _position(grid: dict, value: float) -> tuple[str, float]:
    """(sign, position on the grid) of a non-zero value."""
    if grid["scale"] == "linear":
        return "", value / float(grid["step"])
    return ("-" if value < 0 else "+"), math.log(abs(value)) / math.log1p(float(grid["pct"]) / 100.0)


def value_forms(grid: dict, value: float) -> list[str]:
    """The canonical forms a typed number unlocks on ``grid`` (two when it sits on a cell edge)."""
    label = _grid_label(grid)
    if grid["scale"] == "exact" or (grid["scale"] == "log" and value == 0):
        return [f"number|{label}|{float(value)!r}"]
    sign, position = _position(grid, value)
    cells = sorted({math.floor(position), math.floor(position - _EDGE), math.floor(position + _EDGE)}) \
        if grid["scale"] == "log" else [math.floor(position)]
    return [f"number|{label}|{sign}{cell}" for cell in cells]


def band_forms(grid: dict, centre: float, allowed: float) -> list[str]:
    """Every canonical form a number within ``allowed`` of ``centre`` (with close_to's slack) can unlock."""
    label = _grid_label(grid)
    if grid["scale"] == "exact":
        return [f"number|{label}|{float(centre)!r}"]
    reach = allowed * (1 + _REL_SLACK) + _ABS_SLACK
    low, high = centre - reach, centre + reach
    if grid["scale"] == "log" and low <= 0 <= high:
        raise ValueError("a percentage band that reaches zero cannot be sealed")
    first, last = sorted((_position(grid, low)[1], _position(grid, high)[1]))
    sign = _position(grid, centre)[0]
    if grid["scale"] == "log":
        first, last = first - _EDGE, last + _EDGE
    return [f"number|{label}|{sign}{cell}" for cell in range(math.floor(first), math.floor(last) + 1)]


@dataclass(frozen=True, eq=False)
class SealedKey:
    """What a sealed question keeps instead of its key: a salt, the KDF cost, number grids, locked entries."""

    salt: str
    kdf: KdfParams
    entries: dict
    grids: tuple = ()

    def open(self, form: str) -> object | None:
        """The payload ``form`` unlocks, or None (no entry for it, or a tag that does not verify)."""
        key = derive(form, self.salt, self.kdf)
        blob = self.entries.get(key.locator)
        return None if blob is None else open_payload(key, blob)
