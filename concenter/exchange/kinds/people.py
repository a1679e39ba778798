"""People: the kind itself, and the person columns other kinds embed (an organisation's leader,
a member, a committee seat).

The rules are `concenter.people.services`' (`_clean` and `person_create`): the same checks in
the same order with the same messages, but with every lookup (areas, professions, existing
people) made once per chunk instead of once per row — `tests/exchange/test_same_rules.py` feeds
the same bad values to `person_create` and to the import and expects the same refusals. The
derived columns (search keys, romanisation, Thai sort key) come from `people.services._derive`.

A person is the same person when the national ID's keyed hash is the same; without an ID, when
one person of the same name already lives in the same subdistrict (two: the row is refused
until it carries the ID).
"""

from dataclasses import dataclass
from functools import cached_property
from types import SimpleNamespace

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concenter.common import audit
from concenter.common.errors import parse_error_message
from concenter.common.thai import ThaiParseError
from concenter.exchange import bulk, cells, staging
from concenter.exchange.columns import Column
from concenter.exchange.kinds.base import (
    CREATED,
    REJECTED,
    UNCHANGED,
    UPDATED,
    ImportKind,
    Row,
    SheetRow,
)
from concenter.exchange.messages import msg
from concenter.exchange.models import RecordKind, StagedPerson
from concenter.network import rollups
from concenter.people.identity import national_id_fingerprint
from concenter.people.models import Gender, Person, Profession
from concenter.people.services import _derive, name_search_key

AREA_HELP_TH = "รหัสหมู่บ้าน 8 หลัก หรือตำบล 6 หลัก หรือชื่อ เช่น ต.ท่ามะขาม อ.เมืองกาญจนบุรี จ.กาญจนบุรี"
AREA_HELP_EN = (
    "8-digit village or 6-digit subdistrict code, or names: ต.ท่ามะขาม อ.เมืองกาญจนบุรี จ.กาญจนบุรี"
)

COLUMNS = (
    Column("title", "คำนำหน้า", "title", example="นาง", help_th="นาย นาง นางสาว หรืออื่น ๆ"),
    Column("given_name", "ชื่อ", "given_name", True, "สมศรี", "ชื่อตัว", "Given name",
           aliases=("ชื่อตัว", "first_name", "first name")),
    Column("family_name", "นามสกุล", "family_name", example="ใจดี", aliases=("surname", "last_name")),
    Column("given_name_en", "ชื่อ (อังกฤษ)", "given_name_en", example="Somsri"),
    Column("family_name_en", "นามสกุล (อังกฤษ)", "family_name_en", example="Jaidee"),
    Column("gender", "เพศ", "gender", example="หญิง", help_th="ชาย หญิง อื่น ๆ หรือเว้นว่าง",
           help_en="male, female, other, or empty"),
    Column("birth_year", "ปีเกิด", "birth_year", example="2510",
           help_th="ปี พ.ศ. หรือ ค.ศ. 4 หลัก เช่น 2510, พ.ศ. 2510, ๒๕๑๐ หรือ 1967 "
                   "(ตัวเลข 2400 ขึ้นไปถือเป็น พ.ศ.)",
           help_en="4-digit Buddhist or Christian Era year: 2510, พ.ศ. 2510, ๒๕๑๐ or 1967 "
                   "(2400 and above is BE)",
           aliases=("ปีเกิด (พ.ศ.)", "ปีเกิด (ค.ศ.)")),
    Column("birth_date", "วันเกิด", "birth_date", example="28/02/2510",
           help_th="วัน เดือน ปี พ.ศ. หรือ ค.ศ. เช่น 28/02/2510, 28 ก.พ. 10, 28 กุมภาพันธ์ 2510, "
                   "๒๘/๐๒/๒๕๑๐ หรือ 1967-02-28 (เก็บไว้เฉพาะปีเกิด; ใส่คอลัมน์นี้หรือปีเกิดก็ได้)",
           help_en="day, month, BE or CE year: 28/02/2510, 28 ก.พ. 10, 28 กุมภาพันธ์ 2510, "
                   "๒๘/๐๒/๒๕๑๐ or 1967-02-28 (only the year is kept)",
           aliases=("วันเดือนปีเกิด", "วัน เดือน ปีเกิด", "วันเกิด (พ.ศ.)", "date of birth",
                    "birth date", "birthday")),
    Column("profession", "อาชีพ", "profession", example="เกษตรกร", help_th="ชื่ออาชีพหรือรหัส",
           help_en="profession name or code"),
    Column("area_code", "รหัสพื้นที่", "area_code", True, "710104", AREA_HELP_TH, AREA_HELP_EN,
           aliases=("พื้นที่", "area", "หมู่บ้าน/ตำบล")),
    Column("national_id", "เลขประจำตัวประชาชน", "national_id",
           help_th="13 หลัก (ถ้ามี) เก็บเป็นรหัสที่ปกป้องแล้วและเลข 4 ตัวท้ายเท่านั้น",
           help_en="13 digits (if known); stored only as a protected code and its last 4 digits",
           aliases=("เลขบัตรประชาชน", "เลขบัตรประจำตัวประชาชน", "national id", "id number")),
    Column("phone", "โทรศัพท์", "phone", example="081 234 5678",
           aliases=("เบอร์โทร", "เบอร์โทรศัพท์", "โทร")),
    Column("email", "อีเมล", "email", aliases=("e-mail", "อีเมล์")),
)  # fmt: skip

