"""The activities of the Kanchanaburi demo: what the centers did and what came of it.

Runs after the network demo (concenter.network.demo), through the services, as `admin`:

- activities of every Kanchanaburi center over the fiscal years 2561–2564 (the years around the
  2020 network relations event) and a few since, serving all ten missions, with participants by
  sex and age band, budgets (a few overspent), partners' support and named attendees;
- the network relations event of 28 February 2020 itself (ครบรอบ 13 ปี ศอช.), with the university's
  venue and the provincial CD office's money;
- committee meetings of the province center, Mueang Kanchanaburi and Tha Makham in the last
  year, with the attendance of the committee in force (one short of its quorum), and a general
  meeting of the province center;
- the community plan 2566–2570 of Tha Makham (710104) and of two of its villages, with
  projects in every state of progress, some carried out by recorded activities;
- six published success stories with figures and generated photos, and one draft.

Fictional except the places and public bodies. If a success story of province 71 exists, the
demo is already there and nothing is done.
"""

import contextvars
import datetime
import io
import random
from dataclasses import dataclass
from decimal import Decimal

from auditlog.context import set_actor
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image, ImageDraw

from concenter.accounts.models import User
from concenter.activities import services
from concenter.activities.models import (
    MEETING_KINDS,
    Activity,
    ActivityKind,
    AgeBand,
    AttendanceStatus,
    Mission,
    ProjectDoer,
    ProjectProgress,
    Sex,
    Story,
)
from concenter.activities.selectors import committee_on
from concenter.common import clock
from concenter.common.thai import fiscal_year_be, fiscal_year_bounds
from concenter.network.models import Center, Partner, Position

PROVINCE = "71"
FISCAL_YEARS = (2561, 2562, 2563, 2564)
PLAN_SUBDISTRICT = "710104"
PLAN_VILLAGES = ("71010401", "71010402")
MEETING_CENTERS = ("71", "7101", "710104")
# Activities per center and fiscal year, by level: many in 2561–2564, fewer in the years since.
PER_YEAR = {2: (4, 6), 4: (1, 2), 6: (0, 2)}
PER_LATER_YEAR = {2: (1, 3), 4: (0, 1), 6: (0, 1)}


@dataclass(frozen=True)
class Template:
    kind: str
    title: str
    missions: tuple[str, ...]
    budget: int  # baht, a typical amount
    outputs: str = ""
    outcomes: str = ""


