"""Access rules of the strength assessment (concenter.assessment), for test_access_matrix.py.

Four rounds (fiscal years 2570–2573 of the subdistrict centers) give each place's center an
assessment at each step: a complete draft (fill, submit), submitted (verify, return), verified
(approve) and approved in the top band (reopen, certificate). Reads follow the center's area;
the committee (and officers of the area) fill and submit; officers of the area verify and
return what is submitted; the province (or the nation) approves and reopens; templates and
rounds are the national administrator's.

PAGE_RULES and API_RULES are built when first read (a module __getattr__): world.py imports
this module while tests/security/rules.py is still being imported.
"""

from __future__ import annotations

import datetime

DRAFT, SUBMITTED, VERIFIED, APPROVED = 2573, 2570, 2571, 2572
CHANGES = {
    "national_admin": ("",),
    "province_officer": ("71",),
    "district_officer": ("7101",),
}
OFFICERS = frozenset(CHANGES)
PROVINCE_OR_ABOVE = frozenset({"national_admin", "province_officer"})
OK, CREATED, REDIRECT, REFUSED = (
    frozenset({200}),
    frozenset({201}),
    frozenset({302}),
    frozenset({422}),
)


def _round(year: int):
    from concenter.assessment.models import Round

    return Round.objects.get(fiscal_year=year, level="subdistrict")


def _fill(admin, assessment) -> None:
    from concenter.assessment import services
    from concenter.assessment.models import ScoringKind

    answers = [
        services.AnswerData(
            indicator_id=answer.indicator_id,
            level=None if answer.indicator.kind == ScoringKind.NUMBER else 5,
            figure="1000" if answer.indicator.kind == ScoringKind.NUMBER else None,
        )
        for answer in assessment.answers.select_related("indicator")
    ]
    services.assessment_answers_save(actor=admin, assessment_id=assessment.pk, answers=answers)


