"""Files for the import tests, written as people write them."""

import csv

import xlsxwriter

from concenter.common.thai import national_id_check_digit
from concenter.exchange.services import import_run


def valid_id(first12: str) -> str:
    return first12 + str(national_id_check_digit(first12))


PEOPLE_TH = [
    "คำนำหน้า", "ชื่อ", "นามสกุล", "เพศ", "ปีเกิด", "อาชีพ", "รหัสพื้นที่", "เลขประจำตัวประชาชน", "โทรศัพท์",
]  # fmt: skip
ORGANIZATIONS_TH = ["ประเภท", "ชื่อองค์กร", "รหัสพื้นที่", "วันที่ก่อตั้ง", "เงินทุน", "จำนวนสมาชิก"]


def person(given, family="ใจดี", area="710104", national_id="", birth="2510", gender="หญิง"):
    return ["นาง", given, family, gender, birth, "เกษตรกร", area, national_id, "081 234 5678"]


def write_csv(tmp_path, rows, encoding="utf-8-sig", name="people.csv", delimiter=","):
    path = tmp_path / name
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(tmp_path, rows, name="people.xlsx", sheets=None):
    """rows for one sheet, or sheets={name: rows} for several."""
    path = tmp_path / name
    book = xlsxwriter.Workbook(str(path))
    for sheet_name, sheet_rows in (sheets or {"ข้อมูล": rows}).items():
        sheet = book.add_worksheet(sheet_name)
        for index, row in enumerate(sheet_rows):
            for column, value in enumerate(row):
                if isinstance(value, str):
                    sheet.write_string(index, column, value)
                else:
                    sheet.write(index, column, value)
    book.close()
    return path


def run(actor, path, kind="people", **options):
    return import_run(actor=actor, kind=kind, path_or_file=path, **options)
