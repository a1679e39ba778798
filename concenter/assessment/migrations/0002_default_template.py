"""The default template: the five dimensions of the network's strength assessment, in our own
words, with the indicators the product can answer from its records marked by their source.
A new fiscal year's template is copied from it (services.template_copy)."""

from django.db import migrations

NAME = "แบบประเมินความเข้มแข็ง ศอช. (แบบตั้งต้น)"


def _levels(*descriptions):
    return {"kind": "levels", "level_descriptions": list(descriptions)}


def _number(source, unit, bands):
    return {"kind": "number", "source": source, "unit": unit, "bands": bands}


DIMENSIONS = [
    (
        "การบริหารจัดการเครือข่าย",
        30,
        [
            (
                "กรรมการที่ทำหน้าที่ตามบทบาท (เข้าประชุมคณะกรรมการอย่างน้อยครึ่งหนึ่งของการประชุมในปี)",
                2,
                _number("committee_roles", "ร้อยละ", ["20", "40", "60", "80"]),
            ),
            (
                "องค์การชุมชนในพื้นที่ที่เข้าเป็นสมาชิกของศูนย์",
                2,
                _number("member_organizations", "องค์การ", ["3", "6", "9", "12"]),
            ),
            (
                "แผนปฏิบัติงานของศูนย์ที่ชัดเจน (โครงการในแผนชุมชนของปีนี้)",
                1,
                _number("community_plan", "โครงการ", ["1", "2", "4", "6"]),
            ),
            (
                "คณะกรรมการประชุมกันอย่างสม่ำเสมอ",
                1,
                _number("committee_meetings", "ครั้ง", ["2", "4", "6", "9"]),
            ),
            (
                "ศูนย์มีกติกาหรือระเบียบที่เขียนไว้ และกรรมการกับสมาชิกปฏิบัติตาม",
                1,
                _levels(
                    "ยังไม่มีกติกาของศูนย์",
                    "มีกติกาแต่ยังไม่ได้ตกลงร่วมกับสมาชิก",
                    "มีกติกาที่ตกลงร่วมกัน แต่ยังปฏิบัติตามได้บางส่วน",
                    "มีกติกาที่ตกลงร่วมกัน และส่วนใหญ่ปฏิบัติตาม",
                    "ปฏิบัติตามกติกาครบถ้วน และทบทวนกติกาทุกปี",
                ),
            ),
            (
                "คณะกรรมการประเมินการทำงานของตนเอง และติดตามแผนงานขององค์การสมาชิก",
                1,
                _levels(
                    "ยังไม่เคยประเมินหรือติดตาม",
                    "ประเมินหรือติดตามบ้างเป็นครั้งคราว",
                    "ประเมินตนเองปีละครั้ง แต่ยังไม่ได้ติดตามแผนของสมาชิก",
                    "ประเมินตนเองและติดตามแผนของสมาชิกบางส่วน",
                    "ประเมินตนเองและติดตามแผนของสมาชิกทุกองค์การ แล้วนำผลมาปรับงาน",
                ),
            ),
            (
                "ศูนย์มีกองทุนหรือเงินสำหรับขับเคลื่อนงานของเครือข่าย",
                1,
                _levels(
                    "ยังไม่มีกองทุน",
                    "กำลังเริ่มระดมทุน",
                    "มีกองทุนแต่ยังไม่มีระเบียบการใช้เงิน",
                    "มีกองทุนและระเบียบการใช้เงินที่ตรวจสอบได้",
                    "กองทุนเติบโต มีรายงานการเงินต่อสมาชิกทุกปี",
                ),
            ),
        ],
    ),
    (
        "การเป็นศูนย์กลางประสานงานขององค์การสมาชิก",
        20,
        [
            (
                "กิจกรรมที่ศูนย์ประสานหรือเชื่อมโยงองค์การสมาชิกเข้าด้วยกัน",
                2,
                _number("coordination", "กิจกรรม", ["1", "2", "4", "6"]),
            ),
            (
                "ความร่วมมือกับภาคีเครือข่ายภายนอก (บันทึกความร่วมมือ โครงการร่วม การสนับสนุน)",
                1,
                _number("partners", "รายการ", ["1", "2", "3", "5"]),
            ),
            (
                "ศูนย์มีข้อมูลองค์การสมาชิกที่เป็นปัจจุบัน และมีช่องทางสื่อสารกับสมาชิก",
                1,
                _levels(
                    "ไม่มีข้อมูลสมาชิก",
                    "มีข้อมูลสมาชิกบางส่วน ยังไม่เป็นปัจจุบัน",
                    "มีข้อมูลสมาชิกครบ แต่ยังไม่มีช่องทางสื่อสารประจำ",
                    "มีข้อมูลครบและมีช่องทางสื่อสารประจำ",
                    "ข้อมูลปรับปรุงทุกปี และสมาชิกใช้ช่องทางสื่อสารเป็นประจำ",
                ),
            ),
        ],
    ),
    (
        "การแก้ไขปัญหาและพัฒนาตำบล",
        20,
        [
            (
                "โครงการและการรณรงค์เพื่อพัฒนาพื้นที่ที่ศูนย์ทำในปีนี้",
                2,
                _number("development", "โครงการ", ["1", "3", "5", "8"]),
            ),
            (
                "ปัญหาสำคัญของพื้นที่ได้รับการแก้ไขโดยชุมชนมีส่วนร่วม",
                1,
                _levels(
                    "ยังไม่ได้ระบุปัญหาของพื้นที่",
                    "ระบุปัญหาได้ แต่ยังไม่มีการลงมือแก้ไข",
                    "เริ่มแก้ไขปัญหาอย่างน้อยหนึ่งเรื่อง",
                    "แก้ไขปัญหาได้ผลอย่างน้อยหนึ่งเรื่อง โดยชุมชนมีส่วนร่วม",
                    "แก้ไขปัญหาได้ผลหลายเรื่อง และเป็นแบบอย่างให้พื้นที่อื่น",
                ),
            ),
        ],
    ),
    (
        "การพัฒนาองค์การสมาชิก",
        15,
        [
            (
                "การอบรมหรือศึกษาดูงานที่ศูนย์จัดให้องค์การสมาชิก",
                1,
                _number("training", "ครั้ง", ["1", "2", "3", "5"]),
            ),
            (
                "องค์การสมาชิกที่ศูนย์หนุนเสริมจนเข้มแข็งขึ้น",
                1,
                _levels(
                    "ยังไม่ได้หนุนเสริมองค์การสมาชิก",
                    "หนุนเสริมบ้างเป็นครั้งคราว",
                    "หนุนเสริมอย่างต่อเนื่องอย่างน้อยหนึ่งองค์การ",
                    "องค์การที่หนุนเสริมมีผลงานดีขึ้นชัดเจน",
                    "องค์การที่หนุนเสริมหลายแห่งเป็นต้นแบบได้",
                ),
            ),
        ],
    ),
    (
        "การพัฒนาผู้นำ",
        15,
        [
            (
                "ผู้นำและสมาชิกที่ได้รับการพัฒนา (ผู้เข้าร่วมการอบรมของศูนย์ในปีนี้)",
                1,
                _number("leaders", "คน", ["5", "10", "20", "40"]),
            ),
            (
                "ผู้นำรุ่นใหม่เข้ามามีบทบาทในศูนย์ (การสืบทอดงาน)",
                1,
                _levels(
                    "ยังไม่มีผู้นำรุ่นใหม่",
                    "มีผู้นำรุ่นใหม่เข้าร่วมกิจกรรมบ้าง",
                    "มีผู้นำรุ่นใหม่รับผิดชอบงานบางส่วน",
                    "มีผู้นำรุ่นใหม่เป็นกรรมการของศูนย์",
                    "มีแผนสืบทอดงานที่ชัดเจนและผู้นำรุ่นใหม่นำงานได้เอง",
                ),
            ),
        ],
    ),
]


