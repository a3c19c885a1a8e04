"""Preprocessor: widgets print as their static fallback.

The library's displays carry ``text/html`` and ``image/png`` beside the widget
mimetype; print keeps those and drops the widget. An output that is only a widget
(no static fallback) is dropped rather than printed as ``IntSlider(value=3, …)``.
"""

from __future__ import annotations

from nbconvert.preprocessors import Preprocessor
from traitlets import List, Set

RICH = ("text/html", "image/png", "image/svg+xml", "image/jpeg", "text/markdown")


class StaticWidgetPreprocessor(Preprocessor):
    """Remove widget views and saved widget state; keep the static fallback."""

    widget_mimetypes = List(["application/vnd.jupyter.widget-view+json",
                             "application/vnd.jupyter.widget-state+json"],
                            help="Mimetypes removed from every output.").tag(config=True)
    output_types = Set({"display_data", "execute_result"}).tag(config=True)

    def preprocess(self, nb, resources):
        nb.metadata.pop("widgets", None)
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        kept = []
        for output in cell.outputs:
            if output.get("output_type") in self.output_types:
                data = output.get("data", {})
                had_widget = any(m in data for m in self.widget_mimetypes)
                for mimetype in self.widget_mimetypes:
                    data.pop(mimetype, None)
                if had_widget and not any(m in data for m in RICH):
                    continue
                if not data:
                    continue
            kept.append(output)
        cell.outputs = kept
        return cell, resources
