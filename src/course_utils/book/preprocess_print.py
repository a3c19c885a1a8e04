"""Preprocessor: what print drops beyond nbconvert's tag rules.

Which cells print whole, as output only or not at all is nbconvert's own
``TagRemovePreprocessor``, configured from ``book.yaml`` (``print.remove_cell_tags``,
``print.remove_input_tags``, ``print.remove_all_outputs_tags``; see :mod:`.export`).
What is left here has no nbconvert equivalent that runs at the right moment: code
cells with nothing to print (including those the edition rules emptied, which run
after nbconvert's own preprocessors) and kernel chatter on stderr.
"""

from __future__ import annotations

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool


class PrintCellsPreprocessor(Preprocessor):
    """Drop empty code cells and stderr streams."""

    drop_empty_code = Bool(True, help="Drop code cells whose source is blank.").tag(config=True)
    drop_stderr = Bool(True, help="Drop stderr streams (warnings) from print.").tag(config=True)

    def preprocess(self, nb, resources):
        kept = []
        for cell in nb.cells:
            if cell.cell_type == "code":
                if self.drop_empty_code and not cell.source.strip():
                    continue
                if self.drop_stderr:
                    cell.outputs = [o for o in cell.outputs
                                    if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
            kept.append(cell)
        nb.cells = kept
        return nb, resources
