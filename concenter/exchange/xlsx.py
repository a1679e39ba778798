"""Sheets written for people: the rejected rows to fix, and an empty template."""

import io

from concenter.exchange.columns import COLUMNS
from concenter.exchange.messages import msg


def rejected_workbook(headers: list, rejected_rows: list[dict]) -> bytes:
    """The rejected rows as uploaded, with a column "ข้อผิดพลาด": fix and upload again."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("rejected")
    text = book.add_format({"num_format": "@"})
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, [*headers, msg("Errors")], bold)
    for index, entry in enumerate(rejected_rows, start=1):
        cells = list(entry["cells"]) + [""] * (len(headers) - len(entry["cells"]))
        for column, value in enumerate(cells[: len(headers)]):
            sheet.write_string(index, column, str(value), text)
        sheet.write_string(index, len(headers), entry["errors"])
    book.close()
    return buffer.getvalue()


def template_workbook(kind: str) -> bytes:
    import xlsxwriter

    columns = COLUMNS[kind]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    text = book.add_format({"num_format": "@"})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet("ข้อมูล")
    sheet.write_row(0, 0, [c.th for c in columns], bold)
    for column, c in enumerate(columns):
        sheet.write_string(1, column, c.example, text)
        sheet.set_column(column, column, 18, text)
    guide = book.add_worksheet("คำอธิบาย")
    guide.write_row(0, 0, ["คอลัมน์", "ชื่ออังกฤษ", "ต้องมี", "คำอธิบาย", "ตัวอย่าง"], bold)
    for row, c in enumerate(columns, start=1):
        guide.write_row(row, 0, [c.th, c.en, "ต้องมี" if c.required else "", c.help_th, c.example])
    guide.set_column(0, 1, 20)
    guide.set_column(3, 3, 70)
    book.close()
    return buffer.getvalue()
