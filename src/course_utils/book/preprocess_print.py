"""Preprocessor: what a printed page shows of each cell.

Set-up cells go entirely; cells that display an exhibit, an explorer or a quiz keep
their output and lose their code (the reader needs the figure, not the call);
untagged code, the code that teaches, stays. Kernel chatter on stderr is dropped.
"""

from __future__ import annotations

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, Set


class PrintCellsPreprocessor(Preprocessor):
    """Hide set-up cells and the input of display-only cells, by tag."""

    remove_cell_tags = Set({"setup"}, help="Tags of cells removed with their output.").tag(config=True)
    remove_input_tags = Set({"hide-input", "exhibit", "explorer", "quiz"},
                            help="Tags of code cells printed as output only.").tag(config=True)
    drop_stderr = Bool(True, help="Drop stderr streams (warnings) from print.").tag(config=True)

    def preprocess(self, nb, resources):
        kept = []
        for cell in nb.cells:
            tags = set(cell.get("metadata", {}).get("tags", []))
            if tags & self.remove_cell_tags:
                continue
            if cell.cell_type == "code":
                if not cell.source.strip():
                    continue
                if tags & self.remove_input_tags:
                    cell.metadata.setdefault("transient", {})["remove_source"] = True
                if self.drop_stderr:
                    cell.outputs = [o for o in cell.outputs
                                    if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
            kept.append(cell)
        nb.cells = kept
        return nb, resources