# Person fields an import may set, and the columns they come from.
DATA_FIELDS = (
    "title",
    "given_name",
    "family_name",
    "given_name_en",
    "family_name_en",
    "gender",
    "birth_year",
    "profession_id",
    "phone",
    "email",
)
COLUMN_OF_FIELD = {"profession_id": "profession"}
WRITTEN_FIELDS = (
    *DATA_FIELDS,
    "area_id",
    "province_code",
    "district_code",
    "subdistrict_code",
    "national_id_hash",
    "national_id_last4",
    "name_search",
    "sort_key",
    "name_latin",
)
GENDERS = cells.Choices(
    Gender.choices,
    aliases={"ช": Gender.MALE, "ญ": Gender.FEMALE, "m": Gender.MALE, "f": Gender.FEMALE,
             "เพศชาย": Gender.MALE, "เพศหญิง": Gender.FEMALE},
)  # fmt: skip


# Lazy: translated only for a row that needs it (a `gettext` a row was ≈ 30 µs of a big file).
UNKNOWN_GENDER = gettext_lazy("Unknown gender.")


class Professions:
    """Active professions by code, Thai name and English name (one query per run)."""

    def __init__(self) -> None:
        self.lookup: dict[str, str] = {}
        for code, name_th, name_en in Profession.objects.filter(active=True).values_list(
            "code", "name_th", "name_en"
        ):
            for name in (code, name_th, name_en):
                self.lookup.setdefault(cells._choice_key(name), code)

    def __call__(self, value) -> str | None:
        raw = cells.text(value)
        if not raw:
            return None
        found = self.lookup.get(cells._choice_key(raw))
        if found is None:
            raise cells.CellError(_("Unknown profession."))
        return found


@dataclass
class PersonDraft:
    """A person as a row describes them, checked; `existing` once found."""

    values: dict
    area: cells.AreaInfo
    fingerprint: tuple[str, str] | None
    present: set  # the fields whose column the sheet has
    existing: Person | None = None
    derived: dict | None = None  # name_search, sort_key, name_latin: see `derive`
    seq: int | None = None  # its staged row (concenter.exchange.staging), when read from one

    @cached_property
    def name_key(self) -> str:
        return name_search_key(self.values["given_name"], self.values["family_name"])

    def derive(self) -> dict:
        """The derived columns of a new person of this row, by the service's own `_derive`
        (the romanised key left for later: ADR 0013). Computed once, in the check, and kept
        with it, so the commit only writes them."""
        if self.derived is None:
            shaped = SimpleNamespace(given_name=self.values["given_name"],
                                     family_name=self.values["family_name"])  # fmt: skip
            _derive(shaped, latin=False)
            self.derived = {"name_search": shaped.name_search, "sort_key": shaped.sort_key,
                            "name_latin": shaped.name_latin}  # fmt: skip
            self.__dict__["name_key"] = shaped.name_search  # the same key (`name_key`)
        return self.derived

    @classmethod
    def from_staged(cls, seq: int, present: str, record: dict) -> "PersonDraft":
        """The draft a staged row was written from (`PeopleKind.stage`)."""
        area = cells.AreaInfo(code=record["area_id"], level="", active=True,
                              province_code=record["province_code"],
                              district_code=record["district_code"],
                              subdistrict_code=record["subdistrict_code"], name_th="")  # fmt: skip
        hashed = record["national_id_hash"]
        draft = cls(
            values={f: record[f] for f in DATA_FIELDS},
            area=area,
            fingerprint=(hashed, record["national_id_last4"]) if hashed else None,
            present=set(present.split(",")) - {""},
            derived={k: record[k] for k in ("name_search", "sort_key", "name_latin")},
            seq=seq,
        )
        draft.__dict__["name_key"] = record["name_search"]
        return draft

    def new_values(self) -> dict:
        """The fields a new person of this row is created with (what `apply` sets on a new
        instance with `defer_latin`), for `bulk.Writer.create_values`."""
        values = {f: self.values[f] for f in DATA_FIELDS}
        values["area_id"] = self.area.code
        values["province_code"] = self.area.province_code
        values["district_code"] = self.area.district_code
        values["subdistrict_code"] = self.area.subdistrict_code
        if self.fingerprint:
            values["national_id_hash"], values["national_id_last4"] = self.fingerprint
        values.update(self.derive())
        return values


