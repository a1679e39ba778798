"""Sheets written for people: the rejected rows to fix, and an empty template per kind."""

import io

from django.utils import translation

from concenter.exchange.messages import msg

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def rejected_workbook(headers: list, rejected_rows) -> bytes:
    """The rejected rows as uploaded, with an added column "ข้อผิดพลาด": fix them and upload the
    sheet again (the import ignores the added column). Every cell is written as text, so an ID
    keeps its leading zero and nothing typed becomes a formula."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("rejected")
    text = book.add_format({"num_format": "@"})
    bold = book.add_format({"bold": True, "num_format": "@"})
    error = book.add_format({"font_color": "#a3121b", "text_wrap": True})
    width = max(len(headers), max((len(r.cells) for r in rejected_rows), default=0))
    header_cells = [str(h) for h in headers] + [""] * (width - len(headers))
    for column, value in enumerate([*header_cells, msg("Errors")]):
        sheet.write_string(0, column, value, bold)
    for index, entry in enumerate(rejected_rows, start=1):
        cells = list(entry.cells) + [""] * (width - len(entry.cells))
        for column, value in enumerate(cells[:width]):
            sheet.write_string(index, column, str(value), text)
        sheet.write_string(index, width, entry.error_text(), error)
    sheet.set_column(0, max(width - 1, 0), 16, text)
    sheet.set_column(width, width, 60)
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()


def template_workbook(kind_class) -> bytes:
    """An empty sheet with the kind's Thai headers and one example row, and a sheet that
    explains every column (its English header is accepted too)."""
    import xlsxwriter

    columns = kind_class.columns
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    text = book.add_format({"num_format": "@"})
    bold = book.add_format({"bold": True, "num_format": "@", "bg_color": "#eef1f5"})
    required = book.add_format({"bold": True, "num_format": "@", "bg_color": "#fff1dc"})
    sheet = book.add_worksheet("ข้อมูล")
    for column, c in enumerate(columns):
        sheet.write_string(0, column, c.th, required if c.required else bold)
        sheet.write_string(1, column, c.example, text)
        sheet.set_column(column, column, max(14, len(c.th) + 4), text)
    sheet.freeze_panes(1, 0)
    guide = book.add_worksheet("คำอธิบาย")
    with translation.override("th"):
        guide_headers = ["คอลัมน์", "ชื่อภาษาอังกฤษ (ใช้แทนได้)", "ต้องกรอก", "คำอธิบาย", "ตัวอย่าง"]
    guide.write_row(0, 0, guide_headers, bold)
    for row, c in enumerate(columns, start=1):
        guide.write_row(
            row, 0, [c.th, c.en, "ต้องกรอก" if c.required else "", c.help_th or c.help_en, c.example]
        )
    takes = getattr(kind_class, "guide_takes", ("dates", "money"))
    notes = [
        "คอลัมน์เรียงลำดับใดก็ได้ และมีแถวชื่อเรื่องอยู่เหนือแถวหัวตารางได้",
        *(
            ["วันที่เขียนได้หลายแบบ เช่น 28/02/2563, 28 ก.พ. 63, ๒๘/๐๒/๒๕๖๓ หรือ 2020-02-28"]
            if "dates" in takes
            else []
        ),
        *(["จำนวนเงินเขียนได้ เช่น 12,500 หรือ 12,500 บาท ตัวเลขไทยใช้ได้"] if "money" in takes else []),
        "นำเข้าไฟล์เดิมซ้ำได้ ระบบจะปรับปรุงข้อมูลเดิมแทนการเพิ่มซ้ำ",
    ]
    for offset, note in enumerate(notes, start=len(columns) + 2):
        guide.write_string(offset, 0, note)
    guide.set_column(0, 1, 22)
    guide.set_column(2, 2, 10)
    guide.set_column(3, 3, 70)
    guide.set_column(4, 4, 24)
    book.close()
    return buffer.getvalue()
