"""Grading one notebook: run it in a sandboxed kernel, score each task outside it."""