M = Mission
K = ActivityKind
TEMPLATES = [
    Template(
        K.PLAN_REVIEW,
        "เวทีประชาคมทบทวนแผนชุมชนบูรณาการ",
        (M.PLAN, M.COORDINATION),
        15_000,
        "ทบทวนปัญหาและความต้องการของหมู่บ้าน จัดลำดับโครงการ",
        "แผนชุมชนถูกบรรจุในแผนพัฒนาท้องถิ่น",
    ),
    Template(
        K.TRAINING,
        "อบรมการจัดเก็บและใช้ข้อมูล จปฐ. เพื่อวางแผน",
        (M.PLAN,),
        12_000,
        "อาสาสมัครจัดเก็บข้อมูลได้รับการอบรม",
        "ข้อมูลครัวเรือนครบถ้วนและทันเวลา",
    ),
    Template(
        K.GENERAL_MEETING,
        "เวทีเชื่อมโยงเครือข่ายองค์กรชุมชนระดับตำบล",
        (M.COORDINATION,),
        8_000,
        "ผู้นำกลุ่มองค์กรแลกเปลี่ยนการดำเนินงาน",
        "กลุ่มองค์กรร่วมกันจัดกิจกรรมมากขึ้น",
    ),
    Template(
        K.TRAINING,
        "อบรมประชาธิปไตยชุมชนและพลเมืองดี",
        (M.DEMOCRACY,),
        10_000,
        "ผู้นำชุมชนเข้าใจบทบาทพลเมือง",
        "ประชาชนมีส่วนร่วมในเวทีประชาคมมากขึ้น",
    ),
    Template(K.CAMPAIGN, "รณรงค์การเลือกตั้งสุจริตและเที่ยงธรรม", (M.DEMOCRACY, M.GOVERNANCE), 5_000),
    Template(
        K.TRAINING,
        "อบรมธรรมาภิบาลการบริหารกองทุนชุมชน",
        (M.GOVERNANCE, M.FUNDS),
        18_000,
        "คณะกรรมการกองทุนจัดทำบัญชีและรายงานการเงินได้",
        "กองทุนผ่านการประเมินสุขภาพทางการเงิน",
    ),
    Template(
        K.TRAINING,
        "อบรมการจัดทำบัญชีครัวเรือน",
        (M.SUFFICIENCY,),
        9_000,
        "ครัวเรือนต้นแบบจดบัญชีรายรับรายจ่าย",
        "ครัวเรือนลดรายจ่ายที่ไม่จำเป็น",
    ),
    Template(
        K.PROJECT,
        "ส่งเสริมการปลูกผักสวนครัวรั้วกินได้",
        (M.SUFFICIENCY, M.ENVIRONMENT),
        20_000,
        "แจกเมล็ดพันธุ์และต้นกล้าแก่ครัวเรือน",
        "ครัวเรือนมีผักปลอดสารพิษไว้บริโภค",
    ),
    Template(
        K.GENERAL_MEETING,
        "ประชุมใหญ่สามัญประจำปีกองทุนสวัสดิการชุมชน",
        (M.FUNDS,),
        6_000,
        "รายงานผลการดำเนินงานและงบการเงินประจำปี",
        "สมาชิกรับทราบและรับรองงบการเงิน",
    ),
    Template(K.CAMPAIGN, "รณรงค์เพิ่มสมาชิกกองทุนสวัสดิการชุมชน", (M.FUNDS, M.IMMUNITY), 4_000),
    Template(
        K.TRAINING,
        "ถ่ายทอดภูมิปัญญาการจักสานไม้ไผ่สู่เยาวชน",
        (M.WISDOM,),
        14_000,
        "เยาวชนฝึกจักสานได้คนละหนึ่งชิ้นงาน",
        "ภูมิปัญญาท้องถิ่นได้รับการสืบทอด",
    ),
    Template(
        K.PROJECT,
        "ตลาดนัดภูมิปัญญาและผลิตภัณฑ์ชุมชน",
        (M.WISDOM, M.SUFFICIENCY),
        25_000,
        "กลุ่มอาชีพนำสินค้ามาจำหน่าย",
        "กลุ่มอาชีพมีรายได้เพิ่มขึ้น",
    ),
    Template(
        K.PROJECT,
        "ค่ายครอบครัวอบอุ่น สร้างภูมิคุ้มกันทางสังคม",
        (M.IMMUNITY,),
        22_000,
        "ครอบครัวเข้าร่วมกิจกรรมเสริมสร้างความสัมพันธ์",
        "ครอบครัวสื่อสารกันดีขึ้น",
    ),
    Template(K.TRAINING, "อบรมรู้เท่าทันภัยออนไลน์สำหรับผู้สูงอายุ", (M.IMMUNITY, M.WISDOM), 7_000),
    Template(
        K.CAMPAIGN,
        "รณรงค์หมู่บ้านสีขาวปลอดยาเสพติด",
        (M.DRUGS, M.IMMUNITY),
        10_000,
        "เดินรณรงค์และติดป้ายประชาสัมพันธ์",
        "ไม่พบผู้ค้ายาเสพติดรายใหม่ในหมู่บ้าน",
    ),
    Template(
        K.PROJECT,
        "ค่ายเยาวชนต้านยาเสพติด",
        (M.DRUGS,),
        30_000,
        "เยาวชนเข้าค่ายสามวันสองคืน",
        "เยาวชนรวมกลุ่มทำกิจกรรมสร้างสรรค์",
    ),
    Template(
        K.PROJECT,
        "ปลูกป่าชุมชนและสร้างฝายชะลอน้ำ",
        (M.ENVIRONMENT,),
        35_000,
        "ปลูกต้นไม้และสร้างฝายชะลอน้ำ",
        "ป่าชุมชนชุ่มชื้นขึ้น ลดไฟป่า",
    ),
    Template(
        K.PROJECT,
        "ธนาคารขยะรีไซเคิลชุมชน",
        (M.ENVIRONMENT, M.SUFFICIENCY),
        12_000,
        "ตั้งจุดรับซื้อขยะรีไซเคิลเดือนละครั้ง",
        "ปริมาณขยะลดลง สมาชิกมีเงินออม",
    ),
    Template(
        K.COMMITTEE_MEETING,
        "ประชุมคณะกรรมการ ศอช. ประจำไตรมาส",
        (M.COORDINATION, M.GOVERNANCE),
        3_000,
    ),
]

