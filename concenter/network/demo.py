"""The network of the Kanchanaburi demo: centers, committees, community organisations, people,
partners and their co-operation, all fictional except the places and the public bodies.

- the province center (71), the 13 district centers, and a subdistrict center in every
  subdistrict of Mueang Kanchanaburi (7101), Sai Yok (7102) and Bo Phloi (7103);
- an active committee for each of them, except three subdistricts of Bo Phloi: one never had a
  committee, one's term has expired, one has only a draft not yet complete (so "no current
  committee" shows); a few terms end within the next two months (so "ending soon" shows); the
  treasurer of Tha Makham (710104) resigned and was replaced; the province and Mueang
  Kanchanaburi centers keep their previous term;
- a few hundred community organisations of every type in those three districts, with leaders,
  members, funds and registration numbers; named members in the subdistricts that have villages;
- about 2,500 fictional people with local administration roles;
- partners (university, local governments, ธ.ก.ส., a company, a radio station, the provincial
  CD office, a civil-society council) and their co-operation with centers;
- the center editor `kan.thamakham` of the Tha Makham center.

Everything goes through the services with the `admin` user as actor (and as the author in the
audit trail), in one transaction. The term dates are set from today's date, so the warnings
stay meaningful whenever the demo is loaded. If the province center exists the demo is
already there and nothing is done.
"""

import contextvars
import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from auditlog.context import set_actor
from django.db import transaction

from concenter.accounts.demo import ensure_user
from concenter.accounts.models import Role, User
from concenter.accounts.services import role_assign
from concenter.common import clock
from concenter.geography.models import Area, Level
from concenter.network import services
from concenter.network.models import (
    Center,
    ChosenBy,
    CommitteeTerm,
    CooperationKind,
    Organization,
    PartnerKind,
    Position,
    Seat,
    SeatEndReason,
)
from concenter.people.demo import PeopleMaker, add_local_roles
from concenter.people.models import Gender, LocalRole, Person

PROVINCE = "71"
DETAILED_DISTRICTS = ("7101", "7102", "7103")
EDITOR_USERNAME = "kan.thamakham"
EDITOR_CENTER = "710104"
EDITOR_DISPLAY_NAME = "คณะกรรมการ ศอช.ต.ท่ามะขาม"
RESIGNING_CENTER = "710104"

# Centers of Bo Phloi left without a committee in force, and how.
NO_COMMITTEE = {"710305": "none", "710308": "expired", "710309": "draft"}
# Centers whose term ends soon: days from today.
ENDING_SOON = {"7108": 41, "710106": 53, "710204": 58, "710302": 76}
# Centers that keep the term before the current one.
WITH_PREVIOUS_TERM = ("71", "7101")

# People of each detailed district's subdistricts (Tha Makham, the editor's center, has more).
PEOPLE_PER_SUBDISTRICT = {"7101": 100, "7102": 75, "7103": 65}
PEOPLE_OVERRIDES = {"710104": 150}
PEOPLE_PER_OTHER_DISTRICT = 20

PRODUCTS = [
    "แปรรูปกล้วย",
    "ผ้าทอมือ",
    "จักสานไม้ไผ่",
    "ข้าวหลาม",
    "น้ำพริกแกง",
    "สมุนไพรแปรรูป",
    "ไข่เค็ม",
    "ผ้ามัดย้อม",
    "มะขามแปรรูป",
    "ข้าวเกรียบ",
    "ไม้กวาดดอกหญ้า",
    "ปลาส้ม",
    "ท่องเที่ยวชุมชน",
    "ผักปลอดสารพิษ",
    "ปุ๋ยอินทรีย์",
    "ขนมไทย",
    "น้ำดื่มชุมชน",
    "เลี้ยงปลาในกระชัง",
]
OCCUPATIONS = [
    "เลี้ยงไก่ไข่",
    "เพาะเห็ด",
    "ตัดเย็บเสื้อผ้า",
    "ทำขนม",
    "เลี้ยงโคเนื้อ",
    "ดอกไม้ประดิษฐ์",
    "นวดแผนไทย",
    "ซ่อมเครื่องยนต์เกษตร",
    "เลี้ยงปลาดุก",
    "ทำพวงหรีด",
]
CROPS = ["ทำนา", "ปลูกอ้อย", "ปลูกมันสำปะหลัง", "ทำสวนผลไม้", "เลี้ยงโคนม", "ปลูกข้าวโพด"]
OTHER_GROUPS = ["ธนาคารขยะ", "กลุ่มผู้ใช้น้ำ", "กลุ่มอนุรักษ์ป่าชุมชน", "ธนาคารต้นไม้", "กลุ่มฌาปนกิจ"]
MEMBER_ROLES = ["รองประธาน", "เลขานุการ", "เหรัญญิก", "กรรมการ", "กรรมการ", "สมาชิก", "สมาชิก"]


