"""Villages, centers and partners: one record per row, known by a natural key (a village by its
code, a center by its area's code, a partner by its name within its area).

The checks are the services': `geography.services.village_create`'s (its rules, its messages),
`network.services._center_values` and `_partner_values` (called as they are), and the forms'
lengths, e-mail and web-address checks.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from concenter.common import audit
from concenter.common.thai import thai_sort_key
from concenter.exchange import cells
from concenter.exchange.columns import Column
from concenter.exchange.kinds.base import CREATED, REJECTED, UNCHANGED, UPDATED, ImportKind, Row
from concenter.exchange.models import RecordKind
from concenter.geography.models import VILLAGE_NUMBER_MAX, VILLAGE_NUMBER_MIN, Area, Level
from concenter.geography.services import _fill_derived, village_code
from concenter.network import rollups
from concenter.network.models import Center, CenterLevel, CenterStatus, Partner, PartnerKind
from concenter.network.services import _center_values, _partner_values, center_default_name


def _changed(instance, before: dict) -> bool:
    after = audit.field_values(instance)
    return any(
        after.get(name) != before.get(name)
        for name in after
        if name not in ("version", "updated_at", "created_at")
    )


class _OneRecordKind(ImportKind):
    """A kind whose row is one record: `read` checks a row into values with a natural `key`,
    `load` finds the existing records of the chunk by key, `build` makes the record after
    the row (with `before`, its audit values, when it existed)."""

    model = None
    record_kind = ""
    written: tuple[str, ...] = ()
    allocate = True

    def read(self, row: Row) -> dict | None:
        raise NotImplementedError

    def load(self, keys: set) -> dict:
        raise NotImplementedError

    def build(self, values: dict, found):
        raise NotImplementedError

    def contributions(self, instance) -> list:
        return []

    def contributions_before(self, before: dict) -> list:
        return []

    def check(self, rows: list[Row]) -> None:
        self.context.areas.preload(
            cells.text(row.raw(c.key)) for row in rows for c in self.columns if "area" in c.key
        )
        for row in rows:
            row.plan["values"] = self.read(row) if row.ok else None
        keys = {row.plan["values"]["key"] for row in rows if row.plan.get("values")}
        existing = self.load(keys) if keys else {}
        self.changes = []
        for row in rows:
            values = row.plan.get("values")
            if values is None or not row.ok or not self.first_time(row, values["key"]):
                row.action = REJECTED
                continue
            found = existing.get(values["key"])
            before = audit.field_values(found) if found is not None else None
            instance = self.build(values, found)
            if instance is None:
                row.action = REJECTED
                continue
            if before is None:
                row.action = CREATED
            elif _changed(instance, before):
                row.action = UPDATED
            else:
                row.action = UNCHANGED
                continue
            self.changes.append((row, instance, before))

    def write(self, rows: list[Row]) -> None:
        writer = self.context.writer
        new = [(r, i) for r, i, b in self.changes if b is None]
        old = [(r, i, b) for r, i, b in self.changes if b is not None]
        writer.create([i for _r, i in new], record_kind=self.record_kind,
                      rows=[r.number for r, _i in new], contributions=self.contributions,
                      allocate=self.allocate)  # fmt: skip
        writer.change([i for _r, i, _b in old], befores=[b for _r, _i, b in old],
                      fields=self.written, record_kind=self.record_kind,
                      rows=[r.number for r, _i, _b in old],
                      contributions_before=[self.contributions_before(b) for _r, _i, b in old],
                      contributions=self.contributions)  # fmt: skip


def _codes(values: dict) -> tuple[str, ...]:
    return tuple(
        c
        for c in (
            "TH",
            values.get("province_code"),
            values.get("district_code"),
            values.get("subdistrict_code"),
        )
        if c
    )


# Villages -----------------------------------------------------------------------------------

VILLAGE_COLUMNS = (
    Column("village_code", "รหัสหมู่บ้าน", "village_code", example="71010405",
           help_th="8 หลัก: รหัสตำบลและหมู่ที่ (หรือใส่ตำบลและหมู่ที่แทน)"),
    Column("subdistrict", "ตำบล", "subdistrict", example="ต.ท่ามะขาม อ.เมืองกาญจนบุรี จ.กาญจนบุรี",
           help_th="รหัสตำบล 6 หลัก หรือชื่อ ต. อ. จ.", aliases=("รหัสตำบล",)),
    Column("number", "หมู่ที่", "number", example="5", aliases=("หมู่", "village_number")),
    Column("name_th", "ชื่อหมู่บ้าน", "name_th", True, "บ้านหนองบัว", aliases=("ชื่อ", "name")),
    Column("name_en", "ชื่อภาษาอังกฤษ", "name_en", example="Ban Nong Bua"),
)  # fmt: skip


class VillagesKind(_OneRecordKind):
    key = "villages"
    columns = VILLAGE_COLUMNS
    record_kind = RecordKind.AREA
    written = ("name_th", "name_en", "search_th", "search_en", "sort_key")
    allocate = False

    def read(self, row: Row) -> dict | None:
        code = row.get("village_code", cells.digits) or ""
        if code:
            if len(code) != 8 or not code.isdigit():
                row.error("village_code", _msg_village_code())
                return None
            subdistrict_code, number = code[:6], int(code[6:])
        else:
            subdistrict_code = row.get("subdistrict", self.context.areas.code_of) or ""
            number = row.get("number", cells.integer)
            if not row.ok:
                return None
            if not subdistrict_code or number is None:
                from concenter.exchange.messages import msg

                row.error(
                    "village_code",
                    msg("Give the village code, or the subdistrict and the village number."),
                )
                return None
        subdistrict = self.context.areas.info(subdistrict_code[:6])
        column = "village_code" if code else "subdistrict"
        if subdistrict is None or subdistrict.level != Level.SUBDISTRICT or not subdistrict.active:
            row.error(column, _("Unknown or inactive subdistrict code."))
            return None
        if not self.context.may_change(subdistrict.code):
            from concenter.exchange.messages import msg

            row.error(column, msg("Out of your area."))
            return None
        if not VILLAGE_NUMBER_MIN <= number <= VILLAGE_NUMBER_MAX:
            row.error(
                "number" if not code else column, _("The village number must be between 1 and 99.")
            )
            return None
        name_th = row.get("name_th", cells.text) or ""
        name_en = row.get("name_en", cells.text, max_length=200) or ""
        if not name_th:
            row.error("name_th", _("Enter the village's Thai name."))
        elif len(name_th) > 200:
            row.error("name_th", _("The name is too long (200 characters at most)."))
        if not row.ok:
            return None
        return {"key": village_code(subdistrict.code, number), "subdistrict": subdistrict,
                "number": number, "name_th": name_th, "name_en": name_en,
                "present": {c.key for c in VILLAGE_COLUMNS if row.has(c.key)}}  # fmt: skip

    def load(self, keys: set) -> dict:
        return {a.code: a for a in Area.objects.filter(code__in=keys)}

    def build(self, values: dict, found):
        if found is None:
            subdistrict = values["subdistrict"]
            found = Area(
                code=values["key"],
                level=Level.VILLAGE,
                parent_id=subdistrict.code,
                province_code=subdistrict.province_code,
                district_code=subdistrict.district_code,
                subdistrict_code=subdistrict.code,
                village_number=values["number"],
                active=True,
            )
        found.name_th = values["name_th"]
        if "name_en" in values["present"] or found._state.adding:
            found.name_en = values["name_en"]
        _fill_derived(found)
        return found


def _msg_village_code() -> str:
    from concenter.exchange.messages import msg

    return msg("A village code has 8 digits: the subdistrict code and the village number.")


# Centers ------------------------------------------------------------------------------------

CENTER_COLUMNS = (
    Column("area_code", "รหัสพื้นที่", "area_code", True, "710104",
           "รหัสตำบล อำเภอ หรือจังหวัดของศูนย์ หรือชื่อ เช่น ต.ท่ามะขาม อ.เมืองกาญจนบุรี จ.กาญจนบุรี",
           aliases=("รหัสศูนย์", "พื้นที่", "center_code")),
    Column("name", "ชื่อศูนย์", "name", example="", help_th="เว้นว่างเพื่อใช้ชื่อมาตรฐาน",
           aliases=("ชื่อ",)),
    Column("founded_on", "วันที่ก่อตั้ง", "founded_on", example="1/10/2551"),
    Column("address", "ที่ตั้งสำนักงาน", "address", example="ศาลาประชาคมหมู่ 1",
           aliases=("ที่อยู่", "ที่ตั้ง")),
    Column("phone", "โทรศัพท์", "phone", example="034 000 000"),
    Column("email", "อีเมล", "email"),
    Column("status", "สถานะ", "status", example="ดำเนินการอยู่",
           help_th="ดำเนินการอยู่ หยุดดำเนินการชั่วคราว หรือยุบเลิกแล้ว"),
)  # fmt: skip
CENTER_LEVELS = (Level.PROVINCE, Level.DISTRICT, Level.SUBDISTRICT)
CENTER_STATUSES = cells.Choices(
    CenterStatus.choices,
    aliases={"ดำเนินงาน": CenterStatus.ACTIVE, "หยุดดำเนินการ": CenterStatus.DORMANT,
             "ยุบเลิก": CenterStatus.DISSOLVED},
)  # fmt: skip


class CentersKind(_OneRecordKind):
    key = "centers"
    columns = CENTER_COLUMNS
    model = Center
    record_kind = RecordKind.CENTER
    written = ("name", "founded_on", "address", "phone", "email", "status", "sort_key")
    allocate = False

    def read(self, row: Row) -> dict | None:
        area = self.area(row, levels=CENTER_LEVELS,
                         level_message=_("A center needs a province, district or subdistrict."))  # fmt: skip
        name = row.get("name", cells.text, max_length=250) or ""
        fields = {
            "founded_on": row.get("founded_on", cells.date),
            "address": row.get("address", cells.text, max_length=300) or "",
            "phone": row.get("phone", cells.text, max_length=30) or "",
            "email": row.get("email", cells.email) or "",
            "status": row.get("status", CENTER_STATUSES, message=_("Unknown status.")) or "",
        }
        if not row.ok or area is None:
            return None
        return {"key": area.code, "area": area, "name": name, "fields": fields,
                "present": {c.key for c in CENTER_COLUMNS if row.has(c.key)}, "row": row}  # fmt: skip

    def load(self, keys: set) -> dict:
        return {c.area_id: c for c in Center.objects.filter(area_id__in=keys)}

    def build(self, values: dict, found):
        row, area, present = values["row"], values["area"], values["present"]
        if found is None:
            holder = Area(code=area.code, level=area.level, province_code=area.province_code,
                          name_th=area.name_th)  # fmt: skip
            current = {"name": values["name"] or center_default_name(holder), "founded_on": None,
                       "address": "", "phone": "", "email": "", "status": CenterStatus.ACTIVE}  # fmt: skip
        else:
            current = {f: getattr(found, f) for f in ("name", "founded_on", "address", "phone",
                                                      "email", "status")}  # fmt: skip
            if values["name"]:
                current["name"] = values["name"]
        for field, value in values["fields"].items():
            if field in present and (value or field not in ("status",)):
                current[field] = value
        current["status"] = current["status"] or CenterStatus.ACTIVE
        try:
            checked = _center_values(**current)
        except ValidationError as exc:
            row.validation_error(exc)
            return None
        center = found or Center(
            area_id=area.code,
            level=CenterLevel(area.level),
            province_code=area.province_code,
            district_code=area.district_code,
            subdistrict_code=area.subdistrict_code,
        )
        for field, value in checked.items():
            setattr(center, field, value)
        center.sort_key = thai_sort_key(center.name)
        return center

    def contributions(self, instance) -> list:
        return rollups.center_contributions(instance)

    def contributions_before(self, before: dict) -> list:
        return [(_codes(before), "centers", f"{before['level']}:{before['status']}", 1)]


# Partners -----------------------------------------------------------------------------------

PARTNER_COLUMNS = (
    Column("kind", "ประเภทภาคี", "kind", True, "สถาบันการศึกษา",
           "ส่วนราชการ องค์กรปกครองส่วนท้องถิ่น รัฐวิสาหกิจ บริษัทเอกชน สถาบันการศึกษา ภาคประชาสังคม สื่อมวลชน",
           aliases=("ประเภท",)),
    Column("name", "ชื่อภาคี", "name", True, "มหาวิทยาลัยราชภัฏกาญจนบุรี", aliases=("ชื่อหน่วยงาน", "ชื่อ")),
    Column("area_code", "รหัสพื้นที่", "area_code", True, "7101", aliases=("พื้นที่",)),
    Column("contact_name", "ผู้ติดต่อ", "contact_name", example="นายสมชาย ใจดี", aliases=("ผู้ประสานงาน",)),
    Column("phone", "โทรศัพท์", "phone", example="034 000 000"),
    Column("email", "อีเมล", "email"),
    Column("website", "เว็บไซต์", "website", example="www.kru.ac.th"),
)  # fmt: skip
PARTNER_KINDS = cells.Choices(
    PartnerKind.choices,
    aliases={"อบต": PartnerKind.LOCAL_GOVERNMENT, "เทศบาล": PartnerKind.LOCAL_GOVERNMENT,
             "อบจ": PartnerKind.LOCAL_GOVERNMENT, "ราชการ": PartnerKind.GOVERNMENT,
             "เอกชน": PartnerKind.PRIVATE, "มหาวิทยาลัย": PartnerKind.ACADEMIA},
)  # fmt: skip


class PartnersKind(_OneRecordKind):
    key = "partners"
    columns = PARTNER_COLUMNS
    model = Partner
    record_kind = RecordKind.PARTNER
    written = ("kind", "name", "contact_name", "phone", "email", "website", "sort_key")

    def read(self, row: Row) -> dict | None:
        area = self.area(row)
        fields = {
            "kind": row.get("kind", PARTNER_KINDS, message=_("Unknown kind of partner.")) or "",
            "name": row.get("name", cells.text, max_length=250) or "",
            "contact_name": row.get("contact_name", cells.text, max_length=200) or "",
            "phone": row.get("phone", cells.text, max_length=30) or "",
            "email": row.get("email", cells.email) or "",
            "website": row.get("website", cells.website) or "",
        }
        if not row.ok or area is None:
            return None
        try:
            checked = _partner_values(**fields)
        except ValidationError as exc:
            row.validation_error(exc)
            return None
        return {"key": (checked["name"], area.code), "area": area, "fields": checked,
                "present": {c.key for c in PARTNER_COLUMNS if row.has(c.key)}}  # fmt: skip

    def load(self, keys: set) -> dict:
        found: dict = {}
        for partner in Partner.objects.filter(
            name__in={n for n, _a in keys}, area_id__in={a for _n, a in keys}
        ).order_by("pk"):
            found.setdefault((partner.name, partner.area_id), partner)
        return found

    def build(self, values: dict, found):
        partner = found or Partner()
        for field, value in values["fields"].items():
            if found is None or field in values["present"]:
                setattr(partner, field, value)
        area = values["area"]
        partner.area_id = area.code
        partner.province_code = area.province_code
        partner.district_code = area.district_code
        partner.subdistrict_code = area.subdistrict_code
        partner.sort_key = thai_sort_key(partner.name)
        return partner

    def contributions(self, instance) -> list:
        return rollups.partner_contributions(instance)

    def contributions_before(self, before: dict) -> list:
        return [(_codes(before), "partners", before["kind"], 1)]
