"""Committees: one row per seat of a term (center, term dates, position, person).

A committee is imported whole: its rows are checked together with the committee rules of
`concenter.network.rules` (position limits, exactly one chair, 9–25 members to be active) and
the term rules of `network.services._check_term_dates` (no overlap with another term of the
center). When one of its rows is refused, every row of that committee is, so a committee is never
half-stored. A term is known by its center and dates: re-importing it adds the seats it lacks and
corrects positions; seats are never removed by an import.

People are found by national ID or by name in the center's area, or registered with the people
rules. A new term is made active (the default) only if every activation rule holds.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from concenter.common import audit, clock
from concenter.exchange import cells
from concenter.exchange.columns import Column
from concenter.exchange.kinds.base import CREATED, REJECTED, UNCHANGED, UPDATED, ImportKind, Row
from concenter.exchange.kinds.people import PeopleIndex, PersonWrites, Professions, read_person
from concenter.exchange.messages import msg
from concenter.exchange.models import RecordKind
from concenter.network import rollups, rules
from concenter.network.models import (
    Center,
    ChosenBy,
    CommitteeTerm,
    Organization,
    Position,
    Seat,
    TermStatus,
)
from concenter.network.services import _check_term_dates

COLUMNS = (
    Column("center_code", "รหัสศูนย์", "center_code", True, "710104",
           "รหัสพื้นที่ของศูนย์ (ตำบล อำเภอ หรือจังหวัด)", aliases=("ศูนย์", "center")),
    Column("term_starts_on", "วันเริ่มวาระ", "term_starts_on", True, "1/10/2568",
           aliases=("เริ่มวาระ",)),
    Column("term_ends_on", "วันสิ้นสุดวาระ", "term_ends_on", True, "30/9/2572",
           aliases=("สิ้นสุดวาระ",)),
    Column("chosen_on", "วันที่ได้รับเลือก", "chosen_on", example="15/9/2568"),
    Column("chosen_by", "วิธีได้มา", "chosen_by", example="การเลือกตั้ง", help_th="การเลือกตั้ง หรือการคัดเลือก"),
    Column("term_status", "สถานะวาระ", "term_status", example="ใช้งาน",
           help_th="ใช้งาน (ค่าเริ่มต้น: ต้องครบตามกฎของคณะกรรมการ) หรือ ร่าง"),
    Column("position", "ตำแหน่ง", "position", True, "ประธาน",
           "ประธาน รองประธาน เลขานุการ ผู้ช่วยเลขานุการ เหรัญญิก ประชาสัมพันธ์ ปฏิคม กรรมการ ที่ปรึกษา"),
    Column("title", "คำนำหน้า", "title", example="นาย"),
    Column("given_name", "ชื่อ", "given_name", True, "สมชาย"),
    Column("family_name", "นามสกุล", "family_name", example="ใจดี"),
    Column("national_id", "เลขประจำตัวประชาชน", "national_id", help_th="13 หลัก (ถ้ามี)"),
    Column("person_area", "พื้นที่ของกรรมการ", "person_area", example="71010401",
           help_th="หมู่บ้านหรือตำบลที่กรรมการอาศัย (เว้นว่าง = พื้นที่ของศูนย์)"),
    Column("phone", "โทรศัพท์", "phone"),
    Column("organization", "องค์กรที่เป็นผู้แทน", "organization",
           help_th="เลขทะเบียนหรือชื่อองค์กรชุมชนที่กรรมการเป็นผู้แทน (ถ้ามี)"),
)  # fmt: skip
TERM_ACTIVE = "active"
TERM_DRAFT = "draft"
TERM_STATUSES = cells.Choices(
    [(TERM_ACTIVE, "ใช้งาน"), (TERM_DRAFT, "ร่าง")],
    aliases={"active": TERM_ACTIVE, "draft": TERM_DRAFT, "Active": TERM_ACTIVE},
)
POSITIONS = cells.Choices(
    Position.choices,
    aliases={"ประธานกรรมการ": Position.CHAIR, "รองประธานกรรมการ": Position.VICE_CHAIR,
             "เลขา": Position.SECRETARY, "กรรมการและเลขานุการ": Position.SECRETARY,
             "กรรมการและเหรัญญิก": Position.TREASURER, "ผู้ช่วยเลขา": Position.ASSISTANT_SECRETARY},
)  # fmt: skip
CHOSEN_BY = cells.Choices(ChosenBy.choices)


class CommitteesKind(ImportKind):
    key = "committees"
    columns = COLUMNS
    whole_file = True

    def __init__(self, context) -> None:
        super().__init__(context)
        self.professions = Professions()
        self.centers: dict[str, Center | None] = {}
        self.organizations: dict = {}

    # Reading a row ------------------------------------------------------------------------

    def _center(self, row: Row) -> Center | None:
        code = row.get("center_code", self.context.areas.code_of) or ""
        if not code:
            return None
        if code not in self.centers:
            self.centers[code] = Center.objects.filter(pk=code).first()
        center = self.centers[code]
        if center is None or not self.context.may_read(center.area_id):
            row.error("center_code", msg("Unknown center: give the code of its area."))
            return None
        if not self.context.may_change(center.area_id):
            row.error("center_code", msg("Out of your area."))
            return None
        return center

    def _organization(self, row: Row, center: Center) -> Organization | None:
        value = row.get("organization", cells.text) or ""
        if not value:
            return None
        key = (center.pk, value)
        if key not in self.organizations:
            column = {2: "province_code", 4: "district_code", 6: "subdistrict_code"}[len(center.pk)]
            self.organizations[key] = list(
                Organization.objects.filter(**{column: center.pk})
                .filter(Q(registration_number=value) | Q(name=value))
                .order_by("pk")[:2]
            )
        found = self.organizations[key]
        if len(found) != 1 or not self.context.may_read(found[0].area_id):
            row.error("organization", _("Unknown organization."))
            return None
        return found[0]

    def _read(self, row: Row) -> None:
        center = self._center(row)
        starts_on = row.get("term_starts_on", cells.date)
        ends_on = row.get("term_ends_on", cells.date)
        plan = row.plan
        plan["chosen_on"] = row.get("chosen_on", cells.date)
        plan["chosen_by"] = (
            row.get("chosen_by", CHOSEN_BY, message=_("Unknown way of choosing."))
            or ChosenBy.ELECTION
        )
        plan["target"] = row.get("term_status", TERM_STATUSES) or TERM_ACTIVE
        plan["position"] = row.get("position", POSITIONS, message=_("Unknown position.")) or ""
        if not plan["position"] and row.ok:
            row.error("position", msg("Required."))
        if not starts_on or not ends_on:
            if row.ok:
                row.error("term_starts_on", _("Enter the start and end of the term."))
        elif ends_on <= starts_on:
            row.error("term_ends_on", _("The term must end after it starts."))
        if center is None:
            return
        plan["organization"] = self._organization(row, center)
        plan["draft"] = read_person(
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
                    )
                },
                "area_code": "person_area",
            },
            default_area=self.context.areas.info(center.pk),
        )
        plan["term_key"] = (center.pk, starts_on, ends_on) if starts_on and ends_on else None
        plan["center"] = center

    # Checking the committees --------------------------------------------------------------

    def check(self, rows: list[Row]) -> None:
        self.context.areas.preload(cells.text(r.raw("person_area")) for r in rows)
        for row in rows:
            self._read(row)
        drafts = [r.plan["draft"] for r in rows if r.plan.get("draft") is not None]
        people = PeopleIndex(drafts, lock=False)
        self.people = PersonWrites()
        groups: dict = defaultdict(list)
        for row in rows:
            draft = row.plan.get("draft")
            if (
                draft is not None
                and row.ok
                and people.find(
                    draft, row, self, "national_id", "given_name", "person_area", reference=True
                )
            ):
                row.plan["person"] = self.people.reference(draft, row.number)
            if row.plan.get("term_key"):
                groups[row.plan["term_key"]].append(row)
            else:
                row.action = REJECTED
        self.terms = []
        for key, group in groups.items():
            self._check_committee(key, group)
        used = [
            (p, n)
            for p, n in zip(self.people.new, self.people.new_rows, strict=True)
            if getattr(p, "_import_used", False)
        ]
        self.people.new = [p for p, _n in used]
        self.people.new_rows = [n for _p, n in used]

    def _check_committee(self, key, group: list[Row]) -> None:
        center, starts_on, ends_on = group[0].plan["center"], key[1], key[2]
        term = (
            CommitteeTerm.objects.filter(center=center, starts_on=starts_on, ends_on=ends_on)
            .exclude(status=TermStatus.CANCELLED)
            .first()
        )
        problems: list[tuple[str | None, str]] = []
        try:
            _check_term_dates(center.pk, starts_on, ends_on, exclude_id=term.pk if term else None)
        except ValidationError as exc:
            for field, texts in exc.message_dict.items():
                problems.extend((field if field in self.columns_by_key else "term_starts_on", t)
                                for t in texts)  # fmt: skip
        chosen_on = group[0].plan["chosen_on"]
        if term is None and chosen_on:  # as committee_term_create
            if chosen_on > starts_on:
                problems.append(
                    ("chosen_on", _("The committee is chosen before its term starts, not after."))
                )
            elif chosen_on > clock.today():
                problems.append(
                    ("chosen_on", _("The date the committee was chosen is in the future."))
                )
        target = group[0].plan["target"]
        open_seats = {}
        if term is not None:
            open_seats = {s.person_id: s for s in term.seats.filter(ends_on__isnull=True)}
        seen: dict = {}
        seats = []
        for row in group:
            person = row.plan.get("person")
            if person is None or not row.ok:
                continue
            person_key = person.pk or id(person)
            if person_key in seen:
                row.error("given_name", msg("The same person holds two seats of this term (rows %(rows)s).",
                                            rows=f"{seen[person_key]}, {row.number}"))  # fmt: skip
                continue
            seen[person_key] = row.number
            seats.append((row, person, open_seats.get(person.pk) if person.pk else None))
        final = {pid: s.position for pid, s in open_seats.items()}
        for row, person, _seat in seats:
            final[person.pk or id(person)] = row.plan["position"]
        positions = list(final.values())
        status = term.status if term is not None else TermStatus.DRAFT
        if status == TermStatus.ACTIVE:  # as seat_add: position limits and the maximum size
            _minimum, maximum = rules.committee_size_bounds()
            problems.extend((None, p) for p in _limit_problems(positions))
            if rules.counted_members(positions) > maximum:
                problems.append(
                    (
                        None,
                        _("The committee already has the maximum of %(max)s members.")
                        % {"max": maximum},
                    )
                )
        elif target == TERM_ACTIVE:
            found = rules.activation_problems(positions)
            if found:
                problems.append((None, msg("This committee cannot be activated: %(problems)s",
                                           problems=" ".join(found))))  # fmt: skip
        else:
            problems.extend((None, p) for p in _limit_problems(positions))
        failed = problems or any(not r.ok or r.plan.get("person") is None for r in group)
        if failed:
            for row in group:
                for column, text in problems:
                    row.error(column, text)
                if row.ok:
                    row.error(
                        None,
                        msg(
                            "Another row of this committee was rejected: a committee is imported whole."
                        ),
                    )
                row.action = REJECTED
            return
        if not self.first_time(group[0], ("term", key)):
            for row in group:
                row.action = REJECTED
            return
        plan = {"term": term, "center": center, "starts_on": starts_on, "ends_on": ends_on,
                "target": target, "rows": group, "seats": seats, "final": positions,
                "chosen_on": group[0].plan["chosen_on"], "chosen_by": group[0].plan["chosen_by"]}  # fmt: skip
        for row, person, seat in seats:
            person._import_used = True
            if seat is None:
                row.action = CREATED
            elif seat.position != row.plan["position"]:
                row.action = UPDATED
            else:
                row.action = UNCHANGED
        plan["activates"] = target == TERM_ACTIVE and status != TermStatus.ACTIVE
        self.terms.append(plan)

    # Writing -------------------------------------------------------------------------------

    def write(self, rows: list[Row]) -> None:
        writer = self.context.writer
        self.people.write(writer)
        now = clock.now()
        for plan in self.terms:
            term, center = plan["term"], plan["center"]
            first_row = plan["rows"][0].number
            counted_before = 0
            if term is None:
                term = CommitteeTerm(center=center, starts_on=plan["starts_on"], ends_on=plan["ends_on"],
                                     chosen_on=plan["chosen_on"], chosen_by=plan["chosen_by"],
                                     status=TermStatus.DRAFT)  # fmt: skip
                if plan["activates"]:
                    term.status, term.activated_at = TermStatus.ACTIVE, now
                writer.create([term], record_kind=RecordKind.TERM, rows=[first_row])
            else:
                before = audit.field_values(term)
                counted_before = rules.counted_members(
                    term.seats.filter(ends_on__isnull=True).values_list("position", flat=True)
                )
                if plan["activates"]:
                    term.status, term.activated_at = TermStatus.ACTIVE, now
                if any(r.action != UNCHANGED for r in plan["rows"]) or plan["activates"]:
                    writer.change([term], befores=[before], fields=("status", "activated_at"),
                                  record_kind=RecordKind.TERM, rows=[first_row])  # fmt: skip
            new_seats, new_rows, changed, changed_rows, befores = [], [], [], [], []
            for row, person, seat in plan["seats"]:
                if seat is None:
                    new_seats.append(Seat(term=term, person_id=person.pk, position=row.plan["position"],
                                          organization=row.plan.get("organization")))  # fmt: skip
                    new_rows.append(row.number)
                elif seat.position != row.plan["position"]:
                    befores.append(audit.field_values(seat))
                    seat.position = row.plan["position"]
                    if row.has("organization"):
                        seat.organization = row.plan.get("organization")
                    changed.append(seat)
                    changed_rows.append(row.number)
            writer.create(new_seats, record_kind=RecordKind.SEAT, rows=new_rows)
            writer.change(changed, befores=befores, fields=("position", "organization_id"),
                          record_kind=RecordKind.SEAT, rows=changed_rows)  # fmt: skip
            if term.status == TermStatus.ACTIVE:
                counted_after = rules.counted_members(plan["final"])
                if plan["activates"]:
                    writer.rollup(after=rollups.term_contributions(term, center, counted_after))
                elif counted_after != counted_before:
                    key = rollups.term_key(term.starts_on, term.ends_on)
                    writer.rollup(
                        after=[(center.area_codes, "seats", key, counted_after - counted_before)]
                    )


def _limit_problems(positions: list[str]) -> list[str]:
    """The position limits (at most one chair, two vice-chairs …) over a set of open seats."""
    problems, so_far = [], []
    for position in positions:
        problem = rules.position_limit_problem(so_far, position)
        if problem and problem not in problems:
            problems.append(problem)
        so_far.append(position)
    return problems