@dataclass(frozen=True)
class OrgKind:
    members: tuple[int, int]
    funds: tuple[int, int]  # baht
    founded: tuple[int, int]  # years CE
    activities: str


ORG_KINDS = {
    "savings_group": OrgKind(
        (80, 650), (250_000, 8_500_000), (1982, 2015), "รับฝากเงินสัจจะรายเดือน ให้กู้ยืมเพื่อการผลิต"
    ),
    "womens_group": OrgKind(
        (20, 140), (3_000, 150_000), (1995, 2016), "พัฒนาบทบาทสตรี ฝึกอาชีพ ดูแลครอบครัว"
    ),
    "village_fund": OrgKind(
        (90, 420), (1_000_000, 3_800_000), (2001, 2002), "ให้สมาชิกกู้ยืมเพื่อสร้างอาชีพ"
    ),
    "community_enterprise": OrgKind(
        (7, 45), (10_000, 600_000), (2006, 2024), "ผลิตและจำหน่ายสินค้าชุมชน"
    ),
    "otop_group": OrgKind((10, 60), (20_000, 900_000), (2002, 2020), "ผลิตภัณฑ์ OTOP ของตำบล"),
    "occupation_group": OrgKind((8, 40), (3_000, 150_000), (2000, 2023), "ฝึกอาชีพ สร้างรายได้เสริม"),
    "welfare_fund": OrgKind(
        (200, 2_100), (100_000, 3_200_000), (2006, 2015), "สวัสดิการเกิด แก่ เจ็บ ตาย ของสมาชิก"
    ),
    "elderly_club": OrgKind(
        (40, 320), (5_000, 120_000), (1998, 2015), "ออกกำลังกาย ถ่ายทอดภูมิปัญญา เยี่ยมผู้ป่วยติดเตียง"
    ),
    "youth_group": OrgKind((15, 60), (0, 25_000), (2010, 2024), "ค่ายเยาวชน ต้านยาเสพติด จิตอาสา"),
    "cd_volunteers": OrgKind((10, 40), (0, 12_000), (1990, 2015), "อาสาพัฒนาชุมชน ประสานงานกับพัฒนากร"),
    "health_volunteers": OrgKind(
        (15, 120), (5_000, 80_000), (1985, 2010), "เยี่ยมบ้าน คัดกรองความดัน เบาหวาน ควบคุมไข้เลือดออก"
    ),
    "farmers_group": OrgKind(
        (30, 200), (50_000, 2_000_000), (1985, 2018), "จัดหาปัจจัยการผลิตและรวบรวมผลผลิต"
    ),
    "learning_center": OrgKind(
        (0, 30), (0, 50_000), (2008, 2022), "ถ่ายทอดความรู้เศรษฐกิจพอเพียงและภูมิปัญญาท้องถิ่น"
    ),
    "other": OrgKind((10, 90), (0, 200_000), (2005, 2024), "กิจกรรมเพื่อส่วนรวมของชุมชน"),
}

PARTNERS = [
    # key, area, kind, name, contact
    (
        "kru",
        "71",
        PartnerKind.ACADEMIA,
        "มหาวิทยาลัยราชภัฏกาญจนบุรี",
        "สถาบันวิจัยและพัฒนา",
    ),
    (
        "pao",
        "71",
        PartnerKind.LOCAL_GOVERNMENT,
        "องค์การบริหารส่วนจังหวัดกาญจนบุรี",
        "กองยุทธศาสตร์และงบประมาณ",
    ),
    ("city", "7101", PartnerKind.LOCAL_GOVERNMENT, "เทศบาลเมืองกาญจนบุรี", "กองสวัสดิการสังคม"),
    (
        "sao_wangdong",
        "710108",
        PartnerKind.LOCAL_GOVERNMENT,
        "องค์การบริหารส่วนตำบลวังด้ง",
        "สำนักปลัด",
    ),
    (
        "sao_chongsadao",
        "710109",
        PartnerKind.LOCAL_GOVERNMENT,
        "องค์การบริหารส่วนตำบลช่องสะเดา",
        "สำนักปลัด",
    ),
    (
        "sao_lumsum",
        "710201",
        PartnerKind.LOCAL_GOVERNMENT,
        "องค์การบริหารส่วนตำบลลุ่มสุ่ม",
        "กองสวัสดิการสังคม",
    ),
    (
        "sao_nongkum",
        "710302",
        PartnerKind.LOCAL_GOVERNMENT,
        "องค์การบริหารส่วนตำบลหนองกุ่ม",
        "สำนักปลัด",
    ),
    (
        "baac",
        "71",
        PartnerKind.STATE_ENTERPRISE,
        "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร (ธ.ก.ส.) สำนักงานจังหวัดกาญจนบุรี",
        "ฝ่ายพัฒนาลูกค้าและชุมชน",
    ),
    (
        "company",
        "710104",
        PartnerKind.PRIVATE,
        "บริษัท ท่ามะขามเกษตรรุ่งเรือง จำกัด",  # fictional
        "",
    ),
    (
        "radio",
        "7101",
        PartnerKind.MEDIA,
        "สถานีวิทยุชุมชนเสียงคนเมืองกาญจน์ FM 99.25",  # fictional
        "",
    ),
    (
        "cdd",
        "71",
        PartnerKind.GOVERNMENT,
        "สำนักงานพัฒนาชุมชนจังหวัดกาญจนบุรี",
        "กลุ่มงานส่งเสริมการพัฒนาชุมชน",
    ),
    (
        "council",
        "710104",
        PartnerKind.CIVIL_SOCIETY,
        "สภาองค์กรชุมชนตำบลท่ามะขาม",  # fictional members
        "",
    ),
]

