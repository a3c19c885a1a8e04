"""The page's result panel and the downloadable A4 PDF report (WeasyPrint).

Both are rendered from ``templates/app/``; the PDF names the business, lists its
figures, the diagnosis and the plan, carries the date and says that the benchmarks
are illustrative.
"""

from __future__ import annotations

import base64

from course_utils.app.results import Result, figure_rows, plan_line, plan_rows, summary
from course_utils.clibs import import_weasyprint
from course_utils.i18n import Translator, language
from course_utils.render import render

tr = Translator("app")


def _context(result: Result, chart_png: bytes) -> dict:
    return dict(name=result.name, lang=language(), **summary(result),
                plan_rows=plan_rows(result), plan_line=plan_line(result),
                chart=base64.b64encode(chart_png).decode("ascii"))


def result_html(result: Result, chart_png: bytes) -> str:
    """The result panel shown under the form."""
    return render("app/result.html.j2", **_context(result, chart_png))


def report_html(result: Result, chart_png: bytes) -> str:
    """The report as a standalone HTML page for print."""
    heads, rows = figure_rows(result)
    return render("app/report.html.j2", **_context(result, chart_png), made_on=result.made_on.isoformat(),
                  month_heads=heads, figure_rows=rows, gross_margin=f"{result.gross_margin:.1%}",
                  synthetic=result.synthetic)


def report_pdf(result: Result, chart_png: bytes) -> bytes:
    """The A4 PDF report (fonts subset, Chinese in Noto Sans CJK SC)."""
    return import_weasyprint().HTML(string=report_html(result, chart_png)).write_pdf()


def pdf_filename(result: Result) -> str:
    """A file name safe on every system: the business name's letters, digits and CJK kept."""
    kept = "".join(ch if ch.isalnum() else "-" for ch in result.name).strip("-")[:40] or "business"
    return tr.gettext("diagnosis-{business}-{date}.pdf", business=kept, date=result.made_on.isoformat())
