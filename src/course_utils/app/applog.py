"""Where the app's kernel writes what went wrong: the server's log file, never the visitor's page.

ipykernel sends what a kernel writes to standard error over the page's connection (Voilà
forwards it without showing it), so a traceback the app logged, or one from a widget
message it refused, went to the visitor's browser and not to whoever runs the server. A
forked kernel's own standard error is /dev/null. ``course app`` names a log file
(:data:`VARIABLE`) and says where it is; the app's notebook sends its kernel's standard
error and the app's logger there.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile

VARIABLE = "COURSE_APP_LOG"
_stream = None  # the kernel's log file, once opened


def default_path() -> str:
    """The log file ``course app`` names unless ``COURSE_APP_LOG`` is set: one per user, in the temporary
    folder (shared by the computer's users: the file is made readable by its owner only)."""
    return os.path.join(tempfile.gettempdir(), f"course-app-{os.getuid()}.log")


def to_log_file(logger_name: str = "course_utils.app") -> None:
    """Send this kernel's standard error and the app's logger to the server's log file (once per kernel)."""
    global _stream
    if _stream is not None:
        return
    try:
        handle = os.open(os.environ.get(VARIABLE) or os.devnull, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        _stream = os.fdopen(handle, "a", encoding="utf-8", buffering=1)
    except OSError:  # a log that cannot be written is no reason to show the visitor a traceback
        _stream = open(os.devnull, "a", encoding="utf-8")  # noqa: SIM115
    sys.stderr = _stream
    handler = logging.StreamHandler(_stream)
    handler.setFormatter(logging.Formatter(f"%(asctime)s kernel {os.getpid()} %(name)s: %(message)s"))
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    logger.propagate = False
