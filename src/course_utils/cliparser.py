"""The ``course`` command's argument parser, in the course language.

argparse writes its own words ("usage:", "options", its error messages) in English,
and wraps help text by counting characters, while a terminal gives a Chinese
character two columns: Chinese help ran past the edge of the window. This parser
takes those words from the ``cli`` catalogue and wraps by columns.

>>> wrap("每名学员一个子文件夹的文件夹", 10)
['每名学员一', '个子文件夹', '的文件夹']
>>> wrap("grade only this learner", 10)
['grade only', 'this', 'learner']
>>> wrap("只批改该学员（可重复指定）；其他学员的结果保留", 12)  # ）； never begins a line
['只批改该学员', '（可重复指定）；', '其他学员的结', '果保留']
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata

from course_utils.cjk import CJK, NO_LINE_START
from course_utils.i18n import Translator

tr = Translator("cli")

_TOKEN = re.compile(rf"[{CJK}]|[^\s{CJK}]+|\s+")


def display_width(text: str) -> int:
    """Terminal columns: two for a wide (East Asian) character, one otherwise."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns, broken at spaces or between Chinese characters."""
    lines: list[str] = []
    line = ""
    for token in _TOKEN.findall(text):
        if token.isspace():
            line += " " if line else ""
            continue
        fits = display_width(line + token) <= width
        # Punctuation that may not begin a line stays with what comes before it.
        if line.strip() and not fits and token not in NO_LINE_START:
            lines.append(line.rstrip())
            line = token
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _translated(message: str) -> str:
    """argparse's error ``message`` in the course language (its own text when not one of these)."""
    found = re.fullmatch(r"argument (?P<name>[^:]+): (?P<inner>.+)", message, re.DOTALL)
    if found:
        return tr.gettext("argument {name}: {problem}", name=found["name"], problem=_translated(found["inner"]))
    found = re.fullmatch(r"the following arguments are required: (?P<names>.+)", message)
    if found:
        return tr.gettext("the following arguments are required: {names}", names=found["names"])
    found = re.fullmatch(r"unrecognized arguments: (?P<words>.+)", message)
    if found:
        return tr.gettext("unrecognized arguments: {words}", words=found["words"])
    found = re.fullmatch(r"invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)", message)
    if found:
        return tr.gettext("invalid choice: {value} (choose from {choices})", value=found["value"],
                          choices=found["choices"])
    found = re.fullmatch(r"invalid (?P<type>\w+) value: (?P<value>.+)", message)
    if found and found["type"] in ("int", "float"):
        kind = tr.gettext("a whole number") if found["type"] == "int" else tr.gettext("a number")
        return tr.gettext("{value} is not {kind}", value=found["value"], kind=kind)
    if message == "expected one argument":  # i18n: not translated (argparse's text, matched)
        return tr.gettext("expected one value")
    return message


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter with the course's words and column-counted wrapping."""

    def _format_usage(self, usage, actions, groups, prefix):
        if prefix is not None:  # argparse's own use (a sub-command's name is formatted with prefix "")
            return super()._format_usage(usage, actions, groups, prefix)
        # argparse indents continuation lines by the prefix's length in characters: format with
        # the English prefix, then put the translated one in its place, padded to the same columns.
        text = super()._format_usage(usage, actions, groups, "usage: ")
        translated = tr.gettext("usage: ")
        return translated + " " * max(0, 7 - display_width(translated)) + text[len("usage: "):]

    def format_help(self):
        # argparse ends a section heading with ":"; after a Chinese heading (选项) it is "：".
        return re.sub(rf"^(\S[^\n]*[{CJK}]):$", "\\1：", super().format_help(), flags=re.MULTILINE)

    def _split_lines(self, text, width):
        return wrap(self._whitespace_matcher.sub(" ", text).strip(), width)

    def _fill_text(self, text, width, indent):
        flat = self._whitespace_matcher.sub(" ", text).strip()
        return "\n".join(indent + line for line in wrap(flat, width - len(indent)))


class ArgumentParser(argparse.ArgumentParser):
    """An argparse parser (sub-commands included) whose own words are in the course language."""

    def __init__(self, *args, add_help: bool = True, **kwargs):
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = tr.gettext("positional arguments")
        self._optionals.title = tr.gettext("options")
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help=tr.gettext("show this help message and exit"))

    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(2, tr.gettext("{prog}: error: {message}", prog=self.prog, message=_translated(message)) + "\n")
