"""Instructor tools: making exercises, the student release and its leak scan, grading and the gradebook.

Nothing here ships to learners: the release leaves this package out whole."""