def add_default_template(apps, schema_editor):
    Template = apps.get_model("assessment", "Template")
    Dimension = apps.get_model("assessment", "Dimension")
    Indicator = apps.get_model("assessment", "Indicator")
    if Template.objects.filter(fiscal_year__isnull=True).exists():
        return
    template = Template.objects.create(name=NAME, fiscal_year=None, top_band_from=80)
    for number, (name, weight, indicators) in enumerate(DIMENSIONS, start=1):
        dimension = Dimension.objects.create(
            template=template, number=number, name=name, weight=weight
        )
        for position, (text, indicator_weight, scoring) in enumerate(indicators, start=1):
            Indicator.objects.create(
                dimension=dimension,
                number=position,
                text=text,
                weight=indicator_weight,
                kind=scoring["kind"],
                level_descriptions=scoring.get("level_descriptions", []),
                unit=scoring.get("unit", ""),
                bands=scoring.get("bands", []),
                source=scoring.get("source", ""),
            )


def remove_default_template(apps, schema_editor):
    """The default template, if no round was opened on it (its copies stay). Deleted child
    first and without Django's cascade collector, which trips over the historical models'
    protected link from the answers (the default template has no answers)."""
    Template = apps.get_model("assessment", "Template")
    Dimension = apps.get_model("assessment", "Dimension")
    Indicator = apps.get_model("assessment", "Indicator")
    alias = schema_editor.connection.alias
    templates = list(
        Template.objects.filter(fiscal_year__isnull=True, name=NAME, rounds__isnull=True)
        .values_list("pk", flat=True)
    )
    dimensions = Dimension.objects.filter(template_id__in=templates)
    Indicator.objects.filter(dimension__in=dimensions)._raw_delete(alias)
    dimensions._raw_delete(alias)
    Template.objects.filter(pk__in=templates)._raw_delete(alias)


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_strength_assessment")]

    operations = [migrations.RunPython(add_default_template, remove_default_template)]
