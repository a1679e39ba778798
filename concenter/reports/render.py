"""A report `Document` drawn as PDF (Typst, Sarabun, A4) or XLSX (xlsxwriter).

PDF: every cell is formatted here (thousands separators, baht with two decimals, Thai dates in
the Buddhist Era, Thai digits when the reader chose them) and handed to the Typst template as
JSON text, so no user text is ever read as markup.

XLSX: numbers stay numbers (with number formats), dates stay dates, and text is written as text
only: a name such as "=HYPERLINK(…)" is stored as a string with Excel's quote prefix, so it is
never evaluated, not even after the cell is edited (formula injection).
"""

import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from concenter.common import pdf
from concenter.common.thai import format_datetime_en, format_datetime_th, to_thai_digits
from concenter.reports.documents import DATE, INT, MONEY, PERCENT, Document, date_text

TEMPLATE = Path(__file__).resolve().parent / "typst" / "report.typ"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Text that a spreadsheet would read as a formula (or a DDE call) if it were typed in.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _thai() -> bool:
    return (get_language() or "th").startswith("th")


def cell_text(value, kind: str) -> str:
    """A cell as the PDF prints it."""
    if value is None or value == "":
        return "–" if kind != "text" else ""
    if kind == INT:
        return f"{int(value):,}"
    if kind == MONEY:
        return f"{Decimal(value):,.2f}"
    if kind == PERCENT:
        return f"{value}%"
    if kind == DATE:
        return date_text(value, long=False)
    return str(value)


def _generated(document: Document) -> str:
    when = document.generated_at
    text = format_datetime_th(when) if _thai() else format_datetime_en(when)
    return _("Printed by concenter, the information system of the CON Centers, on %(when)s") % {
        "when": text
    }


def pdf_data(document: Document, *, thai_digits: bool = False) -> dict:
    """The JSON the Typst template reads."""

    def digits(text: str) -> str:
        return to_thai_digits(text) if thai_digits else text

    subtitle = _("Data as of %(date)s") % {"date": date_text(document.as_of)}
    if document.name != "summary":
        subtitle = f"{document.area_name} · {subtitle}"
    return {
        "title": digits(document.title),
        "subtitle": digits(subtitle),
        "author": "concenter",
        "landscape": document.landscape,
        "thai_digits": thai_digits,
        "footer": digits(_generated(document)),
        "labels": {"page": _("Page"), "facts": _("Network figures")},
        "notes": [digits(note) for note in document.notes],
        "empty": digits(document.empty),
        "facts": [
            {"label": digits(label), "value": digits(cell_text(value, kind))}
            for label, value, kind in document.facts
        ],
        "tables": [
            {
                "heading": digits(table.heading),
                "columns": [
                    {
                        "label": digits(column.short or column.label),
                        "align": "left" if column.kind == "text" else "right",
                        "width": column.width,
                    }
                    for column in table.columns
                ],
                "rows": [
                    [
                        digits(cell_text(value, column.kind))
                        for value, column in zip(row, table.columns, strict=True)
                    ]
                    for row in table.rows
                ],
                "total": None
                if table.total is None
                else [
                    digits(cell_text(value, column.kind))
                    for value, column in zip(table.total, table.columns, strict=True)
                ],
                "note": digits(table.note),
                "empty": digits(table.empty),
                "small": table.small,
            }
            for table in document.tables
        ],
    }


def document_pdf(document: Document, *, thai_digits: bool = False) -> bytes:
    return pdf.render_pdf(TEMPLATE, pdf_data(document, thai_digits=thai_digits))


def document_png_pages(document: Document, *, ppi: int = 96) -> list[bytes]:
    """The pages as PNG images (tests and previews look at the rendered Thai)."""
    return pdf.render_png_pages(TEMPLATE, pdf_data(document), ppi=ppi)


# XLSX ---------------------------------------------------------------------------------------------


def safe_text(value) -> tuple[str, bool]:
    """(text, needs the quote prefix): text that would start a formula keeps its characters and
    is marked as text with Excel's quote prefix."""
    text = "" if value is None else str(value)
    text = "".join(ch for ch in text if ch in "\t\n" or ord(ch) >= 32)  # no control characters
    return text, text.startswith(_FORMULA_START)