PERSON_KEYS = (
    "title", "given_name", "family_name", "given_name_en", "family_name_en", "gender",
    "birth_year", "birth_date", "profession", "area_code", "national_id", "phone", "email",
)  # fmt: skip
_TITLES = ("นางสาว", "น.ส.", "นาย", "นาง", "ด.ช.", "ด.ญ.", "เด็กชาย", "เด็กหญิง")


def split_full_name(value) -> dict[str, str]:
    """ "นางสมศรี ใจดี" -> title, given and family name (for a leader written in one cell)."""
    name = cells.text(value)
    title = next((t for t in _TITLES if name.startswith(t)), "")
    given, _space, family = name[len(title) :].strip().partition(" ")
    return {"title": title, "given_name": given, "family_name": family.strip()}


def read_person(
    kind: ImportKind,
    row: Row,
    professions: "Professions",
    *,
    keys: dict[str, str | None] | None = None,
    raw: dict[str, str] | None = None,
    default_area: cells.AreaInfo | None = None,
) -> PersonDraft | None:
    """A person's columns of a row, checked as `people.services._clean` checks them (same
    messages, same order of checks). `keys` maps person fields to the row's column keys when
    a kind names them differently (a leader's columns; None: the kind has no such column);
    `raw` gives values read elsewhere (a full name split in three); `default_area` is the area
    when the row names none (a seat's person lives in the center's area)."""
    keys = {**{k: k for k in PERSON_KEYS}, **(keys or {})}
    raw = raw or {}
    present = {f for f, k in keys.items() if f in raw or (k and row.has(k))}
    before = len(row.errors)

    def cell(name: str, parse, **options):
        if name in raw:
            try:
                return parse(raw[name], **options)
            except cells.CellError as exc:
                row.error(keys[name], exc.message)
                return None
        if not keys[name]:
            return None
        return row.get(keys[name], parse, **options)

    values = {
        "title": cell("title", cells.text, max_length=50) or "",
        "given_name": cell("given_name", cells.text, max_length=100) or "",
        "family_name": cell("family_name", cells.text, max_length=100) or "",
        "given_name_en": cell("given_name_en", cells.text, max_length=100) or "",
        "family_name_en": cell("family_name_en", cells.text, max_length=100) or "",
        "gender": cell("gender", GENDERS, message=UNKNOWN_GENDER) or "",
        "phone": cell("phone", cells.text, max_length=30) or "",
        "email": cell("email", cells.email) or "",
    }
    values["gender"] = values["gender"] or Gender.UNSPECIFIED
    if not values["given_name"] and len(row.errors) == before:
        row.error(keys["given_name"], _("Enter the given name."))
    year = cell("birth_year", cells.year)
    year_key = keys["birth_year"]
    date_key = keys.get("birth_date")
    if date_key and row.has(date_key):
        present.add("birth_year")
        born = row.get(date_key, cells.date)
        if born is not None:
            if year is not None and year != born.year:
                row.error(date_key, msg("The birth date and the birth year differ."))
            year, year_key = born.year, date_key
    if year is not None and not 1900 <= year <= kind.context.today.year:
        row.error(year_key, _("The birth year is not plausible."))
    values["birth_year"] = year
    values["profession_id"] = cell("profession", professions)
    area = None
    if keys["area_code"] and row.has(keys["area_code"]) and cells.text(row.raw(keys["area_code"])):
        area = kind.area(row, keys["area_code"])
    elif default_area is not None:
        area = default_area
        if not kind.context.may_change(area.code):
            row.error(keys["area_code"], msg("Out of your area."))
            area = None
    elif keys["area_code"]:
        kind.area(row, keys["area_code"])  # names the missing area
    fingerprint = None
    raw_id = (
        raw.get("national_id")
        if "national_id" in raw
        else (cells.text(row.raw(keys["national_id"])) if keys["national_id"] else "")
    )
    if raw_id:
        try:
            fingerprint = national_id_fingerprint(raw_id)
        except ThaiParseError as exc:
            row.error(keys["national_id"], parse_error_message(exc))
    if len(row.errors) > before or area is None:
        return None
    return PersonDraft(values=values, area=area, fingerprint=fingerprint, present=present)


