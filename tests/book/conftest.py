"""The book tests import their helpers from ``bookfixture.py`` beside this file."""

import sys
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:  # --import-mode=importlib does not add test folders to sys.path
    sys.path.insert(0, HERE)
