"""Community organisations (with their leader) and their named members.

An organisation row is checked by `network.services._organization_values`, the function the
organisation form's service uses, after the columns are read as the form reads them. Its leader
is found by national ID or by name in the organisation's subdistrict, or registered with the
people rules when new. The same organisation: same type and registration number, or, without a
number, same type, name and area.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from concenter.common import audit
from concenter.exchange import cells
from concenter.exchange.columns import Column
from concenter.exchange.kinds.base import CREATED, REJECTED, UNCHANGED, UPDATED, ImportKind, Row
from concenter.exchange.kinds.people import (
    PeopleIndex,
    PersonWrites,
    Professions,
    read_person,
    split_full_name,
)
from concenter.exchange.messages import msg
from concenter.exchange.models import RecordKind
from concenter.geography.models import Level
from concenter.network import rollups
from concenter.network.models import (
    Organization,
    OrganizationMember,
    OrganizationStatus,
    OrganizationType,
)
from concenter.network.services import _organization_derive, _organization_values

ORGANIZATION_LEVELS = (Level.SUBDISTRICT, Level.VILLAGE)
AREA_HELP_TH = "รหัสหมู่บ้าน 8 หลัก หรือตำบล 6 หลัก หรือชื่อ เช่น หมู่ 3 ต.ท่ามะขาม อ.เมืองกาญจนบุรี จ.กาญจนบุรี"

COLUMNS = (
    Column("type_code", "ประเภท", "type", True, "กองทุนหมู่บ้าน", "ชื่อหรือรหัสประเภทองค์กร",
           "organisation type, by name or code", aliases=("ประเภทองค์กร", "type_code")),
    Column("name", "ชื่อองค์กร", "name", True, "กองทุนหมู่บ้านท่ามะขาม", "ชื่อองค์กร",
           aliases=("ชื่อกลุ่ม",)),
    Column("area_code", "รหัสพื้นที่", "area_code", True, "710104", AREA_HELP_TH,
           aliases=("พื้นที่", "area")),
    Column("registration_number", "เลขทะเบียน", "registration_number", example="กท-123",
           aliases=("เลขทะเบียนองค์กร",)),
    Column("founded_on", "วันที่ก่อตั้ง", "founded_on", example="28/02/2563",
           help_th="เช่น 28/02/2563, 28 ก.พ. 63 หรือ 2020-02-28", aliases=("วันก่อตั้ง",)),
    Column("member_count", "จำนวนสมาชิก", "member_count", example="25", aliases=("สมาชิก",)),
    Column("funds", "เงินทุน", "funds", example="12,500 บาท", help_th="บาท เช่น 12,500 บาท",
           aliases=("เงินทุน (บาท)", "ทุน")),
    Column("activities", "กิจกรรม", "activities", example="ออมทรัพย์"),
    Column("status", "สถานะ", "status", example="ดำเนินการอยู่",
           help_th="ดำเนินการอยู่ ไม่ได้ดำเนินการ หรือยุบเลิกแล้ว"),
    Column("leader_name", "ผู้นำ", "leader_name", example="นางสมศรี ใจดี",
           help_th="คำนำหน้า ชื่อ และนามสกุลของประธานหรือผู้นำกลุ่ม",
           aliases=("ชื่อผู้นำ", "ประธานกลุ่ม", "leader")),
    Column("leader_national_id", "เลขประจำตัวประชาชนผู้นำ", "leader_national_id",
           help_th="13 หลัก (ถ้ามี) ช่วยให้พบบุคคลเดิม", aliases=("เลขบัตรผู้นำ",)),
    Column("leader_phone", "โทรศัพท์ผู้นำ", "leader_phone", example="081 234 5678"),
)  # fmt: skip

FORM_FIELDS = {"type": "type_code", "leader": "leader_name"}
WRITTEN = (
    "type_id", "name", "registration_number", "founded_on", "leader_id", "member_count", "funds",
    "activities", "status", "area_id", "province_code", "district_code", "subdistrict_code",
    "sort_key", "name_search", "name_latin",
)  # fmt: skip
STATUSES = cells.Choices(
    OrganizationStatus.choices,
    aliases={"หยุดดำเนินการ": OrganizationStatus.INACTIVE, "ยุบเลิก": OrganizationStatus.DISSOLVED},
)


# Short names officers write for the seeded types (used only when the type is active).
TYPE_ALIASES = {
    "กองทุนหมู่บ้าน": "village_fund",
    "กลุ่มออมทรัพย์": "savings_group",
    "กลุ่มสตรี": "womens_group",
    "otop": "otop_group",
    "อช": "cd_volunteers",
    "อสม": "health_volunteers",
    "วิสาหกิจ": "community_enterprise",
}


class OrganizationTypes:
    """Active organisation types by code, Thai name and English name (and common short names)."""

    def __init__(self) -> None:
        self.lookup: dict[str, str] = {}
        for code, name_th, name_en in OrganizationType.objects.filter(active=True).values_list(
            "code", "name_th", "name_en"
        ):
            for name in (code, name_th, name_en):
                self.lookup.setdefault(cells._choice_key(name), code)
        active = set(self.lookup.values())
        for alias, code in TYPE_ALIASES.items():
            if code in active:
                self.lookup.setdefault(cells._choice_key(alias), code)

    def __call__(self, value) -> str:
        raw = cells.text(value)
        if not raw:
            return ""
        found = self.lookup.get(cells._choice_key(raw))
        if found is None:
            raise cells.CellError(_("Unknown organization type."))
        return found


def organization_contributions_from(values: dict) -> list:
    """An organisation's roll-up contributions from its audit values (before a change)."""
    holder = Organization(
        type_id=values["type"],
        status=values["status"],
        member_count=int(values["member_count"] or 0),
        funds=values["funds"] or 0,
        province_code=values["province_code"],
        district_code=values["district_code"],
        subdistrict_code=values["subdistrict_code"],
    )
    return rollups.organization_contributions(holder)


