"""Sub-commands of the ``course`` command line (see :mod:`course_utils.cli`)."""
