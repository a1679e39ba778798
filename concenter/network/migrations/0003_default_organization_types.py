from django.db import migrations

TYPES = [
    # code, Thai, English, has a registration number
    ("savings_group", "กลุ่มออมทรัพย์เพื่อการผลิต", "Savings group for production", False),
    ("womens_group", "กลุ่มพัฒนาสตรี", "Women's development group", False),
    ("village_fund", "กองทุนหมู่บ้านและชุมชนเมือง", "Village and urban community fund", True),
    ("community_enterprise", "วิสาหกิจชุมชน", "Community enterprise", True),
    ("otop_group", "กลุ่มผู้ผลิตผู้ประกอบการ OTOP", "OTOP producer group", False),
    ("occupation_group", "กลุ่มอาชีพ", "Occupation group", False),
    ("welfare_fund", "กองทุนสวัสดิการชุมชน", "Community welfare fund", True),
    ("elderly_club", "ชมรมผู้สูงอายุ", "Elderly club", False),
    ("youth_group", "กลุ่มเยาวชน", "Youth group", False),
    ("cd_volunteers", "กลุ่มอาสาพัฒนา (อช.)", "Community development volunteers", False),
    ("health_volunteers", "ชมรมอาสาสมัครสาธารณสุขประจำหมู่บ้าน (อสม.)", "Village health volunteers", False),
    ("farmers_group", "กลุ่มเกษตรกร", "Farmers' group", True),
    ("learning_center", "ศูนย์เรียนรู้ชุมชน", "Community learning center", False),
    ("other", "องค์การชุมชนอื่น ๆ", "Other community organization", False),
]


def add_types(apps, schema_editor):
    OrganizationType = apps.get_model("network", "OrganizationType")
    for position, (code, name_th, name_en, registered) in enumerate(TYPES):
        OrganizationType.objects.get_or_create(
            code=code, defaults={"name_th": name_th, "name_en": name_en, "has_registration": registered, "position": position * 10}
        )


def remove_types(apps, schema_editor):
    apps.get_model("network", "OrganizationType").objects.filter(code__in=[t[0] for t in TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0002_links_to_people")]
    operations = [migrations.RunPython(add_types, remove_types)]
