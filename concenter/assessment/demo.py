"""The strength assessment of the Kanchanaburi demo: last fiscal year's round of the
subdistrict centers, approved and closed, and this year's round, past its due date, with
centers at every step: approved (and a certificate or two), verified, submitted, returned with
a reason, and late (a draft, or not started at all — Tha Makham, the demo editor's center, is
left as a draft for its committee to finish).

Runs after the activities demo, through the services: the district officer `kan.mueang` fills
and verifies the centers of Mueang Kanchanaburi, the province officer `kan.province` those of
the other districts, and approves. If this year's round exists, nothing is done.
"""

import contextvars
import datetime
from decimal import Decimal

from auditlog.context import set_actor
from django.db import transaction

from concenter.accounts.models import User
from concenter.assessment import services
from concenter.assessment.models import Answer, Round, ScoringKind
from concenter.common import clock
from concenter.common.thai import fiscal_year_be
from concenter.network.models import Center, CenterLevel, CenterStatus

PROVINCE = "71"
DISTRICT = "7101"
EDITOR_CENTER = "710104"
# What happens to the n-th center (by code) this year, in turn.
PATTERN = ("approved", "approved", "returned", "verified", "submitted", "late", "approved", "late")
RETURN_REASON = "ขอหลักฐานการประชุมคณะกรรมการและรายชื่อองค์การสมาชิกเพิ่มเติม ตัวเลขสูงกว่าที่บันทึกไว้ในระบบ"


def load(context) -> None:
    """Load the assessment demo once (see the module's docstring)."""
    if not Center.objects.filter(pk=PROVINCE).exists():
        return  # the network demo is not there (demo --minimal)
    year = fiscal_year_be(clock.today())
    if Round.objects.filter(fiscal_year=year, level=CenterLevel.SUBDISTRICT).exists():
        return
    contextvars.copy_context().run(_load, context, year)


def _load(context, year: int) -> None:
    admin = User.objects.get(username="admin")
    province = User.objects.filter(username="kan.province").first() or admin
    district = User.objects.filter(username="kan.mueang").first() or admin
    with set_actor(admin), transaction.atomic():
        _AssessmentDemo(context, year, admin=admin, province=province, district=district).run()
    current = Round.objects.get(fiscal_year=year, level=CenterLevel.SUBDISTRICT)
    counts = {
        status: current.assessments.filter(status=status).count()
        for status in ("approved", "verified", "submitted", "returned", "draft")
    }
    context.notes.append(
        f"assessment demo: round {year} at /assessment/rounds/{current.pk}/ — "
        + ", ".join(f"{n} {status}" for status, n in counts.items())
        + f"; {len(services.late_centers(current))} centers late"
    )


class _AssessmentDemo:
    def __init__(self, context, year: int, *, admin, province, district) -> None:
        self.rng = context.rng
        self.year = year
        self.admin = admin
        self.province = province
        self.district = district
        self.centers = list(
            Center.objects.filter(
                province_code=PROVINCE, level=CenterLevel.SUBDISTRICT, status=CenterStatus.ACTIVE
            ).order_by("area_id")
        )

    def officer(self, center: Center):
        return self.district if center.district_code == DISTRICT else self.province

    def run(self) -> None:
        today = clock.today()
        if not Round.objects.filter(
            fiscal_year=self.year - 1, level=CenterLevel.SUBDISTRICT
        ).exists():
            self.last_year(today)
        current = services.round_open(
            actor=self.admin,
            fiscal_year=self.year,
            level=CenterLevel.SUBDISTRICT,
            opens_on=today - datetime.timedelta(days=45),
            due_on=today - datetime.timedelta(days=5),
        )
        for index, center in enumerate(self.centers):
            fate = PATTERN[index % len(PATTERN)]
            if center.pk == EDITOR_CENTER:
                services.assessment_start(
                    actor=self.officer(center), round_id=current.pk, center_code=center.pk
                )
                continue
            if fate == "late":
                if index % 2:
                    services.assessment_start(
                        actor=self.officer(center), round_id=current.pk, center_code=center.pk
                    )
                continue
            # The first center of each pattern's turn is a model center: the top band.
            star = index % len(PATTERN) == 0
            assessment = self.fill(current, center, generosity=1, star=star)
            self.move(assessment, center, fate)

    def last_year(self, today: datetime.date) -> None:
        last = services.round_open(
            actor=self.admin,
            fiscal_year=self.year - 1,
            level=CenterLevel.SUBDISTRICT,
            opens_on=today - datetime.timedelta(days=400),
            due_on=today - datetime.timedelta(days=340),
        )
        for center in self.centers:
            assessment = self.fill(last, center, generosity=0)
            self.move(assessment, center, "approved")
        services.round_update(
            actor=self.admin,
            round_id=last.pk,
            due_on=last.due_on,
            status="closed",
            expected_version=None,
        )

    def fill(self, assessment_round: Round, center: Center, *, generosity: int, star=False):
        """The committee's answers: levels by hand, figures a little above the records (a
        model center reaches the top of every indicator)."""
        actor = self.officer(center)
        assessment = services.assessment_start(
            actor=actor, round_id=assessment_round.pk, center_code=center.pk
        )
        answers = []
        for answer in Answer.objects.filter(assessment=assessment).select_related("indicator"):
            indicator = answer.indicator
            if indicator.kind == ScoringKind.NUMBER:
                recorded = answer.data_figure or Decimal(0)
                extra = Decimal(self.rng.randint(0, 3 + 3 * generosity))
                figure = max(recorded, Decimal(indicator.bands[-1])) if star else recorded + extra
                answers.append(
                    services.AnswerData(
                        indicator_id=indicator.pk,
                        figure=figure,
                        note="ตามบันทึกของศูนย์และทะเบียนสมาชิก",
                    )
                )
            else:
                answers.append(
                    services.AnswerData(
                        indicator_id=indicator.pk,
                        level=5 if star else self.rng.randint(2 + generosity, 5),
                        note="มีรายงานการประชุมและภาพกิจกรรมเป็นหลักฐาน",
                    )
                )
        return services.assessment_answers_save(
            actor=actor, assessment_id=assessment.pk, answers=answers
        )

    def move(self, assessment, center: Center, fate: str) -> None:
        officer = self.officer(center)
        services.assessment_submit(actor=officer, assessment_id=assessment.pk)
        if fate == "submitted":
            return
        if fate == "returned":
            services.assessment_return(
                actor=officer, assessment_id=assessment.pk, reason=RETURN_REASON
            )
            return
        services.assessment_verify(actor=officer, assessment_id=assessment.pk)
        if fate == "verified":
            return
        services.assessment_approve(actor=self.province, assessment_id=assessment.pk)
