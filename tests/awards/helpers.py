"""Programmes built through the services, for the tests of the awards app."""

import datetime
import io
import itertools
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from concenter.accounts.models import Role
from concenter.awards import services
from concenter.awards.models import Programme
from concenter.people.services import PersonData, person_create
from tests.conftest import make_user
from tests.pdfs import MINIMAL_PDF

_counter = itertools.count(1)
D = Decimal


def person(actor, area_code="710104", **overrides):
    number = next(_counter)
    data = PersonData(
        given_name=overrides.pop("given_name", f"สมหมาย{number}"),
        family_name=overrides.pop("family_name", f"มานะดี{number}"),
        **overrides,
    )
    return person_create(actor=actor, data=data, area_code=area_code, confirm_new=True)


def judge(username: str | None = None):
    return make_user(username or f"judge{next(_counter)}", Role.JUDGE)


def window(now=None):
    now = now or timezone.now()
    return now - datetime.timedelta(days=1), now + datetime.timedelta(days=30)


def programme(
    actor,
    *,
    area_code="71",
    criteria=(("ผลงาน", "2", "10"), ("ความเป็นแบบอย่าง", "1", "10")),
    categories=(),
    **settings,
) -> Programme:
    """A draft programme with criteria (name, weight, maximum) and categories (name or
    profession code, quota)."""
    open_at, close_at = window()
    values = {
        "title": "นักพัฒนาชุมชนดีเด่น ประจำปี 2568",
        "year": 2025,
        "nominations_open_at": open_at,
        "nominations_close_at": close_at,
        **settings,
    }
    created = services.programme_create(actor=actor, area_code=area_code, **values)
    for name, weight, maximum in criteria:
        services.criterion_add(
            actor=actor, programme_id=created.pk, name=name, weight=weight, max_score=maximum
        )
    for category, quota in categories:
        if category in ("farmer", "teacher", "trader", "health_volunteer", "retired", "other"):
            services.category_add(
                actor=actor, programme_id=created.pk, profession_code=category, quota=quota
            )
        else:
            services.category_add(actor=actor, programme_id=created.pk, name=category, quota=quota)
    return Programme.objects.get(pk=created.pk)


def nominate(actor, prog, nominee, *, category=None, statement="ทำงานเพื่อชุมชนมานาน"):
    return services.nomination_create(
        actor=actor,
        programme_id=prog.pk,
        person_id=nominee.pk,
        category_id=category.pk if category else None,
        statement=statement,
    )


def to_screening(actor, prog):
    services.programme_open(actor=actor, programme_id=prog.pk)
    return prog


def close(actor, prog):
    return services.programme_close(actor=actor, programme_id=prog.pk, early=True)


def screen_all(actor, prog):
    for nomination in prog.nominations.all():
        services.nomination_screen(
            actor=actor, nomination_id=nomination.pk, eligible=True, confirm_unchecked=True
        )


def add_panel(actor, prog, judges, **kwargs):
    return [
        services.panel_member_add(actor=actor, programme_id=prog.pk, user_id=j.pk, **kwargs)
        for j in judges
    ]


def score(judge_user, nomination, values, *, submit=True):
    """values: one score per criterion, in the criteria's order."""
    criteria = list(nomination.programme.criteria.all())
    services.scorecard_save(
        actor=judge_user,
        nomination_id=nomination.pk,
        scores={c.pk: str(v) for c, v in zip(criteria, values, strict=True)},
    )
    if submit:
        services.scorecard_submit(actor=judge_user, nomination_id=nomination.pk)


def png(size=(40, 40), colour="green") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def pdf(name="evidence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, MINIMAL_PDF, "application/pdf")
