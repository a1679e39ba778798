"""The columns of each kind of import: Thai and English headers, in any order."""

from dataclasses import dataclass

from concenter.common.thai import normalize_text
from concenter.exchange.messages import msg


class ImportFileError(Exception):
    """The whole file is refused; the message is for the person who uploaded it."""


@dataclass(frozen=True)
class Column:
    key: str
    th: str
    en: str
    required: bool = False
    example: str = ""
    help_th: str = ""


PEOPLE_COLUMNS = (
    Column("title", "คำนำหน้า", "title", example="นาง", help_th="นาย นาง นางสาว หรืออื่น ๆ"),
    Column("given_name", "ชื่อ", "given_name", True, "สมศรี", "ชื่อตัว (ต้องมี)"),
    Column("family_name", "นามสกุล", "family_name", example="ใจดี"),
    Column("gender", "เพศ", "gender", example="หญิง", help_th="ชาย หญิง อื่น ๆ หรือเว้นว่าง"),
    Column("birth_year", "ปีเกิด", "birth_year", example="2510", help_th="พ.ศ. หรือ ค.ศ."),
    Column("profession", "อาชีพ", "profession", example="เกษตรกร", help_th="ชื่ออาชีพ"),
    Column(
        "area_code",
        "รหัสพื้นที่",
        "area_code",
        True,
        "710104",
        "รหัสตำบล 6 หลัก หรือหมู่บ้าน 8 หลัก หรือชื่อ เช่น ต.ท่ามะขาม อ.เมืองกาญจนบุรี จ.กาญจนบุรี",
    ),
    Column(
        "national_id",
        "เลขประจำตัวประชาชน",
        "national_id",
        example="",
        help_th="13 หลัก (ถ้ามี) เก็บเป็นรหัสที่ปกป้องแล้วและเลข 4 ตัวท้ายเท่านั้น",
    ),
    Column("phone", "โทรศัพท์", "phone", example="081 234 5678"),
)

ORGANIZATION_COLUMNS = (
    Column("type_code", "ประเภท", "type", True, "กองทุนหมู่บ้าน", "ชื่อหรือรหัสประเภทองค์กร"),
    Column("name", "ชื่อองค์กร", "name", True, "กองทุนหมู่บ้านท่ามะขาม", "ชื่อองค์กร (ต้องมี)"),
    Column(
        "area_code",
        "รหัสพื้นที่",
        "area_code",
        True,
        "710104",
        "รหัสตำบล 6 หลัก หรือหมู่บ้าน 8 หลัก หรือชื่อ ต. อ. จ.",
    ),
    Column("registration_number", "เลขทะเบียน", "registration_number", example="กท-123"),
    Column(
        "founded_on",
        "วันที่ก่อตั้ง",
        "founded_on",
        example="28/02/2563",
        help_th="เช่น 28/02/2563, 28 ก.พ. 63 หรือ 2020-02-28",
    ),
    Column("member_count", "จำนวนสมาชิก", "member_count", example="25"),
    Column("funds", "เงินทุน", "funds", example="12,500 บาท", help_th="บาท เช่น 12,500 บาท"),
    Column("activities", "กิจกรรม", "activities", example="ออมทรัพย์"),
    Column(
        "status", "สถานะ", "status", example="ดำเนินการอยู่", help_th="ดำเนินการอยู่ หยุดดำเนินการ หรือยุบเลิก"
    ),
)

COLUMNS = {"people": PEOPLE_COLUMNS, "organizations": ORGANIZATION_COLUMNS}


def _key(header) -> str:
    return normalize_text(str(header or "")).replace(" ", "").replace("\ufeff", "").lower()


def map_headers(headers: list, kind: str) -> dict[str, int]:
    """Column key -> position in the row; a missing required column refuses the file."""
    known = {}
    for column in COLUMNS[kind]:
        known[_key(column.th)] = column.key
        known[_key(column.en)] = column.key
        known[_key(column.key)] = column.key
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = known.get(_key(header))
        if key and key not in found:
            found[key] = index
    for column in COLUMNS[kind]:
        if column.required and column.key not in found:
            raise ImportFileError(msg("The column %(column)s is missing.", column=column.th))
    return found


def column_label(kind: str, key: str | None) -> str:
    for column in COLUMNS[kind]:
        if column.key == key:
            return column.th
    return ""