# The check per column (ADR 0030) --------------------------------------------------------------

# The person's text columns and their form's maximum length, in `read_person`'s order.
_TEXT_COLUMNS = (
    ("title", 50),
    ("given_name", 100),
    ("family_name", 100),
    ("given_name_en", 100),
    ("family_name_en", 100),
)
# Columns with few distinct values in a file: each value's parse is kept for the whole run.
_KEPT_COLUMNS = ("title", "gender", "birth_year", "birth_date", "profession", "area_code")
_KEPT_MAX = 20_000  # distinct values kept a column (past it the column's cache starts again)


class PeopleColumns:
    """The people kind's columns of a chunk of rows, read and checked a column at a time: each
    column becomes a list of (value, error) a row, each distinct cell parsed once (the values
    that repeat — titles, genders, years, dates, professions, areas — once per run), then each
    row's draft is put together with `read_person`'s checks in `read_person`'s order, so its
    errors and its draft are the same (tests/exchange/test_people_columns.py holds them equal).
    Only the people kind reads this way; organisations and committees keep `read_person`."""

    def __init__(self, kind: ImportKind, professions: "Professions") -> None:
        self.kind = kind
        self.professions = professions
        self.kept: dict[tuple[str, str], dict] = {}  # (language, column) -> {cell: parsed}

    def drafts(self, rows: list[Row]) -> list[PersonDraft | None]:
        """The draft of each row (None: refused, its errors noted on the row)."""
        drafts: list[PersonDraft | None] = [None] * len(rows)
        groups: dict[int, list[int]] = {}
        for index, row in enumerate(rows):  # a chunk's rows share one sheet's mapping
            groups.setdefault(id(row.mapping), []).append(index)
        for indexes in groups.values():
            part = [rows[i] for i in indexes]
            for index, draft in zip(indexes, self._drafts(part), strict=True):
                drafts[index] = draft
        return drafts

    def _cells(self, rows: list[Row], key: str) -> list:
        index = rows[0].mapping.get(key)
        if index is None:
            return [""] * len(rows)
        return [c[index] if index < len(c) else "" for c in (r.sheet_row.cells for r in rows)]

    def _column(self, rows: list[Row], key: str, parse, **options) -> list[tuple]:
        """(value, error message or None) of each row's cell of `key`."""
        if key in _KEPT_COLUMNS:
            seen = self.kept.setdefault((translation.get_language() or "", key), {})
            if len(seen) > _KEPT_MAX:
                seen.clear()
        else:
            seen = {}
        result = []
        for cell in self._cells(rows, key):
            try:
                # By type too: 2510 and 2510.0 (two spreadsheet cells) are equal keys of a
                # dict but not the same text.
                known = (cell.__class__, cell)
                parsed = seen.get(known)
            except TypeError:  # an unhashable cell: parsed, not kept
                known, parsed = None, None
            if parsed is None:
                try:
                    parsed = (parse(cell, **options), None)
                except cells.CellError as exc:
                    parsed = (None, str(exc.message))
                if known is not None:
                    seen[known] = parsed
            result.append(parsed)
        return result

    def _area(self, cell):
        """The area of a cell as `ImportKind.area` finds it: (info or None, its errors)."""
        probe = Row(SheetRow(sheet="", number=0, cells=[cell]), {"area_code": 0},
                    self.kind.columns_by_key)  # fmt: skip
        return self.kind.area(probe, "area_code"), tuple(probe.errors)

    def _drafts(self, rows: list[Row]) -> list[PersonDraft | None]:
        kind, columns = self.kind, self.kind.columns_by_key
        label = {key: (columns[key].label if key in columns else "") for key in PERSON_KEYS}
        mapping = rows[0].mapping
        present = {f for f in PERSON_KEYS if f in mapping}
        dated = "birth_date" in mapping
        if dated:
            present.add("birth_year")
        texts = [
            (key, self._column(rows, key, cells.text, max_length=limit))
            for key, limit in _TEXT_COLUMNS
        ]
        texts.append(("gender", self._column(rows, "gender", GENDERS, message=UNKNOWN_GENDER)))
        texts.append(("phone", self._column(rows, "phone", cells.text, max_length=30)))
        texts.append(("email", self._column(rows, "email", cells.email)))
        years = self._column(rows, "birth_year", cells.year)
        dates = self._column(rows, "birth_date", cells.date) if dated else None
        professions = self._column(rows, "profession", self.professions)
        areas = self._column(rows, "area_code", self._area)
        ids = self._cells(rows, "national_id")
        no_given_name = _("Enter the given name.")
        differ = str(msg("The birth date and the birth year differ."))
        implausible = _("The birth year is not plausible.")
        this_year = kind.context.today.year
        drafts = []
        for i, row in enumerate(rows):
            errors = row.errors
            before = len(errors)
            values = {}
            for key, column in texts:
                value, error = column[i]
                if error is not None:
                    errors.append((label[key], error))
                values[key] = value or ""
            values["gender"] = values["gender"] or Gender.UNSPECIFIED
            if not values["given_name"] and len(errors) == before:
                errors.append((label["given_name"], no_given_name))
            year, error = years[i]
            if error is not None:
                errors.append((label["birth_year"], error))
            year_key = "birth_year"
            if dated:
                born, error = dates[i]
                if error is not None:
                    errors.append((label["birth_date"], error))
                if born is not None:
                    if year is not None and year != born.year:
                        errors.append((label["birth_date"], differ))
                    year, year_key = born.year, "birth_date"
            if year is not None and not 1900 <= year <= this_year:
                errors.append((label[year_key], implausible))
            values["birth_year"] = year
            profession, error = professions[i]
            if error is not None:
                errors.append((label["profession"], error))
            values["profession_id"] = profession
            (area, area_errors), _error = areas[i]
            errors.extend(area_errors)
            fingerprint = None
            raw_id = cells.text(ids[i])
            if raw_id:
                try:
                    fingerprint = national_id_fingerprint(raw_id)
                except ThaiParseError as exc:
                    errors.append((label["national_id"], str(parse_error_message(exc))))
            if len(errors) > before or area is None:
                drafts.append(None)
                continue
            drafts.append(PersonDraft(values=values, area=area, fingerprint=fingerprint,
                                      present=set(present)))  # fmt: skip
        return drafts


