"""Find untranslated English sentences in Chinese text (terms in parentheses, code and addresses excepted)."""

from __future__ import annotations

import html
import re

# A sentence has function words; a name or a term ("WeChat Open Class PRO", "GMV") has none.
FUNCTION_WORDS = {"the", "of", "and", "to", "in", "is", "are", "for", "with", "on", "that", "this", "by", "as",
                  "from", "at", "be", "it", "or", "an", "not", "each", "every", "your", "you", "which", "what",
                  "how", "was", "were", "has", "have", "its", "their", "than", "into", "per", "if", "then"}
_EXCUSED = [
    re.compile(r"<(pre|code|script|style|kbd|samp)\b.*?</\1>", re.S | re.I),  # code
    re.compile(r"```.*?```", re.S),
    re.compile(r"`[^`\n]*`"),
    re.compile(r"<[^>]+>"),                                               # markup
    # addresses: they end at a space or at Chinese text (no space comes before 。 or a Chinese word)
    re.compile(r"https?://[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+|"
               r"\b[\w.-]+\.(?:com|cn|org|net|html)[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]*"),
    re.compile(r"\([^()\n]*\)"),                                          # terms in parentheses
    re.compile(r"（[^（）\n]*）"),
    re.compile(r"\[[^\]\n]*\]\([^)\n]*\)"),                              # Markdown links
]
_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ ,;:]+[A-Za-z][A-Za-z'’-]*){3,}")


def english_sentences(text: str) -> list[str]:
    """Runs of four or more English words with a function word among them.

    >>> english_sentences("视频号（WeChat Channels）的 GMV 增长了。Read the lessons in order.")
    ['Read the lessons in order']
    >>> english_sentences("在微信公开课 PRO（WeChat Open Class PRO）上，`print(the value of x)`")
    []
    >>> english_sentences("见 technode.com/2020/07/16。微信在测试（WeChat is testing a new feature）")
    []
    """
    text = html.unescape(text)
    for pattern in _EXCUSED:
        text = pattern.sub(" ", text)
    return [run for run in _RUN.findall(text)
            if any(word.lower() in FUNCTION_WORDS for word in re.findall(r"[A-Za-z]+", run))]


def notebook_texts(notebook) -> list[tuple[str, str]]:
    """(where, text) for everything a learner reads in a notebook: prose, outputs and widget text."""
    found = []
    for index, cell in enumerate(notebook.cells):
        where = f"cell {index + 1} ({cell.get('id', '')})"
        if cell.cell_type == "markdown":
            found.append((where, cell.source))
            continue
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                found.append((where, output.text))
            elif output.output_type in ("display_data", "execute_result"):
                data = output.get("data", {})
                found.append((where, data.get("text/html") or data.get("text/markdown") or data.get("text/plain", "")))
    state = notebook.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    for model in state.values():
        values = model.get("state", {})
        for key in ("description", "value", "placeholder", "tooltip"):
            if isinstance(values.get(key), str):
                found.append((f"widget {model.get('model_name')}", values[key]))
        for key in ("_options_labels",):
            if isinstance(values.get(key), list):
                found.append((f"widget {model.get('model_name')}", " / ".join(map(str, values[key]))))
    return found
