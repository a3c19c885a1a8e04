"""The blank templates a merchant downloads: CSV and Excel, Chinese or English headers.

Each has the header row and twelve month rows (the twelve months to ``last_month``)
with the figures left blank for the merchant to fill in; :func:`links_html` offers all
four on the page.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io

from course_utils.app.fields import COLUMNS, column_label, month_text, months_to
from course_utils.i18n import Translator, using_language
from course_utils.render import render

tr = Translator("app")


def header(lang: str) -> list[str]:
    """The template's header row in ``lang`` (a merchant may download either language's template)."""
    with using_language(lang):
        return [column_label(key) for key in ("month",) + COLUMNS]


def link_text(kind: str, lang: str) -> str:
    """The text of a template's download link: its format ("csv", "xlsx") and the language of its headers."""
    return {("csv", "zh"): tr.gettext("CSV (中文表头)"), ("csv", "en"): tr.gettext("CSV (English headers)"),
            ("xlsx", "zh"): tr.gettext("Excel (中文表头)"), ("xlsx", "en"): tr.gettext("Excel (English headers)")}[kind, lang]


def template_csv(lang: str, last_month: dt.date) -> bytes:
    """UTF-8 with a BOM, so Excel on Windows opens the Chinese headers correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header(lang))
    for month in months_to(last_month):
        writer.writerow([month_text(month)] + [""] * len(COLUMNS))
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx(lang: str, last_month: dt.date) -> bytes:
    """An Excel workbook with the same header and months; the month column is text (no date guessing)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    with using_language(lang):
        sheet.title = tr.pgettext("Excel worksheet name (at most 31 characters)", "monthly")
    sheet.append(header(lang))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for month in months_to(last_month):
        sheet.append([month_text(month)])
    for index, name in enumerate(header(lang)):
        sheet.column_dimensions[chr(ord("A") + index)].width = max(10, len(name) * (2 if lang == "zh" else 1) + 2)
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def links_html(last_month: dt.date) -> str:
    """The page's download links for the four templates (data: URLs: nothing is fetched from a server)."""
    links = []
    for lang in ("zh", "en"):
        for kind, data, mime in (("csv", template_csv(lang, last_month), "text/csv"),
                                 ("xlsx", template_xlsx(lang, last_month), XLSX_MIME)):
            links.append(dict(href=f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}",
                              filename=tr.gettext("business-diagnosis-template-{lang}.{extension}", lang=lang,
                                                  extension=kind),
                              text=link_text(kind, lang), kind=f"{kind}-{lang}"))
    return render("app/template_links.html.j2", label=tr.gettext("Templates:"), links=links)
