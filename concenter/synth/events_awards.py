"""Award programmes and an event for the synthetic network (`concenter synth`, issue #9).

Two award programmes for people, set up as an officer would (ten profession categories with
quotas, six weighted criteria, an eligibility question, seven judges: users with the judge role
on the panel), their nominations of synthetic people screened, every eligible nomination
assigned to every judge, and the judges' scorecards as judging leaves them. The first programme
is still judging (a few drafts, cards not started, declared conflicts); the second has its
results computed by `concenter.awards.results` and copied onto the nominations as
`programme_results_compute` copies them. And one event, registration closed and the door open
now: registrations of synthetic people in the order they came, a seat while one is free, the
waiting list after, a few cancellations (each moving the waiting list up), and check-ins of most
confirmed registrants.

Every derived column the services fill is filled the same way: area ancestor columns, sort and
search keys, versions (one per service call that saved the row), statuses and their times,
ticket codes and secrets (from `concenter.events.tickets`, the secure random source, so they
differ between runs: everything else repeats for a seed). Rows go in with `bulk_create` in
batches, one transaction per programme and one for the event, each batch audited with
`audit.audit_bulk` unless the audit is off. Scorecards and scores are written a block of
nominations at a time, so memory stays flat at national scale (840,000 scores).

The programmes and the event can be added to a network built before (`--only awards,events`):
the people, centers and areas are read from the database.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from auditlog.models import LogEntry
from django.db import transaction
from django.utils import timezone

from concenter.common import audit, clock, search_index
from concenter.common.thai import normalize_text, thai_sort_key
from concenter.geography.models import Area
from concenter.synth.base import (
    PROFESSIONS,
    SynthRefused,
    SynthReport,
    Timer,
    bulk_create_batch,
)

PARTS = ("awards", "events")
SERIES_PREFIX = "synth-"
MINIMUM_AGE = 25
CARDS_BLOCK = 1000  # nominations whose scorecards and scores are built and written together


@dataclass(frozen=True)
class Scale:
    area_code: str  # the programmes' area and the event's organising center
    nationwide: bool  # nominees and registrants from the whole country (area rule off)
    nominations: int  # per programme
    judges: int  # per programme
    registrations: int
    category_quota: int  # places per category (ten categories)
    total_quota: int  # the category places and a few more for the best of the rest


SCALES = {
    "tiny": Scale("7101", False, 50, 7, 50, 1, 12),
    "province": Scale("71", False, 1_000, 7, 1_000, 2, 25),
    "national": Scale("10", True, 10_000, 7, 5_000, 3, 40),
}

# The two programmes: (series, title, state reached). The title ends with the area and the year.
PROGRAMMES = [
    (SERIES_PREFIX + "outstanding-developer", "นักพัฒนาชุมชนดีเด่น", "judging"),
    (SERIES_PREFIX + "outstanding-volunteer", "อาสาพัฒนาชุมชนดีเด่น", "results"),
]
CRITERIA = [  # name, weight, guidance (every criterion scored out of 10)
    ("ผลงานด้านการพัฒนาชุมชน", 25, "ผลที่เกิดกับชุมชนจริง วัดผลได้ มีหลักฐาน"),
    ("การเป็นแบบอย่างที่ดี", 20, "ความประพฤติ ความเสียสละ การยอมรับของชุมชน"),
    ("การมีส่วนร่วมและเครือข่าย", 20, "การทำงานร่วมกับกลุ่ม องค์กร และภาคีเครือข่าย"),
    ("ความยั่งยืนของผลงาน", 15, "ผลงานต่อเนื่อง มีผู้สืบสาน"),
    ("ความคิดสร้างสรรค์และนวัตกรรม", 10, "แนวทางใหม่ที่ชุมชนนำไปใช้ได้"),
    ("การถ่ายทอดความรู้", 10, "ถ่ายทอดความรู้และประสบการณ์ให้ผู้อื่นในชุมชน"),
]
MAX_SCORE = 10
QUESTION = "มีผลงานด้านการพัฒนาชุมชนต่อเนื่องไม่น้อยกว่า 3 ปี"
STATEMENTS = [
    "ริเริ่มการทำเกษตรผสมผสานและรวมกลุ่มเกษตรกรผลิตปุ๋ยอินทรีย์ใช้เองในหมู่บ้าน",
    "ตั้งตลาดชุมชนให้ผู้ผลิตในตำบลขายสินค้าโดยตรง และจัดระบบบัญชีของกลุ่ม",
    "สอนเด็กและเยาวชนเรื่องภูมิปัญญาท้องถิ่น และตั้งศูนย์การเรียนรู้ในชุมชน",
    "ดูแลผู้สูงอายุและผู้ป่วยติดเตียงในหมู่บ้าน และรณรงค์ป้องกันไข้เลือดออก",
    "ก่อตั้งกลุ่มออมทรัพย์เพื่อการผลิตและดูแลการเงินของกลุ่มอย่างโปร่งใส",
    "ฟื้นฟูป่าชุมชนและแหล่งน้ำ ร่วมกับเยาวชนในตำบล",
    "ผลักดันการบูรณาการแผนชุมชนเข้ากับแผนพัฒนาท้องถิ่น",
    "ใช้วัดเป็นศูนย์กลางกิจกรรมของชุมชน และสนับสนุนโครงการหมู่บ้านศีลห้า",
]
CITATION = "ผู้อุทิศตนเพื่อการพัฒนาชุมชนด้วยความเสียสละ เป็นแบบอย่างที่ดีแก่ชุมชน"
COMMENTS = [
    "ผลงานเด่นชัด มีหลักฐานครบถ้วน",
    "ควรมีหลักฐานผลงานเพิ่มเติม",
    "เป็นที่ยอมรับของชุมชนอย่างกว้างขวาง",
]
CONFLICT_DETAIL = "เป็นญาติกับผู้ถูกเสนอชื่อ"
WITHDRAWN_SHARE = 0.01
INELIGIBLE_SHARE = 0.02
CONFLICT_SHARE = 0.01  # eligible nominations where one judge declares a conflict
CARD_STATES = {  # programme state: (share of drafts, share of cards not started)
    "judging": (0.02, 0.01),
    "results": (0.005, 0.003),
}

EVENT_TITLE = "งานวันสร้างสัมพันธ์เครือข่ายงานพัฒนาชุมชน"
EVENT_DESCRIPTION = (
    "งานวันสร้างสัมพันธ์เครือข่ายงานพัฒนาชุมชน เพื่อเสริมสร้างความสัมพันธ์ระหว่างองค์กร "
    "หน่วยงานภาครัฐ องค์กรปกครองส่วนท้องถิ่น ผู้นำชุมชน และภาคีเครือข่ายการพัฒนาชุมชนทุกระดับ"
)
EVENT_AGENDA = [  # kind, minutes after the start, length in minutes, title
    ("registration", -90, 90, "ลงทะเบียนและรับเอกสาร"),
    ("opening", 0, 30, "พิธีเปิดงาน"),
    ("speech", 30, 45, "การบรรยายพิเศษ ทิศทางการพัฒนาชุมชน"),
    ("exhibition", 75, 180, "นิทรรศการผลการดำเนินงานของศูนย์ประสานงานองค์การชุมชน"),
    ("performance", 255, 45, "การแสดงของเครือข่ายงานพัฒนาชุมชน"),
]
CAPACITY_SHARE = 0.94  # seats for this share of the registrations: the rest wait in line
CANCEL_SHARE = 0.03
CHECKIN_SHARE = 0.7
ROLES = {"participant": 85, "guest": 4, "vip": 1, "performer": 4, "exhibitor": 4, "staff": 2}
MEALS = {"standard": 80, "vegetarian": 8, "jay": 4, "halal": 5, "none": 3}
SOURCES = {"officer": 60, "list": 40}
METHODS = {"qr": 75, "code": 20, "name": 5}
CANCEL_REASONS = ["ติดภารกิจ", "เจ็บป่วย", "เดินทางไม่สะดวก"]


class SynthPartsRefused(SynthRefused):
    """The synthetic programmes or event are already there, or the network they need is not."""


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _aware_days(now: datetime.datetime, days: float) -> datetime.datetime:
    return now + datetime.timedelta(days=days)


def existing_parts(scale: str) -> list[str]:
    """The parts (of PARTS) already built in this database for `scale`'s area."""
    from concenter.awards.models import Programme
    from concenter.events.models import Event

    found = []
    area = SCALES[scale].area_code
    if Programme.objects.filter(series__startswith=SERIES_PREFIX, area_id=area).exists():
        found.append("awards")
    if Event.objects.filter(title__startswith=EVENT_TITLE, organizer_id=area).exists():
        found.append("events")
    return found


