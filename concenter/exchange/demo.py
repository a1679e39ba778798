"""The imports part of the demo: two batches of the district officer of Mueang Kanchanaburi —
an organisations sheet imported with one rejected row kept to fix, and a people sheet checked
and waiting to be imported — so the import pages show a report, a rejected row and an undo."""

from django.core.files.uploadedfile import SimpleUploadedFile

from concenter.accounts.models import User
from concenter.exchange import jobs, services
from concenter.exchange.models import ImportBatch, Mode

OFFICER = "kan.mueang"
ORGANIZATIONS_FILE = "ตัวอย่าง-องค์กรชุมชน-ท่ามะขาม.csv"
PEOPLE_FILE = "ตัวอย่าง-ผู้นำชุมชน-ท่ามะขาม.csv"

ORGANIZATIONS = """ประเภท,ชื่อองค์กร,รหัสพื้นที่,เลขทะเบียน,วันที่ก่อตั้ง,จำนวนสมาชิก,เงินทุน,ผู้นำ
กลุ่มอาชีพ,กลุ่มจักสานผักตบชวาท่ามะขาม,710104,,15/06/2561,18,"24,500 บาท",นางบุญมา ศรีสุข
วิสาหกิจชุมชน,วิสาหกิจชุมชนกล้วยตากท่ามะขาม,710104,7101-0104-0312,2 ก.พ. 62,25,"80,000",นายประสิทธิ์ ทองคำ
กลุ่มเยาวชน,กลุ่มเยาวชนรักษ์แม่น้ำแคว,710104,,1/10/2564,32,0,นางสาวพิมพ์ชนก ใจงาม
กลุ่มไม่มีในระบบ,กลุ่มตัวอย่างที่ต้องแก้ไข,710104,,,5,,
"""

PEOPLE = """คำนำหน้า,ชื่อ,นามสกุล,เพศ,ปีเกิด,อาชีพ,รหัสพื้นที่,โทรศัพท์
นาง,บุญเรือน,ทองดีงาม,หญิง,2508,เกษตรกร,710104,081 234 5601
นาย,สมหมาย,ศรีท่ามะขาม,ชาย,2512,ค้าขาย,710104,081 234 5602
นางสาว,วันเพ็ญ,คงมั่น,หญิง,2530,ครู,710104,
"""


def _batch(user: User, name: str, content: str, kind: str, mode: str) -> ImportBatch:
    batch = services.import_upload(
        actor=user,
        upload=SimpleUploadedFile(name, content.encode("utf-8-sig")),
        kind=kind,
        mode=mode,
        language="th",
    )
    jobs.run(batch.pk)
    batch.refresh_from_db()
    return batch


def load(context) -> None:
    user = User.objects.filter(username=OFFICER).first()
    if user is None or ImportBatch.objects.filter(file_name=ORGANIZATIONS_FILE).exists():
        return
    organizations = _batch(user, ORGANIZATIONS_FILE, ORGANIZATIONS, "organizations", Mode.PARTIAL)
    services.import_commit_request(actor=user, batch=organizations)
    jobs.run(organizations.pk)
    _batch(user, PEOPLE_FILE, PEOPLE, "people", Mode.ALL)
    context.notes.append(
        "Imports: /imports/ shows an imported organisations sheet (one rejected row kept) and "
        "a people sheet checked and waiting (log in as kan.mueang)."
    )
