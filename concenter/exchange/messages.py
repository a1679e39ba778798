"""Messages of the import, with English msgids.

Row reports and the rejected-rows workbook go to Thai officers' sheets, so a Thai run must never
show an English message, even before the Thai catalogue holds a new msgid: until it does, `msg`
falls back to the Thai text written in THAI (the same text is handed to the catalogue).
"""

from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_noop as _

THAI = {
    _("Out of your area."): "พื้นที่นอกขอบเขตของคุณ",
    _("Enter a year: 2510, พ.ศ. 2510 or 1967."): "กรุณากรอกปี เช่น 2510, พ.ศ. 2510 หรือ 1967",
    _("The birth date and the birth year differ."): "วันเกิดกับปีเกิดไม่ตรงกัน",
    _(
        "%(count)s records of this file were changed by someone else while it was being imported: nothing was stored; check the file again."
    ): ("มีผู้อื่นแก้ไขข้อมูล %(count)s รายการของไฟล์นี้ระหว่างที่กำลังนำเข้า จึงไม่ได้บันทึกสิ่งใด กรุณาตรวจสอบไฟล์อีกครั้ง"),
    _("Errors"): "ข้อผิดพลาด",
    _("The column %(column)s is missing from the header row."): "ไม่พบคอลัมน์ %(column)s ในแถวหัวตาราง",
    _("The file is empty."): "ไฟล์นี้ไม่มีข้อมูล",
    _("The file's content is not a %(kind)s file, as its name says."): (
        "เนื้อหาของไฟล์ไม่ใช่ไฟล์ %(kind)s ตามนามสกุลของไฟล์"
    ),
    _("Unsupported file type: use CSV, XLSX, XLS or ODS."): (
        "ไม่รองรับไฟล์ชนิดนี้ ใช้ไฟล์ CSV, XLSX, XLS หรือ ODS"
    ),
    _("The file unpacks to more than 400 MB: it is refused."): (
        "ไฟล์นี้เมื่อแตกออกมีขนาดเกิน 400 MB จึงไม่รับไฟล์นี้"
    ),
    _(
        "A part of the file unpacks to %(ratio)s times its packed size (%(size)s MB): it is refused."
    ): "ส่วนหนึ่งของไฟล์เมื่อแตกออกมีขนาด %(ratio)s เท่าของขนาดที่บีบอัดไว้ (%(size)s MB) จึงไม่รับไฟล์นี้",
    _("The file holds more than 10,000 parts: it is refused."): (
        "ไฟล์นี้มีส่วนประกอบเกิน 10,000 ส่วน จึงไม่รับไฟล์นี้"
    ),
    _("The sheet is wider than 200 columns: it is refused."): "ตารางกว้างเกิน 200 คอลัมน์ จึงไม่รับไฟล์นี้",
    _("The file could not be read."): "อ่านไฟล์นี้ไม่ได้",
    _("Line %(line)s is neither UTF-8 nor TIS-620 text. Save the file again as “CSV UTF-8”."): (
        "บรรทัดที่ %(line)s ไม่ใช่ข้อความแบบ UTF-8 หรือ TIS-620 กรุณาบันทึกไฟล์ใหม่เป็น “CSV UTF-8”"
    ),
    _(
        "Line %(line)s is not in the encoding of line %(first)s: the file mixes UTF-8 and TIS-620. Save it again as “CSV UTF-8”."
    ): (
        "บรรทัดที่ %(line)s ใช้รหัสอักขระต่างจากบรรทัดที่ %(first)s ไฟล์นี้ปนกันระหว่าง UTF-8 และ TIS-620 "
        "กรุณาบันทึกไฟล์ใหม่เป็น “CSV UTF-8”"
    ),
    _("Line %(line)s of the file cannot be read as CSV."): "อ่านบรรทัดที่ %(line)s ของไฟล์เป็น CSV ไม่ได้",
    _("Sheet %(sheet)s has hidden rows (%(rows)s): they were read like the others."): (
        "แผ่นงาน %(sheet)s มีแถวที่ซ่อนไว้ (%(rows)s) ระบบอ่านแถวเหล่านี้เหมือนแถวอื่น"
    ),
    _("Sheet %(sheet)s has formulas: the values they last showed were read."): (
        "แผ่นงาน %(sheet)s มีสูตรคำนวณ ระบบอ่านค่าที่สูตรแสดงไว้ล่าสุด"
    ),
    _("These columns were not used: %(columns)s."): "คอลัมน์ต่อไปนี้ไม่ได้นำเข้า: %(columns)s",
    _("The file has no data rows below its header."): "ไฟล์นี้ไม่มีแถวข้อมูลใต้แถวหัวตาราง",
    _("Only the first %(count)s rejected rows are kept; fix those and check the file again."): (
        "เก็บแถวที่ไม่ผ่านไว้เพียง %(count)s แถวแรก กรุณาแก้ไขแล้วตรวจไฟล์อีกครั้ง"
    ),
    _("Unknown area: write its code or its names (ต. อ. จ.)."): "ไม่พบพื้นที่ ใส่รหัสพื้นที่ หรือชื่อ ต. อ. จ.",
    _("More than one area has this name: add the district and province."): (
        "มีพื้นที่ชื่อนี้มากกว่าหนึ่งแห่ง ใส่ชื่ออำเภอและจังหวัดด้วย"
    ),
    _("This area is no longer in the official list."): "พื้นที่นี้ไม่อยู่ในบัญชีทางการแล้ว",
    _("Unknown gender."): "ไม่รู้จักเพศนี้",
    _("Unknown profession."): "ไม่รู้จักอาชีพนี้",
    _("Unknown organization type."): "ไม่รู้จักประเภทองค์กรนี้",
    _("Unknown status."): "ไม่รู้จักสถานะนี้",
    _("Unknown value: use one of %(choices)s."): "ไม่รู้จักค่านี้ ใช้ค่าใดค่าหนึ่งต่อไปนี้: %(choices)s",
    _("Enter a whole number."): "ใส่จำนวนเต็ม",
    _("The number cannot be negative."): "จำนวนต้องไม่ติดลบ",
    _("Required."): "ต้องกรอก",
    _("At most %(limit)s characters (this has %(length)s)."): (
        "ยาวได้ไม่เกิน %(limit)s ตัวอักษร (ค่านี้มี %(length)s ตัวอักษร)"
    ),
    _("Enter a valid email address."): "ใส่ที่อยู่อีเมลให้ถูกต้อง",
    _("Enter a valid web address."): "ใส่ที่อยู่เว็บไซต์ให้ถูกต้อง",
    _("More than one person of this name lives in this subdistrict: add the ID number."): (
        "มีบุคคลชื่อนี้มากกว่าหนึ่งคนในตำบลนี้ ใส่เลขประจำตัวประชาชนด้วย"
    ),
    _("The same record as row %(row)s: a file holds each record once."): (
        "ข้อมูลเดียวกับแถวที่ %(row)s ไฟล์หนึ่งควรมีข้อมูลแต่ละรายการเพียงครั้งเดียว"
    ),
    _("This ID number is registered to a person outside your area."): (
        "เลขประจำตัวประชาชนนี้เป็นของบุคคลที่อยู่นอกพื้นที่ของคุณ"
    ),
    _("The birth year is not plausible."): "ปีเกิดไม่สมเหตุสมผล",
    _("Unknown or inactive area code."): "ไม่พบรหัสพื้นที่ หรือพื้นที่นี้เลิกใช้แล้ว",
    _("A village code has 8 digits: the subdistrict code and the village number."): (
        "รหัสหมู่บ้านมี 8 หลัก คือรหัสตำบลและเลขหมู่ที่"
    ),
    _("Give the village code, or the subdistrict and the village number."): (
        "ใส่รหัสหมู่บ้าน หรือตำบลและหมู่ที่"
    ),
    _("Unknown subdistrict."): "ไม่พบตำบลนี้",
    _("The village number must be between 1 and 99."): "หมู่ที่ต้องอยู่ระหว่าง 1 ถึง 99",
    _("Unknown organization: give its registration number, or its type, name and area."): (
        "ไม่พบองค์กรนี้ ใส่เลขทะเบียน หรือประเภท ชื่อ และพื้นที่ขององค์กร"
    ),
    _("More than one organization fits: add its registration number."): (
        "มีองค์กรที่ตรงกันมากกว่าหนึ่งแห่ง ใส่เลขทะเบียนด้วย"
    ),
    _("Unknown person: give the ID number, or the name and the area."): (
        "ไม่พบบุคคลนี้ ใส่เลขประจำตัวประชาชน หรือชื่อและพื้นที่"
    ),
    _("Unknown center: give the code of its area."): "ไม่พบศูนย์นี้ ใส่รหัสพื้นที่ของศูนย์",
    _("Another row of this committee was rejected: a committee is imported whole."): (
        "แถวอื่นของคณะกรรมการชุดนี้ไม่ผ่าน คณะกรรมการแต่ละชุดต้องนำเข้าพร้อมกันทั้งชุด"
    ),
    _("This committee cannot be activated: %(problems)s"): ("เปิดใช้คณะกรรมการชุดนี้ไม่ได้: %(problems)s"),
    _("This term was cancelled."): "วาระนี้ถูกยกเลิกแล้ว",
    _("The same person holds two seats of this term (rows %(rows)s)."): (
        "บุคคลเดียวกันดำรงตำแหน่งสองที่นั่งในวาระนี้ (แถว %(rows)s)"
    ),
    _("Unknown mission: use the numbers 1–10 or the mission names."): (
        "ไม่รู้จักภารกิจนี้ ใช้เลข 1–10 หรือชื่อภารกิจ"
    ),
    _("The file holds more than %(count)s rows."): "ไฟล์นี้มีเกิน %(count)s แถว",
    _("The work was interrupted (the server stopped); nothing of it was stored."): (
        "งานหยุดกลางคันเพราะเครื่องแม่ข่ายหยุดทำงาน ระบบไม่ได้บันทึกสิ่งใดจากงานนี้"
    ),
    _("Row"): "แถว",
    _("Sheet"): "แผ่นงาน",
    _("Column"): "คอลัมน์",
}


def msg(msgid: str, **params) -> str:
    text = gettext(msgid)
    if text == msgid and (get_language() or "th").startswith("th"):
        text = THAI.get(msgid, msgid)
    return text % params if params else text
