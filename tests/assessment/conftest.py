import datetime

import pytest

from concenter.accounts.models import Role
from concenter.assessment import services
from concenter.assessment.models import Answer, ScoringKind
from concenter.network import services as network
from tests.conftest import make_user

OPENS = datetime.date(2026, 10, 1)
DUE = datetime.date(2026, 12, 31)
YEAR = 2570  # the fiscal year 1 Oct 2026 – 30 Sep 2027


@pytest.fixture
def centers(national_admin):
    for code in ("710104", "710101", "710201", "720101"):
        network.center_create(actor=national_admin, area_code=code)
    return ["710104", "710101", "710201", "720101"]


@pytest.fixture
def editor(db):
    return make_user("kan.thamakham", Role.CENTER_EDITOR, center_code="710104")


@pytest.fixture
def assessment_round(national_admin, centers):
    return services.round_open(
        actor=national_admin, fiscal_year=YEAR, level="subdistrict", opens_on=OPENS, due_on=DUE
    )


def full_answers(assessment, *, level=4, figure="5"):
    """An answer to every indicator: `level` for levels, `figure` for numbers."""
    return [
        services.AnswerData(
            indicator_id=answer.indicator_id,
            level=None if answer.indicator.kind == ScoringKind.NUMBER else level,
            figure=figure if answer.indicator.kind == ScoringKind.NUMBER else None,
        )
        for answer in Answer.objects.filter(assessment=assessment).select_related("indicator")
    ]


@pytest.fixture
def filled(editor, assessment_round):
    """Tha Makham's assessment, every indicator answered by its committee."""
    assessment = services.assessment_start(
        actor=editor, round_id=assessment_round.pk, center_code="710104"
    )
    return services.assessment_answers_save(
        actor=editor, assessment_id=assessment.pk, answers=full_answers(assessment)
    )
