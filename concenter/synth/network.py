"""The synthetic network: villages, people, organisations, centers, committees, partners, activities.

The generator writes villages, people, community organisations, centers with one active
committee term each, and a few partners per province, with `bulk_create` in batches inside one
transaction per province, the way the bulk import paths write: every derived column the services
fill (ancestor codes, search keys, romanisations, Thai sort keys, the national-ID hash) is filled
here the same way, and each batch gets its audit entries through `audit.audit_bulk` unless the
caller turns the audit off. The roll-ups are recomputed once at the end (`rollup_rebuild`).

One `random.Random(seed)` draws everything, areas in code order, so the same seed on the same
geography and the same day gives the same records (dates are drawn relative to today).
Romanisation is slow (pythainlp's royin, milliseconds a word), so it is computed once per
distinct word and reused; the result equals `romanize_name` of the whole name because a Thai run
never spans a space.
"""

import csv
import datetime
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from auditlog.models import LogEntry
from django.db import transaction

from concenter.common import audit, clock, search_index
from concenter.common.thai import (
    fiscal_year_be,
    generate_fictional_national_id,
    normalize_text,
    thai_sort_key,
)
from concenter.geography.models import Area, Level
from concenter.geography.services import _fill_derived, village_code
from concenter.network import rules
from concenter.network.models import (
    Center,
    CenterStatus,
    ChosenBy,
    CommitteeTerm,
    Organization,
    OrganizationStatus,
    OrganizationType,
    Partner,
    PartnerKind,
    Position,
    Seat,
    TermStatus,
)
from concenter.network.services import center_default_name
from concenter.people.identity import national_id_hash
from concenter.people.models import Gender, Person, Profession
from concenter.synth.base import (
    PROFESSIONS,
    SynthReport,
    Timer,
    add_years,
    bulk_create_batch,
    cached_sort_key,
    latin_of,
)

# Densities of the national network (issue: 75,000 villages, 400,000 organisations and
# 2,000,000 people over 7,436 subdistricts), the same for every scale except `tiny`.
NATIONAL_SUBDISTRICTS = 7436


@dataclass(frozen=True)
class Scale:
    area_codes: tuple[str, ...] | None  # None: the whole country
    villages: tuple[int, int]  # per subdistrict
    people: tuple[int, int]  # per subdistrict
    organizations: tuple[int, int]  # per subdistrict, village funds included
    partners: int  # per province
    activities: tuple[int, int]  # per center


SCALES = {
    "tiny": Scale(("7101",), (2, 4), (30, 40), (6, 10), 2, (2, 5)),
    "province": Scale(("71",), (5, 15), (202, 336), (40, 68), 5, (40, 78)),
    "national": Scale(None, (5, 15), (202, 336), (40, 68), 5, (40, 78)),
}
BATCH_SIZE = 5000


FEMALE_SHARE = 0.56
COMMON_NAME_SHARE = 0.45
NATIONAL_ID_SHARE = 0.5
PHONE_SHARE = 0.75
VILLAGE_SHARE = 0.9  # people living in a village, the rest registered at subdistrict level

VILLAGE_FIRST = [
    "หนอง",
    "ท่า",
    "โคก",
    "ดอน",
    "ห้วย",
    "นา",
    "ป่า",
    "ทุ่ง",
    "วัง",
    "บึง",
    "เขา",
    "โนน",
    "สระ",
    "คลอง",
    "บ่อ",
    "ไร่",
    "หัว",
    "ปาก",
]
VILLAGE_SECOND = [
    "บัว",
    "ไผ่",
    "แดง",
    "ใหญ่",
    "น้อย",
    "ทอง",
    "ยาง",
    "ขาม",
    "มะม่วง",
    "ตะเคียน",
    "หิน",
    "ทราย",
    "กลาง",
    "ใหม่",
    "เก่า",
    "สะแก",
    "โพธิ์",
    "ไทร",
    "มะขาม",
    "กระเบา",
    "จาน",
    "ลาน",
    "ตาล",
    "หว้า",
    "ตะแบก",
    "เสือ",
    "ช้าง",
    "ม่วง",
]