class OrganizationsKind(ImportKind):
    key = "organizations"
    columns = COLUMNS

    def __init__(self, context) -> None:
        super().__init__(context)
        self.types = OrganizationTypes()
        self.professions = Professions()

    def _read(self, row: Row) -> dict | None:
        area = self.area(
            row,
            levels=ORGANIZATION_LEVELS,
            level_message=_("An organization belongs to a village or a subdistrict."),
        )
        values = {
            "type_code": row.get("type_code", self.types),
            "name": row.get("name", cells.text, max_length=250) or "",
            "registration_number": row.get("registration_number", cells.text, max_length=50) or "",
            "founded_on": row.get("founded_on", cells.date),
            "member_count": row.get("member_count", cells.integer),
            "funds": row.get("funds", cells.money),
            "activities": row.get("activities", cells.text) or "",
            "status": row.get("status", STATUSES, message=_("Unknown status.")) or "",
        }
        if not row.ok or area is None:
            return None
        try:
            checked = _organization_values(
                self.context.actor,
                type_code=values["type_code"],
                name=values["name"],
                registration_number=values["registration_number"],
                founded_on=values["founded_on"],
                leader_id=None,
                member_count=values["member_count"] or 0,
                funds=values["funds"] if values["funds"] is not None else "0",
                activities=values["activities"],
                status=values["status"] or OrganizationStatus.ACTIVE,
            )
        except ValidationError as exc:
            row.validation_error(exc, FORM_FIELDS)
            return None
        checked["present"] = {c.key for c in COLUMNS if row.has(c.key)}
        checked["area"] = area
        return checked

    def check(self, rows: list[Row]) -> None:
        self.context.areas.preload(cells.text(row.raw("area_code")) for row in rows)
        leaders = []
        for row in rows:
            row.plan["values"] = self._read(row)
            if row.plan["values"] is not None and cells.text(row.raw("leader_name")):
                raw = split_full_name(row.raw("leader_name"))
                raw["national_id"] = cells.text(row.raw("leader_national_id"))
                raw["phone"] = cells.text(row.raw("leader_phone"))
                draft = read_person(
                    self,
                    row,
                    self.professions,
                    keys={
                        **{
                            k: None
                            for k in (
                                "given_name_en",
                                "family_name_en",
                                "gender",
                                "birth_year",
                                "profession",
                                "email",
                                "area_code",
                            )
                        },
                        "title": "leader_name",
                        "given_name": "leader_name",
                        "family_name": "leader_name",
                        "national_id": "leader_national_id",
                        "phone": "leader_phone",
                    },
                    raw=raw,
                    default_area=row.plan["values"]["area"],
                )
                row.plan["leader"] = draft
                if draft is not None:
                    leaders.append(draft)
        lock = self.context.writer is not None
        people = PeopleIndex(leaders, lock=False)
        self.people = PersonWrites()
        existing = self._existing([r.plan["values"] for r in rows if r.plan.get("values")], lock)
        self.changes: list[tuple] = []  # (row, organization, values before or None, leader)
        for row in rows:
            values = row.plan.get("values")
            if values is None or not row.ok:
                row.action = REJECTED
                continue
            draft = row.plan.get("leader")
            leader = None
            if draft is not None:
                if not people.find(draft, row, self, "leader_national_id", "leader_name",
                                   "leader_name", reference=True):  # fmt: skip
                    row.action = REJECTED
                    continue
                leader = self.people.reference(draft, row.number)
            found = self._match(values, existing)
            key = ("organization", found.pk) if found else _natural_key(values)
            if not self.first_time(row, key) or not self._unique_registration(
                row, values, found, existing
            ):
                row.action = REJECTED
                continue
            organization, before = self._apply(values, found, leader)
            if before is None:
                row.action = CREATED
            elif _changed(organization, before) or (leader is not None and not leader.pk):
                row.action = UPDATED
            else:
                row.action = UNCHANGED
                continue
            self.changes.append((row, organization, before, leader))

    def _existing(self, values: list[dict], lock: bool) -> dict:
        numbers = {
            (v["type"].code, v["registration_number"]) for v in values if v["registration_number"]
        }
        names = {(v["type"].code, v["name"], v["area"].code) for v in values}
        base = Organization.objects.select_for_update() if lock else Organization.objects.all()
        found: dict = {"number": {}, "name": {}}
        if numbers:
            for organization in base.filter(
                registration_number__in={n for _t, n in numbers},
                type_id__in={t for t, _n in numbers},
            ):
                key = (organization.type_id, organization.registration_number)
                if key in numbers:
                    found["number"][key] = organization
        if names:
            for organization in base.filter(
                name__in={n for _t, n, _a in names}, area_id__in={a for _t, _n, a in names}
            ):
                key = (organization.type_id, organization.name, organization.area_id)
                found["name"].setdefault(key, []).append(organization)
        return found

    def _match(self, values: dict, existing: dict) -> Organization | None:
        type_code = values["type"].code
        if values["registration_number"]:
            found = existing["number"].get((type_code, values["registration_number"]))
            if found is not None:
                return found
        same_name = existing["name"].get((type_code, values["name"], values["area"].code), [])
        if values["registration_number"]:
            same_name = [o for o in same_name if not o.registration_number]
        return same_name[0] if len(same_name) == 1 else None

    def _unique_registration(self, row: Row, values: dict, found, existing: dict) -> bool:
        number = values["registration_number"]
        if not number:
            return True
        holder = existing["number"].get((values["type"].code, number))
        if holder is not None and (found is None or holder.pk != found.pk):
            row.error(
                "registration_number",
                _("An organization of this type with this registration number already exists."),
            )
            return False
        return self.first_time(row, ("registration", values["type"].code, number))

    def _apply(self, values: dict, found, leader):
        if found is not None and not self.context.may_change(found.area_id):
            found = None  # pragma: no cover - the area check of the row covers it
        before = audit.field_values(found) if found is not None else None
        organization = found or Organization()
        present = values["present"]
        organization.type = values["type"]
        organization.name = values["name"]
        for field in ("registration_number", "founded_on", "member_count", "funds", "activities",
                      "status"):  # fmt: skip
            if found is None or field in present:
                setattr(organization, field, values[field])
        if leader is not None:
            organization.leader = leader if leader.pk else None
            organization._import_leader = leader
        area = values["area"]
        organization.area_id = area.code
        organization.province_code = area.province_code
        organization.district_code = area.district_code
        organization.subdistrict_code = area.subdistrict_code
        _organization_derive(organization)
        return organization, before

    def write(self, rows: list[Row]) -> None:
        writer = self.context.writer
        self.people.write(writer)
        created, created_rows, updated, updated_rows, befores = [], [], [], [], []
        for row, organization, before, leader in self.changes:
            if leader is not None:
                organization.leader_id = leader.pk
            if before is None:
                created.append(organization)
                created_rows.append(row.number)
            else:
                updated.append(organization)
                updated_rows.append(row.number)
                befores.append(before)
        writer.create(created, record_kind=RecordKind.ORGANIZATION, rows=created_rows,
                      contributions=rollups.organization_contributions)  # fmt: skip
        writer.change(updated, befores=befores, fields=WRITTEN, record_kind=RecordKind.ORGANIZATION,
                      rows=updated_rows,
                      contributions_before=[organization_contributions_from(b) for b in befores],
                      contributions=rollups.organization_contributions)  # fmt: skip