class PeopleIndex:
    """Existing people of a chunk, found by ID hash and by name in a subdistrict (two queries).
    `staged`: (batch id, first seq, last seq) when every draft is a staged row: the queries
    then join the staging table (set-based) instead of listing the chunk's keys."""

    def __init__(
        self, drafts: list[PersonDraft], *, lock: bool, staged: tuple | None = None
    ) -> None:
        hashes = [d.fingerprint[0] for d in drafts if d.fingerprint]
        names = {(d.area.subdistrict_code, d.name_key) for d in drafts if d.area.subdistrict_code}
        self.by_hash: dict[str, Person] = {}
        self.by_name: dict[tuple[str, str], list[Person]] = {}
        base = Person.objects.select_for_update() if lock else Person.objects.all()
        if staged is not None:
            rows = StagedPerson.objects.filter(batch_id=staged[0], seq__range=staged[1:])
            hash_parts = [rows.filter(national_id_hash__isnull=False).values("national_id_hash")]
            name_parts = [rows.values("name_search")]
        else:
            hash_parts = [hashes[start : start + 900] for start in range(0, len(hashes), 900)]
            keys = sorted({n for _s, n in names})
            name_parts = [keys[start : start + 900] for start in range(0, len(keys), 900)]
        if hashes:
            for part in hash_parts:
                for person in base.filter(national_id_hash__in=part):
                    self.by_hash[person.national_id_hash] = person
        if names:
            # By name only (its index), then by subdistrict here: asking SQLite for both lets it
            # pick the subdistrict index and read every person of the subdistrict each chunk.
            for part in name_parts:
                query = base.filter(name_search__in=part, anonymized_at__isnull=True).order_by("pk")
                for person in query:
                    key = (person.subdistrict_code, person.name_search)
                    if key in names:
                        self.by_name.setdefault(key, []).append(person)

    def find(
        self,
        draft: PersonDraft,
        row: Row,
        kind: ImportKind,
        id_key: str | None,
        name_key: str | None = "given_name",
        area_key: str | None = "area_code",
        *,
        reference: bool = False,
    ) -> bool:
        """Set draft.existing; False (row rejected) when the match is ambiguous or out of reach.
        A `reference` (a leader, a member, a seat) only has to be readable: it is not changed."""
        reach = kind.context.may_read if reference else kind.context.may_change
        if draft.fingerprint:
            existing = self.by_hash.get(draft.fingerprint[0])
            if existing is not None:
                if not reach(existing.area_id):
                    row.error(
                        id_key, msg("This ID number is registered to a person outside your area.")
                    )
                    return False
                draft.existing = existing
                return True
        same_name = [
            p
            for p in self.by_name.get((draft.area.subdistrict_code, draft.name_key), [])
            if not (draft.fingerprint and p.national_id_hash)
        ]
        if len(same_name) > 1:
            row.error(
                name_key,
                msg(
                    "More than one person of this name lives in this subdistrict: add the ID number."
                ),
            )
            return False
        if same_name:
            if not reach(same_name[0].area_id):
                row.error(area_key, msg("Out of your area."))
                return False
            draft.existing = same_name[0]
        return True