SUPPORT_IN_KIND = [
    "สถานที่จัดกิจกรรม",
    "อาหารกลางวันผู้เข้าร่วม",
    "วิทยากร",
    "เมล็ดพันธุ์และต้นกล้า",
    "รถรับส่งผู้เข้าร่วม",
    "เอกสารประกอบการอบรม",
]


@dataclass(frozen=True)
class StoryPlan:
    center: str
    title: str
    summary: str
    body: str
    people: int
    saved: int
    earned: int
    colours: tuple[str, str]
    published: bool = True


STORIES = [
    StoryPlan(
        "71",
        "13 ปี ศอช.จ.กาญจนบุรี เครือข่ายที่เติบโตจากฐานราก",
        "งานสานสัมพันธ์เครือข่ายพัฒนาชุมชน ประจำปี 2563 รวมพลังภาคีทุกภาคส่วน "
        "เชิดชูนักพัฒนาชุมชนดีเด่น 20 คนจากทุกสาขาอาชีพ",
        "เมื่อวันที่ 28 กุมภาพันธ์ 2563 ศูนย์ประสานงานองค์การชุมชนจังหวัดกาญจนบุรีจัด"
        "**งานสานสัมพันธ์เครือข่ายพัฒนาชุมชน** ครบรอบ 13 ปี ณ หอประชุมมหาวิทยาลัยราชภัฏกาญจนบุรี\n\n"
        "- มอบโล่เชิดชูเกียรตินักพัฒนาชุมชนดีเด่น 20 คน จากทุกสาขาอาชีพ\n"
        "- การแสดงของเครือข่ายพัฒนาชุมชน\n"
        "- นิทรรศการแสดงผลความสำเร็จของ ศอช. ทั้ง 13 อำเภอ\n\n"
        "ภาคีเครือข่ายทั้งภาครัฐ ท้องถิ่น ท้องที่ เอกชน และประชาสังคม ร่วมกันสนับสนุนงานอย่างเข้มแข็ง",
        520,
        0,
        0,
        ("#17663a", "#f5b400"),
    ),
    StoryPlan(
        "710104",
        "กลุ่มออมทรัพย์ฯ บ้านท่ามะขาม พาสมาชิกพ้นหนี้นอกระบบ",
        "สมาชิก 45 ครัวเรือนปลดหนี้นอกระบบด้วยเงินกู้ดอกเบี้ยต่ำและการจดบัญชีครัวเรือน",
        "กลุ่มออมทรัพย์เพื่อการผลิตบ้านท่ามะขามร่วมกับ ศอช.ต.ท่ามะขาม สำรวจหนี้ของสมาชิก "
        "แล้วจัด*เงินกู้เพื่อการปลดหนี้*ควบคู่กับการอบรมบัญชีครัวเรือน\n\n"
        "ภายในสองปี สมาชิก 45 ครัวเรือนพ้นจากหนี้นอกระบบ ลดดอกเบี้ยที่ต้องจ่ายรวมกว่า 380,000 บาท",
        45,
        380_000,
        0,
        ("#0a4fa3", "#8fd3ff"),
    ),
    StoryPlan(
        "7101",
        "ผักปลอดสารพิษ รายได้เสริมของคนเมืองกาญจน์",
        "ครัวเรือน 120 ครัวเรือนปลูกผักรั้วกินได้ ส่งขายตลาดชุมชนทุกวันเสาร์",
        "ศอช.อ.เมืองกาญจนบุรีชวนครัวเรือนปลูกผักปลอดสารพิษ\n\n"
        "1. แจกเมล็ดพันธุ์และสอนทำปุ๋ยหมัก\n"
        "2. รวมกลุ่มส่งผักขายตลาดชุมชน\n"
        "3. ต่อยอดเป็นวิสาหกิจชุมชน\n\n"
        "ปีที่ผ่านมามีรายได้รวมกว่า 250,000 บาท",
        120,
        60_000,
        250_000,
        ("#17663a", "#b6e3a8"),
    ),
    StoryPlan(
        "7102",
        "ธนาคารขยะไทรโยค เปลี่ยนขยะเป็นเงินออม",
        "สมาชิกธนาคารขยะ 300 คน ลดขยะในชุมชนและมีเงินออมเพิ่มขึ้น",
        "ศอช.อ.ไทรโยคตั้ง**ธนาคารขยะรีไซเคิล**ทุกตำบล รับซื้อขยะเดือนละครั้ง "
        "เงินที่ได้ฝากเป็นเงินออมของสมาชิกและสมทบกองทุนสวัสดิการชุมชน",
        300,
        60_000,
        35_000,
        ("#a35a00", "#ffd28a"),
    ),
    StoryPlan(
        "7103",
        "ผ้าทอมือบ่อพลอย จากภูมิปัญญาสู่สินค้า OTOP",
        "กลุ่มทอผ้า 3 กลุ่มพัฒนาลวดลายใหม่ ขายได้ทั้งออนไลน์และงานแสดงสินค้า",
        "ผู้สูงอายุถ่ายทอดการทอผ้าให้คนรุ่นใหม่ ศอช.อ.บ่อพลอยประสานหน่วยงานช่วยออกแบบลวดลาย "
        "และบรรจุภัณฑ์ จนได้รับการคัดสรรเป็นสินค้า OTOP",
        85,
        0,
        420_000,
        ("#7a2e8e", "#f2c1ff"),
    ),
    StoryPlan(
        "710101",
        "หมู่บ้านสีขาว ห่างไกลยาเสพติด",
        "ชุมชนร่วมเฝ้าระวัง เยาวชนมีพื้นที่สร้างสรรค์ ไม่พบผู้เสพรายใหม่สองปีติดต่อกัน",
        "คณะกรรมการหมู่บ้าน ศอช.ต. และเยาวชนร่วมกันจัด*ลานกีฬาต้านยาเสพติด* และค่ายเยาวชนทุกปิดภาคเรียน",
        800,
        0,
        0,
        ("#1d2330", "#9aa4b5"),
    ),
    StoryPlan(
        "710104",
        "แผนชุมชนบูรณาการตำบลท่ามะขาม (ร่าง)",
        "เรื่องเล่าที่ยังเขียนไม่เสร็จ",
        "กำลังรวบรวมข้อมูล",
        0,
        0,
        0,
        ("#5a6273", "#d5d9e0"),
        published=False,
    ),
]