# partner key, center, kind, title, (start, end) as (year, month, day) or None, amount (baht)
COOPERATIONS = [
    (
        "kru",
        "71",
        CooperationKind.IN_KIND,
        "สถานที่จัดงานสานสัมพันธ์เครือข่ายพัฒนาชุมชน ประจำปี 2563 (ครบรอบ 13 ปี ศอช.)",
        (2020, 2, 28),
        (2020, 2, 28),
        "45,000",
    ),
    (
        "kru",
        "71",
        CooperationKind.MOU,
        "บันทึกข้อตกลงความร่วมมือทางวิชาการเพื่อพัฒนาเครือข่ายองค์กรชุมชนจังหวัดกาญจนบุรี",
        (2023, 12, 15),
        (2027, 12, 14),
        "0",
    ),
    (
        "cdd",
        "71",
        CooperationKind.MONEY,
        "งบสนับสนุนงานสานสัมพันธ์เครือข่ายพัฒนาชุมชน ประจำปี 2563",
        (2020, 2, 1),
        (2020, 3, 31),
        "80,000",
    ),
    (
        "cdd",
        "71",
        CooperationKind.MONEY,
        "งบพัฒนาศักยภาพคณะกรรมการ ศอช.จ. ปีงบประมาณ 2569",
        (2025, 10, 1),
        (2026, 9, 30),
        "60,000",
    ),
    (
        "pao",
        "71",
        CooperationKind.JOINT_PROJECT,
        "โครงการเสริมสร้างความเข้มแข็งเครือข่ายองค์กรชุมชนจังหวัดกาญจนบุรี",
        (2025, 1, 15),
        (2025, 9, 30),
        "150,000",
    ),
    (
        "radio",
        "71",
        CooperationKind.JOINT_PROJECT,
        "รายการวิทยุ “เสียงจากชุมชน” เผยแพร่ผลงานเครือข่ายทุกวันเสาร์",
        (2024, 6, 1),
        None,
        "0",
    ),
    (
        "city",
        "7101",
        CooperationKind.MOU,
        "บันทึกข้อตกลงการบูรณาการแผนชุมชนกับแผนพัฒนาท้องถิ่น",
        (2024, 3, 1),
        (2027, 2, 28),
        "0",
    ),
    (
        "baac",
        "7101",
        CooperationKind.MONEY,
        "ทุนอบรมการทำบัญชีครัวเรือนและการออมของกลุ่มออมทรัพย์",
        (2025, 5, 1),
        (2025, 8, 31),
        "35,000",
    ),
    (
        "baac",
        "7102",
        CooperationKind.JOINT_PROJECT,
        "โครงการแก้หนี้ครัวเรือนด้วยแผนชีวิต อำเภอไทรโยค",
        (2024, 11, 1),
        (2025, 10, 31),
        "0",
    ),
    (
        "sao_wangdong",
        "710108",
        CooperationKind.MONEY,
        "งบสนับสนุนการจัดทำแผนชุมชนตำบลวังด้ง",
        (2025, 2, 1),
        (2025, 6, 30),
        "20,000",
    ),
    (
        "sao_chongsadao",
        "710109",
        CooperationKind.JOINT_PROJECT,
        "โครงการตำบลปลอดยาเสพติด",
        (2024, 10, 1),
        (2025, 9, 30),
        "12,000",
    ),
    (
        "sao_lumsum",
        "710201",
        CooperationKind.MONEY,
        "งบสนับสนุนกองทุนสวัสดิการชุมชนตำบลลุ่มสุ่ม",
        (2025, 10, 1),
        (2026, 9, 30),
        "30,000",
    ),
    (
        "sao_nongkum",
        "710302",
        CooperationKind.IN_KIND,
        "ห้องประชุมและอุปกรณ์สำหรับประชุมประจำเดือน",
        (2024, 1, 1),
        None,
        "0",
    ),
    (
        "company",
        "710104",
        CooperationKind.IN_KIND,
        "เมล็ดพันธุ์ผักและปุ๋ยอินทรีย์สำหรับศูนย์เรียนรู้ชุมชน",
        (2025, 7, 1),
        (2025, 7, 31),
        "15,000",
    ),
    (
        "council",
        "710104",
        CooperationKind.JOINT_PROJECT,
        "เวทีประชาคมทบทวนแผนชุมชนตำบลท่ามะขาม",
        (2026, 3, 1),
        (2026, 3, 31),
        "0",
    ),
]


