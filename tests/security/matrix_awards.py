"""Access rules of the awards app (concenter.awards), for tests/security/test_access_matrix.py.

Each place gets five programmes of its own area (the place's subdistrict), built through the
services: a draft (setup routes), an open one with public nominations (nominating), one in
judging (screening pages, the judges' routes), one in results with a tie waiting for a decision,
and a published one (results, plaques, hall of fame). Managers are those who change the place's
area; readers those who read it. "sec.judge" sits on the panel of the judging programme of
710104 only, assigned to its nominations (one with a conflict flagged from the registry): a
judge reaches those and nothing else (404).
"""

import atexit
import datetime
import io

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from concenter.accounts.models import Role
from concenter.awards import services
from concenter.awards.models import Programme, Scorecard
from concenter.people.services import PersonData, person_create
from tests.conftest import make_user
from tests.security.rules import CREATED, LOGIN, Rule

JUDGE_PLACE = "710104"
READS = {
    "national_admin": ("",),
    "province_officer": ("71",),
    "district_officer": ("7101",),
    "viewer": ("71",),
    "center_editor": ("710104",),
    "judge": (),
}


def _reads(role: str, code: str) -> bool:
    return any(code.startswith(prefix) for prefix in READS.get(role, ()))


def _the_judge(role: str, place) -> bool:
    return role == "judge" and place is not None and place.code == JUDGE_PLACE


def _png(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (24, 24), "green").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _pdf() -> SimpleUploadedFile:
    from tests.pdfs import MINIMAL_PDF

    return SimpleUploadedFile("evidence.pdf", MINIMAL_PDF)


def _forget_after_the_run(name: str) -> None:
    """Files on a disk outlive the matrix's rolled-back transaction: delete them at exit. Files
    in the database (common.storage) go with the rollback; the test database is gone by then."""
    from django.core.files.storage import storages

    from concenter.common.storage import DatabaseStorage

    if not isinstance(storages["default"], DatabaseStorage):
        atexit.register(default_storage.delete, name)


def _programme(admin, code: str, title: str, **settings) -> Programme:
    now = timezone.now()
    programme = services.programme_create(
        actor=admin,
        area_code=code,
        title=f"{title} {code}",
        year=2025,
        nominations_open_at=now - datetime.timedelta(days=1),
        nominations_close_at=now + datetime.timedelta(days=30),
        **settings,
    )
    services.criterion_add(
        actor=admin, programme_id=programme.pk, name="ผลงาน", weight="1", max_score="10"
    )
    return programme


def _person(admin, code: str, given: str, family: str) -> int:
    data = PersonData(given_name=given, family_name=family)
    return person_create(actor=admin, data=data, area_code=code, confirm_new=True).pk


def _to_judging(admin, programme, nominations, judges, *, judge_people=None):
    services.programme_close(actor=admin, programme_id=programme.pk, early=True)
    for nomination in nominations:
        services.nomination_screen(
            actor=admin, nomination_id=nomination.pk, eligible=True, confirm_unchecked=True
        )
    for judge in judges:
        services.panel_member_add(
            actor=admin,
            programme_id=programme.pk,
            user_id=judge.pk,
            person_id=(judge_people or {}).get(judge.pk),
        )
    services.programme_judging_start(actor=admin, programme_id=programme.pk)


def _score(judge, nomination, value: str, *, submit: bool = True) -> None:
    criterion = nomination.programme.criteria.get()
    services.scorecard_save(actor=judge, nomination_id=nomination.pk, scores={criterion.pk: value})
    if submit:
        services.scorecard_submit(actor=judge, nomination_id=nomination.pk)


