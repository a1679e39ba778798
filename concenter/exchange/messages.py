"""Messages of the import, with English msgids. Until the Thai catalogue holds them, a Thai
request gets the Thai text written here (the import's reports go to Thai officers' sheets)."""

from django.utils.translation import get_language, gettext

THAI = {
    "Out of your area.": "พื้นที่นอกขอบเขตของคุณ",
    "Errors": "ข้อผิดพลาด",
    "The column %(column)s is missing.": "ไม่พบคอลัมน์ %(column)s ในแถวหัวตาราง",
    "The file is empty.": "ไฟล์นี้ไม่มีข้อมูล",
    "The file's content is not a %(kind)s file, as its name says.": (
        "เนื้อหาของไฟล์ไม่ใช่ไฟล์ %(kind)s ตามนามสกุลของไฟล์"
    ),
    "Unsupported file type: use CSV, XLSX, XLS or ODS.": (
        "ไม่รองรับไฟล์ชนิดนี้ ใช้ไฟล์ CSV, XLSX, XLS หรือ ODS"
    ),
    "The file unpacks to more than 200 MB: it is refused.": (
        "ไฟล์นี้เมื่อแตกออกมีขนาดเกิน 200 MB จึงไม่รับไฟล์นี้"
    ),
    "The file holds more than 10,000 parts: it is refused.": (
        "ไฟล์นี้มีส่วนประกอบเกิน 10,000 ส่วน จึงไม่รับไฟล์นี้"
    ),
    "The sheet is wider than 200 columns: it is refused.": ("ตารางกว้างเกิน 200 คอลัมน์ จึงไม่รับไฟล์นี้"),
    "The file could not be read.": "อ่านไฟล์นี้ไม่ได้",
    "The file is larger than 20 MB.": "ไฟล์มีขนาดเกิน 20 MB",
    "Unknown area: write its code or its names (ต. อ. จ.).": ("ไม่พบพื้นที่ ใส่รหัสพื้นที่ หรือชื่อ ต. อ. จ."),
    "More than one area has this name: add the district and province.": (
        "มีพื้นที่ชื่อนี้มากกว่าหนึ่งแห่ง ใส่ชื่ออำเภอและจังหวัดด้วย"
    ),
    "Unknown gender.": "ไม่รู้จักเพศนี้",
    "Unknown profession.": "ไม่รู้จักอาชีพนี้",
    "Unknown organization type.": "ไม่รู้จักประเภทองค์กรนี้",
    "Unknown status.": "ไม่รู้จักสถานะนี้",
    "Enter a whole number.": "ใส่จำนวนเต็ม",
    "More than one person of this name lives in this subdistrict: add the ID number.": (
        "มีบุคคลชื่อนี้มากกว่าหนึ่งคนในตำบลนี้ ใส่เลขประจำตัวประชาชนด้วย"
    ),
    "Row": "แถว",
    "Column": "คอลัมน์",
}


def msg(msgid: str, **params) -> str:
    text = gettext(msgid)
    if text == msgid and (get_language() or "th").startswith("th"):
        text = THAI.get(msgid, msgid)
    return text % params if params else text