PLAN_PROJECTS = [
    # name, mission, doer, doer name, budget, year offset, progress
    (
        "ปรับปรุงระบบประปาหมู่บ้าน",
        M.ENVIRONMENT,
        ProjectDoer.LOCAL_GOVERNMENT,
        "อบต.ท่ามะขาม",
        450_000,
        0,
        ProjectProgress.DONE,
    ),
    (
        "ส่งเสริมการปลูกผักสวนครัวรั้วกินได้",
        M.SUFFICIENCY,
        ProjectDoer.COMMUNITY,
        "",
        20_000,
        0,
        ProjectProgress.DONE,
    ),
    (
        "อบรมบัญชีครัวเรือนและออมทรัพย์",
        M.SUFFICIENCY,
        ProjectDoer.COMMUNITY,
        "",
        9_000,
        1,
        ProjectProgress.IN_PROGRESS,
    ),
    (
        "ค่ายเยาวชนต้านยาเสพติด",
        M.DRUGS,
        ProjectDoer.AGENCY,
        "สำนักงานพัฒนาชุมชนอำเภอเมืองกาญจนบุรี",
        30_000,
        1,
        ProjectProgress.IN_PROGRESS,
    ),
    (
        "ถนนคอนกรีตเสริมเหล็กเข้าพื้นที่การเกษตร",
        M.PLAN,
        ProjectDoer.LOCAL_GOVERNMENT,
        "อบต.ท่ามะขาม",
        1_200_000,
        2,
        ProjectProgress.PLANNED,
    ),
    (
        "ธนาคารขยะรีไซเคิลชุมชน",
        M.ENVIRONMENT,
        ProjectDoer.COMMUNITY,
        "",
        12_000,
        2,
        ProjectProgress.PLANNED,
    ),
    (
        "ศูนย์เรียนรู้ภูมิปัญญาท้องถิ่น",
        M.WISDOM,
        ProjectDoer.AGENCY,
        "มหาวิทยาลัยราชภัฏกาญจนบุรี",
        80_000,
        3,
        ProjectProgress.DROPPED,
    ),
]


