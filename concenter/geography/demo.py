"""The demo's areas: geothai's official list, and villages of Tha Makham (ท่ามะขาม), 710104."""

from concenter.geography.models import Area, Level
from concenter.geography.services import geography_load, village_create

DEMO_VILLAGES = {
    # subdistrict: [(หมู่ที่, name)] — fictional village names in the style of the area
    "710104": [(1, "บ้านท่ามะขาม"), (2, "บ้านหนองบัว"), (3, "บ้านท่าล้อ"), (4, "บ้านไร่"), (5, "บ้านทุ่งนา")],
    "710101": [(1, "บ้านเหนือ"), (2, "บ้านใต้"), (3, "บ้านปากแพรก")],
    "710102": [(1, "บ้านปากแพรก"), (2, "บ้านเขาแหลม"), (3, "บ้านหัวนา")],
}


def load_areas(context) -> None:
    if not Area.objects.filter(level=Level.PROVINCE).exists():
        report = geography_load()
        context.notes.append(f"areas loaded: {report.created}")


def load_villages(context) -> None:
    from concenter.accounts.models import User

    system = User.objects.filter(is_superuser=True).order_by("pk").first()
    for subdistrict, villages in DEMO_VILLAGES.items():
        for number, name in villages:
            code = f"{subdistrict}{number:02d}"
            if Area.objects.filter(code=code).exists():
                continue
            village_create(actor=system, subdistrict_code=subdistrict, number=number, name_th=name)
