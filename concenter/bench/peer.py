"""The peer of the import benchmark: the same people file through django-import-export, the
library most Django projects would reach for, configured as such a project would at its fastest
(`use_bulk`, `skip_diff`, `force_init_instance`: no per-row lookups or diffs).

The resource does the work our import does for a row: Thai headers, the gender and Buddhist-era
year converted, the profession and area looked up, the national ID kept only as its keyed hash
and last four digits, the derived name columns filled by the people service's own helper; the
roll-ups are rebuilt once at the end. Unlike ours it writes no audit entries (bulk_create sends
no signals) and checks less, so the ratio flatters the peer, not us.
"""

from import_export import fields, resources, widgets

from concenter.geography.models import Area
from concenter.people.identity import national_id_hash
from concenter.people.models import Gender, Person, Profession

GENDERS = {"หญิง": Gender.FEMALE, "ชาย": Gender.MALE}
BE_OFFSET = 543


class GenderWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return GENDERS.get((value or "").strip(), Gender.UNSPECIFIED)


class BirthYearWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        year = super().clean(value, row, **kwargs)
        return year - BE_OFFSET if year and year > 2400 else year


class PersonResource(resources.ModelResource):
    title = fields.Field(attribute="title", column_name="คำนำหน้า")
    given_name = fields.Field(attribute="given_name", column_name="ชื่อ")
    family_name = fields.Field(attribute="family_name", column_name="นามสกุล")
    gender = fields.Field(attribute="gender", column_name="เพศ", widget=GenderWidget())
    birth_year = fields.Field(attribute="birth_year", column_name="ปีเกิด", widget=BirthYearWidget())
    profession = fields.Field(
        attribute="profession",
        column_name="อาชีพ",
        widget=widgets.ForeignKeyWidget(Profession, field="name_th"),
    )
    area = fields.Field(
        attribute="area", column_name="รหัสพื้นที่", widget=widgets.ForeignKeyWidget(Area, "code")
    )
    phone = fields.Field(attribute="phone", column_name="โทรศัพท์")

    class Meta:
        model = Person
        fields = (
            "title",
            "given_name",
            "family_name",
            "gender",
            "birth_year",
            "profession",
            "area",
            "phone",
        )
        import_id_fields = ()
        force_init_instance = True
        use_bulk = True
        skip_diff = True
        batch_size = 1000

    def before_save_instance(self, instance, row, **kwargs):
        from concenter.people.services import _derive

        national_id = (row.get("เลขประจำตัวประชาชน") or "").strip()
        if national_id:
            instance.national_id_hash = national_id_hash(national_id)
            instance.national_id_last4 = national_id[-4:]
        instance.place_in(instance.area)
        _derive(instance)


def peer_import(path) -> dict:
    """Import the CSV at `path` with the peer; the counts of its result."""
    from pathlib import Path

    import tablib
    from django.db import transaction

    from concenter.network.rollups import rollup_rebuild

    text = Path(path).read_text(encoding="utf-8-sig")
    dataset = tablib.Dataset().load(text, format="csv")
    with transaction.atomic():
        result = PersonResource().import_data(dataset, dry_run=False, use_transactions=False)
        rollup_rebuild()
    return {
        "created": result.totals.get("new", 0),
        "rejected": result.totals.get("error", 0) + result.totals.get("invalid", 0),
        "has_errors": result.has_errors() or result.has_validation_errors(),
    }
