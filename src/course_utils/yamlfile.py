"""YAML text read into plain data, with libyaml's parser where PyYAML was built with it.

PyYAML's own parser is pure Python: the instructor edition's quiz key alone (the banks
of five lessons) took about a third of a second to read. The C parser gives the same
data (a test compares them on every YAML file of the course) about eight times faster;
where it is missing, the pure-Python one is used, with the same result.

>>> load_yaml("lesson: tour\\nquestions: [{id: q1, points: 2}]")
{'lesson': 'tour', 'questions': [{'id': 'q1', 'points': 2}]}
>>> load_yaml("")  # an empty file is None, as with yaml.safe_load
"""

from __future__ import annotations

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str):
    """``text`` as data, like ``yaml.safe_load``; raises ``yaml.YAMLError`` (with the line) when invalid.

    An invalid text is read again by the pure-Python parser, whose message quotes the line
    and points at the place (libyaml's gives only the line and column):

    >>> try:
    ...     load_yaml("title: a\\n\\tlessons: []")
    ... except yaml.YAMLError as error:
    ...     print(str(error).splitlines()[-2:])
    ['    \\tlessons: []', '    ^']
    """
    try:
        return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 (a safe loader: only plain data)
    except yaml.YAMLError:
        if SAFE_LOADER is yaml.SafeLoader:
            raise
    return yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506 (raises the same error, better worded)