def natural_key(draft: PersonDraft):
    if draft.existing is not None:
        return ("person", draft.existing.pk)
    if draft.fingerprint:
        return ("id", draft.fingerprint[0])
    return ("name", draft.area.subdistrict_code or draft.area.code, draft.name_key)


NAME_FIELDS = ("given_name", "family_name", "given_name_en", "family_name_en")


def apply(draft: PersonDraft, *, defer_latin: bool = False) -> tuple[Person, dict | None, bool]:
    """The person after the row: (person, audit values before or None when new, changed).

    `defer_latin`: a new name's romanised key is left empty, filled after the import by
    `exchange.romanize` (an unchanged name keeps its key)."""
    existing = draft.existing
    latin_before = existing.name_latin if existing is not None else ""
    if existing is None:
        person = Person(**{f: draft.values[f] for f in DATA_FIELDS})
        before = None
    else:
        person = existing
        before = audit.field_values(existing)
        for field in DATA_FIELDS:
            if COLUMN_OF_FIELD.get(field, field) in draft.present or field == "given_name":
                setattr(person, field, draft.values[field])
    person.area_id = draft.area.code
    person.province_code = draft.area.province_code
    person.district_code = draft.area.district_code
    person.subdistrict_code = draft.area.subdistrict_code
    if draft.fingerprint:
        person.national_id_hash, person.national_id_last4 = draft.fingerprint
    if defer_latin:
        same_name = before is not None and all(
            str(getattr(person, f)) == str(before.get(f)) for f in NAME_FIELDS
        )
        _derive(person, latin=False)
        if same_name:
            person.name_latin = latin_before
    else:
        _derive(person)
    changed = before is None or any(
        str(getattr(person, f)) != str(before.get(_audit_name(f))) for f in WRITTEN_FIELDS
    )
    return person, before, changed


def _audit_name(attname: str) -> str:
    return attname[:-3] if attname.endswith("_id") else attname


def contributions_of(values: dict | None) -> list:
    """A person's roll-up contributions from their audit values (the record before a change)."""
    if values is None:
        return []
    codes = tuple(
        c
        for c in (
            "TH",
            values["province_code"],
            values["district_code"],
            values["subdistrict_code"],
        )
        if c
    )
    return [(codes, "people", values.get("profession") or "", 1)]