def build_place(*, admin, place, users):
    code = place.code
    extras = place.extras
    panel_user = make_user(f"sec.panel.{code}", Role.JUDGE)
    scorer = make_user(f"sec.scorer.{code}", Role.JUDGE)
    judge = users["judge"] if code == JUDGE_PLACE else make_user(f"sec.judge.{code}", Role.JUDGE)

    # A draft: its setup routes.
    draft = _programme(admin, code, "รางวัลร่าง")
    extras["awards_draft"] = draft.pk
    extras["awards_category"] = services.category_add(
        actor=admin, programme_id=draft.pk, name="ทั่วไป", quota=1
    ).pk
    extras["awards_criterion"] = draft.criteria.get().pk
    extras["awards_question"] = services.eligibility_check_add(
        actor=admin, programme_id=draft.pk, question="ทำงานชุมชนมาแล้ว 5 ปี"
    ).pk
    extras["awards_member"] = services.panel_member_add(
        actor=admin, programme_id=draft.pk, user_id=panel_user.pk
    ).pk
    services.programme_emblem_set(actor=admin, programme_id=draft.pk, upload=_png("emblem.png"))
    _forget_after_the_run(Programme.objects.get(pk=draft.pk).emblem)

    # Open, with public nominations: nominating.
    opened = _programme(admin, code, "รางวัลเปิดรับ", public_nominations=True)
    services.programme_open(actor=admin, programme_id=opened.pk)
    extras["awards_open"] = opened.pk
    nomination = services.nomination_create(
        actor=admin, programme_id=opened.pk, person_id=place.person, statement="ทำงานเพื่อชุมชน"
    )
    extras["awards_open_nomination"] = nomination.pk
    evidence = services.evidence_add(actor=admin, nomination_id=nomination.pk, upload=_pdf())
    extras["awards_open_evidence"] = evidence.pk
    _forget_after_the_run(evidence.file)

    # Judging: the judge's routes. The judge's own record shares a family name with the second
    # nominee in the same subdistrict, so a conflict is flagged there.
    judging = _programme(admin, code, "รางวัลกำลังตัดสิน")
    services.programme_open(actor=admin, programme_id=judging.pk)
    family = f"ร่วมสกุล{code}"
    first = services.nomination_create(
        actor=admin, programme_id=judging.pk, person_id=place.person, statement="ผลงานดีเด่น"
    )
    second = services.nomination_create(
        actor=admin,
        programme_id=judging.pk,
        person_id=_person(admin, code, "ผู้ถูกเสนอ", family),
        statement="ผลงานดีเด่น",
    )
    evidence = services.evidence_add(actor=admin, nomination_id=first.pk, upload=_pdf())
    extras["awards_judging_evidence"] = evidence.pk
    _forget_after_the_run(evidence.file)
    _to_judging(
        admin,
        judging,
        [first, second],
        [judge, scorer],
        judge_people={judge.pk: _person(admin, code, "กรรมการ", family)},
    )
    extras["awards_judging"] = judging.pk
    extras["awards_judging_nomination"] = first.pk
    extras["awards_flagged_nomination"] = second.pk
    extras["awards_judging_criterion"] = judging.criteria.get().pk
    extras["awards_conflict"] = second.conflicts.get().pk
    _score(judge, first, "7", submit=False)  # complete, so the judge may submit it
    _score(scorer, first, "8")
    extras["awards_submitted_card"] = Scorecard.objects.get(nomination=first, judge__user=scorer).pk

    # Results with a tie at the cut-off (one place, two equal nominations).
    tied = _programme(admin, code, "รางวัลคะแนนเท่ากัน", total_quota=1)
    services.programme_open(actor=admin, programme_id=tied.pk)
    pair = [
        services.nomination_create(
            actor=admin, programme_id=tied.pk, person_id=person_id, statement="ผลงานดีเด่น"
        )
        for person_id in (place.person, place.spare_person)
    ]
    _to_judging(admin, tied, pair, [scorer])
    for nomination in pair:
        _score(scorer, nomination, "9")
    services.programme_results_compute(actor=admin, programme_id=tied.pk)
    extras["awards_tied"] = tied.pk
    extras["awards_tie"] = sorted(n.pk for n in pair)

    # Published: results, plaques and the hall of fame.
    published = _programme(admin, code, "รางวัลประกาศแล้ว", total_quota=1)
    services.programme_open(actor=admin, programme_id=published.pk)
    winner = services.nomination_create(
        actor=admin, programme_id=published.pk, person_id=place.person, statement="ผลงานดีเด่น"
    )
    _to_judging(admin, published, [winner], [scorer])
    _score(scorer, winner, "9")
    services.programme_results_compute(actor=admin, programme_id=published.pk)
    services.nomination_photo_set(actor=admin, nomination_id=winner.pk, upload=_png("photo.png"))
    services.signatories_set(
        actor=admin, programme_id=published.pk, signatories=[("นายทดสอบ ลงนาม", "ประธาน")]
    )
    services.programme_publish(actor=admin, programme_id=published.pk)
    extras["awards_published"] = published.pk
    extras["awards_winner"] = winner.pk
    extras["awards_scorer"] = published.panel.get().pk
    _forget_after_the_run(winner.__class__.objects.get(pk=winner.pk).photo)