# Dates -----------------------------------------------------------------------------------------


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _four_years(starts_on: datetime.date) -> tuple[datetime.date, datetime.date]:
    return starts_on, _add_years(starts_on, 4) - datetime.timedelta(days=1)


def _ending(ends_on: datetime.date) -> tuple[datetime.date, datetime.date]:
    return _add_years(ends_on + datetime.timedelta(days=1), -4), ends_on


def standard_term(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The four-year term (from 1 October) that most centers are in: the one that started three
    fiscal years ago (2023-10-01 – 2027-09-30 on 2026-11-25), or the next one if that would end
    within four months."""
    fiscal_year = today.year if today.month >= 10 else today.year - 1
    term = _four_years(datetime.date(fiscal_year - 3, 10, 1))
    if (term[1] - today).days < 120:
        term = _four_years(datetime.date(fiscal_year - 2, 10, 1))
    return term


def _day_between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))


# The loader ------------------------------------------------------------------------------------


def load(context) -> None:
    """Load the network demo once (see the module's docstring)."""
    context.logins.append((Role.CENTER_EDITOR.label, EDITOR_USERNAME))
    if Center.objects.filter(pk=PROVINCE).exists():
        return
    actor = User.objects.get(username="admin")
    # Run in a copy of the context so that the audit actor set here does not outlive the demo.
    contextvars.copy_context().run(_load_as, context, actor)


def _load_as(context, actor: User) -> None:
    with set_actor(actor), transaction.atomic():
        _NetworkDemo(context, actor).run()


class _NetworkDemo:
    def __init__(self, context, actor: User) -> None:
        self.context = context
        self.rng: random.Random = context.rng
        self.actor = actor
        self.today = clock.today()
        self.people = PeopleMaker(actor=actor, rng=self.rng, today=self.today)
        self.province = Area.objects.get(code=PROVINCE)
        self.districts = list(
            Area.objects.filter(parent=self.province, level=Level.DISTRICT, active=True).order_by(
                "code"
            )
        )
        self.subdistricts: dict[str, list[Area]] = {
            d.code: list(
                Area.objects.filter(parent=d, level=Level.SUBDISTRICT, active=True).order_by("code")
            )
            for d in self.districts
        }
        self.villages: dict[str, list[Area]] = {}
        for village in Area.objects.filter(
            province_code=PROVINCE, level=Level.VILLAGE, active=True
        ).order_by("code"):
            self.villages.setdefault(village.subdistrict_code, []).append(village)
        self.residents: dict[str, list[Person]] = {}  # by subdistrict code (or district code)
        self.roles: dict[str, list] = {}  # local role holdings by subdistrict code
        self.organizations: dict[str, list[Organization]] = {}
        self.chairs: dict[str, Person] = {}  # the chair of each center's current committee
        self.vice_chairs: dict[str, list[Person]] = {}
        self.terms: list[CommitteeTerm] = []
        self.counts = {"organizations": 0, "members": 0, "seats": 0, "local_roles": 0}

    def detailed_subdistricts(self) -> list[Area]:
        return [s for d in DETAILED_DISTRICTS for s in self.subdistricts[d]]

    def run(self) -> None:
        self.make_people()
        self.make_centers()
        self.make_organizations()
        self.make_committees()
        self.make_partners()
        self.make_editor()
        self.context.notes.append(
            f"network demo: {Center.objects.count()} centers, {len(self.terms)} committee terms "
            f"({self.counts['seats']} seats), {self.counts['organizations']} community "
            f"organisations ({self.counts['members']} named members), {self.people.created} "
            f"people, {self.counts['local_roles']} local roles"
        )

    # People -----------------------------------------------------------------------------------

    def make_people(self) -> None:
        rng = self.rng
        for district in DETAILED_DISTRICTS:
            for subdistrict in self.subdistricts[district]:
                base = PEOPLE_OVERRIDES.get(subdistrict.code, PEOPLE_PER_SUBDISTRICT[district])
                count = round(base * rng.uniform(0.85, 1.15))
                villages = self.villages.get(subdistrict.code, [])
                residents = []
                for _ in range(count):
                    area = rng.choice(villages) if villages and rng.random() < 0.9 else subdistrict
                    residents.append(self.people.make(area.code))
                self.residents[subdistrict.code] = residents
                holdings = add_local_roles(
                    self.people,
                    subdistrict_code=subdistrict.code,
                    people=residents,
                    village_codes=[v.code for v in villages],
                )
                self.roles[subdistrict.code] = holdings
                self.counts["local_roles"] += len(holdings)
        for district in self.districts:
            if district.code in DETAILED_DISTRICTS:
                continue
            subdistricts = self.subdistricts[district.code]
            self.residents[district.code] = [
                self.people.make(rng.choice(subdistricts).code, min_age=30)
                for _ in range(PEOPLE_PER_OTHER_DISTRICT)
            ]

    # Centers ----------------------------------------------------------------------------------

    def make_centers(self) -> None:
        rng = self.rng
        services.center_create(
            actor=self.actor,
            area_code=PROVINCE,
            founded_on=datetime.date(2007, 2, 28),  # 13 years before the 2020 event
            address="สำนักงานพัฒนาชุมชนจังหวัดกาญจนบุรี ศาลากลางจังหวัดกาญจนบุรี "
            "อำเภอเมืองกาญจนบุรี จังหวัดกาญจนบุรี 71000",
        )
        for district in self.districts:
            services.center_create(
                actor=self.actor,
                area_code=district.code,
                founded_on=_day_between(
                    rng, datetime.date(2007, 3, 1), datetime.date(2008, 12, 31)
                ),
                address=f"สำนักงานพัฒนาชุมชนอำเภอ{district.name_th} ที่ว่าการอำเภอ"
                f"{district.name_th} จังหวัดกาญจนบุรี",
            )
        for subdistrict in self.detailed_subdistricts():
            district = subdistrict.parent
            services.center_create(
                actor=self.actor,
                area_code=subdistrict.code,
                founded_on=_day_between(
                    rng, datetime.date(2007, 6, 1), datetime.date(2012, 12, 31)
                ),
                address=f"ศาลาอเนกประสงค์ หมู่ที่ {rng.randint(1, 6)} ตำบล{subdistrict.name_th} "
                f"อำเภอ{district.name_th} จังหวัดกาญจนบุรี",
                phone=self.people.phone_number(),
            )

    # Community organisations ------------------------------------------------------------------

    def make_organizations(self) -> None:
        for subdistrict in self.detailed_subdistricts():
            self.organizations[subdistrict.code] = self._organizations_of(subdistrict)

    def _organizations_of(self, subdistrict: Area) -> list[Organization]:
        rng = self.rng
        code, name = subdistrict.code, subdistrict.name_th
        villages = self.villages.get(code, [])
        # (type, area code, name): village funds per village, the rest per subdistrict or village
        plan: list[tuple[str, str, str]] = []
        if villages:
            for village in villages:
                plan.append(
                    (
                        "village_fund",
                        village.code,
                        f"กองทุนหมู่บ้าน{village.name_th} หมู่ที่ {village.village_number}",
                    )
                )
        else:
            for number in range(1, rng.randint(3, 6) + 1):
                plan.append(("village_fund", code, f"กองทุนหมู่บ้าน หมู่ที่ {number} ตำบล{name}"))

        def place() -> tuple[str, str]:
            if villages and rng.random() < 0.7:
                village = rng.choice(villages)
                return village.code, f"{village.name_th} หมู่ที่ {village.village_number}"
            return code, f"ตำบล{name}"

        for _ in range(rng.randint(1, 3)):
            area, label = place()
            plan.append(("savings_group", area, f"กลุ่มออมทรัพย์เพื่อการผลิต{label}"))
        plan.append(("womens_group", code, f"กลุ่มพัฒนาสตรีตำบล{name}"))
        plan.append(("welfare_fund", code, f"กองทุนสวัสดิการชุมชนตำบล{name}"))
        plan.append(("elderly_club", code, f"ชมรมผู้สูงอายุตำบล{name}"))
        plan.append(("health_volunteers", code, f"ชมรม อสม. ตำบล{name}"))
        if rng.random() < 0.75:
            plan.append(("cd_volunteers", code, f"กลุ่มอาสาพัฒนาชุมชน (อช.) ตำบล{name}"))
        for product in rng.sample(PRODUCTS, rng.randint(1, 3)):
            area, label = place()
            plan.append(("community_enterprise", area, f"วิสาหกิจชุมชนกลุ่ม{product}{label}"))
        for product in rng.sample(PRODUCTS, rng.randint(0, 2)):
            area, label = place()
            plan.append(("otop_group", area, f"กลุ่มผู้ผลิต OTOP {product}{label}"))
        for occupation in rng.sample(OCCUPATIONS, rng.randint(1, 2)):
            area, label = place()
            plan.append(("occupation_group", area, f"กลุ่มอาชีพ{occupation}{label}"))
        if rng.random() < 0.6:
            plan.append(("youth_group", code, f"กลุ่มเยาวชนรักษ์ถิ่นตำบล{name}"))
        if rng.random() < 0.6:
            plan.append(("farmers_group", code, f"กลุ่มเกษตรกร{rng.choice(CROPS)}ตำบล{name}"))
        if rng.random() < 0.6:
            area, label = place()
            plan.append(("learning_center", area, f"ศูนย์เรียนรู้เศรษฐกิจพอเพียง{label}"))
        if rng.random() < 0.5:
            area, label = place()
            plan.append(("other", area, f"{rng.choice(OTHER_GROUPS)}{label}"))

        residents = self.residents[code]
        leaders_taken: set[int] = set()
        organizations = []
        for index, (type_code, area_code, org_name) in enumerate(plan, start=1):
            leader = self._leader(residents, area_code, type_code, leaders_taken)
            organizations.append(
                self._organization(subdistrict, index, type_code, area_code, org_name, leader)
            )
        return organizations

    def _leader(
        self, residents: list[Person], area_code: str, type_code: str, taken: set[int]
    ) -> Person:
        rng = self.rng
        free = [p for p in residents if p.pk not in taken and p.profession_id != "student"]
        near = [p for p in free if p.area_id == area_code] or free
        if type_code == "womens_group":
            near = [p for p in near if p.gender == Gender.FEMALE] or near
        elif type_code == "youth_group":
            near = [p for p in free if p.birth_year and self.today.year - p.birth_year < 40] or near
        elif type_code == "elderly_club":
            near = [
                p for p in near if p.birth_year and self.today.year - p.birth_year >= 60
            ] or near
        elif type_code == "health_volunteers":
            near = [p for p in free if p.profession_id == "health_volunteer"] or near
        leader = rng.choice(near or residents)
        taken.add(leader.pk)
        return leader

    def _organization(
        self,
        subdistrict: Area,
        index: int,
        type_code: str,
        area_code: str,
        name: str,
        leader: Person,
    ) -> Organization:
        rng, kind = self.rng, ORG_KINDS[type_code]
        first, last = datetime.date(kind.founded[0], 1, 1), datetime.date(kind.founded[1], 12, 31)
        if type_code == "village_fund":  # the village fund programme began in mid-2001
            first, last = datetime.date(2001, 7, 1), datetime.date(2002, 9, 30)
        founded = _day_between(rng, first, min(last, self.today))
        baht = rng.randint(*kind.funds)
        satang = rng.choice((0, 0, 0, 25, 50, 75)) if baht else 0
        status = rng.choices(("active", "inactive", "dissolved"), (92, 6, 2))[0]
        if type_code == "village_fund":
            status = "active"
        registration = ""
        code = subdistrict.code
        if type_code == "village_fund":
            registration = area_code if len(area_code) == 8 else f"{code}{index:02d}"
        elif type_code == "community_enterprise":
            registration = f"{rng.randint(1, 7)}-{code[:2]}-{code[2:4]}-{code[4:6]}/1-{index:04d}"
        elif type_code == "welfare_fund":
            registration = f"สช.{code}"
        elif type_code == "farmers_group":
            registration = f"กษ.{code[:4]}/{founded.year + 543}-{code[4:]}{index:02d}"
        organization = services.organization_create(
            actor=self.actor,
            area_code=area_code,
            type_code=type_code,
            name=name,
            registration_number=registration,
            founded_on=founded,
            leader_id=leader.pk,
            member_count=rng.randint(*kind.members),
            funds=Decimal(f"{baht}.{satang:02d}"),
            activities=kind.activities,
            status=status,
        )
        self.counts["organizations"] += 1
        if self.villages.get(code):  # named members where the villages are registered
            self._members(organization, leader, founded)
        return organization

    def _members(self, organization: Organization, leader: Person, founded) -> None:
        rng = self.rng
        services.organization_member_add(
            actor=self.actor,
            organization_id=organization.pk,
            person_id=leader.pk,
            role="ประธาน",
            joined_on=founded,
        )
        residents = [p for p in self.residents[organization.subdistrict_code] if p != leader]
        others = rng.sample(residents, min(len(residents), rng.randint(3, 9)))
        for number, person in enumerate(others):
            role = MEMBER_ROLES[number] if number < len(MEMBER_ROLES) else "สมาชิก"
            services.organization_member_add(
                actor=self.actor,
                organization_id=organization.pk,
                person_id=person.pk,
                role=role,
                joined_on=_day_between(rng, founded, self.today),
            )
        self.counts["members"] += 1 + len(others)

    # Committees -------------------------------------------------------------------------------

    def _positions(self, size: int) -> list[str]:
        rng = self.rng
        positions = [Position.CHAIR] + [Position.VICE_CHAIR] * rng.randint(1, 2)
        positions += [Position.SECRETARY, Position.TREASURER]
        for extra in (Position.ASSISTANT_SECRETARY, Position.PUBLIC_RELATIONS, Position.HOST):
            if rng.random() < 0.5:
                positions.append(extra)
        positions = positions[:size]
        return positions + [Position.MEMBER] * (size - len(positions))

    def _term_dates(self, code: str) -> tuple[datetime.date, datetime.date]:
        if code in ENDING_SOON:
            return _ending(self.today + datetime.timedelta(days=ENDING_SOON[code]))
        starts_on, _ends_on = standard_term(self.today)
        if len(code) == 6:  # subdistricts chose their committees at different times
            months = self.rng.choice((0, 0, 0, 0, 1, 2, 3, 6, 9, 12))
            later = _add_months(starts_on, months)
            if later <= self.today - datetime.timedelta(days=60):
                starts_on = later
        return _four_years(starts_on)

    def _committee(
        self,
        center_code: str,
        dates: tuple[datetime.date, datetime.date],
        members: list[tuple[Person, Organization | None]],
        advisors: list[Person] = (),
        *,
        activate: bool = True,
        remember: bool = True,
    ) -> tuple[CommitteeTerm, list[Seat]]:
        """A term with `members` seated in order (the first is the chair), then advisors."""
        rng = self.rng
        starts_on, ends_on = dates
        term = services.committee_term_create(
            actor=self.actor,
            center_code=center_code,
            starts_on=starts_on,
            ends_on=ends_on,
            chosen_on=min(starts_on - datetime.timedelta(days=rng.randint(7, 45)), self.today),
            chosen_by=ChosenBy.ELECTION if rng.random() < 0.85 else ChosenBy.SELECTION,
        )
        positions = (
            self._positions(len(members))
            if activate
            else [Position.CHAIR] + [Position.MEMBER] * (len(members) - 1)
        )
        seats = []
        for (person, organization), position in zip(members, positions, strict=True):
            seats.append(
                services.seat_add(
                    actor=self.actor,
                    term_id=term.pk,
                    person_id=person.pk,
                    position=position,
                    organization_id=organization.pk if organization else None,
                    starts_on=starts_on,
                )
            )
        for person in advisors:
            seats.append(
                services.seat_add(
                    actor=self.actor,
                    term_id=term.pk,
                    person_id=person.pk,
                    position=Position.ADVISOR,
                    starts_on=starts_on,
                )
            )
        self.counts["seats"] += len(seats)
        if activate:
            term = services.committee_term_activate(actor=self.actor, term_id=term.pk)
        if remember:
            self.chairs[center_code] = members[0][0]
            self.vice_chairs[center_code] = [
                s.person for s in seats if s.position == Position.VICE_CHAIR
            ]
        self.terms.append(term)
        return term, seats

    def make_committees(self) -> None:
        for subdistrict in self.detailed_subdistricts():
            self._subdistrict_committee(subdistrict)
        self._resignation()
        for district in self.districts:
            self._district_committee(district)
        self._province_committee()

    def _subdistrict_members(
        self, code: str, size: int
    ) -> list[tuple[Person, Organization | None]]:
        """Leaders representing their organisations (about 70%), then other residents."""
        rng = self.rng
        by_leader: dict[int, Organization] = {}
        for organization in self.organizations[code]:
            if organization.status != "dissolved":
                by_leader.setdefault(organization.leader_id, organization)
        people = {p.pk: p for p in self.residents[code]}
        leader_ids = rng.sample(sorted(by_leader), min(len(by_leader), round(size * 0.7)))
        members = [(people[pk], by_leader[pk]) for pk in leader_ids]
        chosen = set(leader_ids)
        others = [p for p in self.residents[code] if p.pk not in chosen and p.birth_year]
        others = [p for p in others if self.today.year - p.birth_year >= 25]
        members += [(p, None) for p in rng.sample(others, size - len(members))]
        rng.shuffle(members)
        return members

    def _subdistrict_committee(self, subdistrict: Area) -> None:
        rng, code = self.rng, subdistrict.code
        mode = NO_COMMITTEE.get(code)
        if mode == "none":
            return
        if mode == "expired":
            ends_on = self.today - datetime.timedelta(days=rng.randint(60, 200))
            members = self._subdistrict_members(code, 9)
            self._committee(code, _ending(ends_on), members, remember=False)
            return
        if mode == "draft":  # elected, not yet complete: it cannot be activated
            starts_on = self.today + datetime.timedelta(days=20)
            self._committee(
                code,
                _four_years(starts_on),
                self._subdistrict_members(code, 7),
                activate=False,
                remember=False,
            )
            return
        size = rng.randint(9, 15)
        members = self._subdistrict_members(code, size)
        advisors = []
        if rng.random() < 0.45:
            seated = {p.pk for p, _o in members}
            kamnan = [h.person for h in self.roles[code] if h.role == LocalRole.KAMNAN]
            retired = [p for p in self.residents[code] if p.profession_id == "retired"]
            pool = [p for p in kamnan + retired if p.pk not in seated]
            advisors = list(dict.fromkeys(rng.sample(pool, min(len(pool), rng.randint(1, 2)))))
        self._committee(code, self._term_dates(code), members, advisors)

    def _resignation(self) -> None:
        """The treasurer of the Tha Makham center resigned; a replacement took the seat."""
        term = CommitteeTerm.objects.get(center_id=RESIGNING_CENTER, status="active")
        treasurer = term.seats.get(position=Position.TREASURER, ends_on__isnull=True)
        ends_on = min(
            term.starts_on + datetime.timedelta(days=400),
            self.today - datetime.timedelta(days=30),
        )
        services.seat_end(
            actor=self.actor,
            seat_id=treasurer.pk,
            ends_on=ends_on,
            reason=SeatEndReason.RESIGNATION,
            note="ลาออกเพราะย้ายไปอยู่กับบุตรที่กรุงเทพมหานคร",
        )
        seated = set(term.seats.values_list("person_id", flat=True))
        candidates = [
            p
            for p in self.residents[RESIGNING_CENTER]
            if p.pk not in seated and p.profession_id in ("trader", "teacher", "civil_servant")
        ]
        services.seat_replace(
            actor=self.actor, seat_id=treasurer.pk, person_id=self.rng.choice(candidates).pk
        )
        self.counts["seats"] += 1

    def _district_committee(self, district: Area) -> None:
        rng, code = self.rng, district.code
        if code not in DETAILED_DISTRICTS:
            people = list(self.residents[code])
            rng.shuffle(people)
            size = rng.randint(9, 13)
            advisors = people[size : size + rng.randint(0, 1)]
            members = [(p, None) for p in people[:size]]
            self._committee(code, self._term_dates(code), members, advisors)
            return
        # The district committee: a representative of each subdistrict (its chair, or a group
        # leader where the subdistrict has no committee), then vice-chairs to reach the size.
        representatives: list[Person] = []
        for subdistrict in self.subdistricts[code]:
            chair = self.chairs.get(subdistrict.code)
            if chair is None:
                chair = self.organizations[subdistrict.code][0].leader
            representatives.append(chair)
        size = max(9, min(15, len(representatives) + rng.randint(0, 2)))
        extra = [p for s in self.subdistricts[code] for p in self.vice_chairs.get(s.code, [])]
        extra = [p for p in extra if p not in representatives]
        rng.shuffle(representatives)
        members = representatives[:size] + rng.sample(extra, size - min(size, len(representatives)))
        self._committee(code, self._term_dates(code), [(p, None) for p in members])
        if code in WITH_PREVIOUS_TERM:
            self._previous_term(code)

    def _province_committee(self) -> None:
        rng = self.rng
        members = [self.chairs[d.code] for d in self.districts]
        rng.shuffle(members)
        extra = [p for d in self.districts for p in self.vice_chairs.get(d.code, [])]
        extra = [p for p in extra if p not in members]
        members += rng.sample(extra, rng.randint(0, 2))
        retired = [
            p
            for s in self.detailed_subdistricts()
            for p in self.residents[s.code]
            if p.profession_id == "retired" and p not in members
        ]
        advisors = rng.sample(retired, 2)
        self._committee(
            PROVINCE, self._term_dates(PROVINCE), [(p, None) for p in members], advisors
        )
        self._previous_term(PROVINCE)

    def _previous_term(self, code: str) -> None:
        """The term before the current one, with other people (it stays in the history)."""
        rng = self.rng
        current = CommitteeTerm.objects.filter(center_id=code).order_by("starts_on").first()
        previous = _ending(current.starts_on - datetime.timedelta(days=1))
        subdistricts = self.subdistricts["7101"]
        pool = [p for s in subdistricts for p in self.residents[s.code] if p.birth_year]
        pool = [p for p in pool if self.today.year - p.birth_year >= 45]
        members = rng.sample(pool, rng.randint(11, 15))
        self._committee(code, previous, [(p, None) for p in members], remember=False)

    # Partners and co-operation ----------------------------------------------------------------

    def make_partners(self) -> None:
        partners = {}
        for key, area_code, kind, name, contact in PARTNERS:
            if not contact:
                residents = self.residents.get(area_code) or self.residents["710101"]
                contact = self.rng.choice(residents).full_name
            partners[key] = services.partner_create(
                actor=self.actor,
                area_code=area_code,
                kind=kind,
                name=name,
                contact_name=contact,
            )
        for key, center, kind, title, starts, ends, amount in COOPERATIONS:
            services.cooperation_create(
                actor=self.actor,
                partner_id=partners[key].pk,
                center_code=center,
                kind=kind,
                title=title,
                starts_on=datetime.date(*starts) if starts else None,
                ends_on=datetime.date(*ends) if ends else None,
                amount=amount,
            )

    # The center editor ------------------------------------------------------------------------

    def make_editor(self) -> None:
        user = ensure_user(self.context, EDITOR_USERNAME, EDITOR_DISPLAY_NAME)
        role_assign(user=user, role=Role.CENTER_EDITOR, center_code=EDITOR_CENTER)