class PersonWrites:
    """People to create or change, gathered over a chunk and written at once."""

    def __init__(self, *, defer_latin: bool = False, lean: bool = False) -> None:
        self.defer_latin = defer_latin
        # `lean`: a row's new person stays its draft (no model instance), written by
        # `Writer.create_values`; only `add` (the people kind) makes them.
        self.lean = lean
        self.new: list[Person] = []
        self.new_rows: list[int] = []
        self.new_drafts: list[PersonDraft] = []
        self.new_draft_rows: list[int] = []
        self.new_seqs: list[int] = []  # staged rows created as they are (`add_staged`)
        self.changed: list[Person] = []
        self.changed_rows: list[int] = []
        self.befores: list[dict] = []
        self.pending: dict = {}  # natural key -> Person (one record for rows naming the same)

    def add(self, draft: PersonDraft, row_number: int) -> tuple[Person, str]:
        key = natural_key(draft)
        if key in self.pending:
            return self.pending[key], UNCHANGED
        if self.lean and draft.existing is None:
            self.pending[key] = None
            self.new_drafts.append(draft)
            self.new_draft_rows.append(row_number)
            return None, CREATED
        person, before, changed = apply(draft, defer_latin=self.defer_latin)
        self.pending[key] = person
        if before is None:
            self.new.append(person)
            self.new_rows.append(row_number)
            return person, CREATED
        if not changed:
            return person, UNCHANGED
        self.changed.append(person)
        self.changed_rows.append(row_number)
        self.befores.append(before)
        return person, UPDATED

    def add_staged(self, seq: int, key) -> str:
        """A staged row's new person, written by `staging.write_new` (no draft read back)."""
        if key in self.pending:
            return UNCHANGED
        self.pending[key] = None
        self.new_seqs.append(seq)
        return CREATED

    def reference(self, draft: PersonDraft, row_number: int) -> Person:
        """The person a row refers to: the existing one as it is, or a new one to create."""
        if draft.existing is not None:
            return draft.existing
        key = natural_key(draft)
        if key not in self.pending:
            person, _before, _changed = apply(draft)
            self.pending[key] = person
            self.new.append(person)
            self.new_rows.append(row_number)
        return self.pending[key]

    def write(self, writer) -> None:
        staged = [*self.new_seqs, *(d.seq for d in self.new_drafts if d.seq is not None)]
        drafts = [(d, r) for d, r in zip(self.new_drafts, self.new_draft_rows, strict=True)
                  if d.seq is None]  # fmt: skip
        if staged:  # written by the database from the check's staged rows
            staging.write_new(writer, Person, staged, record_kind=RecordKind.PERSON,
                              contributions=rollups.person_contributions)  # fmt: skip
        writer.create_values(
            Person,
            [draft.new_values() for draft, _row in drafts],
            record_kind=RecordKind.PERSON,
            rows=[row for _draft, row in drafts],
            contributions=rollups.person_contributions,
        )
        writer.create(
            self.new,
            record_kind=RecordKind.PERSON,
            rows=self.new_rows,
            contributions=rollups.person_contributions,
        )
        writer.change(
            self.changed,
            befores=self.befores,
            fields=WRITTEN_FIELDS,
            record_kind=RecordKind.PERSON,
            rows=self.changed_rows,
            contributions_before=[contributions_of(b) for b in self.befores],
            contributions=rollups.person_contributions,
        )


