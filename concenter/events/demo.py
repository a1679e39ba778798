"""The events of the Kanchanaburi demo.

- The relations day of the seed: งานวันสร้างสัมพันธ์เครือข่ายงานพัฒนาชุมชน ประจำปี 2563, 28 February
  2020 (B.E. 2563), the auditorium of Kanchanaburi Rajabhat University, for the 13th
  anniversary of the CON Center; its agenda as the seed tells it (the welcome by the Governor,
  the report, the opening by the Director-General of the CDD, the 20 honour plaques of
  "Outstanding Community Developer of Kanchanaburi Province", performances by the networks,
  the exhibition of the province center's results); about 350 registrations across the
  province's districts (officials, partners, award recipients, performers, exhibitors, staff,
  participants), check-ins at the door from 07.20, walk-ins, a few no-shows. The event is held.
  When the awards demo left a programme of the province in the database, the award
  presentation is linked to it and its published winners are registered as award recipients;
  otherwise twenty people of the network are registered as award recipients.
- An upcoming general assembly of the province center, open to the public, nearly full, with
  a waiting list (to try the public form, the waiting list and the door).

Everything goes through the services with `admin` as the actor. If the relations day exists
the demo is already there and nothing is done. Names of people are the network demo's
fictional people; officials are named by their office only.
"""

import contextvars
import datetime
import random

from auditlog.context import set_actor
from django.db import transaction
from django.utils import timezone

from concenter.accounts.models import User
from concenter.common import clock
from concenter.events import services, tickets
from concenter.events.models import (
    AgendaKind,
    Event,
    EventAccess,
    EventStatus,
    Meal,
    Registration,
    RegistrationRole,
    RegistrationStatus,
)
from concenter.geography.models import Area
from concenter.network.models import Center, Organization, Partner, Seat
from concenter.people.models import Person

PROVINCE = "71"
TITLE = "งานวันสร้างสัมพันธ์เครือข่ายงานพัฒนาชุมชน ประจำปี 2563"
ASSEMBLY_TITLE = "ประชุมใหญ่สามัญประจำปี ศูนย์ประสานงานองค์การชุมชนจังหวัดกาญจนบุรี"
DAY = datetime.date(2020, 2, 28)
VENUE = "หอประชุมมหาวิทยาลัยราชภัฏกาญจนบุรี"
VENUE_ADDRESS = "70 หมู่ 4 ถนนแสงชูโต ตำบลหนองบัว อำเภอเมืองกาญจนบุรี จังหวัดกาญจนบุรี 71190"
VENUE_AREA = "710106"  # ตำบลหนองบัว
MAP_URL = "https://www.google.com/maps/search/?api=1&query=Kanchanaburi+Rajabhat+University"
CAPACITY = 500
DESCRIPTION = (
    "งานวันสร้างสัมพันธ์เครือข่ายงานพัฒนาชุมชน ประจำปี 2563 จัดขึ้นเนื่องในโอกาสครบรอบ 13 ปี "
    "การก่อตั้งศูนย์ประสานงานองค์การชุมชน (ศอช.) เพื่อเสริมสร้างความสัมพันธ์ระหว่างองค์กร "
    "หน่วยงานภาครัฐ รัฐวิสาหกิจ องค์กรปกครองส่วนท้องถิ่น ผู้นำท้องที่ ภาคประชาสังคม กลุ่มองค์กร "
    "และภาคีเครือข่ายการพัฒนาชุมชนทุกระดับ\n\n"
    "ภายในงานมีพิธีมอบโล่เชิดชูเกียรติ “นักพัฒนาชุมชนดีเด่นจังหวัดกาญจนบุรี” แก่ผู้มีผลงานดีเด่น"
    "ด้านการพัฒนาชุมชนจากทุกสาขาอาชีพ จำนวน 20 ราย การแสดงของเครือข่ายงานพัฒนาชุมชน และนิทรรศการ"
    "แสดงผลการดำเนินงานและความสำเร็จของศูนย์ประสานงานองค์การชุมชนจังหวัดกาญจนบุรี"
)