def _x(place, key):
    return place.extras[key]


def _version(pk: int) -> int:
    return Programme.objects.values_list("version", flat=True).get(pk=pk)


def _nomination_version(pk: int) -> int:
    from concenter.awards.models import Nomination

    return Nomination.objects.values_list("version", flat=True).get(pk=pk)


def draft(place) -> dict:
    return {"programme_id": _x(place, "awards_draft")}


def opened(place) -> dict:
    return {"programme_id": _x(place, "awards_open")}


def judging(place) -> dict:
    return {"programme_id": _x(place, "awards_judging")}


def published(place) -> dict:
    return {"programme_id": _x(place, "awards_published")}


def tied(place) -> dict:
    return {"programme_id": _x(place, "awards_tied")}


def open_nomination(place) -> dict:
    return {"nomination_id": _x(place, "awards_open_nomination")}


def judged(place) -> dict:
    return {"nomination_id": _x(place, "awards_judging_nomination")}


def winner(place) -> dict:
    return {"nomination_id": _x(place, "awards_winner")}


# A judge reaches only the nominations assigned to them (sec.judge: 710104's judging programme).
JUDGE = {"access": "custom", "allow": _the_judge}
# Evidence: the programme's readers, and the judges assigned to the nomination.
EVIDENCE_READERS = {
    "access": "custom",
    "allow": lambda role, place: _reads(role, place.code) or _the_judge(role, place),
}
POST_302 = {"method": "post", "ok": frozenset({302})}
POST_422 = {"method": "post", "ok": frozenset({422})}