# Short names of the organisation types (the type's Thai name is long and has brackets).
ORG_NAME = {
    "savings_group": "กลุ่มออมทรัพย์เพื่อการผลิต",
    "womens_group": "กลุ่มพัฒนาสตรี",
    "village_fund": "กองทุนหมู่บ้าน",
    "community_enterprise": "วิสาหกิจชุมชน",
    "otop_group": "กลุ่มผู้ผลิตโอทอป",
    "occupation_group": "กลุ่มอาชีพ",
    "welfare_fund": "กองทุนสวัสดิการชุมชน",
    "elderly_club": "ชมรมผู้สูงอายุ",
    "youth_group": "กลุ่มเยาวชน",
    "cd_volunteers": "กลุ่มอาสาพัฒนา",
    "health_volunteers": "ชมรมอาสาสมัครสาธารณสุข",
    "farmers_group": "กลุ่มเกษตรกร",
    "learning_center": "ศูนย์เรียนรู้ชุมชน",
    "other": "กลุ่มองค์กรชุมชน",
}
ORG_OCCUPATIONS = [
    "ทอผ้า",
    "จักสาน",
    "เลี้ยงไก่ไข่",
    "เพาะเห็ด",
    "ทำขนม",
    "ปลูกผัก",
    "แปรรูปกล้วย",
    "นวดแผนไทย",
]
PARTNERS = [  # kind, name prefix (+ the province's name)
    (PartnerKind.LOCAL_GOVERNMENT, "องค์การบริหารส่วนจังหวัด"),
    (PartnerKind.GOVERNMENT, "สำนักงานพัฒนาชุมชนจังหวัด"),
    (PartnerKind.ACADEMIA, "วิทยาลัยชุมชน"),
    (PartnerKind.STATE_ENTERPRISE, "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร สาขา"),
    (PartnerKind.CIVIL_SOCIETY, "มูลนิธิพัฒนาชุมชน"),
]

ACTIVITY_TOPICS = [
    "การจัดทำแผนชุมชน",
    "การออมเพื่อการผลิต",
    "เศรษฐกิจพอเพียง",
    "การป้องกันยาเสพติด",
    "สวัสดิการชุมชน",
    "การอนุรักษ์ป่าชุมชน",
    "ภูมิปัญญาท้องถิ่น",
    "ประชาธิปไตยชุมชน",
    "การคัดแยกขยะ",
    "ผลิตภัณฑ์ชุมชน",
]
ACTIVITY_TITLES = {  # kind: title pattern ({topic}, {n}, {year})
    "committee_meeting": "ประชุมคณะกรรมการศูนย์ ครั้งที่ {n}/{year}",
    "general_meeting": "ประชุมใหญ่สามัญประจำปี {year}",
    "training": "อบรม{topic}",
    "project": "โครงการส่งเสริม{topic} ปี {year}",
    "campaign": "รณรงค์{topic}",
    "plan_review": "ทบทวนแผนชุมชน ปี {year}",
    "other": "กิจกรรม{topic}",
}
ACTIVITY_WEIGHTS = {  # kind: weight
    "committee_meeting": 40,
    "general_meeting": 5,
    "training": 20,
    "project": 15,
    "campaign": 10,
    "plan_review": 5,
    "other": 5,
}
ACTIVITY_DAYS = 3 * 365  # activities start within the last three years

CSV_HEADERS = [
    "คำนำหน้า",
    "ชื่อ",
    "นามสกุล",
    "เพศ",
    "ปีเกิด",
    "อาชีพ",
    "รหัสพื้นที่",
    "เลขประจำตัวประชาชน",
    "โทรศัพท์",
]
GENDER_TH = {Gender.FEMALE: "หญิง", Gender.MALE: "ชาย"}
XLSX_MAX_ROWS = 1_048_575  # a sheet's rows after the header; more go to the next sheet