class _PartsGenerator:
    def __init__(
        self,
        *,
        scale: str,
        seed: int,
        audit_writes: bool,
        batch_size: int,
        report: SynthReport,
        log: Callable[[str], None],
    ) -> None:
        self.scale = SCALES[scale]
        self.seed = seed
        self.audit = audit_writes
        self.batch_size = batch_size
        self.report = report
        self.log = log
        self.now = clock.now()
        self.year = clock.today().year
        self.area = Area.objects.get(code=self.scale.area_code)

    # Writing ---------------------------------------------------------------------------------

    def _write(self, model, objects: list, step: str) -> None:
        with Timer(self.report, step) as timer:
            for batch in _chunks(objects, self.batch_size):
                search_index.insert_indexed(
                    model, lambda batch=batch: bulk_create_batch(model, batch)
                )
                timer.rows += len(batch)
        self.report.counts[step] += len(objects)
        if self.audit and objects:
            with Timer(self.report, "audit") as timer:
                for batch in _chunks(objects, self.batch_size):
                    audit.audit_bulk(batch, action=LogEntry.Action.CREATE)
                    timer.rows += len(batch)
            self.report.counts["audit"] += len(objects)

    # People ----------------------------------------------------------------------------------

    def _people_scope(self):
        from concenter.people.models import Person

        people = Person.objects.filter(anonymized_at__isnull=True)
        if self.scale.nationwide:
            return people
        code = self.area.code
        column = {2: "province_code", 4: "district_code", 6: "subdistrict_code"}[len(code)]
        return people.filter(**{column: code})

    def _people(self, ids: list[int]) -> dict:
        from concenter.people.models import Person

        found = {}
        for chunk in _chunks(ids, 500):
            for person in Person.objects.filter(pk__in=chunk).only(
                "pk",
                "title",
                "given_name",
                "family_name",
                "area_id",
                "province_code",
                "district_code",
                "subdistrict_code",
                "profession_id",
                "birth_year",
            ):
                found[person.pk] = person
        return found

    def _nominators(self, people) -> dict[str, str]:
        """Who nominates: the province's community development office, or the nominee's
        subdistrict center (by code; a subdistrict without a center: the province office)."""
        from concenter.geography.models import Level
        from concenter.network.models import Center

        provinces = dict(Area.objects.filter(level=Level.PROVINCE).values_list("code", "name_th"))
        names = {
            code: "สำนักงานพัฒนาชุมชน" + ("" if code == "10" else "จังหวัด") + name
            for code, name in provinces.items()
        }
        codes = sorted({p.subdistrict_code for p in people if p.subdistrict_code})
        for chunk in _chunks(codes, 500):
            names.update(Center.objects.filter(pk__in=chunk).values_list("pk", "name"))
        for person in people:
            names.setdefault(person.subdistrict_code, names[person.province_code])
        return names

    # Awards ----------------------------------------------------------------------------------

    def judges(self, rng: random.Random, index: int) -> list:
        """The programme's judges: users with the judge role (created unless they exist)."""
        from concenter.accounts.models import Role, RoleAssignment, User
        from concenter.people.demo_names import name_pools

        pools = {k: [normalize_text(n) for n in v] for k, v in name_pools().items()}
        wanted = [f"synth.judge{index}.{n}" for n in range(1, self.scale.judges + 1)]
        existing = {u.username: u for u in User.objects.filter(username__in=wanted)}
        new = []
        for username in wanted:
            gender = rng.choice(("female", "male"))
            title = "นาย" if gender == "male" else rng.choice(("นาง", "นางสาว"))
            name = f"{title}{rng.choice(pools[gender])} {rng.choice(pools['family'])}"
            if username in existing:
                continue
            user = User(username=username, display_name=f"{name} (กรรมการ)")
            user.set_unusable_password()
            new.append(user)
        self._write(User, new, "judges")
        users = [existing.get(u) or next(n for n in new if n.username == u) for u in wanted]
        holding = set(
            RoleAssignment.objects.filter(user__in=users, role=Role.JUDGE).values_list(
                "user_id", flat=True
            )
        )
        roles = [RoleAssignment(user=u, role=Role.JUDGE) for u in users if u.pk not in holding]
        self._write(RoleAssignment, roles, "role assignments")
        return users

    def programme(self, index: int, series: str, title: str, state: str) -> None:
        from concenter.awards.models import (
            Category,
            Criterion,
            EligibilityCheck,
            PanelMember,
            Programme,
            ProgrammeStatus,
        )
        from concenter.people.models import Profession

        rng = random.Random(f"{self.seed}:awards:{index}")  # noqa: S311 - synthetic data
        scale, now = self.scale, self.now
        where = "ระดับประเทศ" if scale.nationwide else self.area.display_name
        opens = _aware_days(now, -120)
        closes = _aware_days(now, -60)
        judging = _aware_days(now, -45)
        computed = _aware_days(now, -5) if state == "results" else None
        programme = Programme(
            title=f"{title}{where} ประจำปี {self.year + 543}",
            description=f"การคัดเลือก{title}{where} เพื่อเชิดชูเกียรติผู้มีผลงานดีเด่นด้านการพัฒนาชุมชน",
            year=self.year,
            series=series,
            status=ProgrammeStatus.JUDGING if state == "judging" else ProgrammeStatus.RESULTS,
            nominations_open_at=opens,
            nominations_close_at=closes,
            total_quota=scale.total_quota,
            min_scorecards=max(1, scale.judges - 2),
            require_in_area=not scale.nationwide,
            minimum_age=MINIMUM_AGE,
            judging_opened_at=judging,
            results_computed_at=computed,
            # create, open, close, open judging (+ compute the results): one version each
            version=5 if state == "results" else 4,
        )
        programme.place_in(self.area)
        self._write(Programme, [programme], "programmes")

        professions = list(
            Profession.objects.filter(code__in=list(PROFESSIONS), active=True).order_by("code")
        )
        professions = [p for p in professions if PROFESSIONS[p.code][2] >= MINIMUM_AGE]
        categories = [
            Category(
                programme=programme,
                profession=profession,
                name=profession.name_th,
                quota=scale.category_quota,
                position=position,
            )
            for position, profession in enumerate(professions)
        ]
        self._write(Category, categories, "categories")
        criteria = [
            Criterion(
                programme=programme,
                name=name,
                weight=Decimal(weight),
                max_score=Decimal(MAX_SCORE),
                guidance=guidance,
                position=position,
                code=f"c{position + 1}",  # as criterion_add numbers them
            )
            for position, (name, weight, guidance) in enumerate(CRITERIA)
        ]
        self._write(Criterion, criteria, "criteria")
        question = EligibilityCheck(programme=programme, question=QUESTION, position=0)
        self._write(EligibilityCheck, [question], "eligibility checks")
        panel = [PanelMember(programme=programme, user=user) for user in self.judges(rng, index)]
        self._write(PanelMember, panel, "panel members")

        nominations = self.nominations(rng, programme, categories, question, closes, judging)
        self.scorecards(rng, programme, nominations, criteria, panel, state, judging, computed)
        if state == "results":
            self.store_results(programme)
        self.log(
            f"award programme {programme.pk} {programme.title}: {len(nominations):,} nominations, "
            f"{len(panel)} judges"
        )

    def nominations(self, rng, programme, categories, question, closes, judging) -> list:
        from concenter.awards.models import Nomination, NominationSource, NominationStatus

        by_profession = {c.profession_id: c for c in categories}
        pool = list(
            self._people_scope()
            .filter(birth_year__lte=self.year - MINIMUM_AGE, profession_id__in=list(by_profession))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        chosen = rng.sample(pool, min(self.scale.nominations, len(pool)))
        people = self._people(chosen)
        span = (closes - programme.nominations_open_at).total_seconds()
        screening = (judging - closes).total_seconds()
        offices = self._nominators(people.values())
        nominations = []
        with Timer(self.report, "nominations (gen)") as timer:
            for person_id in chosen:
                person = people[person_id]
                draw = rng.random()
                center = rng.random() < 0.3
                office = offices[(person.subdistrict_code if center else person.province_code)]
                nomination = Nomination(
                    programme=programme,
                    category=by_profession[person.profession_id],
                    source=NominationSource.CENTER if center else NominationSource.OFFICER,
                    person=person,
                    nominee_name=person.full_name,
                    sort_key=thai_sort_key(person.name_without_title),
                    nominator_name=office,
                    statement=rng.choice(STATEMENTS),
                    citation=CITATION if rng.random() < 0.5 else "",
                    submitted_at=programme.nominations_open_at
                    + datetime.timedelta(seconds=rng.uniform(0, span)),
                    area_id=person.area_id,
                    province_code=person.province_code,
                    district_code=person.district_code,
                    subdistrict_code=person.subdistrict_code,
                    version=2,  # created, then screened or withdrawn
                )
                if draw < WITHDRAWN_SHARE:
                    nomination.status = NominationStatus.WITHDRAWN
                    nomination.screening_reason = "ผู้ถูกเสนอชื่อขอถอนตัว"
                else:
                    eligible = draw >= WITHDRAWN_SHARE + INELIGIBLE_SHARE
                    nomination.status = (
                        NominationStatus.ELIGIBLE if eligible else NominationStatus.INELIGIBLE
                    )
                    nomination.check_answers = {str(question.pk): eligible}
                    nomination.screening_reason = "" if eligible else QUESTION
                    nomination.screened_at = closes + datetime.timedelta(
                        seconds=rng.uniform(0, screening)
                    )
                nominations.append(nomination)
            timer.rows += len(nominations)
        self._write(Nomination, nominations, "nominations")
        return nominations

    def scorecards(self, rng, programme, nominations, criteria, panel, state, opened, computed):
        """Every eligible nomination assigned to every judge (no judge has categories); the
        cards as the judges left them: submitted (complete), drafts, not started, and cards
        of a judge who declared a conflict (no scores)."""
        from concenter.awards.models import (
            Conflict,
            ConflictKind,
            ConflictStatus,
            NominationStatus,
            Score,
            Scorecard,
        )
        from concenter.awards.results import Weigher, stored_weighted

        weigher = Weigher(criteria)
        drafts, untouched = CARD_STATES[state]
        halves = [Decimal(k).scaleb(-1) * 5 for k in range(2 * MAX_SCORE + 1)]
        halves = [h.quantize(Decimal("0.1")) for h in halves]
        bias = [rng.gauss(0, 0.6) for _ in panel]
        closed_at = computed or self.now
        span = (closed_at - opened).total_seconds()
        eligible = [n for n in nominations if n.status == NominationStatus.ELIGIBLE]
        for block in _chunks(eligible, CARDS_BLOCK):
            cards, scores, conflicts = [], [], []
            with Timer(self.report, "scorecards (gen)") as timer:
                for nomination in block:
                    quality = rng.gauss(6.5, 1.3)
                    conflicted = rng.randrange(len(panel)) if rng.random() < CONFLICT_SHARE else -1
                    for j, judge in enumerate(panel):
                        card = Scorecard(nomination=nomination, judge=judge)
                        cards.append(card)
                        if j == conflicted:
                            moment = opened + datetime.timedelta(seconds=rng.uniform(0, span))
                            conflicts.append(
                                Conflict(
                                    nomination=nomination,
                                    judge=judge,
                                    kind=ConflictKind.DECLARED,
                                    detail=CONFLICT_DETAIL,
                                    status=ConflictStatus.CONFIRMED,
                                    decided_at=moment,
                                )
                            )
                            continue
                        draw = rng.random()
                        if draw < untouched:
                            continue
                        scored = criteria
                        if draw < untouched + drafts:
                            scored = rng.sample(criteria, rng.randint(1, len(criteria) - 1))
                        for criterion in scored:
                            value = quality + bias[j] + rng.gauss(0, 0.8)
                            step = min(2 * MAX_SCORE, max(0, round(value * 2)))
                            scores.append(
                                Score(scorecard=card, criterion=criterion, value=halves[step])
                            )
                        card.version = 2  # saved once
                        if scored is criteria:
                            card.version = 3  # and submitted, its weighted score stored
                            card_scores = {
                                s.criterion_id: s.value for s in scores[-len(criteria) :]
                            }
                            for name, value in stored_weighted(
                                card_scores, criteria, weigher
                            ).items():
                                setattr(card, name, value)
                            card.submitted_at = opened + datetime.timedelta(
                                seconds=rng.uniform(0, span)
                            )
                            if rng.random() < 0.05:
                                card.comment = rng.choice(COMMENTS)
                timer.rows += len(cards)
            self._write(Scorecard, cards, "scorecards")
            self._write(Score, scores, "scores")
            self._write(Conflict, conflicts, "conflicts")

    def store_results(self, programme) -> None:
        """The results copied onto the nominations, as `programme_results_compute` does."""
        from concenter.awards.models import Nomination
        from concenter.awards.results import programme_results, stored_values

        with Timer(self.report, "results") as timer:
            outcome = programme_results(programme)
            shown = {
                r.nomination_id: r for r in outcome.results.rows + outcome.results.not_rankable
            }
            changed, before = [], []
            for nomination in Nomination.objects.filter(programme=programme).order_by("pk"):
                values = stored_values(shown.get(nomination.pk))
                if all(getattr(nomination, k) == v for k, v in values.items()):
                    continue
                before.append(audit.field_values(nomination))
                for key, value in values.items():
                    setattr(nomination, key, value)
                nomination.updated_at = self.now
                changed.append(nomination)
            Nomination.objects.bulk_update(
                changed, [*values, "updated_at"], batch_size=self.batch_size
            )
            timer.rows += len(changed)
        self.report.counts["results"] += len(changed)
        if self.audit and changed:
            with Timer(self.report, "audit") as timer:
                for start in range(0, len(changed), self.batch_size):
                    audit.audit_bulk(
                        changed[start : start + self.batch_size],
                        action=LogEntry.Action.UPDATE,
                        before=before[start : start + self.batch_size],
                    )
                timer.rows += len(changed)
            self.report.counts["audit"] += len(changed)

    # The event -------------------------------------------------------------------------------

    def event(self) -> None:
        from concenter.accounts.models import User
        from concenter.events import tickets
        from concenter.events.models import (
            AgendaItem,
            CheckIn,
            Event,
            EventAccess,
            EventStaff,
            EventStatus,
            Registration,
            RegistrationStatus,
        )
        from concenter.events.services import name_key, without_title
        from concenter.network.models import Center

        rng = random.Random(f"{self.seed}:events")  # noqa: S311 - synthetic data
        scale = self.scale
        organizer = Center.objects.get(pk=self.area.code)
        local = timezone.localtime(self.now)
        starts = local.replace(minute=0, second=0, microsecond=0) - datetime.timedelta(hours=2)
        ends = starts + datetime.timedelta(hours=8)
        opens = starts - datetime.timedelta(days=45)
        closes = starts - datetime.timedelta(days=1)
        capacity = max(1, int(scale.registrations * CAPACITY_SHARE))
        event = Event(
            title=f"{EVENT_TITLE} ประจำปี {self.year + 543}",
            organizer=organizer,
            starts_at=starts,
            ends_at=ends,
            venue_name=f"หอประชุม{self.area.display_name}",
            venue_address=self.area.display_name,
            venue_area=self.area,
            capacity=capacity,
            description=EVENT_DESCRIPTION,
            access=EventAccess.PUBLIC,
            registration_opens_at=opens,
            registration_closes_at=closes,
            status=EventStatus.CLOSED,
            ref=tickets.new_ref(),
            version=3,  # created, opened, registration closed
        )
        event.place_in(self.area)
        self._write(Event, [event], "events")
        agenda = [
            AgendaItem(
                event=event,
                kind=kind,
                starts_at=starts + datetime.timedelta(minutes=start),
                ends_at=starts + datetime.timedelta(minutes=start + length),
                title=title,
                location=event.venue_name,
                position=position,
            )
            for position, (kind, start, length, title) in enumerate(EVENT_AGENDA)
        ]
        self._write(AgendaItem, agenda, "agenda items")
        door = User.objects.filter(username="synth.door").first()
        if door is None:
            door = User(username="synth.door", display_name="เจ้าหน้าที่ลงทะเบียนหน้างาน")
            door.set_unusable_password()
            self._write(User, [door], "door staff users")
        self._write(EventStaff, [EventStaff(event=event, user=door)], "event staff")

        pool = list(self._people_scope().order_by("pk").values_list("pk", flat=True))
        chosen = rng.sample(pool, min(scale.registrations, len(pool)))
        people = self._people(chosen)
        centers = set(Center.objects.values_list("pk", flat=True))
        window = (closes - opens).total_seconds()
        arrivals = sorted(rng.uniform(0, window) for _ in chosen)
        registrations = []
        with Timer(self.report, "registrations (gen)") as timer:
            for person_id, offset in zip(chosen, arrivals, strict=True):
                person = people[person_id]
                bare = person.name_without_title
                center = person.subdistrict_code if rng.random() < 0.6 else ""
                registration = Registration(
                    event=event,
                    person=person,
                    role=rng.choices(list(ROLES), list(ROLES.values()))[0],
                    center_id=center if center in centers else None,
                    home_area_id=person.area_id,
                    province_code=person.province_code,
                    district_code=person.district_code,
                    meal=rng.choices(list(MEALS), list(MEALS.values()))[0],
                    accessibility="ใช้รถเข็น" if rng.random() < 0.01 else "",
                    source=rng.choices(list(SOURCES), list(SOURCES.values()))[0],
                    name_search=name_key(without_title(bare))[:300],
                    sort_key=thai_sort_key(without_title(bare)),
                )
                registration.arrived = opens + datetime.timedelta(seconds=offset)
                if rng.random() < CANCEL_SHARE:
                    left = (closes - registration.arrived).total_seconds()
                    registration.leaves = registration.arrived + datetime.timedelta(
                        seconds=rng.uniform(0, left)
                    )
                    registration.cancel_reason = rng.choice(CANCEL_REASONS)
                registrations.append(registration)
            self._seats(registrations, capacity, RegistrationStatus)
            codes: set[str] = set()
            for registration in registrations:
                code = tickets.new_code()
                while code in codes:
                    code = tickets.new_code()
                codes.add(code)
                registration.code = code
                registration.ticket_secret = tickets.new_secret()
                registration.link_secret = tickets.new_secret()
            timer.rows += len(registrations)
        self._write(Registration, registrations, "registrations")

        earliest = starts - datetime.timedelta(minutes=90)
        latest = max(earliest, self.now - datetime.timedelta(minutes=1))
        door_span = (latest - earliest).total_seconds()
        checkins = []
        with Timer(self.report, "check-ins (gen)") as timer:
            for registration in registrations:
                if registration.status != RegistrationStatus.CONFIRMED:
                    continue
                if rng.random() >= CHECKIN_SHARE:
                    continue
                checkins.append(
                    CheckIn(
                        event=event,
                        registration=registration,
                        checked_in_at=earliest
                        + datetime.timedelta(seconds=rng.uniform(0, door_span)),
                        method=rng.choices(list(METHODS), list(METHODS.values()))[0],
                        by=door,
                    )
                )
            timer.rows += len(checkins)
        self._write(CheckIn, checkins, "check-ins")
        self.log(
            f"event {event.pk} {event.title}: {len(registrations):,} registrations, "
            f"{len(checkins):,} check-ins"
        )

    @staticmethod
    def _seats(registrations: list, capacity: int, status) -> None:
        """Replay the registration window: each arrival takes a free seat or joins the waiting
        list; a cancellation of a seat moves the head of the waiting list up (the services'
        `_insert_registration`, `_cancel` and `_promote_waiting_list`)."""
        moves = [(r.arrived, 0, i) for i, r in enumerate(registrations)]
        moves += [(r.leaves, 1, i) for i, r in enumerate(registrations) if hasattr(r, "leaves")]
        moves.sort()
        seated, queue = 0, []
        for when, kind, i in moves:
            registration = registrations[i]
            if kind == 0:
                if seated < capacity:
                    registration.status, registration.confirmed_at = status.CONFIRMED, when
                    seated += 1
                else:
                    registration.status, registration.waitlisted_at = status.WAITLISTED, when
                    queue.append(registration)
                continue
            was_seated = registration.status == status.CONFIRMED
            if registration.status == status.WAITLISTED:
                queue.remove(registration)
            registration.status, registration.cancelled_at = status.CANCELLED, when
            registration.version += 1
            if was_seated:
                seated -= 1
                while queue and seated < capacity:
                    promoted = queue.pop(0)
                    promoted.status, promoted.confirmed_at = status.CONFIRMED, when
                    promoted.version += 1
                    seated += 1


def add_awards_and_events(
    *,
    scale: str,
    seed: int,
    parts: tuple[str, ...] = PARTS,
    audit_writes: bool = True,
    batch_size: int,
    report: SynthReport,
    log: Callable[[str], None] = lambda _line: None,
) -> None:
    """Build `parts` ("awards", "events") of the synthetic network of `scale` from the people,
    centers and areas in the database. Refuses (SynthPartsRefused) a part already built, or
    one whose area, center or people are missing."""
    from concenter.network.models import Center

    config = SCALES[scale]
    there = [p for p in existing_parts(scale) if p in parts]
    if there:
        raise SynthPartsRefused(
            f"The synthetic {' and '.join(there)} of {config.area_code} already exist: "
            "use a database without them."
        )
    if not Area.objects.filter(code=config.area_code).exists():
        raise SynthPartsRefused(f"Area {config.area_code} is not loaded.")
    generator = _PartsGenerator(
        scale=scale,
        seed=seed,
        audit_writes=audit_writes,
        batch_size=batch_size,
        report=report,
        log=log,
    )
    if not generator._people_scope().exists():
        raise SynthPartsRefused(
            f"No people in {config.area_code}: build the network first (concenter synth)."
        )
    if "events" in parts and not Center.objects.filter(pk=config.area_code).exists():
        raise SynthPartsRefused(f"No center of {config.area_code} organises the event.")
    if "awards" in parts:
        for index, (series, title, state) in enumerate(PROGRAMMES, start=1):
            with transaction.atomic():
                generator.programme(index, series, title, state)
    if "events" in parts:
        with transaction.atomic():
            generator.event()