PAGE_RULES: dict[str, Rule] = {
    "awards:programme_list": Rule("login"),
    "awards:programme_create": Rule("login"),  # the empty form; the service checks the area
    "awards:programme_detail": Rule("read", kwargs=draft),
    "awards:programme_edit": Rule("change", kwargs=draft),
    "awards:programme_history": Rule("read", kwargs=draft),
    # An empty transition form is refused with a message, back to the programme.
    "awards:programme_transition": Rule("change", kwargs=draft, **POST_302),
    "awards:programme_setup": Rule("change", kwargs=draft),
    # Empty setup forms: the setup page again with the errors (422).
    "awards:category_add": Rule("change", kwargs=draft, **POST_422),
    "awards:category_update": Rule(
        "change", kwargs=lambda p: {**draft(p), "category_id": _x(p, "awards_category")}, **POST_302
    ),
    "awards:category_remove": Rule(
        "change", kwargs=lambda p: {**draft(p), "category_id": _x(p, "awards_category")}, **POST_302
    ),
    "awards:criterion_add": Rule("change", kwargs=draft, **POST_422),
    "awards:criterion_remove": Rule(
        "change",
        kwargs=lambda p: {**draft(p), "criterion_id": _x(p, "awards_criterion")},
        **POST_302,
    ),
    "awards:question_add": Rule("change", kwargs=draft, **POST_422),
    "awards:question_remove": Rule(
        "change", kwargs=lambda p: {**draft(p), "question_id": _x(p, "awards_question")}, **POST_302
    ),
    "awards:signatories": Rule("change", kwargs=draft, **POST_302),
    "awards:emblem_upload": Rule("change", kwargs=draft, **POST_422),
    "awards:emblem_file": Rule("read", kwargs=draft),
    "awards:panel_add": Rule("change", kwargs=draft, **POST_422),
    "awards:panel_remove": Rule(
        "change", kwargs=lambda p: {**draft(p), "member_id": _x(p, "awards_member")}, **POST_302
    ),
    # Nominations: readers see them; managers (and center editors of the area) nominate.
    "awards:nomination_list": Rule("read", kwargs=opened),
    "awards:nomination_create": Rule("change", kwargs=opened),
    "awards:nomination_detail": Rule("read", kwargs=open_nomination),
    "awards:nomination_edit": Rule("change", kwargs=open_nomination),
    "awards:nomination_link": Rule("change", kwargs=open_nomination),
    "awards:nomination_withdraw": Rule("change", kwargs=open_nomination, **POST_422),
    "awards:evidence_add": Rule("change", kwargs=open_nomination, **POST_422),
    "awards:evidence_file": Rule(
        kwargs=lambda p: {**judged(p), "evidence_id": _x(p, "awards_judging_evidence")},
        **EVIDENCE_READERS,
    ),
    "awards:evidence_remove": Rule(
        "change",
        kwargs=lambda p: {**open_nomination(p), "evidence_id": _x(p, "awards_open_evidence")},
        **POST_302,
    ),
    "awards:photo_upload": Rule("change", kwargs=open_nomination, **POST_422),
    "awards:photo_file": Rule("read", kwargs=winner),
    # Screening needs the screening state: the open programme's nomination is refused (422).
    "awards:nomination_screen": Rule("change", kwargs=open_nomination, **POST_422),
    "awards:plaque_pdf": Rule("read", kwargs=winner),
    "awards:screening": Rule("change", kwargs=judging),
    "awards:assignments": Rule("change", kwargs=judging),
    "awards:progress": Rule("read", kwargs=judging),
    "awards:scorecard_reopen": Rule(
        "change",
        kwargs=lambda p: {**judging(p), "scorecard_id": _x(p, "awards_submitted_card")},
        **POST_302,
    ),
    "awards:results": Rule("read", kwargs=published),
    "awards:results_nomination": Rule(
        "read", kwargs=lambda p: {**published(p), "nomination_id": _x(p, "awards_winner")}
    ),
    "awards:results_judge": Rule(
        "read", kwargs=lambda p: {**published(p), "judge_id": _x(p, "awards_scorer")}
    ),
    "awards:results_xlsx": Rule("read", kwargs=published),
    # An empty decision form is refused with a message, back to the results.
    "awards:tie_decide": Rule("change", kwargs=tied, **POST_302),
    "awards:plaques_pdf": Rule("read", kwargs=published),
    # The judge's pages.
    "awards:judging_home": Rule("login"),
    "awards:judging_card": Rule(kwargs=judged, **JUDGE),
    "awards:judging_submit": Rule(kwargs=judged, method="post", ok=frozenset({302}), **JUDGE),
    "awards:judging_declare": Rule(kwargs=judged, method="post", ok=frozenset({422}), **JUDGE),
    "awards:judging_conflict": Rule(
        kwargs=lambda p: {
            "nomination_id": _x(p, "awards_flagged_nomination"),
            "conflict_id": _x(p, "awards_conflict"),
        },
        method="post",
        ok=frozenset({422}),
        **JUDGE,
    ),
    # The public form and the hall of fame: everyone.
    "awards:public_nominate": Rule("public", anonymous=200, kwargs=opened),
    # Confirming without a valid token: the form again (400).
    "awards:public_confirm": Rule(
        "public", anonymous=400, kwargs=opened, method="post", ok=frozenset({400})
    ),
    "awards:hall_of_fame": Rule("public", anonymous=200),
    "awards:hall_of_fame_programme": Rule("public", anonymous=200, kwargs=published),
    "awards:hall_of_fame_area": Rule("public", anonymous=200, kwargs=lambda p: {"code": p.code}),
    "awards:hall_of_fame_photo": Rule("public", anonymous=200, kwargs=winner),
}

API = "/api/v1/awards"
GET_401 = {"anonymous": 401}


def _window() -> dict:
    now = timezone.now()
    return {
        "nominations_open_at": (now - datetime.timedelta(days=1)).isoformat(),
        "nominations_close_at": (now + datetime.timedelta(days=20)).isoformat(),
    }


