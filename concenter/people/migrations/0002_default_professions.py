from django.db import migrations

PROFESSIONS = [
    ("farmer", "เกษตรกร", "Farmer"),
    ("trader", "ค้าขาย", "Trader"),
    ("teacher", "ครู", "Teacher"),
    ("civil_servant", "ข้าราชการ", "Civil servant"),
    ("health_volunteer", "อาสาสมัครสาธารณสุข", "Public-health volunteer"),
    ("religious", "พระภิกษุ / ผู้นำศาสนา", "Monk or religious leader"),
    ("local_government", "สมาชิกองค์กรปกครองส่วนท้องถิ่น", "Local-government member"),
    ("private_employee", "พนักงานเอกชน", "Private employee"),
    ("student", "นักเรียน นักศึกษา", "Student"),
    ("retired", "ผู้เกษียณอายุ", "Retired"),
    ("other", "อื่น ๆ", "Other"),
]


def add_professions(apps, schema_editor):
    Profession = apps.get_model("people", "Profession")
    for position, (code, name_th, name_en) in enumerate(PROFESSIONS):
        Profession.objects.get_or_create(code=code, defaults={"name_th": name_th, "name_en": name_en, "position": position * 10})


def remove_professions(apps, schema_editor):
    Profession = apps.get_model("people", "Profession")
    Profession.objects.filter(code__in=[code for code, _th, _en in PROFESSIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(add_professions, remove_professions)]