def _evidence(admin, assessment, place) -> None:
    """A PDF on the first answer of the draft (kept in the database with the world's records)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from concenter.assessment import services
    from tests.pdfs import MINIMAL_PDF

    answer = assessment.answers.order_by("pk").first()
    row = services.answer_file_add(
        actor=admin, answer_id=answer.pk, upload=SimpleUploadedFile("a.pdf", MINIMAL_PDF)
    )
    place.extras["answer"] = answer.pk
    place.extras["answer_indicator"] = answer.indicator_id
    place.extras["answer_file"] = row.pk


def build_place(*, admin, place, users) -> None:
    from concenter.assessment import services
    from concenter.assessment.models import Round

    for year in (DRAFT, SUBMITTED, VERIFIED, APPROVED):
        if not Round.objects.filter(fiscal_year=year, level="subdistrict").exists():
            services.round_open(
                actor=admin,
                fiscal_year=year,
                level="subdistrict",
                opens_on=datetime.date(2026, 10, 1),
                due_on=datetime.date(2026, 12, 31),
            )
    for year in (DRAFT, SUBMITTED, VERIFIED, APPROVED):
        assessment = services.assessment_start(
            actor=admin, round_id=_round(year).pk, center_code=place.code
        )
        _fill(admin, assessment)
        if year != DRAFT:
            services.assessment_submit(actor=admin, assessment_id=assessment.pk)
        if year in (VERIFIED, APPROVED):
            services.assessment_verify(actor=admin, assessment_id=assessment.pk)
        if year == APPROVED:
            services.assessment_approve(actor=admin, assessment_id=assessment.pk)
        place.extras[f"assessment_{year}"] = assessment.pk
        place.extras[f"round_{year}"] = assessment.round_id
        if year == DRAFT:
            _evidence(admin, assessment, place)
    from concenter.assessment.models import Template

    place.extras["template"] = Template.objects.get(fiscal_year__isnull=True).pk
    default = Template.objects.get(fiscal_year__isnull=True)
    dimension = default.dimensions.order_by("number").first()
    place.extras["dimension"] = dimension.pk
    place.extras["indicator"] = dimension.indicators.order_by("number").first().pk


def _changes(role: str, code: str) -> bool:
    return any(code.startswith(prefix) for prefix in CHANGES.get(role, ()))


def _officer_of(role: str, place) -> bool:
    return role in OFFICERS and place is not None and _changes(role, place.code)


def _province_of(role: str, place) -> bool:
    return role in PROVINCE_OR_ABOVE and place is not None and _changes(role, place.code)


def _national(role: str, place) -> bool:
    return role == "national_admin"


def _any_officer(role: str, place) -> bool:
    return role in OFFICERS


def _assessment(year: int):
    return lambda place: {"assessment_id": place.extras[f"assessment_{year}"]}


def _round_of(year: int):
    return lambda place: {"round_id": place.extras[f"round_{year}"]}


def _round_and_code(year: int):
    return lambda place: {"round_id": place.extras[f"round_{year}"], "code": place.code}


def _page_rules() -> dict:
    from tests.security.rules import Rule

    return {
        "assessment:home": Rule("login"),
        # An empty form: refused (422) for the national administrator, 404 for everyone else.
        "assessment:round_open": Rule("custom", method="post", allow=_national, ok=REFUSED),
        "assessment:round_detail": Rule(
            "read", kwargs=_round_of(DRAFT), query=lambda place: {"area": place.code}
        ),
        "assessment:round_edit": Rule("custom", kwargs=_round_of(DRAFT), allow=_national),
        "assessment:round_reminders": Rule(
            "custom", method="post", kwargs=_round_of(DRAFT), allow=_any_officer, ok=REDIRECT
        ),
        "assessment:assessment_start": Rule(
            "change", method="post", kwargs=_round_and_code(DRAFT), ok=REDIRECT
        ),
        "assessment:results": Rule("read", kwargs=_round_and_code(SUBMITTED)),
        "assessment:results_export": Rule("read", kwargs=_round_and_code(SUBMITTED)),
        # No file: a message and back to the round, for officers.
        "assessment:results_import": Rule(
            "custom", method="post", kwargs=_round_of(DRAFT), allow=_any_officer, ok=REDIRECT
        ),
        "assessment:assessment_detail": Rule("read", kwargs=_assessment(SUBMITTED)),
        "assessment:assessment_fill": Rule("change", kwargs=_assessment(DRAFT)),
        # No file: refused (422, a message naming the field) for who changes the center.
        "assessment:answer_file_add": Rule(
            "change",
            method="post",
            kwargs=lambda place: {"answer_id": place.extras["answer"]},
            ok=REFUSED,
        ),
        "assessment:answer_file": Rule(
            "read", kwargs=lambda place: {"file_id": place.extras["answer_file"]}
        ),
        "assessment:answer_file_remove": Rule(
            "change",
            method="post",
            kwargs=lambda place: {"file_id": place.extras["answer_file"]},
            ok=REDIRECT,
        ),
        "assessment:assessment_refresh": Rule(
            "change", method="post", kwargs=_assessment(DRAFT), ok=REDIRECT
        ),
        "assessment:assessment_submit": Rule(
            "change", method="post", kwargs=_assessment(DRAFT), ok=REDIRECT
        ),
        "assessment:assessment_verify": Rule(
            "custom",
            method="post",
            kwargs=_assessment(SUBMITTED),
            allow=_officer_of,
            ok=REDIRECT,
        ),
        # Without a reason: refused (422) for those who may return it.
        "assessment:assessment_return": Rule(
            "custom",
            method="post",
            kwargs=_assessment(SUBMITTED),
            allow=_officer_of,
            ok=REFUSED,
        ),
        "assessment:assessment_approve": Rule(
            "custom",
            method="post",
            kwargs=_assessment(VERIFIED),
            allow=_province_of,
            ok=REDIRECT,
        ),
        "assessment:assessment_reopen": Rule(
            "custom",
            method="post",
            kwargs=_assessment(APPROVED),
            allow=_province_of,
            ok=REFUSED,
        ),
        "assessment:certificate": Rule("read", kwargs=_assessment(APPROVED)),
        "assessment:template_detail": Rule(
            "login", kwargs=lambda place: {"template_id": place.extras["template"]}
        ),
        "assessment:template_edit": Rule(
            "custom",
            method="post",
            kwargs=lambda place: {"template_id": place.extras["template"]},
            allow=_national,
            ok=REDIRECT,
        ),
        "assessment:template_copy": Rule(
            "custom",
            method="post",
            kwargs=lambda place: {"template_id": place.extras["template"]},
            allow=_national,
            ok=REDIRECT,
        ),
        "assessment:dimension_edit": Rule(
            "custom",
            kwargs=lambda place: {"dimension_id": place.extras["dimension"]},
            allow=_national,
        ),
        "assessment:indicator_create": Rule(
            "custom",
            kwargs=lambda place: {"dimension_id": place.extras["dimension"]},
            allow=_national,
        ),
        "assessment:indicator_edit": Rule(
            "custom",
            kwargs=lambda place: {"indicator_id": place.extras["indicator"]},
            allow=_national,
        ),
    }


def _version(place, year: int) -> int:
    from concenter.assessment.models import Assessment

    return Assessment.objects.get(pk=place.extras[f"assessment_{year}"]).version


def _api_rules() -> dict:
    from tests.security.rules import Rule

    return {
        ("GET", "/api/v1/assessment-rounds"): Rule("login", anonymous=401),
        ("POST", "/api/v1/assessment-rounds"): Rule(
            "custom",
            anonymous=401,
            method="post",
            body=lambda place: {
                "fiscal_year": 2590,
                "level": "district",
                "opens_on": "2046-10-01",
                "due_on": "2046-12-31",
            },
            allow=_national,
            ok=CREATED,
        ),
        ("GET", "/api/v1/assessment-rounds/{round_id}/progress/{code}"): Rule(
            "read", anonymous=401, kwargs=_round_and_code(DRAFT)
        ),
        ("POST", "/api/v1/assessment-rounds/{round_id}/centers/{code}"): Rule(
            "change", anonymous=401, method="post", kwargs=_round_and_code(DRAFT), ok=CREATED
        ),
        ("GET", "/api/v1/assessment-rounds/{round_id}/results/{code}"): Rule(
            "read", anonymous=401, kwargs=_round_and_code(SUBMITTED)
        ),
        ("GET", "/api/v1/assessments/{assessment_id}"): Rule(
            "read", anonymous=401, kwargs=_assessment(SUBMITTED)
        ),
        ("PUT", "/api/v1/assessments/{assessment_id}/answers"): Rule(
            "change",
            anonymous=401,
            method="put",
            kwargs=_assessment(DRAFT),
            body=lambda place: {"answers": []},
        ),
        # JSON, no file: refused (422) for who changes the center.
        ("POST", "/api/v1/assessments/{assessment_id}/answers/{indicator_id}/files"): Rule(
            "change",
            anonymous=401,
            method="post",
            kwargs=lambda place: {
                "assessment_id": place.extras[f"assessment_{DRAFT}"],
                "indicator_id": place.extras["answer_indicator"],
            },
            body=lambda p: {},
            ok=REFUSED,
        ),
        ("GET", "/api/v1/assessment-files/{file_id}"): Rule(
            "read", anonymous=401, kwargs=lambda place: {"file_id": place.extras["answer_file"]}
        ),
        ("DELETE", "/api/v1/assessment-files/{file_id}"): Rule(
            "change",
            anonymous=401,
            method="delete",
            kwargs=lambda place: {"file_id": place.extras["answer_file"]},
            ok=frozenset({204}),
        ),
        ("POST", "/api/v1/assessments/{assessment_id}/submit"): Rule(
            "change", anonymous=401, method="post", kwargs=_assessment(DRAFT), body=lambda p: {}
        ),
        ("POST", "/api/v1/assessments/{assessment_id}/verify"): Rule(
            "custom",
            anonymous=401,
            method="post",
            kwargs=_assessment(SUBMITTED),
            body=lambda p: {},
            allow=_officer_of,
        ),
        ("POST", "/api/v1/assessments/{assessment_id}/return"): Rule(
            "custom",
            anonymous=401,
            method="post",
            kwargs=_assessment(SUBMITTED),
            body=lambda p: {"reason": "ขอหลักฐานเพิ่มเติม"},
            allow=_officer_of,
        ),
        ("POST", "/api/v1/assessments/{assessment_id}/approve"): Rule(
            "custom",
            anonymous=401,
            method="post",
            kwargs=_assessment(VERIFIED),
            body=lambda p: {},
            allow=_province_of,
        ),
        ("POST", "/api/v1/assessments/{assessment_id}/reopen"): Rule(
            "custom",
            anonymous=401,
            method="post",
            kwargs=_assessment(APPROVED),
            body=lambda p: {"reason": "พบข้อมูลตกหล่น"},
            allow=_province_of,
        ),
    }


def __getattr__(name: str):
    if name == "PAGE_RULES":
        return _page_rules()
    if name == "API_RULES":
        return _api_rules()
    raise AttributeError(name)