API_RULES: dict[tuple[str, str], Rule] = {
    ("GET", f"{API}/programmes"): Rule("login", **GET_401),
    ("POST", f"{API}/programmes"): Rule(
        "change",
        anonymous=401,
        method="post",
        body=lambda p: {"area_code": p.code, "title": "รางวัลใหม่", "year": 2568, **_window()},
        ok=CREATED,
    ),
    ("GET", f"{API}/programmes/{{programme_id}}"): Rule("read", kwargs=draft, **GET_401),
    ("PATCH", f"{API}/programmes/{{programme_id}}"): Rule(
        "change",
        anonymous=401,
        method="patch",
        kwargs=draft,
        body=lambda p: {"version": _version(_x(p, "awards_draft")), "title": "ชื่อใหม่"},
    ),
    ("POST", f"{API}/programmes/{{programme_id}}/transition"): Rule(
        "change",
        anonymous=401,
        method="post",
        kwargs=draft,
        body=lambda p: {"to": "open", "version": _version(_x(p, "awards_draft"))},
    ),
    ("POST", f"{API}/programmes/{{programme_id}}/categories"): Rule(
        "change",
        anonymous=401,
        method="post",
        kwargs=draft,
        body=lambda p: {"name": "ใหม่"},
        ok=CREATED,
    ),
    ("DELETE", f"{API}/categories/{{category_id}}"): Rule(
        "change",
        anonymous=401,
        method="delete",
        kwargs=lambda p: {"category_id": _x(p, "awards_category")},
        ok=frozenset({204}),
    ),
    ("POST", f"{API}/programmes/{{programme_id}}/criteria"): Rule(
        "change",
        anonymous=401,
        method="post",
        kwargs=draft,
        body=lambda p: {"name": "ความยั่งยืน", "weight": 1, "max_score": "5"},
        ok=CREATED,
    ),
    ("DELETE", f"{API}/criteria/{{criterion_id}}"): Rule(
        "change",
        anonymous=401,
        method="delete",
        kwargs=lambda p: {"criterion_id": _x(p, "awards_criterion")},
        ok=frozenset({204}),
    ),
    ("POST", f"{API}/programmes/{{programme_id}}/questions"): Rule(
        "change",
        anonymous=401,
        method="post",
        kwargs=draft,
        body=lambda p: {"question": "เป็นสมาชิกกลุ่ม"},
        ok=CREATED,
    ),
    ("PUT", f"{API}/programmes/{{programme_id}}/signatories"): Rule(
        "change",
        anonymous=401,
        method="put",
        kwargs=draft,
        body=lambda p: {"signatories": [{"name": "นายทดสอบ", "position": "ประธาน"}]},
    ),
    # Without a file: 422 once the programme is found in the change scope.
    ("POST", f"{API}/programmes/{{programme_id}}/emblem"): Rule(
        "change", anonymous=401, method="post", kwargs=draft, ok=frozenset({422})
    ),
    ("POST", f"{API}/programmes/{{programme_id}}/panel"): Rule(
        "change",
        anonymous=401,
        method="post",
        kwargs=draft,
        body=lambda p: {"username": "sec.judge"},
        ok=CREATED,
    ),
    ("DELETE", f"{API}/panel/{{member_id}}"): Rule(
        "change",
        anonymous=401,
        method="delete",
        kwargs=lambda p: {"member_id": _x(p, "awards_member")},
        ok=frozenset({204}),
    ),
    ("GET", f"{API}/programmes/{{programme_id}}/nominations"): Rule(
        "read", kwargs=opened, **GET_401
    ),
    ("POST", f"{API}/programmes/{{programme_id}}/nominations"): Rule(
        "change",
        anonymous=401,
        method="post",
        kwargs=opened,
        body=lambda p: {"person_id": p.spare_person, "statement": "ผลงานดีเด่นของชุมชน"},
        ok=CREATED,
    ),
    ("GET", f"{API}/nominations/{{nomination_id}}"): Rule(
        "read", kwargs=open_nomination, **GET_401
    ),
    ("PATCH", f"{API}/nominations/{{nomination_id}}"): Rule(
        "change",
        anonymous=401,
        method="patch",
        kwargs=open_nomination,
        body=lambda p: {
            "version": _nomination_version(_x(p, "awards_open_nomination")),
            "citation": "ผู้อุทิศตนเพื่อชุมชน",
        },
    ),
    ("POST", f"{API}/nominations/{{nomination_id}}/link"): Rule(
        "change",
        anonymous=401,
        method="post",
        kwargs=open_nomination,
        body=lambda p: {"person_id": p.person},
    ),
    ("POST", f"{API}/nominations/{{nomination_id}}/evidence"): Rule(
        "change", anonymous=401, method="post", kwargs=open_nomination, ok=frozenset({422})
    ),
    ("POST", f"{API}/nominations/{{nomination_id}}/photo"): Rule(
        "change", anonymous=401, method="post", kwargs=open_nomination, ok=frozenset({422})
    ),
    # Screening needs the screening state: refused (422) once the nomination is in scope.
    ("POST", f"{API}/nominations/{{nomination_id}}/screen"): Rule(
        "change",
        anonymous=401,
        method="post",
        kwargs=open_nomination,
        body=lambda p: {"eligible": True},
        ok=frozenset({422}),
    ),
    ("POST", f"{API}/programmes/{{programme_id}}/assignments"): Rule(
        "change", anonymous=401, method="post", kwargs=judging, ok=frozenset({422})
    ),
    ("PUT", f"{API}/nominations/{{nomination_id}}/assignments"): Rule(
        "change",
        anonymous=401,
        method="put",
        kwargs=judged,
        body=lambda p: {"judge_ids": []},
        ok=frozenset({422}),
    ),
    ("GET", f"{API}/programmes/{{programme_id}}/progress"): Rule("read", kwargs=judging, **GET_401),
    ("GET", f"{API}/judging"): Rule("login", **GET_401),
    ("GET", f"{API}/judging/{{nomination_id}}"): Rule(anonymous=401, kwargs=judged, **JUDGE),
    ("PUT", f"{API}/judging/{{nomination_id}}"): Rule(
        anonymous=401,
        method="put",
        kwargs=judged,
        body=lambda p: {"scores": {str(_x(p, "awards_judging_criterion")): "7.5"}},
        **JUDGE,
    ),
    ("POST", f"{API}/judging/{{nomination_id}}/submit"): Rule(
        anonymous=401, method="post", kwargs=judged, **JUDGE
    ),
    ("POST", f"{API}/judging/{{nomination_id}}/conflicts"): Rule(
        anonymous=401,
        method="post",
        kwargs=judged,
        body=lambda p: {"detail": "เป็นญาติกัน"},
        ok=CREATED,
        **JUDGE,
    ),
    ("POST", f"{API}/judging/conflicts/{{conflict_id}}"): Rule(
        anonymous=401,
        method="post",
        kwargs=lambda p: {"conflict_id": _x(p, "awards_conflict")},
        body=lambda p: {"confirm": True},
        **JUDGE,
    ),
    ("GET", f"{API}/programmes/{{programme_id}}/results"): Rule(
        "read", kwargs=published, **GET_401
    ),
    ("POST", f"{API}/programmes/{{programme_id}}/ties"): Rule(
        "change",
        anonymous=401,
        method="post",
        kwargs=tied,
        body=lambda p: {
            "nomination_ids": _x(p, "awards_tie"),
            "selected_ids": _x(p, "awards_tie")[:1],
            "reason": "มติที่ประชุมคณะกรรมการ",
        },
        ok=CREATED,
    ),
    ("GET", f"{API}/programmes/{{programme_id}}/results.xlsx"): Rule(
        "read", kwargs=published, **GET_401
    ),
    ("GET", f"{API}/programmes/{{programme_id}}/plaques.pdf"): Rule(
        "read", kwargs=published, **GET_401
    ),
    ("GET", f"{API}/nominations/{{nomination_id}}/plaque.pdf"): Rule(
        "read", kwargs=winner, **GET_401
    ),
    ("GET", f"{API}/programmes/{{programme_id}}/winners"): Rule(
        "public", anonymous=200, kwargs=published
    ),
    ("GET", f"{API}/hall-of-fame"): Rule("public", anonymous=200),
}

__all__ = ["API_RULES", "LOGIN", "PAGE_RULES", "build_place"]