def load(context) -> None:
    """Load the activities demo once (see the module's docstring)."""
    if Story.objects.filter(center__province_code=PROVINCE).exists():
        return
    if not Center.objects.filter(pk=PROVINCE).exists():
        return  # the network demo is not there (demo --minimal)
    actor = User.objects.get(username="admin")
    contextvars.copy_context().run(_load_as, context, actor)


def _load_as(context, actor: User) -> None:
    with set_actor(actor), transaction.atomic():
        _ActivitiesDemo(context, actor).run()


def _photo(colours: tuple[str, str], seed: int) -> bytes:
    """A simple landscape (sky, sun, hills, field) drawn with Pillow: no download, no faces."""
    rng = random.Random(seed)  # noqa: S311 - pictures, not secrets
    width, height = 960, 640
    image = Image.new("RGB", (width, height), colours[1])
    draw = ImageDraw.Draw(image)
    draw.ellipse((width - 260, 60, width - 140, 180), fill="#ffe27a")
    for layer in range(3):
        base = height - 160 - layer * 60
        points = [(0, height)]
        for x in range(0, width + 80, 80):
            points.append((x, base - rng.randint(0, 90)))
        points.append((width, height))
        shade = 60 + layer * 30
        draw.polygon(points, fill=(20, shade + 60, 40 + layer * 10))
    draw.rectangle((0, height - 120, width, height), fill=colours[0])
    for _ in range(14):
        x = rng.randint(0, width)
        draw.line((x, height - 120, x + rng.randint(-30, 30), height), fill="#ffffff", width=2)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