def _sheet_name(name: str, used: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub(" ", name).strip().strip("'")[:31] or "Sheet"
    candidate = base
    number = 2
    while candidate.lower() in used:
        suffix = f" ({number})"
        candidate = base[: 31 - len(suffix)] + suffix
        number += 1
    used.add(candidate.lower())
    return candidate


class _Book:
    def __init__(self) -> None:
        import xlsxwriter

        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(
            self.buffer,
            {
                "in_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        add = self.book.add_format
        date_format = "[$-th-TH,107]d mmm yyyy" if _thai() else "d mmm yyyy"
        self.formats = {
            "title": add({"bold": True, "font_size": 14}),
            "bold": add({"bold": True}),
            "header": add({"bold": True, "bg_color": "#E8E8E8", "border": 1, "text_wrap": True}),
            "text": add({}),
            "quoted": add({"quote_prefix": True}),
            INT: add({"num_format": "#,##0"}),
            MONEY: add({"num_format": "#,##0.00"}),
            PERCENT: add({"num_format": "0%"}),
            DATE: add({"num_format": date_format}),
            "total_text": add({"bold": True, "top": 1}),
            "total_" + INT: add({"bold": True, "top": 1, "num_format": "#,##0"}),
            "total_" + MONEY: add({"bold": True, "top": 1, "num_format": "#,##0.00"}),
            "total_" + PERCENT: add({"bold": True, "top": 1, "num_format": "0%"}),
            "total_" + DATE: add({"bold": True, "top": 1}),
            "muted": add({"italic": True, "font_color": "#5A6273"}),
        }
        self.used: set[str] = set()

    def text(self, sheet, row: int, column: int, value, style: str = "text") -> None:
        text, quoted = safe_text(value)
        fmt = self.formats["quoted"] if quoted else self.formats[style]
        sheet.write_string(row, column, text, fmt)

    def cell(self, sheet, row: int, column: int, value, kind: str, *, total: bool = False) -> None:
        if value is None or value == "":
            if total:
                sheet.write_blank(row, column, None, self.formats["total_text"])
            return
        style = f"total_{kind}" if total else kind
        if kind in (INT, MONEY):
            sheet.write_number(row, column, float(value), self.formats[style])
        elif kind == PERCENT:
            sheet.write_number(row, column, float(value) / 100, self.formats[style])
        elif kind == DATE and isinstance(value, date):
            sheet.write_datetime(row, column, value, self.formats[style])
        else:
            self.text(sheet, row, column, value, "total_text" if total else "text")

    def close(self) -> bytes:
        self.book.close()
        return self.buffer.getvalue()


def document_xlsx(document: Document) -> bytes:
    """One sheet with the title, notes and figures, then one sheet per table (with filters)."""
    book = _Book()
    first = book.book.add_worksheet(_sheet_name(_("Report"), book.used))
    first.set_column(0, 0, 48)
    first.set_column(1, 1, 20)
    book.text(first, 0, 0, document.title, "title")
    book.text(first, 1, 0, document.area_name)
    book.text(first, 2, 0, _("Data as of %(date)s") % {"date": date_text(document.as_of)})
    book.text(first, 3, 0, _generated(document), "muted")
    row = 5
    if document.empty:
        book.text(first, row, 0, document.empty, "bold")
        row += 2
    for note in document.notes:
        book.text(first, row, 0, note)
        row += 1
    if document.facts:
        row += 1
        book.text(first, row, 0, _("Network figures"), "bold")
        row += 1
        for label, value, kind in document.facts:
            book.text(first, row, 0, label)
            book.cell(first, row, 1, value, kind)
            row += 1
    for table in document.tables:
        sheet = book.book.add_worksheet(_sheet_name(table.sheet or table.heading, book.used))
        book.text(sheet, 0, 0, table.heading, "title")
        if not table.rows:
            book.text(sheet, 2, 0, table.empty)
            continue
        for column, spec in enumerate(table.columns):
            book.text(sheet, 2, column, spec.label, "header")
            sheet.set_column(column, column, max(10, min(40, int(spec.width * 14))))
        for index, values in enumerate(table.rows, start=3):
            for column, (value, spec) in enumerate(zip(values, table.columns, strict=True)):
                book.cell(sheet, index, column, value, spec.kind)
        last = 2 + len(table.rows)
        sheet.autofilter(2, 0, last, len(table.columns) - 1)
        sheet.freeze_panes(3, 1)
        if table.total is not None:
            for column, (value, spec) in enumerate(zip(table.total, table.columns, strict=True)):
                book.cell(sheet, last + 1, column, value, spec.kind, total=True)
            last += 1
        if table.note:
            book.text(sheet, last + 2, 0, table.note, "muted")
    return book.close()