class PeopleKind(ImportKind):
    key = "people"
    columns = COLUMNS
    chunked_commit = True
    romanize_after = True
    keeps_check = True
    guide_takes = ("dates",)  # the template's guide explains dates (วันเกิด), not money
    # New people written from their checked values, with no model instance each
    # (`bulk.Writer.create_values`); False: through instances (`apply`), as before — the two
    # are proved equal by tests/exchange/test_lean_people_path.py.
    lean_writes = True

    # The rows of a chunk read and checked a column at a time (`PeopleColumns`, ADR 0030);
    # False: a row at a time by `read_person`, as before — the two are proved equal by
    # tests/exchange/test_people_columns.py and test_lean_people_path.py.
    column_check = True
    # A commit's chunk decided from the staged rows' keys in SQL when nothing changed since the
    # check (`_check_staged`); False: every row's draft read back and looked up, as before —
    # the two are proved equal by tests/exchange/test_staged_check.py.
    staged_check = True

    def __init__(self, context) -> None:
        super().__init__(context)
        self.professions = Professions()
        self.reader = PeopleColumns(self, self.professions)

    def prepare(self, rows: list[Row]) -> None:
        cells_ = {row.raw("area_code") for row in rows if row.has("area_code")}
        self.context.areas.preload(_digits(cell) for cell in cells_)
        if self.column_check:
            drafts = self.reader.drafts(rows)
        else:
            drafts = [read_person(self, row, self.professions) for row in rows]
        for row, draft in zip(rows, drafts, strict=True):
            if draft is not None:
                draft.derive()
            row.plan["draft"] = draft

    def stage(self, batch_id: int, rows: list[Row], start: int) -> int:
        """Write the chunk's new-person rows to the staging table (`exchange.staging`), each
        with every column it would be created with; `row.plan["staged"]` is its place there,
        what the kept check keeps instead of the draft. Returns how many were staged."""
        shape, defaults = bulk._shape(Person), bulk._defaults(Person)
        items, seq = [], start
        for row in rows:
            draft = row.plan.get("draft")
            if draft is None:
                continue
            record = {**defaults, **draft.new_values()}
            items.append((seq, row.number, draft.present, str(shape(**record)), record))
            row.plan["staged"] = seq
            seq += 1
        staging.stage(batch_id, items)
        return seq - start

    def _read_staged(self, rows: list[Row]) -> None:
        """A commit from the kept check: the drafts of the chunk's staged rows, read back."""
        seqs = [r.plan["draft"] for r in rows if isinstance(r.plan.get("draft"), int)]
        if not seqs:
            return
        found = staging.read(self.context.writer.batch_id, min(seqs), max(seqs))
        for row in rows:
            seq = row.plan.get("draft")
            if isinstance(seq, int):
                row.plan["draft"] = PersonDraft.from_staged(seq, *found[seq])

    def check(self, rows: list[Row]) -> None:
        if rows and "draft" not in rows[0].plan:
            self.prepare(rows)
        if self.staged_check and self._check_staged(rows):
            return
        self._read_staged(rows)
        drafts = [row.plan["draft"] for row in rows if row.plan.get("draft") is not None]
        seqs = [d.seq for d in drafts if d.seq is not None]
        staged = None
        if drafts and len(seqs) == len(drafts):  # the kept check's staged rows: joined in SQL
            staged = (self.context.writer.batch_id, min(seqs), max(seqs))
        index = PeopleIndex(drafts, lock=self.context.writer is not None, staged=staged)
        # Romanised names come after the import (`exchange.romanize`): they would cap its rate.
        writes = PersonWrites(defer_latin=True, lean=self.lean_writes)
        for row in rows:
            draft = row.plan.get("draft")
            if draft is not None and not self.context.may_change(draft.area.code):
                # Kept from the check: the scope may have shrunk since.
                row.error("area_code", msg("Out of your area."))
                draft = None
            if draft is None or not index.find(draft, row, self, "national_id"):
                row.action = REJECTED
                continue
            if not self.first_time(row, natural_key(draft)):
                row.action = REJECTED
                continue
            _person, row.action = writes.add(draft, row.number)
        self.writes = writes

    def _check_staged(self, rows: list[Row]) -> bool:
        """A commit's chunk of the kept check's rows, when nothing has changed since the check
        for it: every row staged (or refused by the check), every area still in the actor's
        scope, and no person everyone sees registered since with one of their ID hashes or
        names (`staging.any_registered`, in SQL). Then each staged row creates its person as
        `check` would decide (the same keys for in-file duplicates), from its key columns alone;
        otherwise False, and `check` reads the drafts back and decides row by row."""
        writer = self.context.writer
        if writer is None or not self.lean_writes or not rows:
            return False
        seqs = [r.plan.get("draft") for r in rows]
        if any(s is not None and not isinstance(s, int) for s in seqs):
            return False
        staged = [s for s in seqs if s is not None]
        if not staged:
            return False
        low, high = min(staged), max(staged)
        found = staging.keys(writer.batch_id, low, high)
        if not all(self.context.may_change(code) for code in {f[0] for f in found.values()}):
            return False
        if staging.any_registered(writer.batch_id, low, high):
            return False
        writes = PersonWrites(defer_latin=True, lean=True)
        for row in rows:
            seq = row.plan.get("draft")
            if seq is None:
                row.action = REJECTED
                continue
            area, subdistrict, name_key, hashed = found[seq]
            key = ("id", hashed) if hashed else ("name", subdistrict or area, name_key)
            if not self.first_time(row, key):
                row.action = REJECTED
                continue
            row.action = writes.add_staged(seq, key)
        self.writes = writes
        return True

    def write(self, rows: list[Row]) -> None:
        self.writes.write(self.context.writer)


def _digits(value) -> str:
    try:
        return cells.digits(value)
    except cells.CellError:
        return ""