def _natural_key(values: dict):
    if values["registration_number"]:
        return ("registration", values["type"].code, values["registration_number"])
    return ("name", values["type"].code, values["name"], values["area"].code)


def _changed(organization: Organization, before: dict) -> bool:
    after = audit.field_values(organization)
    return any(after.get(name) != before.get(name) for name in after if name not in
               ("version", "updated_at", "created_at"))  # fmt: skip


# Members ------------------------------------------------------------------------------------

MEMBER_COLUMNS = (
    Column("organization_registration", "เลขทะเบียนองค์กร", "organization_registration",
           example="กท-123", help_th="เลขทะเบียนขององค์กร (หรือใส่ประเภท ชื่อ และพื้นที่ขององค์กร)"),
    Column("organization_type", "ประเภทองค์กร", "organization_type", example="กองทุนหมู่บ้าน"),
    Column("organization_name", "ชื่อองค์กร", "organization_name", example="กองทุนหมู่บ้านท่ามะขาม"),
    Column("organization_area", "พื้นที่องค์กร", "organization_area", example="710104"),
    Column("title", "คำนำหน้า", "title", example="นาย"),
    Column("given_name", "ชื่อ", "given_name", True, "สมชาย"),
    Column("family_name", "นามสกุล", "family_name", example="ใจดี"),
    Column("national_id", "เลขประจำตัวประชาชน", "national_id", help_th="13 หลัก (ถ้ามี)"),
    Column("area_code", "รหัสพื้นที่", "area_code", example="71010401",
           help_th="พื้นที่ของสมาชิก (เว้นว่าง = พื้นที่ขององค์กร)"),
    Column("phone", "โทรศัพท์", "phone"),
    Column("role", "บทบาทในกลุ่ม", "role", example="เหรัญญิก", aliases=("บทบาท", "ตำแหน่งในกลุ่ม")),
    Column("joined_on", "วันที่เข้าร่วม", "joined_on", example="1/10/2565", aliases=("วันเข้าร่วม",)),
)  # fmt: skip