class PeopleFiles:
    """people.csv (UTF-8 with BOM) and people.xlsx (constant memory), written row by row.

    `xlsx_rows` caps the XLSX file (None: every row); `peer_rows` also writes the first rows to
    peer.csv, the file the import benchmark gives the peer library."""

    def __init__(
        self, directory: Path, *, xlsx_rows: int | None = None, peer_rows: int | None = None
    ) -> None:
        import xlsxwriter

        directory.mkdir(parents=True, exist_ok=True)
        self.paths = [directory / "people.csv", directory / "people.xlsx"]
        self._csv_file = self.paths[0].open("w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._csv_file)
        self._csv.writerow(CSV_HEADERS)
        self._xlsx_left = xlsx_rows
        self._peer_left = peer_rows or 0
        self._peer_file = None
        if peer_rows:
            self.paths.append(directory / "peer.csv")
            self._peer_file = self.paths[2].open("w", encoding="utf-8-sig", newline="")
            self._peer = csv.writer(self._peer_file)
            self._peer.writerow(CSV_HEADERS)
        self._book = xlsxwriter.Workbook(str(self.paths[1]), {"constant_memory": True})
        self._text = self._book.add_format({"num_format": "@"})
        self._sheets = 0
        self._new_sheet()

    def _new_sheet(self) -> None:
        self._sheets += 1
        name = "people" if self._sheets == 1 else f"people_{self._sheets}"
        self._sheet = self._book.add_worksheet(name)
        self._sheet.write_row(0, 0, CSV_HEADERS)
        self._row = 0

    def write(self, row: list) -> None:
        self._csv.writerow(row)
        if self._peer_left > 0:
            self._peer.writerow(row)
            self._peer_left -= 1
        if self._xlsx_left is not None:
            if self._xlsx_left <= 0:
                return
            self._xlsx_left -= 1
        if self._row >= XLSX_MAX_ROWS:
            self._new_sheet()
        self._row += 1
        for column, value in enumerate(row):
            if isinstance(value, int):
                self._sheet.write_number(self._row, column, value)
            elif value:
                self._sheet.write_string(self._row, column, value, self._text)

    def close(self) -> None:
        self._csv_file.close()
        if self._peer_file is not None:
            self._peer_file.close()
        self._book.close()


class NetworkGenerator:
    def __init__(
        self,
        *,
        scale: str,
        seed: int,
        audit_writes: bool,
        batch_size: int,
        files: PeopleFiles | None,
        report: SynthReport,
        log: Callable[[str], None],
    ) -> None:
        from concenter.network.demo import ORG_KINDS
        from concenter.people.demo_names import name_pools

        self.org_kinds = ORG_KINDS

        self.scale = SCALES[scale]
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
        self.audit = audit_writes
        self.batch_size = batch_size
        self.files = files
        self.report = report
        self.log = log
        self.today = clock.today()
        self.now = clock.now()
        pools = name_pools()
        self.pools = {k: [normalize_text(n) for n in v] for k, v in pools.items()}
        self.professions = {p.code: p for p in Profession.objects.filter(active=True)}
        known = [p for p in PROFESSIONS if p in self.professions]
        self.profession_codes = known
        self.profession_weights = [PROFESSIONS[p][0] for p in known]
        self.org_types = list(OrganizationType.objects.filter(active=True).order_by("code"))
        self.ids_taken: set[str] = set()
        self.hashes_taken = set(
            Person.objects.exclude(national_id_hash=None).values_list("national_id_hash", flat=True)
        )
        self.registration_seq: dict[str, int] = defaultdict(int)
        self.min_size, self.max_size = rules.committee_size_bounds()

    # Writing ---------------------------------------------------------------------------------

    def _write(self, model, objects: list, step: str) -> None:
        with Timer(self.report, step) as timer:
            for start in range(0, len(objects), self.batch_size):
                batch = objects[start : start + self.batch_size]
                search_index.insert_indexed(
                    model, lambda batch=batch: bulk_create_batch(model, batch)
                )
                timer.rows += len(batch)
        self.report.counts[step] += len(objects)
        if self.audit and objects:
            with Timer(self.report, "audit") as timer:
                for start in range(0, len(objects), self.batch_size):
                    batch = objects[start : start + self.batch_size]
                    audit.audit_bulk(batch, action=LogEntry.Action.CREATE)
                    timer.rows += len(batch)
            self.report.counts["audit"] += len(objects)

    # Areas -----------------------------------------------------------------------------------

    def provinces(self) -> list[Area]:
        codes = self.scale.area_codes
        provinces = Area.objects.filter(level=Level.PROVINCE, active=True).order_by("code")
        if codes is not None:
            provinces = provinces.filter(code__in={c[:2] for c in codes})
        return list(provinces)

    def run(self) -> None:
        for province in self.provinces():
            started = time.perf_counter()
            with transaction.atomic():
                people = self.province(province)
            self.log(
                f"province {province.code} {province.name_th}: {people:,} people "
                f"in {time.perf_counter() - started:.1f} s"
            )

    def _areas(self, province: Area) -> tuple[list[Area], list[Area], dict[str, list[Area]]]:
        """The districts and subdistricts of the scale in `province`, and the villages there."""
        codes = self.scale.area_codes
        areas = Area.objects.filter(province_code=province.code, active=True).order_by("code")
        districts = [a for a in areas if a.level == Level.DISTRICT]
        subdistricts = [a for a in areas if a.level == Level.SUBDISTRICT]
        if codes is not None and codes != (province.code,):
            districts = [d for d in districts if d.code in codes]
            subdistricts = [s for s in subdistricts if s.district_code in codes]
        villages: dict[str, list[Area]] = defaultdict(list)
        for area in areas:
            if area.level == Level.VILLAGE:
                villages[area.subdistrict_code].append(area)
        return districts, subdistricts, villages

    def province(self, province: Area) -> int:
        districts, subdistricts, villages = self._areas(province)
        self.make_villages(subdistricts, villages)
        people = self.make_people(subdistricts, villages)
        organizations = self.make_organizations(subdistricts, villages, people)
        centers = self.make_centers([province, *districts, *subdistricts])
        self.make_committees(centers, people, organizations)
        self.make_partners(province, people)
        self.make_activities(centers)
        return sum(len(p) for p in people.values())

    def make_villages(self, subdistricts: list[Area], villages: dict[str, list[Area]]) -> None:
        rng, new = self.rng, []
        with Timer(self.report, "villages (gen)") as timer:
            for subdistrict in subdistricts:
                existing = {v.village_number for v in villages[subdistrict.code]}
                for number in range(1, rng.randint(*self.scale.villages) + 1):
                    if number in existing:
                        continue
                    name = "บ้าน" + rng.choice(VILLAGE_FIRST) + rng.choice(VILLAGE_SECOND)
                    village = Area(
                        code=village_code(subdistrict.code, number),
                        level=Level.VILLAGE,
                        parent_id=subdistrict.code,
                        province_code=subdistrict.province_code,
                        district_code=subdistrict.district_code,
                        subdistrict_code=subdistrict.code,
                        village_number=number,
                        name_th=name,
                        name_en="",
                    )
                    _fill_derived(village)
                    villages[subdistrict.code].append(village)
                    new.append(village)
            timer.rows += len(new)
        self._write(Area, new, "villages")

    # People ----------------------------------------------------------------------------------

    def _given_name(self, gender: str) -> str:
        if self.rng.random() < COMMON_NAME_SHARE:
            return self.rng.choice(self.pools[f"{gender}_common"])
        return self.rng.choice(self.pools[gender])

    def _family_name(self) -> str:
        if self.rng.random() < COMMON_NAME_SHARE * 0.6:
            return self.rng.choice(self.pools["family_common"])
        return self.rng.choice(self.pools["family"])

    def _phone(self) -> str:
        rng = self.rng
        prefix = rng.choice(("08", "08", "09", "06"))
        digits = f"{prefix}{rng.randint(1, 9)}{rng.randint(0, 9_999_999):07d}"
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"

    def _national_id(self) -> tuple[str, str]:
        while True:
            number = generate_fictional_national_id(self.rng)
            if number in self.ids_taken:
                continue
            digest = national_id_hash(number)
            if digest in self.hashes_taken:
                continue
            self.ids_taken.add(number)
            self.hashes_taken.add(digest)
            return number, digest

    def _draw_person(self, taken: set) -> dict:
        """The drawn values of one person (names unique in `taken`, one subdistrict's names)."""
        rng = self.rng
        gender = Gender.FEMALE if rng.random() < FEMALE_SHARE else Gender.MALE
        profession = rng.choices(self.profession_codes, self.profession_weights)[0]
        _weight, youngest, oldest = PROFESSIONS[profession]
        age = rng.randint(youngest, oldest)
        while True:
            given, family = self._given_name(gender), self._family_name()
            if given != family and (given, family) not in taken:
                taken.add((given, family))
                break
        if gender == Gender.MALE:
            title = "นาย"
        else:
            title = "นาง" if rng.random() < (0.1 if age < 25 else 0.7) else "นางสาว"
        phone = self._phone() if rng.random() < PHONE_SHARE else ""
        national_id, digest = ("", None)
        if rng.random() < NATIONAL_ID_SHARE:
            national_id, digest = self._national_id()
        return {
            "title": title,
            "given_name": given,
            "family_name": family,
            "gender": gender,
            "birth_year": self.today.year - age,
            "profession_id": profession,
            "phone": phone,
            "national_id": national_id,
            "national_id_hash": digest,
        }

    def _file_row(self, drawn: dict, area_code: str) -> list:
        return [
            drawn["title"],
            drawn["given_name"],
            drawn["family_name"],
            GENDER_TH[drawn["gender"]],
            drawn["birth_year"] + 543,
            self.professions[drawn["profession_id"]].name_th,
            area_code,
            drawn["national_id"],
            drawn["phone"],
        ]

    def _person(self, subdistrict: Area, area: Area, taken: set) -> tuple[Person, list]:
        drawn = self._draw_person(taken)
        given, family = drawn["given_name"], drawn["family_name"]
        name = f"{given} {family}"
        person = Person(
            title=drawn["title"],
            given_name=given,
            family_name=family,
            gender=drawn["gender"],
            birth_year=drawn["birth_year"],
            profession_id=drawn["profession_id"],
            phone=drawn["phone"],
            national_id_hash=drawn["national_id_hash"],
            national_id_last4=drawn["national_id"][-4:],
            name_search=(given + family).replace(" ", "").lower(),
            name_latin=latin_of(name),
            sort_key=thai_sort_key(name),
        )
        person.place_in(area)
        return person, self._file_row(drawn, area.code)

    def make_people(
        self, subdistricts: list[Area], villages: dict[str, list[Area]]
    ) -> dict[str, list[Person]]:
        rng = self.rng
        people: dict[str, list[Person]] = {}
        rows = []
        with Timer(self.report, "people (gen)") as timer:
            for subdistrict in subdistricts:
                homes = villages[subdistrict.code]
                taken: set[tuple[str, str]] = set()
                residents = people[subdistrict.code] = []
                for _ in range(rng.randint(*self.scale.people)):
                    area = rng.choice(homes) if homes and rng.random() < VILLAGE_SHARE else None
                    person, row = self._person(subdistrict, area or subdistrict, taken)
                    residents.append(person)
                    if self.files is not None:
                        rows.append(row)
                timer.rows += len(residents)
        self._write(Person, [p for group in people.values() for p in group], "people")
        if self.files is not None:
            with Timer(self.report, "files") as timer:
                for row in rows:
                    self.files.write(row)
                timer.rows += len(rows)
        return people

    # Organisations ---------------------------------------------------------------------------

    def _organization(
        self, org_type: OrganizationType, area: Area, place: str, people: list[Person]
    ) -> Organization:
        rng = self.rng
        kind = self.org_kinds.get(org_type.code) or self.org_kinds["other"]
        name = f"{ORG_NAME.get(org_type.code, org_type.name_th)} {place}"
        if org_type.code == "occupation_group":
            name = f"กลุ่ม{rng.choice(ORG_OCCUPATIONS)} {place}"
        founded = datetime.date(rng.randint(*kind.founded), rng.randint(1, 12), rng.randint(1, 28))
        registration = ""
        if org_type.has_registration:
            self.registration_seq[org_type.code] += 1
            registration = f"{area.code}-{self.registration_seq[org_type.code]:06d}"
        status = rng.choices(
            (OrganizationStatus.ACTIVE, OrganizationStatus.INACTIVE, OrganizationStatus.DISSOLVED),
            (95, 4, 1),
        )[0]
        organization = Organization(
            type=org_type,
            name=name,
            registration_number=registration,
            founded_on=min(founded, self.today),
            leader=rng.choice(people) if people else None,
            member_count=rng.randint(*kind.members),
            funds=rng.randint(*kind.funds),
            activities=kind.activities,
            status=status,
            name_search=name.replace(" ", "").lower(),
            name_latin=latin_of(name),
            sort_key=cached_sort_key(name),
        )
        organization.place_in(area)
        return organization

    def make_organizations(
        self,
        subdistricts: list[Area],
        villages: dict[str, list[Area]],
        people: dict[str, list[Person]],
    ) -> dict[str, list[Organization]]:
        rng = self.rng
        by_code = {t.code: t for t in self.org_types}
        others = [t for t in self.org_types if t.code != "village_fund"]
        result: dict[str, list[Organization]] = {}
        with Timer(self.report, "orgs (gen)") as timer:
            for subdistrict in subdistricts:
                homes = villages[subdistrict.code]
                residents = people[subdistrict.code]
                made = result[subdistrict.code] = []
                wanted = rng.randint(*self.scale.organizations)
                if "village_fund" in by_code:
                    for village in homes:
                        place = f"{village.name_th} หมู่ที่ {village.village_number}"
                        made.append(
                            self._organization(by_code["village_fund"], village, place, residents)
                        )
                # every type appears in every subdistrict before any repeats
                queue = list(others)
                rng.shuffle(queue)
                while len(made) < wanted and others:
                    org_type = queue.pop() if queue else rng.choice(others)
                    if homes and rng.random() < 0.7:
                        area = rng.choice(homes)
                        place = f"{area.name_th} หมู่ที่ {area.village_number}"
                    else:
                        area, place = subdistrict, f"ตำบล{subdistrict.name_th}"
                    made.append(self._organization(org_type, area, place, residents))
                timer.rows += len(made)
        self._write(Organization, [o for group in result.values() for o in group], "organizations")
        return result

    # Centers and committees -------------------------------------------------------------------

    def make_centers(self, areas: list[Area]) -> list[Center]:
        rng = self.rng
        existing = set(
            Center.objects.filter(area_id__in=[a.code for a in areas]).values_list(
                "area_id", flat=True
            )
        )
        centers = []
        with Timer(self.report, "centers (gen)") as timer:
            for area in areas:
                if area.code in existing:
                    continue
                name = center_default_name(area)
                centers.append(
                    Center(
                        area_id=area.code,
                        level=area.level,
                        province_code=area.province_code,
                        district_code=area.district_code,
                        subdistrict_code=area.subdistrict_code,
                        name=name,
                        founded_on=datetime.date(rng.randint(2004, 2015), rng.randint(1, 12), 1),
                        status=CenterStatus.ACTIVE,
                        sort_key=thai_sort_key(name),
                    )
                )
            timer.rows += len(centers)
        self._write(Center, centers, "centers")
        return centers

    def _positions(self, size: int) -> list[str]:
        rng = self.rng
        positions = [Position.CHAIR] + [Position.VICE_CHAIR] * rng.randint(1, 2)
        positions += [Position.SECRETARY, Position.TREASURER]
        for extra in (Position.ASSISTANT_SECRETARY, Position.PUBLIC_RELATIONS, Position.HOST):
            if rng.random() < 0.5:
                positions.append(extra)
        positions = positions[:size]
        positions += [Position.MEMBER] * (size - len(positions))
        if rng.random() < 0.3:
            positions.append(Position.ADVISOR)  # beside the committee, not counted
        return positions

    def make_committees(
        self,
        centers: list[Center],
        people: dict[str, list[Person]],
        organizations: dict[str, list[Organization]],
    ) -> None:
        rng, today = self.rng, self.today
        terms, plans = [], []
        with Timer(self.report, "committees (gen)") as timer:
            for center in centers:
                code = center.area_id
                pool = [p for s, group in people.items() if s.startswith(code) for p in group]
                orgs = [
                    o for s, group in organizations.items() if s.startswith(code) for o in group
                ]
                size = rng.randint(max(self.min_size, 9), min(self.max_size, 25))
                positions = self._positions(size)
                if len(pool) < len(positions):
                    continue  # too few people in the area for a committee
                starts_on = today - datetime.timedelta(days=rng.randint(30, 1000))
                ends_on = add_years(starts_on, 4)
                term = CommitteeTerm(
                    center=center,
                    starts_on=starts_on,
                    ends_on=ends_on - datetime.timedelta(days=1),
                    chosen_on=starts_on - datetime.timedelta(days=rng.randint(7, 40)),
                    chosen_by=rng.choice(
                        (ChosenBy.ELECTION, ChosenBy.ELECTION, ChosenBy.SELECTION)
                    ),
                    status=TermStatus.ACTIVE,
                    activated_at=self.now,
                )
                terms.append(term)
                members = rng.sample(pool, len(positions))
                plans.append((term, positions, members, orgs))
            timer.rows += len(terms)
        self._write(CommitteeTerm, terms, "terms")
        seats = []
        with Timer(self.report, "seats (gen)") as timer:
            for term, positions, members, orgs in plans:
                for position, person in zip(positions, members, strict=True):
                    represents = rng.choice(orgs) if orgs and rng.random() < 0.6 else None
                    seats.append(
                        Seat(
                            term=term,
                            person=person,
                            position=position,
                            organization=represents,
                            starts_on=term.starts_on,
                        )
                    )
            timer.rows += len(seats)
        self._write(Seat, seats, "seats")

    def make_partners(self, province: Area, people: dict[str, list[Person]]) -> None:
        rng = self.rng
        everyone = [p for group in people.values() for p in group]
        partners = []
        with Timer(self.report, "partners (gen)") as timer:
            for kind, prefix in PARTNERS[: self.scale.partners]:
                name = prefix + province.name_th
                partner = Partner(
                    kind=kind,
                    name=name,
                    contact_name=rng.choice(everyone).full_name if everyone else "",
                    phone=self._phone(),
                    sort_key=thai_sort_key(name),
                )
                partner.place_in(province)
                partners.append(partner)
            timer.rows += len(partners)
        self._write(Partner, partners, "partners")

    def import_rows(self, rows: int) -> None:
        """`rows` fictional people, spread evenly over the subdistricts of the scale, written to
        the files only; the villages they live in are created in the database first."""
        rng, plan = self.rng, []
        for province in self.provinces():
            _districts, subdistricts, villages = self._areas(province)
            with transaction.atomic():
                self.make_villages(subdistricts, villages)
            plan.extend((subdistrict, villages[subdistrict.code]) for subdistrict in subdistricts)
        if not plan:
            return
        base, extra = divmod(rows, len(plan))
        with Timer(self.report, "files") as timer:
            for index, (subdistrict, homes) in enumerate(plan):
                taken: set[tuple[str, str]] = set()
                for _ in range(base + (index < extra)):
                    home = rng.choice(homes) if homes and rng.random() < VILLAGE_SHARE else None
                    area = home or subdistrict
                    self.files.write(self._file_row(self._draw_person(taken), area.code))
                    timer.rows += 1
        self.report.counts["file rows"] += rows

    # Activities ------------------------------------------------------------------------------

    def make_activities(self, centers: list[Center]) -> None:
        """Meetings, trainings, projects… of each new center over the last three years, each
        serving one to three missions (the roll-ups count them by fiscal year and mission)."""
        from concenter.activities.models import Activity, ActivityMission, Mission

        rng, today = self.rng, self.today
        kinds = list(ACTIVITY_WEIGHTS)
        weights = list(ACTIVITY_WEIGHTS.values())
        missions = list(Mission.values)
        activities, plans = [], []
        with Timer(self.report, "activities (gen)") as timer:
            for center in centers:
                for n in range(1, rng.randint(*self.scale.activities) + 1):
                    kind = rng.choices(kinds, weights)[0]
                    starts_on = today - datetime.timedelta(days=rng.randint(0, ACTIVITY_DAYS))
                    fiscal_year = fiscal_year_be(starts_on)
                    title = ACTIVITY_TITLES[kind].format(
                        topic=rng.choice(ACTIVITY_TOPICS), n=n, year=fiscal_year
                    )
                    budget = rng.choice((0, 0, 2_000, 5_000, 10_000, 30_000, 50_000))
                    spent = min(budget, rng.randint(0, budget)) if budget else 0
                    activity = Activity(
                        center=center,
                        kind=kind,
                        title=title,
                        starts_on=starts_on,
                        ends_on=starts_on + datetime.timedelta(days=rng.choice((0, 0, 0, 1, 2))),
                        fiscal_year=fiscal_year,
                        place=center.name,
                        budget=budget,
                        spent=spent,
                        participants_male=rng.randint(3, 60),
                        participants_female=rng.randint(5, 80),
                        participants_other=rng.choice((0, 0, 0, 1, 2)),
                    )
                    activities.append(activity)
                    plans.append((activity, rng.sample(missions, rng.randint(1, 3))))
            timer.rows += len(activities)
        self._write(Activity, activities, "activities")
        links = [
            ActivityMission(activity=activity, mission=mission)
            for activity, chosen in plans
            for mission in chosen
        ]
        self._write(ActivityMission, links, "activity missions")
