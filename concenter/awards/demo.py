"""The awards part of the Kanchanaburi demo: the 2020 programme of the seed document.

"นักพัฒนาชุมชนดีเด่นจังหวัดกาญจนบุรี ประจำปี 2563" (province 71): ten profession categories with one
place each and twenty places in all; four weighted criteria; an eligibility question; about 35
nominations of people of the network demo (by the province office, by the Tha Makham center's
editor, and one from the public form, linked during screening), with evidence; two nominations
found not eligible; five judges (kan.judge1 … kan.judge5) who score every nomination — one
declares a conflict of interest, one confirms a conflict flagged from the registry (a shared
community organisation); complete, submitted scorecards; the results computed (a tie at a
cut-off, if the scores make one, decided by the committee with its reason); twenty winners with
portraits; published on 25 February 2563 with plaques dated 28 February 2563 (the ceremony of
the seed), signed by two (fictional) signatories under a generated emblem.

Everything goes through the services, at the moments of 2020 (the `now` of the services), each
judge's actions under that judge's name in the audit trail. Fictional people, real places. If the
programme exists the demo is already there and nothing is done.
"""

from __future__ import annotations

import contextvars
import datetime
import io
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from auditlog.context import set_actor
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image, ImageDraw

from concenter.accounts.demo import ensure_user
from concenter.accounts.models import Role, User
from concenter.accounts.services import role_assign
from concenter.awards import services
from concenter.awards.models import Nomination, NominationStatus, Programme
from concenter.network.models import OrganizationMember
from concenter.people.models import Person

BANGKOK = ZoneInfo("Asia/Bangkok")
PROVINCE = "71"
SERIES = "outstanding-developer-71"
YEAR = 2020
TITLE = "นักพัฒนาชุมชนดีเด่นจังหวัดกาญจนบุรี ประจำปี 2563"
CENTER_EDITOR = "kan.thamakham"
EDITOR_CENTER = "710104"

JUDGES = [
    ("kan.judge1", "นางสาววิไลวรรณ ศรีสุข (กรรมการ)"),
    ("kan.judge2", "นายประเสริฐ ทองมา (กรรมการ)"),
    ("kan.judge3", "นางสมพร แสงทอง (กรรมการ)"),
    ("kan.judge4", "นายบุญเลิศ ใจงาม (กรรมการ)"),
    ("kan.judge5", "ผศ.ดร.อรุณี พัฒนกุล (กรรมการ)"),
]
DECLARING_JUDGE = 0  # declares a conflict of interest on one nomination
FLAGGED_JUDGE = 1  # shares an organisation with a nominee: flagged, and confirmed

# profession: (number of nominations, what the nominee did)
CATEGORIES = {
    "farmer": (4, "ริเริ่มการทำเกษตรผสมผสานและรวมกลุ่มเกษตรกรผลิตปุ๋ยอินทรีย์ใช้เองในหมู่บ้าน"),
    "trader": (4, "ตั้งตลาดชุมชนให้ผู้ผลิตในตำบลขายสินค้าโดยตรง และจัดระบบบัญชีของกลุ่ม"),
    "teacher": (4, "สอนเด็กและเยาวชนเรื่องภูมิปัญญาท้องถิ่น และตั้งศูนย์การเรียนรู้ในชุมชน"),
    "civil_servant": (3, "ประสานหน่วยงานให้ชุมชนได้รับงบประมาณตามแผนชุมชนอย่างต่อเนื่อง"),
    "health_volunteer": (4, "ดูแลผู้สูงอายุและผู้ป่วยติดเตียงในหมู่บ้าน และรณรงค์ป้องกันไข้เลือดออก"),
    "religious": (3, "ใช้วัดเป็นศูนย์กลางกิจกรรมของชุมชน และสนับสนุนโครงการหมู่บ้านศีลห้า"),
    "local_government": (3, "ผลักดันการบูรณาการแผนชุมชนเข้ากับแผนพัฒนาท้องถิ่น"),
    "private_employee": (3, "ชวนบริษัทมาสนับสนุนกองทุนการศึกษาและกิจกรรมอาสาในชุมชน"),
    "retired": (4, "ก่อตั้งกลุ่มออมทรัพย์เพื่อการผลิตและดูแลการเงินของกลุ่มอย่างโปร่งใส"),
    "other": (3, "ฟื้นฟูป่าชุมชนและแหล่งน้ำ ร่วมกับเยาวชนในตำบล"),
}
CITATION = "ผู้อุทิศตนเพื่อการพัฒนาชุมชนด้วยความเสียสละ เป็นแบบอย่างที่ดีแก่ชุมชน"
CRITERIA = [
    ("ผลงานด้านการพัฒนาชุมชน", "40", "10", "ผลที่เกิดกับชุมชนจริง วัดผลได้ มีหลักฐาน"),
    ("การเป็นแบบอย่างที่ดี", "30", "10", "ความประพฤติ ความเสียสละ การยอมรับของชุมชน"),
    ("การมีส่วนร่วมและเครือข่าย", "20", "10", "การทำงานร่วมกับกลุ่ม องค์กร และภาคีเครือข่าย"),
    ("ความยั่งยืนของผลงาน", "10", "10", "ผลงานต่อเนื่อง มีผู้สืบสาน"),
]
QUESTION = "มีผลงานด้านการพัฒนาชุมชนต่อเนื่องไม่น้อยกว่า 3 ปี"
SIGNATORIES = [
    ("นายสมศักดิ์ พัฒนาไทย", "อธิบดีกรมการพัฒนาชุมชน"),
    ("นายจิรศักดิ์ ภูมิใจ", "ผู้ว่าราชการจังหวัดกาญจนบุรี"),
]
INELIGIBLE = 2  # nominations found not eligible (the question answered "no")
EDITOR_NOMINATIONS = 3  # categories where the Tha Makham center's editor nominates someone
EVIDENCE_SHARE = 0.4