class MembersKind(ImportKind):
    """Named members of organisations: `organization_member_add`'s rules, re-import updates the
    role and the date joined of an existing member."""

    key = "members"
    columns = MEMBER_COLUMNS

    def __init__(self, context) -> None:
        super().__init__(context)
        self.types = OrganizationTypes()
        self.professions = Professions()
        self.organizations: dict = {}

    def _organization(self, row: Row) -> Organization | None:
        number = row.get("organization_registration", cells.text) or ""
        type_code = row.get("organization_type", self.types) or ""
        name = row.get("organization_name", cells.text) or ""
        area_code = row.get("organization_area", self.context.areas.code_of) or ""
        if not row.ok:
            return None
        key = (number, type_code, name, area_code)
        if key not in self.organizations:
            query = Organization.objects.all()
            if number:
                query = query.filter(registration_number=number)
                if type_code:
                    query = query.filter(type_id=type_code)
            elif name and area_code:
                query = query.filter(name=name, area_id=area_code)
                if type_code:
                    query = query.filter(type_id=type_code)
            else:
                query = query.none()
            self.organizations[key] = list(query[:2])
        found = self.organizations[key]
        column = "organization_registration" if number else "organization_name"
        if len(found) > 1:
            row.error(column, msg("More than one organization fits: add its registration number."))
            return None
        if not found or not self.context.may_read(found[0].area_id):
            row.error(
                column,
                msg(
                    "Unknown organization: give its registration number, or its type, name and area."
                ),
            )
            return None
        if not self.context.may_change(found[0].area_id):
            row.error(column, msg("Out of your area."))
            return None
        return found[0]

    def check(self, rows: list[Row]) -> None:
        drafts = []
        for row in rows:
            organization = self._organization(row)
            row.plan["organization"] = organization
            if organization is None:
                continue
            area = self.context.areas.info(organization.area_id)
            draft = read_person(
                self,
                row,
                self.professions,
                keys={
                    k: None
                    for k in (
                        "given_name_en",
                        "family_name_en",
                        "gender",
                        "birth_year",
                        "profession",
                        "email",
                    )
                },
                default_area=area,
            )
            row.plan["draft"] = draft
            row.plan["role"] = row.get("role", cells.text, max_length=100) or ""
            row.plan["joined_on"] = row.get("joined_on", cells.date)
            if draft is not None:
                drafts.append(draft)
        people = PeopleIndex(drafts, lock=False)
        self.people = PersonWrites()
        pending = []
        for row in rows:
            draft = row.plan.get("draft")
            if draft is None or not row.ok:
                row.action = REJECTED
                continue
            if not people.find(draft, row, self, "national_id", reference=True):
                row.action = REJECTED
                continue
            person = self.people.reference(draft, row.number)
            organization = row.plan["organization"]
            key = ("member", organization.pk, person.pk or id(person))
            if not self.first_time(row, key):
                row.action = REJECTED
                continue
            pending.append((row, organization, person))
        existing = {}
        pairs = [(o.pk, p.pk) for _r, o, p in pending if p.pk]
        if pairs:
            wanted = set(pairs)
            members = OrganizationMember.objects.filter(
                organization_id__in={o for o, _p in wanted}, person_id__in={p for _o, p in wanted}
            )
            existing = {
                (m.organization_id, m.person_id): m
                for m in members
                if (m.organization_id, m.person_id) in wanted
            }
        self.changes = []
        for row, organization, person in pending:
            member = existing.get((organization.pk, person.pk)) if person.pk else None
            role, joined_on = row.plan["role"], row.plan["joined_on"]
            if member is None:
                member = OrganizationMember(
                    organization=organization, role=role, joined_on=joined_on
                )
                row.action = CREATED
                self.changes.append((row, member, None, person))
                continue
            before = audit.field_values(member)
            if row.has("role"):
                member.role = role
            if row.has("joined_on"):
                member.joined_on = joined_on
            after = audit.field_values(member)
            if after == before:
                row.action = UNCHANGED
            else:
                row.action = UPDATED
                self.changes.append((row, member, before, person))

    def write(self, rows: list[Row]) -> None:
        writer = self.context.writer
        self.people.write(writer)
        created = [(r, m, p) for r, m, b, p in self.changes if b is None]
        for _row, member, person in created:
            member.person_id = person.pk
        writer.create([m for _r, m, _p in created], record_kind=RecordKind.MEMBER,
                      rows=[r.number for r, _m, _p in created])  # fmt: skip
        updated = [(r, m, b) for r, m, b, _p in self.changes if b is not None]
        writer.change([m for _r, m, _b in updated], befores=[b for _r, _m, b in updated],
                      fields=("role", "joined_on"), record_kind=RecordKind.MEMBER,
                      rows=[r.number for r, _m, _b in updated])  # fmt: skip
