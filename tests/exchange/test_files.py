"""Files as they come: every format and encoding, and the bad ones (each gets a clear message,
and nothing already stored changes)."""

import contextlib
import zipfile
from xml.sax.saxutils import escape

import pytest
import xlsxwriter

from concenter.exchange.columns import ImportFileError
from concenter.people.models import Person
from tests.exchange.helpers import PEOPLE_TH, person, run, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def write_ods(tmp_path, rows, name="people.ods"):
    """A minimal OpenDocument spreadsheet (no ODS writer is installed: written by hand)."""
    cells = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{escape(str(v))}</text:p>'
            "</table:table-cell>"
            for v in row
        )
        + "</table:table-row>"
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="ข้อมูล">{cells}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return path


def test_ods_is_read(tmp_path, district_officer):
    result = run(district_officer, write_ods(tmp_path, [PEOPLE_TH, person("โอดีเอส")]))
    assert result.created == 1, result.rejected


def test_xlsx_with_several_data_sheets_and_a_guide_sheet(tmp_path, district_officer):
    path = write_xlsx(
        tmp_path,
        None,
        sheets={
            "people": [PEOPLE_TH, person("แผ่นแรก")],
            "people_2": [PEOPLE_TH, person("แผ่นสอง")],
            "คำอธิบาย": [["คอลัมน์", "คำอธิบาย"], ["ชื่อ", "ชื่อตัว"]],
        },
    )
    result = run(district_officer, path)
    assert result.created == 2, result.rejected
    assert Person.objects.filter(given_name__in=["แผ่นแรก", "แผ่นสอง"]).count() == 2


def test_merged_cells_hidden_rows_formulas_and_trailing_empty_rows(tmp_path, district_officer):
    path = tmp_path / "messy.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("ข้อมูล")
    sheet.merge_range(0, 0, 0, 8, "ทะเบียนบุคคล อำเภอเมือง")  # a merged title above the header
    sheet.write_row(1, 0, PEOPLE_TH)
    sheet.write_row(2, 0, person("ผสานหนึ่ง"))
    sheet.merge_range(3, 6, 4, 6, "710105")  # one area cell merged over two rows
    for row, name in ((3, "ผสานสอง"), (4, "ซ่อนอยู่")):
        sheet.write_row(row, 0, person(name)[:6])
    sheet.set_row(4, None, None, {"hidden": True})
    sheet.write_formula(5, 1, '="สูตร"&"คำนวณ"', None, "สูตรคำนวณ")
    sheet.write(5, 6, "710104")
    for row in range(6, 40):
        sheet.write_blank(row, 0, None)
    book.close()
    result = run(district_officer, path)
    assert result.created == 4, result.rejected
    assert Person.objects.filter(given_name="ซ่อนอยู่", area_id="710105").exists()
    assert Person.objects.filter(given_name="สูตรคำนวณ").exists()
    warnings = " ".join(result.warnings)
    assert "5" in warnings and "ซ่อน" in warnings and "สูตร" in warnings


def test_a_file_that_is_not_what_its_name_says(tmp_path, district_officer):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("ชื่อ,รหัสพื้นที่\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="XLSX"):
        run(district_officer, fake)
    program = tmp_path / "program.csv"
    program.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100)
    with pytest.raises(ImportFileError, match="CSV"):
        run(district_officer, program)
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"PK\x03\x04 not an old excel file")
    with pytest.raises(ImportFileError, match="XLS"):
        run(district_officer, xls)
    with pytest.raises(ImportFileError):
        run(district_officer, write_csv(tmp_path, [PEOPLE_TH], name="notes.txt"))


def test_zip_bomb_is_refused_without_being_unpacked(tmp_path, district_officer):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for index in range(5):
            archive.writestr(f"xl/worksheets/sheet{index}.xml", b"\0" * (90 * 1024 * 1024))
    assert path.stat().st_size < 3 * 1024 * 1024
    with pytest.raises(ImportFileError, match="400 MB"):
        run(district_officer, path)


def test_a_sheet_a_thousand_columns_wide_is_refused(tmp_path, district_officer):
    wide = [[*PEOPLE_TH, *[f"c{i}" for i in range(1000)]]]
    with pytest.raises(ImportFileError, match="200"):
        run(district_officer, write_xlsx(tmp_path, wide, "wide.xlsx"))
    with pytest.raises(ImportFileError, match="200"):
        run(district_officer, write_csv(tmp_path, wide, name="wide.csv"))


def test_missing_header_and_empty_files(tmp_path, district_officer):
    with pytest.raises(ImportFileError, match="รหัสพื้นที่"):
        run(district_officer, write_csv(tmp_path, [["ชื่อ", "นามสกุล"], ["ก", "ข"]]))
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ImportFileError):
        run(district_officer, empty)
    with pytest.raises(ImportFileError):
        run(district_officer, write_csv(tmp_path, [PEOPLE_TH], name="header-only.csv"))


def test_mixed_encodings_are_refused_naming_the_line(tmp_path, district_officer):
    path = tmp_path / "mixed.csv"
    lines = [",".join(PEOPLE_TH).encode("utf-8"), ",".join(person("ยูทีเอฟ")).encode("utf-8")]
    lines.append(",".join(person("ทีไอเอส")).encode("cp874"))
    path.write_bytes(b"\r\n".join(lines) + b"\r\n")
    with pytest.raises(ImportFileError, match="3"):
        run(district_officer, path)
    assert not Person.objects.filter(given_name="ยูทีเอฟ").exists()


def test_bad_files_change_nothing_already_stored(tmp_path, district_officer):
    run(district_officer, write_csv(tmp_path, [PEOPLE_TH, person("มีอยู่แล้ว")]))
    before = list(Person.objects.values_list("pk", "version", "phone"))
    for bad in (
        write_csv(tmp_path, [["ชื่อ"], ["มีอยู่แล้ว"]], name="noarea.csv"),
        write_csv(tmp_path, [PEOPLE_TH, person("มีอยู่แล้ว", area="999999")], name="badarea.csv"),
    ):
        with contextlib.suppress(ImportFileError):
            run(district_officer, bad)
    assert list(Person.objects.values_list("pk", "version", "phone")) == before


def test_uploading_the_rejected_rows_workbook_again_ignores_the_error_column(
    tmp_path, district_officer
):
    from io import BytesIO

    from concenter.exchange.xlsx import rejected_workbook

    result = run(
        district_officer,
        write_csv(tmp_path, [PEOPLE_TH, person("ดี"), person("ผิด", area="999999")]),
        mode="partial",
    )
    content = rejected_workbook(result.headers, result.rejected)
    fixed = tmp_path / "fixed.xlsx"
    fixed.write_bytes(content)
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_filelike(BytesIO(content)).get_sheet_by_index(0).to_python()
    assert rows[0][-1] == "ข้อผิดพลาด" and rows[1][6] == "999999"
    again = run(district_officer, fixed, dry_run=True)
    assert again.rejected_count == 1 and again.warnings == []