def _cache_works() -> bool:
    """The public form counts its rate limit in the cache (the database cache unless Redis is
    configured): without its table (`concenter createcachetable`) the demo skips that path."""
    from django.core.cache import cache
    from django.db import DatabaseError

    try:
        with transaction.atomic():
            cache.get("awards:demo:probe")
    except DatabaseError:
        return False
    return True


def _at(month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(YEAR, month, day, hour, tzinfo=BANGKOK)


def load(context) -> None:
    """Load the awards demo once (see the module's docstring)."""
    for username, _name in JUDGES:
        context.logins.append((Role.JUDGE.label, username))
    if Programme.objects.filter(series=SERIES, year=YEAR).exists():
        return
    actor = User.objects.get(username="admin")
    # A copy of the context, so that the audit actors set here do not outlive the demo.
    contextvars.copy_context().run(_load_as, context, actor)


def _load_as(context, actor: User) -> None:
    with set_actor(actor), transaction.atomic():
        _AwardsDemo(context, actor).run()


def emblem_png() -> bytes:
    """A simple emblem: a green and gold roundel with a stylised lotus (no text, no font)."""
    size = 480
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    gold, green, white = (154, 107, 18, 255), (11, 93, 59, 255), (255, 255, 255, 255)
    draw.ellipse((8, 8, size - 8, size - 8), fill=gold)
    draw.ellipse((34, 34, size - 34, size - 34), fill=green)
    draw.ellipse((58, 58, size - 58, size - 58), outline=gold, width=6)
    centre = size // 2
    for dx, top in ((-95, 170), (95, 170), (-50, 130), (50, 130), (0, 105)):
        draw.ellipse((centre + dx - 42, top, centre + dx + 42, top + 190), fill=white)
    draw.rectangle((centre - 120, 300, centre + 120, 330), fill=gold)
    draw.polygon(
        [(centre - 150, 345), (centre + 150, 345), (centre + 110, 385), (centre - 110, 385)],
        fill=white,
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def portrait_png(rng: random.Random) -> bytes:
    """A plain silhouette portrait in a soft colour (the demo's people are fictional)."""
    size = 320
    background = (rng.randint(190, 235), rng.randint(200, 235), rng.randint(190, 230))
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    shade = (70, 78, 92)
    draw.ellipse((105, 55, 215, 175), fill=shade)
    draw.ellipse((50, 185, 270, 420), fill=shade)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def evidence_pdf(name: str, statement: str) -> bytes:
    """A one-page letter of recommendation (Typst, Sarabun) for the nominee."""
    from concenter.common.pdf import render_pdf

    template = """#let data = json(bytes(sys.inputs.data))
#set text(font: "Sarabun", lang: "th", size: 15pt)
#set page(paper: "a4", margin: 2.5cm)
#align(center, text(size: 18pt, weight: "bold", "หนังสือรับรองผลงาน"))
#v(1cm)
ขอรับรองว่า #data.name
#v(0.3cm)
#data.statement
#v(2cm)
#align(right)[ผู้ใหญ่บ้าน]
"""
    return render_pdf(template, {"name": name, "statement": statement})


class _AwardsDemo:
    def __init__(self, context, actor: User) -> None:
        self.context = context
        self.rng: random.Random = context.rng
        self.actor = actor

    # Setup -------------------------------------------------------------------------------------

    def judges(self) -> list[User]:
        users = []
        for username, display_name in JUDGES:
            user = ensure_user(self.context, username, display_name)
            role_assign(user=user, role=Role.JUDGE)
            users.append(user)
        return users

    def programme(self) -> Programme:
        actor = self.actor
        programme = services.programme_create(
            actor=actor,
            area_code=PROVINCE,
            title=TITLE,
            year=YEAR,
            series=SERIES,
            description=(
                "ยกย่องเชิดชูเกียรติบุคคลจากทุกสาขาอาชีพ ที่อุทิศตนเพื่อการพัฒนาชุมชนในจังหวัดกาญจนบุรี "
                "จำนวน 20 คน มอบโล่ในงานสานสัมพันธ์เครือข่ายพัฒนาชุมชน ประจำปี 2563 "
                "เนื่องในโอกาสครบรอบ 13 ปี การสถาปนาศูนย์ประสานงานองค์การชุมชน"
            ),
            nominations_open_at=_at(1, 6, 0),
            nominations_close_at=_at(1, 31, 23).replace(minute=59, second=59),
            public_nominations=True,
            total_quota=20,
            min_scorecards=3,
            normalize=False,
            require_in_area=True,
            winner_cooldown_years=3,
            minimum_age=20,
            plaque_heading="สำนักงานพัฒนาชุมชนจังหวัดกาญจนบุรี",
            plaque_date=datetime.date(YEAR, 2, 28),
        )
        for code in CATEGORIES:
            services.category_add(
                actor=actor, programme_id=programme.pk, profession_code=code, quota=1
            )
        for name, weight, maximum, guidance in CRITERIA:
            services.criterion_add(
                actor=actor,
                programme_id=programme.pk,
                name=name,
                weight=weight,
                max_score=maximum,
                guidance=guidance,
            )
        services.eligibility_check_add(actor=actor, programme_id=programme.pk, question=QUESTION)
        services.signatories_set(actor=actor, programme_id=programme.pk, signatories=SIGNATORIES)
        services.programme_emblem_set(
            actor=actor,
            programme_id=programme.pk,
            upload=SimpleUploadedFile("emblem.png", emblem_png(), "image/png"),
        )
        return programme

    # Nominees ----------------------------------------------------------------------------------

    def shared_organization(self) -> tuple[Person, Person] | None:
        """Two adults who are named members of the same organisation: a nominee, and the
        flagged judge's own record in the registry."""
        members = (
            OrganizationMember.objects.filter(
                organization__province_code=PROVINCE,
                person__anonymized_at__isnull=True,
                person__birth_year__lte=YEAR - 30,
                person__profession_id__in=list(CATEGORIES),
            )
            .select_related("person")
            .order_by("organization_id", "pk")
        )
        by_organization: dict[int, list[Person]] = {}
        for member in members[:4000]:
            by_organization.setdefault(member.organization_id, []).append(member.person)
        for people in by_organization.values():
            if len(people) >= 2:
                return people[0], people[1]
        return None

    def nominees(self, taken: set[int]) -> dict[str, list[Person]]:
        """People of the province for each category, of the category's profession; in the
        first categories one of Tha Makham, whom its center's editor nominates."""
        chosen: dict[str, list[Person]] = {}
        for index, (code, (count, _statement)) in enumerate(CATEGORIES.items()):
            adults = Person.objects.filter(
                province_code=PROVINCE,
                profession_id=code,
                anonymized_at__isnull=True,
                birth_year__lte=YEAR - 25,
            ).exclude(pk__in=taken)
            picked = []
            if index < EDITOR_NOMINATIONS:
                local = list(adults.filter(subdistrict_code=EDITOR_CENTER).order_by("pk")[:50])
                picked = self.rng.sample(local, min(1, len(local)))
            pool = [p for p in adults.order_by("pk")[:400] if p not in picked]
            picked += self.rng.sample(pool, min(count - len(picked), len(pool)))
            taken.update(p.pk for p in picked)
            chosen[code] = picked
        return chosen

    # The run -----------------------------------------------------------------------------------

    def run(self) -> None:
        rng = self.rng
        actor = self.actor
        judges = self.judges()
        programme = self.programme()
        services.programme_open(actor=actor, programme_id=programme.pk, now=_at(1, 5))
        categories = {c.profession_id: c for c in programme.categories.all()}

        pair = self.shared_organization()
        taken = {p.pk for p in pair} if pair else set()
        chosen = self.nominees(taken)
        if pair is not None:
            nominee, _judge_person = pair
            chosen.setdefault(nominee.profession_id, []).insert(0, nominee)
            chosen[nominee.profession_id] = chosen[nominee.profession_id][
                : CATEGORIES[nominee.profession_id][0]
            ]
        editor = User.objects.filter(username=CENTER_EDITOR).first()

        nominations: list[Nomination] = []
        day = 7
        public_person = None
        for code, people in chosen.items():
            for person in people:
                if public_person is None and code == "health_volunteer" and _cache_works():
                    public_person = person  # proposed by a villager through the public form
                    continue
                by_editor = editor is not None and person.subdistrict_code == EDITOR_CENTER
                nominator = editor if by_editor else actor
                statement = (
                    f"{person.full_name} {CATEGORIES[code][1]} เป็นที่ยอมรับของคนในชุมชนและหน่วยงานในพื้นที่"
                )
                evidence = []
                if rng.random() < EVIDENCE_SHARE:
                    evidence.append(
                        SimpleUploadedFile(
                            "หนังสือรับรอง.pdf", evidence_pdf(person.full_name, statement)
                        )
                    )
                with set_actor(nominator):
                    nominations.append(
                        services.nomination_create(
                            actor=nominator,
                            programme_id=programme.pk,
                            person_id=person.pk,
                            category_id=categories[code].pk,
                            statement=statement,
                            citation=CITATION,
                            nominator_relation="ผู้นำชุมชนในพื้นที่" if by_editor else "",
                            evidence=evidence,
                            now=_at(1, min(day, 30)),
                        )
                    )
                day += 1 if rng.random() < 0.6 else 0
        if public_person is not None:
            public = services.nomination_submit_public(
                programme_id=programme.pk,
                category_id=categories["health_volunteer"].pk,
                nominee_name=public_person.full_name,
                nominee_area_code=public_person.subdistrict_code,
                proposed_details="เป็น อสม. ในหมู่บ้านมานานกว่า 15 ปี",
                statement=(
                    f"{public_person.full_name} {CATEGORIES['health_volunteer'][1]} "
                    "ชาวบ้านทุกคนรู้จักและไว้ใจ"
                ),
                nominator_name="นางบุญมา ชาวบ้าน",
                nominator_phone="081-000-0000",
                nominator_relation="เพื่อนบ้าน",
                client_address="203.0.113.10",
                now=_at(1, 20),
            )
            nominations.append(public)

        # Screening.
        services.programme_close(actor=actor, programme_id=programme.pk, now=_at(2, 1))
        question = programme.eligibility_checks.get()
        if public_person is not None:
            services.nomination_link(
                actor=actor, nomination_id=nominations[-1].pk, person_id=public_person.pk
            )
        # Two nominations fail the question; never the public one nor the flagged nominee's.
        keep = {n.pk for n in nominations[-1:]} | {
            n.pk for n in nominations if pair and n.person_id == pair[0].pk
        }
        ruled_out = set(
            rng.sample([i for i, n in enumerate(nominations) if n.pk not in keep], INELIGIBLE)
        )
        for index, nomination in enumerate(nominations):
            if index in ruled_out:
                services.nomination_screen(
                    actor=actor,
                    nomination_id=nomination.pk,
                    eligible=False,
                    answers={question.pk: False},
                    reason="ผลงานยังไม่ต่อเนื่องถึง 3 ปีตามเกณฑ์",
                    now=_at(2, 4),
                )
            else:
                services.nomination_screen(
                    actor=actor,
                    nomination_id=nomination.pk,
                    eligible=True,
                    answers={question.pk: True},
                    confirm_unchecked=True,
                    now=_at(2, 4),
                )

        # The panel and judging.
        for index, judge in enumerate(judges):
            services.panel_member_add(
                actor=actor,
                programme_id=programme.pk,
                user_id=judge.pk,
                person_id=pair[1].pk if pair is not None and index == FLAGGED_JUDGE else None,
            )
        services.programme_judging_start(actor=actor, programme_id=programme.pk, now=_at(2, 10))
        eligible = list(programme.nominations.filter(status=NominationStatus.ELIGIBLE))
        self.judge(programme, judges, eligible, pair[0].pk if pair else None)

        # Results, ties, portraits, publishing.
        services.programme_results_compute(actor=actor, programme_id=programme.pk, now=_at(2, 20))
        self.decide_ties(programme)
        for nomination in programme.nominations.filter(selected=True):
            services.nomination_photo_set(
                actor=actor,
                nomination_id=nomination.pk,
                upload=SimpleUploadedFile("portrait.png", portrait_png(rng), "image/png"),
            )
        services.programme_publish(actor=actor, programme_id=programme.pk, now=_at(2, 25))
        winners = programme.nominations.filter(selected=True).count()
        self.context.notes.append(
            f"รางวัล: {TITLE} — {len(nominations)} nominations, {winners} winners, "
            f"plaques at /awards/{programme.pk}/plaques.pdf"
        )

    def judge(
        self,
        programme: Programme,
        judges: list[User],
        eligible: list[Nomination],
        planted_nominee: int | None,
    ) -> None:
        """Every judge scores every nomination: a hidden quality per nomination, a strictness
        per judge and some noise, in half points. One judge declares a conflict; the flagged
        one confirms it."""
        rng = self.rng
        criteria = list(programme.criteria.all())
        quality = {n.pk: rng.uniform(5.0, 9.3) for n in eligible}
        strictness = [rng.uniform(-0.8, 0.8) for _ in judges]
        declared = rng.choice([n for n in eligible if n.person_id != planted_nominee])
        for index, judge in enumerate(judges):
            with set_actor(judge):
                if index == DECLARING_JUDGE:
                    services.conflict_declare(
                        actor=judge,
                        nomination_id=declared.pk,
                        detail="ผู้ถูกเสนอชื่อเป็นญาติของข้าพเจ้า",
                    )
                # The planted flag (a shared organisation) is confirmed; a flag the registry
                # raises by chance (a neighbour, a namesake) is looked at and dismissed.
                for flag in programme.panel.get(user=judge).conflicts.filter(status="pending"):
                    planted = flag.nomination.person_id == planted_nominee
                    services.conflict_decide(
                        actor=judge,
                        conflict_id=flag.pk,
                        confirm=planted,
                        note="เป็นสมาชิกกลุ่มเดียวกัน" if planted else "ไม่ได้รู้จักกันเป็นการส่วนตัว",
                    )
                blocked = set(
                    programme.panel.get(user=judge)
                    .conflicts.filter(status="confirmed")
                    .values_list("nomination_id", flat=True)
                )
                for nomination in eligible:
                    if nomination.pk in blocked:
                        continue
                    scores = {}
                    for criterion in criteria:
                        raw = quality[nomination.pk] + strictness[index] + rng.gauss(0, 0.7)
                        half_points = round(min(max(raw, 0), float(criterion.max_score)) * 2)
                        scores[criterion.pk] = str(Decimal(half_points) / 2)
                    services.scorecard_save(
                        actor=judge,
                        nomination_id=nomination.pk,
                        scores=scores,
                        comment="" if rng.random() < 0.7 else "ผลงานเด่นชัด มีหลักฐานครบถ้วน",
                    )
                    services.scorecard_submit(
                        actor=judge,
                        nomination_id=nomination.pk,
                        now=_at(2, rng.randint(11, 18), rng.randint(8, 20)),
                    )

    def decide_ties(self, programme: Programme) -> None:
        """A tie at a cut-off waits for the committee: the demo records its decision."""
        from concenter.awards.results import programme_results

        for _attempt in range(10):
            outcome = programme_results(programme)
            if outcome.results.complete:
                return
            tie = outcome.results.pending_ties[0]
            ordered = sorted(tie.nomination_ids, key=lambda nid: outcome.nominations[nid].sort_key)
            services.tie_decide(
                actor=self.actor,
                programme_id=programme.pk,
                nomination_ids=tie.nomination_ids,
                selected_ids=ordered[: tie.places],
                reason=("คะแนนเท่ากันทุกเกณฑ์ ที่ประชุมคณะกรรมการมีมติเลือกผู้มีผลงานต่อเนื่องยาวนานกว่า"),
            )