class _ActivitiesDemo:
    def __init__(self, context, actor: User) -> None:
        self.context = context
        self.rng: random.Random = context.rng
        self.actor = actor
        self.today = clock.today()
        self.centers = list(Center.objects.filter(province_code=PROVINCE).order_by("area_id"))
        self.partners = {p.name: p for p in Partner.objects.filter(province_code=PROVINCE)}
        self.activities: dict[str, list[Activity]] = {}
        self.counts = {"activities": 0, "meetings": 0, "projects": 0, "stories": 0}

    def run(self) -> None:
        self.make_event()
        for center in self.centers:
            self.make_activities(center)
        self.make_meetings()
        self.make_plans()
        self.make_stories()
        self.context.notes.append(
            f"activities demo: {self.counts['activities']} activities "
            f"({self.counts['meetings']} meetings with attendance), community plans with "
            f"{self.counts['projects']} projects, {self.counts['stories']} success stories"
        )

    # Activities ---------------------------------------------------------------------------

    def _participants(self, scale: int) -> dict[tuple[str, str], int]:
        rng = self.rng
        counts: dict[tuple[str, str], int] = {}
        bands = rng.sample(
            [AgeBand.YOUTH, AgeBand.WORKING, AgeBand.WORKING, AgeBand.ELDER, AgeBand.CHILD],
            rng.randint(1, 3),
        )
        for band in bands:
            for sex, share in ((Sex.FEMALE, 0.58), (Sex.MALE, 0.42)):
                number = round(scale * share / len(bands) * rng.uniform(0.7, 1.3))
                if number:
                    counts[(sex, band)] = counts.get((sex, band), 0) + number
        if rng.random() < 0.1:
            counts[(Sex.OTHER, AgeBand.UNKNOWN)] = rng.randint(1, 4)
        return counts

    def _partner_for(self, center: Center) -> Partner | None:
        local = [p for p in self.partners.values() if center.area_id.startswith(p.area_id)]
        return self.rng.choice(local) if local else None

    def _committee_people(self, center: Center, day: datetime.date) -> list:
        _term, seats = committee_on(center.area_id, day)
        return [s.person for s in seats]

    def _create(self, center: Center, template: Template, day: datetime.date, **extra) -> Activity:
        rng = self.rng
        budget = Decimal(round(template.budget * rng.uniform(0.6, 1.6), -2))
        spent = (
            budget
            * Decimal(
                str(rng.choice((0.72, 0.85, 0.9, 0.93, 0.96, 0.98, 1.0, 1.0, 1.0, 1.0, 1.0, 1.12)))
            )
        ).quantize(Decimal("1"))
        scale = {2: 180, 4: 90, 6: 45}[len(center.area_id)]
        data = services.ActivityData(
            kind=template.kind,
            title=extra.pop("title", template.title),
            starts_on=day,
            ends_on=day + datetime.timedelta(days=rng.choice((0, 0, 0, 1, 2))),
            missions=list(extra.pop("missions", template.missions)),
            place=extra.pop("place", f"ศาลาอเนกประสงค์ {center.area.display_name_th}"),
            budget=budget,
            spent=spent,
            participants=extra.pop("participants", None) or self._participants(scale),
            outputs=template.outputs,
            outcomes=template.outcomes,
            **extra,
        )
        activity = services.activity_create(actor=self.actor, center_code=center.pk, data=data)
        self.activities.setdefault(center.pk, []).append(activity)
        self.counts["activities"] += 1
        return activity

    def make_activities(self, center: Center) -> None:
        rng = self.rng
        templates = [t for t in TEMPLATES if t.kind not in MEETING_KINDS or rng.random() < 0.5]
        current_year = fiscal_year_be(self.today)
        years = [*FISCAL_YEARS, *range(FISCAL_YEARS[-1] + 1, current_year + 1)]
        for year in years:
            first, last = fiscal_year_bounds(year)
            last = min(last, self.today)
            per_year = PER_YEAR if year in FISCAL_YEARS else PER_LATER_YEAR
            low, high = per_year[len(center.area_id)]
            for _ in range(rng.randint(low, high)):
                template = rng.choice(templates)
                day = first + datetime.timedelta(days=rng.randint(0, (last - first).days))
                activity = self._create(center, template, day)
                if rng.random() < 0.35:
                    partner = self._partner_for(center)
                    if partner is not None:
                        services.activity_partner_add(
                            actor=self.actor,
                            activity_id=activity.pk,
                            partner_id=partner.pk,
                            money=str(rng.choice((0, 2_000, 5_000, 10_000))),
                            in_kind=rng.choice(SUPPORT_IN_KIND),
                        )
                if rng.random() < 0.4:
                    people = self._committee_people(center, day)
                    for person in rng.sample(people, min(len(people), rng.randint(2, 4))):
                        services.activity_attendee_add(
                            actor=self.actor,
                            activity_id=activity.pk,
                            person_id=person.pk,
                            role=rng.choice(("วิทยากร", "ผู้ประสานงาน", "ผู้เข้าร่วม", "ผู้เข้าร่วม")),
                        )

    def make_event(self) -> None:
        """The network relations event of the seed document (28 February 2020, FY 2563)."""
        province = next(c for c in self.centers if c.pk == PROVINCE)
        event = self._create(
            province,
            Template(
                ActivityKind.OTHER,
                "งานสานสัมพันธ์เครือข่ายพัฒนาชุมชน ประจำปี 2563 (ครบรอบ 13 ปี ศอช.)",
                (M.COORDINATION, M.WISDOM, M.GOVERNANCE),
                120_000,
                "มอบโล่เชิดชูเกียรตินักพัฒนาชุมชนดีเด่น 20 คน การแสดงของเครือข่าย "
                "และนิทรรศการผลความสำเร็จของ ศอช. ทุกอำเภอ",
                "ภาคีเครือข่ายรู้จักบทบาทของ ศอช. และขยายความร่วมมือกับภาครัฐ ท้องถิ่น ท้องที่ และเอกชน",
            ),
            datetime.date(2020, 2, 28),
            place="หอประชุมมหาวิทยาลัยราชภัฏกาญจนบุรี",
            participants={
                (Sex.FEMALE, AgeBand.WORKING): 210,
                (Sex.MALE, AgeBand.WORKING): 160,
                (Sex.FEMALE, AgeBand.ELDER): 70,
                (Sex.MALE, AgeBand.ELDER): 50,
                (Sex.OTHER, AgeBand.UNKNOWN): 30,
            },
        )
        for name, money, in_kind in (
            ("มหาวิทยาลัยราชภัฏกาญจนบุรี", "0", "หอประชุมและระบบเสียง (มูลค่าประมาณ 45,000 บาท)"),
            ("สำนักงานพัฒนาชุมชนจังหวัดกาญจนบุรี", "80,000", ""),
            ("องค์การบริหารส่วนจังหวัดกาญจนบุรี", "20,000", "รถรับส่งผู้เข้าร่วมจาก 13 อำเภอ"),
        ):
            partner = self.partners.get(name)
            if partner is not None:
                services.activity_partner_add(
                    actor=self.actor,
                    activity_id=event.pk,
                    partner_id=partner.pk,
                    money=money,
                    in_kind=in_kind,
                )
        self.event = event

    # Meetings -----------------------------------------------------------------------------

    def make_meetings(self) -> None:
        rng = self.rng
        for code in MEETING_CENTERS:
            center = next(c for c in self.centers if c.pk == code)
            for quarter in range(4, 0, -1):
                day = self.today - datetime.timedelta(days=90 * quarter - rng.randint(0, 20))
                term, seats = committee_on(code, day)
                if term is None:
                    continue
                short = code == "7101" and quarter == 2  # one meeting without its quorum
                meeting = self._create(
                    center,
                    TEMPLATES[-1],
                    day,
                    title=f"ประชุมคณะกรรมการ {center.name} ครั้งที่ {5 - quarter}",
                    place="ห้องประชุมสำนักงานพัฒนาชุมชน",
                    agenda="1. เรื่องที่ประธานแจ้งให้ทราบ\n2. รับรองรายงานการประชุมครั้งที่แล้ว\n"
                    "3. รายงานผลการดำเนินงานตามแผน\n4. เรื่องเพื่อพิจารณา\n5. เรื่องอื่น ๆ",
                    minutes="ประธานกล่าวเปิดประชุม ที่ประชุมรับรองรายงานการประชุมครั้งที่แล้วโดยไม่มีแก้ไข "
                    "เลขานุการรายงานผลการดำเนินงานตามแผนปฏิบัติการประจำปี",
                    resolutions=[
                        "รับรองรายงานการประชุมครั้งที่แล้ว",
                        "เห็นชอบแผนการจัดเวทีประชาคมทบทวนแผนชุมชน",
                    ],
                    participants={(Sex.OTHER, AgeBand.UNKNOWN): len(seats)},
                )
                counted = [s for s in seats if s.position != Position.ADVISOR]
                if short:  # exactly half present: not more than half, so no quorum
                    present_ids = {s.pk for s in counted[: len(counted) // 2]}
                else:
                    present_ids = {s.pk for s in seats if rng.random() < 0.82}
                statuses = {
                    seat.pk: AttendanceStatus.PRESENT
                    if seat.pk in present_ids
                    else rng.choice((AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT))
                    for seat in seats
                }
                services.meeting_attendance_set(
                    actor=self.actor, activity_id=meeting.pk, statuses=statuses
                )
                present = sum(1 for s in statuses.values() if s == AttendanceStatus.PRESENT)
                services.activity_update(
                    actor=self.actor,
                    activity_id=meeting.pk,
                    expected_version=None,
                    data=self._with_participants(meeting, present),
                )
                self.counts["meetings"] += 1
        province = next(c for c in self.centers if c.pk == PROVINCE)
        day = self.today - datetime.timedelta(days=200)
        self._create(
            province,
            Template(
                ActivityKind.GENERAL_MEETING,
                "ประชุมใหญ่สามัญประจำปี ศอช.จ.กาญจนบุรี",
                (M.COORDINATION, M.GOVERNANCE, M.PLAN),
                25_000,
                "รายงานผลการดำเนินงานประจำปีของ ศอช. ทุกระดับ",
                "ที่ประชุมรับรองแผนปฏิบัติการปีถัดไป",
            ),
            day,
            agenda="1. รายงานผลการดำเนินงานประจำปี\n2. รายงานการเงิน\n3. แผนปฏิบัติการปีถัดไป",
            resolutions=["รับรองรายงานการเงินประจำปี", "เห็นชอบแผนปฏิบัติการปีถัดไป"],
        )

    def _with_participants(self, activity: Activity, present: int) -> services.ActivityData:
        return services.ActivityData(
            kind=activity.kind,
            title=activity.title,
            starts_on=activity.starts_on,
            ends_on=activity.ends_on,
            missions=activity.mission_values,
            place=activity.place,
            budget=activity.budget,
            spent=activity.spent,
            participants={(Sex.OTHER, AgeBand.UNKNOWN): present} if present else {},
            outputs=activity.outputs,
            outcomes=activity.outcomes,
            agenda=activity.agenda,
            minutes=activity.minutes,
            resolutions=[r.text for r in activity.resolutions.order_by("number")],
        )

    # Community plans ----------------------------------------------------------------------

    def make_plans(self) -> None:
        rng = self.rng
        first = 2566
        center = next((c for c in self.centers if c.pk == PLAN_SUBDISTRICT), None)
        if center is None:
            return
        areas = [PLAN_SUBDISTRICT, *[v for v in PLAN_VILLAGES]]
        from concenter.geography.models import Area

        existing = set(Area.objects.filter(code__in=areas).values_list("code", flat=True))
        for area_code in [a for a in areas if a in existing]:
            plan = services.plan_create(
                actor=self.actor,
                area_code=area_code,
                data=services.PlanData(
                    first_year=first,
                    last_year=first + 4,
                    problems="รายได้ไม่พอรายจ่าย หนี้สินครัวเรือน\nน้ำประปาไม่สะอาดและไม่พอใช้ในหน้าแล้ง\n"
                    "ถนนเข้าพื้นที่การเกษตรชำรุด\nเยาวชนเสี่ยงต่อยาเสพติด",
                    needs="ส่งเสริมอาชีพเสริมและการออม\nปรับปรุงระบบประปาหมู่บ้าน\n"
                    "ซ่อมถนนเข้าพื้นที่การเกษตร\nพื้นที่สร้างสรรค์สำหรับเยาวชน",
                    approved_on=datetime.date(2022, 8, rng.randint(1, 28)),
                ),
            )
            projects = PLAN_PROJECTS if len(area_code) == 6 else rng.sample(PLAN_PROJECTS, 4)
            for name, mission, doer, doer_name, budget, offset, progress in projects:
                project = services.plan_project_add(
                    actor=self.actor,
                    plan_id=plan.pk,
                    data=services.ProjectData(
                        name=name,
                        mission=mission,
                        doer=doer,
                        doer_name=doer_name,
                        budget=Decimal(budget),
                        year=first + offset,
                        progress=progress,
                    ),
                )
                self.counts["projects"] += 1
                if progress in (ProjectProgress.DONE, ProjectProgress.IN_PROGRESS):
                    self._carry_out(center, project, first + offset)

    def _carry_out(self, center: Center, project, year: int) -> None:
        first, last = fiscal_year_bounds(year)
        last = min(last, self.today)
        if last < first:
            return
        day = first + datetime.timedelta(days=self.rng.randint(0, (last - first).days))
        template = Template(
            ActivityKind.PROJECT,
            project.name,
            (project.mission,),
            int(min(project.budget, Decimal(60_000))),
            "ดำเนินการตามแผนชุมชน",
            "",
        )
        self._create(
            center,
            template,
            day,
            plan_project_id=project.pk,
            title=f"{project.name} ({project.plan.area.display_name_th})",
        )

    # Stories ------------------------------------------------------------------------------

    def make_stories(self) -> None:
        rng = self.rng
        for index, plan in enumerate(STORIES):
            if not Center.objects.filter(pk=plan.center).exists():
                continue
            linked = self.activities.get(plan.center, [])
            activity_ids = [a.pk for a in rng.sample(linked, min(len(linked), 2))]
            if plan.center == PROVINCE:
                activity_ids = [self.event.pk]
            story = services.story_create(
                actor=self.actor,
                center_code=plan.center,
                data=services.StoryData(
                    title=plan.title,
                    summary=plan.summary,
                    body=plan.body,
                    people_reached=plan.people,
                    money_saved=Decimal(plan.saved),
                    money_earned=Decimal(plan.earned),
                    activity_ids=activity_ids,
                ),
            )
            for number in range(1 if not plan.published else rng.randint(1, 2)):
                services.story_photo_add(
                    actor=self.actor,
                    story_id=story.pk,
                    upload=SimpleUploadedFile(
                        f"demo-{index}-{number}.jpg",
                        _photo(plan.colours, seed=index * 10 + number),
                        content_type="image/jpeg",
                    ),
                    caption=f"ภาพที่ {number + 1}: {plan.title}"[:250],
                )
            if plan.published:
                services.story_publish(actor=self.actor, story_id=story.pk)
            self.counts["stories"] += 1