# Officials, named by their office (the seed names none of them).
VIPS = [
    ("อธิบดีกรมการพัฒนาชุมชน", "กรมการพัฒนาชุมชน"),
    ("ผู้ว่าราชการจังหวัดกาญจนบุรี", "จังหวัดกาญจนบุรี"),
    ("รองผู้ว่าราชการจังหวัดกาญจนบุรี", "จังหวัดกาญจนบุรี"),
    ("พัฒนาการจังหวัดกาญจนบุรี", "สำนักงานพัฒนาชุมชนจังหวัดกาญจนบุรี"),
    ("นายกองค์การบริหารส่วนจังหวัดกาญจนบุรี", "องค์การบริหารส่วนจังหวัดกาญจนบุรี"),
    ("อธิการบดีมหาวิทยาลัยราชภัฏกาญจนบุรี", "มหาวิทยาลัยราชภัฏกาญจนบุรี"),
    ("นายอำเภอเมืองกาญจนบุรี", "ที่ว่าการอำเภอเมืองกาญจนบุรี"),
    ("ประธานศูนย์ประสานงานองค์การชุมชนจังหวัดกาญจนบุรี", "ศอช.จ.กาญจนบุรี"),
]
GUEST_TITLES = ("ผู้แทน", "ผู้อำนวยการ", "หัวหน้าสำนักงาน")
WALK_IN_NAMES = [
    "นางสมพร ใจงาม",
    "นายประยุทธ ทองดี",
    "นางสาวกาญจนา ศรีสุข",
    "นายบุญมี รักษ์ดิน",
    "นางละเอียด มีสุข",
    "นายสุชาติ แก้วมณี",
    "นางทองใบ บุญมา",
    "นายวิชัย พึ่งตน",
    "นางสาวอรุณี ชื่นจิต",
    "นายเสถียร ปัญญาดี",
    "นางบุญเรือน สายทอง",
    "นายอนันต์ จันทร์เพ็ญ",
    "นางสาวพรทิพย์ ใจดี",
    "นายคำรณ สุขสวัสดิ์",
    "นางประไพ ทองคำ",
    "นายไพโรจน์ ศรีทอง",
]
PARTICIPANTS_PER_DETAILED_DISTRICT = {"7101": 90, "7102": 60, "7103": 45}
PARTICIPANTS_PER_OTHER_DISTRICT = 7
ATTENDANCE_SHARE = 0.86
# The district officer of Mueang Kanchanaburi works the door of the province's relations day.
DOOR_STAFF = "kan.mueang"
ASSEMBLY_CAPACITY = 60
ASSEMBLY_REGISTRATIONS = 62


def _at(hour: int, minute: int = 0, day: datetime.date = DAY) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def load(context) -> None:
    """Load the events demo once (see the module's docstring)."""
    if Event.objects.filter(title=TITLE).exists():
        return
    if not Center.objects.filter(pk=PROVINCE).exists():
        context.notes.append("events demo skipped: the network demo is not loaded")
        return
    actor = User.objects.get(username="admin")
    contextvars.copy_context().run(_load_as, context, actor)


def _load_as(context, actor: User) -> None:
    with set_actor(actor), transaction.atomic():
        demo = _EventsDemo(context, actor)
        demo.relations_day()
        demo.general_assembly()
    context.notes.append(
        f"events demo: {demo.registrations} registrations, {demo.checkins} check-ins"
    )


def _programme():
    """The awards demo's programme of the province for 2020 (B.E. 2563), if it is there."""
    from concenter.awards.models import Programme

    return (
        Programme.objects.filter(province_code=PROVINCE, year=DAY.year)
        .order_by("-published_at", "-pk")
        .first()
    )


