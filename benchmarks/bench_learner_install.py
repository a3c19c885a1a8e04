"""How much a learner installs: a fresh virtual environment from the student bundle's install files.

Makes a bundle with ``course release`` in a temporary folder, creates a venv there
with Python 3.11 and installs it the way the bundle's README says
(``pip install -r requirements-learner.lock -e .``), then reports ``du -sh`` of
the venv. ``--full`` also installs ``requirements.lock`` into a second venv: what
a bundle installed before the learner's lock (tests, browser, book, grading).
Needs the network or a warm pip cache.

Run: .venv/bin/python benchmarks/bench_learner_install.py [--full]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def venv_size(folder: Path, *pip_args: str) -> tuple[str, int]:
    python = shutil.which("python3.11") or sys.executable
    subprocess.run([python, "-m", "venv", str(folder / ".venv")], check=True)
    subprocess.run([str(folder / ".venv" / "bin" / "pip"), "install", "--disable-pip-version-check", "-q", *pip_args],
                   cwd=folder, check=True, capture_output=True)
    human = subprocess.run(["du", "-sh", str(folder / ".venv")], capture_output=True, text=True, check=True)
    packages = subprocess.run([str(folder / ".venv" / "bin" / "pip"), "list", "--format=freeze"],
                              capture_output=True, text=True, check=True)
    return human.stdout.split()[0], len(packages.stdout.splitlines())


def main() -> None:
    from course_utils.instructor.release import build

    with tempfile.TemporaryDirectory(prefix="learner-install-") as temporary:
        bundle = Path(temporary) / "bundle"
        build(ROOT, bundle)
        rows = [("bundle: pip install -r requirements-learner.lock -e .",
                 *venv_size(bundle, "-r", "requirements-learner.lock", "-e", "."))]
        if "--full" in sys.argv:
            full = Path(temporary) / "full"
            full.mkdir()
            shutil.copy2(ROOT / "requirements.lock", full / "requirements.lock")
            rows.append(("full: pip install -r requirements.lock", *venv_size(full, "-r", "requirements.lock")))
    print(f"{'install':<56} {'du -sh':>8} {'packages':>9}")
    for name, size, count in rows:
        print(f"{name:<56} {size:>8} {count:>9}")


if __name__ == "__main__":
    main()
