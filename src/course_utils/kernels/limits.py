"""Start a learner's kernel under resource limits: ``python -m course_utils.kernels.limits -- CMD...``.

Limits are set in this small process and then it becomes the kernel (``exec``),
so they hold before any learner code runs and for every process it starts:
no file larger than ``--max-file-mb`` (writes past it fail with "File too
large"), no core dumps, and an address-space ceiling so one submission cannot
take the machine's memory. An unprivileged user cannot raise them again.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys

MAX_FILE_MB = 64
MAX_MEMORY_MB = 4096


def apply(max_file_mb: int = MAX_FILE_MB, max_memory_mb: int = MAX_MEMORY_MB) -> None:
    """Set the limits on this process (inherited by what it executes)."""
    for kind, limit in ((resource.RLIMIT_FSIZE, max_file_mb), (resource.RLIMIT_AS, max_memory_mb)):
        if limit > 0:
            soft, hard = resource.getrlimit(kind)
            value = limit * 1024 * 1024
            value = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(kind, (value, value))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-file-mb", type=int, default=MAX_FILE_MB)
    parser.add_argument("--max-memory-mb", type=int, default=MAX_MEMORY_MB)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the kernel command after --")  # i18n: not translated (the grader's own wrapper; no person runs it)
    apply(args.max_file_mb, args.max_memory_mb)
    os.execv(command[0], command)
    return 1  # not reached: execv replaces this process


if __name__ == "__main__":
    sys.exit(main())