class _EventsDemo:
    def __init__(self, context, actor: User) -> None:
        self.context = context
        self.rng: random.Random = context.rng
        self.actor = actor
        self.registrations = 0
        self.checkins = 0
        self.taken: set[int] = set()

    # The relations day ----------------------------------------------------------------------

    def relations_day(self) -> None:
        event = services.event_create(
            actor=self.actor,
            organizer_code=PROVINCE,
            title=TITLE,
            starts_at=_at(7, 30),
            ends_at=_at(16, 30),
            venue_name=VENUE,
            venue_address=VENUE_ADDRESS,
            venue_area_code=VENUE_AREA,
            map_url=MAP_URL,
            capacity=CAPACITY,
            description=DESCRIPTION,
            access=EventAccess.INVITATION,
        )
        self.event = event
        self._agenda(event)
        self._register(event)
        event = services.event_status_change(
            actor=self.actor, event_id=event.pk, status=EventStatus.OPEN
        )
        event = services.event_status_change(
            actor=self.actor, event_id=event.pk, status=EventStatus.CLOSED
        )
        self._door(event)
        services.event_status_change(actor=self.actor, event_id=event.pk, status=EventStatus.HELD)

    def _item(self, event, kind, start, end, **fields) -> None:
        services.agenda_item_add(
            actor=self.actor,
            event_id=event.pk,
            kind=kind,
            starts_at=_at(*start),
            ends_at=_at(*end) if end else None,
            **fields,
        )

    def _organization(self, district: str, *types: str) -> Organization | None:
        return (
            Organization.objects.filter(district_code=district, type_id__in=types)
            .order_by("pk")
            .first()
        )

    def _agenda(self, event) -> None:
        from concenter.events.selectors import stories_under

        stories = list(
            stories_under(PROVINCE)
            .filter(published=True)
            .order_by("-pk")
            .values_list("pk", flat=True)[:6]
        )
        item = self._item
        item(
            event,
            AgendaKind.REGISTRATION,
            (7, 30),
            (8, 30),
            title="ลงทะเบียนผู้เข้าร่วมงาน รับเอกสารและของที่ระลึก",
            location="โถงหน้าหอประชุม",
        )
        item(
            event,
            AgendaKind.EXHIBITION,
            (8, 0),
            (16, 0),
            title="นิทรรศการแสดงผลการดำเนินงานและความสำเร็จของศูนย์ประสานงานองค์การชุมชนจังหวัดกาญจนบุรี",
            exhibitor_center_code=PROVINCE,
            theme="13 ปี ศอช. พลังเครือข่าย ชุมชนเข้มแข็ง พึ่งตนเองได้",
            story_ids=stories,
            location="ลานนิทรรศการ ชั้น 1",
        )
        for code, theme in (
            ("7101", "เศรษฐกิจฐานรากและวิสาหกิจชุมชน"),
            ("7102", "กองทุนชุมชนและสวัสดิการชุมชน"),
            ("7103", "ภูมิปัญญาท้องถิ่นและผลิตภัณฑ์ OTOP"),
        ):
            item(
                event,
                AgendaKind.EXHIBITION,
                (8, 0),
                (16, 0),
                exhibitor_center_code=code,
                theme=theme,
                location="ลานนิทรรศการ ชั้น 1",
            )
        dancers = self._organization("7101", "womens_group", "elderly_club")
        item(
            event,
            AgendaKind.PERFORMANCE,
            (8, 45),
            (9, 0),
            title="การแสดงรำต้อนรับ",
            performer_organization_id=dancers.pk if dancers else None,
            performer_name="" if dancers else "กลุ่มพัฒนาสตรีอำเภอเมืองกาญจนบุรี",
        )
        item(
            event,
            AgendaKind.SPEECH,
            (9, 0),
            (9, 10),
            title="กล่าวต้อนรับ",
            speaker_position="ผู้ว่าราชการจังหวัดกาญจนบุรี",
        )
        item(
            event,
            AgendaKind.SPEECH,
            (9, 10),
            (9, 20),
            title="กล่าวรายงานการจัดงาน",
            speaker_position="พัฒนาการจังหวัดกาญจนบุรี",
        )
        item(
            event,
            AgendaKind.OPENING,
            (9, 20),
            (9, 50),
            title="พิธีเปิดงานและกล่าวให้โอวาท",
            details="อธิบดีกรมการพัฒนาชุมชน ประธานในพิธี ร่วมกับผู้ว่าราชการจังหวัดกาญจนบุรี",
        )
        programme = _programme()
        award = {
            "title": "พิธีมอบโล่เชิดชูเกียรติ “นักพัฒนาชุมชนดีเด่นจังหวัดกาญจนบุรี” ประจำปี 2563",
            "details": "ผู้มีผลงานดีเด่นด้านการพัฒนาชุมชนจากทุกสาขาอาชีพ จำนวน 20 ราย",
        }
        if programme is not None:
            award["award_programme_id"] = programme.pk
        item(event, AgendaKind.AWARD, (9, 50), (11, 0), **award)
        item(
            event,
            AgendaKind.PERFORMANCE,
            (11, 0),
            (11, 30),
            title="การแสดงของเครือข่ายงานพัฒนาชุมชน",
            performer_center_code="7102",
        )
        item(
            event,
            AgendaKind.OTHER,
            (11, 30),
            (12, 0),
            title="ผู้บริหารเยี่ยมชมนิทรรศการและบูธผลิตภัณฑ์ชุมชน",
        )
        item(event, AgendaKind.BREAK, (12, 0), (13, 0), title="รับประทานอาหารกลางวัน")
        item(
            event,
            AgendaKind.OTHER,
            (13, 0),
            (15, 0),
            title="เวทีแลกเปลี่ยนเรียนรู้ “สานสัมพันธ์เครือข่าย ก้าวต่อไปของ ศอช.”",
            details="ผู้แทน ศอช. ทั้งสามระดับ ภาคีเครือข่าย และองค์กรปกครองส่วนท้องถิ่น",
        )
        youth = self._organization("7103", "youth_group", "occupation_group")
        item(
            event,
            AgendaKind.PERFORMANCE,
            (15, 0),
            (15, 30),
            title="การแสดงของกลุ่มเยาวชน",
            performer_organization_id=youth.pk if youth else None,
            performer_name="" if youth else "กลุ่มเยาวชนอำเภอบ่อพลอย",
        )
        item(event, AgendaKind.OTHER, (15, 30), (16, 30), title="สรุปผลการจัดงานและพิธีปิด")

    def _add(self, event, **fields) -> Registration:
        registration = services.registration_create(actor=self.actor, event_id=event.pk, **fields)
        self.registrations += 1
        if registration.person_id:
            self.taken.add(registration.person_id)
        return registration

    def _people(self, district: str, count: int) -> list[Person]:
        pool = list(
            Person.objects.filter(district_code=district, anonymized_at__isnull=True)
            .exclude(pk__in=self.taken)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        chosen = self.rng.sample(pool, min(count, len(pool)))
        return list(Person.objects.filter(pk__in=chosen).order_by("pk"))

    def _register(self, event) -> None:
        for office, represents in VIPS:
            self._add(event, full_name=office, role=RegistrationRole.VIP, represents=represents)
        for partner in Partner.objects.filter(province_code=PROVINCE).order_by("pk"):
            self._add(
                event,
                full_name=f"{self.rng.choice(GUEST_TITLES)}{partner.name}",
                role=RegistrationRole.GUEST,
                represents=partner.name,
                home_area_code=partner.area_id if len(partner.area_id) >= 4 else "",
            )
        if event_has_programme(event):
            services.event_awardees_register(actor=self.actor, event_id=event.pk)
            for registration in Registration.objects.filter(
                event=event, role=RegistrationRole.AWARDEE
            ).exclude(person=None):
                self.taken.add(registration.person_id)
        else:
            districts = ["7101"] * 8 + ["7102"] * 5 + ["7103"] * 4 + ["7104", "7105", "7108"]
            for district in districts:
                for person in self._people(district, 1):
                    self._add(event, person_id=person.pk, role=RegistrationRole.AWARDEE)
        # Exhibitors: committee members of the exhibiting centers.
        for code in (PROVINCE, "7101", "7102", "7103"):
            seats = (
                Seat.objects.filter(term__center_id=code, ends_on__isnull=True)
                .exclude(person_id__in=self.taken)
                .select_related("person")
                .order_by("pk")[:4]
            )
            for seat in seats:
                self._add(
                    event,
                    person_id=seat.person_id,
                    role=RegistrationRole.EXHIBITOR,
                    center_code=code,
                )
        # Performers: members of the performing groups.
        for item in event.agenda_items.filter(kind=AgendaKind.PERFORMANCE):
            if item.performer_organization_id:
                members = (
                    Person.objects.filter(memberships__organization=item.performer_organization)
                    .exclude(pk__in=self.taken)
                    .order_by("pk")[:8]
                )
                for person in members:
                    self._add(
                        event,
                        person_id=person.pk,
                        role=RegistrationRole.PERFORMER,
                        organization_id=item.performer_organization_id,
                    )
            elif item.performer_center_id:
                for person in self._people(item.performer_center_id, 8):
                    self._add(
                        event,
                        person_id=person.pk,
                        role=RegistrationRole.PERFORMER,
                        center_code=item.performer_center_id,
                    )
        for person in self._people("7101", 10):
            self._add(
                event,
                person_id=person.pk,
                role=RegistrationRole.STAFF,
                represents="สำนักงานพัฒนาชุมชนจังหวัดกาญจนบุรี",
            )
        centers = set(Center.objects.filter(province_code=PROVINCE).values_list("pk", flat=True))
        districts = Area.objects.filter(parent_id=PROVINCE, active=True).order_by("code")
        for district in districts:
            count = PARTICIPANTS_PER_DETAILED_DISTRICT.get(
                district.code, PARTICIPANTS_PER_OTHER_DISTRICT
            )
            for person in self._people(district.code, count):
                organization = person.led_organizations.first()
                meal = self.rng.choices(
                    [Meal.STANDARD, Meal.VEGETARIAN, Meal.JAY, Meal.HALAL], [88, 5, 4, 3]
                )[0]
                self._add(
                    event,
                    person_id=person.pk,
                    role=RegistrationRole.PARTICIPANT,
                    organization_id=organization.pk if organization else None,
                    center_code=""
                    if organization
                    else (
                        person.subdistrict_code
                        if person.subdistrict_code in centers
                        else person.district_code
                        if person.district_code in centers
                        else ""
                    ),
                    meal=meal,
                    accessibility="รถเข็น" if self.rng.random() < 0.01 else "",
                )
        # Two registrations cancelled before the day.
        for registration in Registration.objects.filter(
            event=event, role=RegistrationRole.PARTICIPANT
        ).order_by("-pk")[:2]:
            services.registration_cancel(
                actor=self.actor, registration_id=registration.pk, reason="ติดภารกิจ"
            )
        if User.objects.filter(username=DOOR_STAFF).exists():
            services.event_staff_add(actor=self.actor, event_id=event.pk, username=DOOR_STAFF)

    def _door(self, event) -> None:
        confirmed = list(
            Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).order_by(
                "pk"
            )
        )
        self.rng.shuffle(confirmed)
        start = _at(7, 20)
        for registration in confirmed:
            certain = registration.role in (
                RegistrationRole.VIP,
                RegistrationRole.AWARDEE,
                RegistrationRole.STAFF,
                RegistrationRole.PERFORMER,
                RegistrationRole.EXHIBITOR,
            )
            if not certain and self.rng.random() > ATTENDANCE_SHARE:
                continue
            if registration.role == RegistrationRole.STAFF:
                minutes = self.rng.randint(0, 20)
            elif registration.role == RegistrationRole.VIP:
                minutes = self.rng.randint(70, 110)
            else:
                minutes = min(int(self.rng.expovariate(1 / 45)), 190)
            when = start + datetime.timedelta(minutes=minutes, seconds=self.rng.randint(0, 59))
            result = services.checkin_record(
                actor=self.actor,
                event_id=event.pk,
                scan=tickets.door_token(event.ref, registration.ticket_secret),
                client_id=f"demo-{registration.pk:08d}",
                scanned_at=when,
            )
            if result.outcome == services.Outcome.RECORDED:
                self.checkins += 1
        for index, name in enumerate(WALK_IN_NAMES):
            district = self.rng.choice(["7101", "7101", "7102", "7103", "7106", "7110"])
            when = start + datetime.timedelta(minutes=30 + index * 9)
            result = services.checkin_walk_in(
                actor=self.actor,
                event_id=event.pk,
                full_name=name,
                represents=self.rng.choice(
                    ["ประชาชนทั่วไป", "อาสาพัฒนา (อช.)", "อาสาสมัครสาธารณสุขประจำหมู่บ้าน"]
                ),
                home_area_code=district,
                client_id=f"demo-walk-in-{index:04d}",
                scanned_at=when,
            )
            if result.outcome == services.Outcome.RECORDED:
                self.checkins += 1
                self.registrations += 1

    # The general assembly (upcoming, public, nearly full) -----------------------------------

    def general_assembly(self) -> None:
        day = clock.today() + datetime.timedelta(days=30)
        event = services.event_create(
            actor=self.actor,
            organizer_code=PROVINCE,
            title=ASSEMBLY_TITLE,
            starts_at=_at(8, 30, day),
            ends_at=_at(15, 30, day),
            venue_name="ห้องประชุมศาลากลางจังหวัดกาญจนบุรี",
            venue_area_code="710101",
            capacity=ASSEMBLY_CAPACITY,
            description="ประชุมใหญ่สามัญประจำปีของ ศอช.จ. รายงานผลการดำเนินงาน แผนงานปีต่อไป "
            "และเลือกตั้งกรรมการแทนตำแหน่งที่ว่าง เปิดให้สมาชิกเครือข่ายและประชาชนที่สนใจลงทะเบียน",
            access=EventAccess.PUBLIC,
            registration_closes_at=_at(17, 0, day - datetime.timedelta(days=3)),
        )
        for kind, start, end, title in (
            (AgendaKind.REGISTRATION, (8, 30), (9, 0), "ลงทะเบียน"),
            (AgendaKind.OPENING, (9, 0), (9, 30), "พิธีเปิดการประชุม"),
            (AgendaKind.OTHER, (9, 30), (12, 0), "รายงานผลการดำเนินงานประจำปีและงบการเงิน"),
            (AgendaKind.BREAK, (12, 0), (13, 0), "รับประทานอาหารกลางวัน"),
            (AgendaKind.OTHER, (13, 0), (15, 0), "แผนงานปีต่อไป และเลือกตั้งกรรมการแทนตำแหน่งที่ว่าง"),
            (AgendaKind.OTHER, (15, 0), (15, 30), "ปิดการประชุม"),
        ):
            services.agenda_item_add(
                actor=self.actor,
                event_id=event.pk,
                kind=kind,
                starts_at=_at(*start, day),
                ends_at=_at(*end, day),
                title=title,
            )
        seats = (
            Seat.objects.filter(term__center__province_code=PROVINCE, ends_on__isnull=True)
            .values_list("person_id", flat=True)
            .distinct()
            .order_by("person_id")[:ASSEMBLY_REGISTRATIONS]
        )
        for person_id in seats:
            services.registration_create(actor=self.actor, event_id=event.pk, person_id=person_id)
            self.registrations += 1
        services.event_status_change(actor=self.actor, event_id=event.pk, status=EventStatus.OPEN)


def event_has_programme(event: Event) -> bool:
    return event.agenda_items.filter(kind=AgendaKind.AWARD).exclude(award_programme=None).exists()
