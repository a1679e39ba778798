"""The award operations the API gained so that it does all the pages do (issue #21)."""

import json

import pytest

from concenter.awards import services
from concenter.awards.models import Criterion, NominationStatus, Scorecard
from tests.awards import helpers as h
from tests.awards.test_api import API, Api

pytestmark = pytest.mark.django_db

NEW_OPERATIONS = [
    ("patch", "/api/v1/awards/categories/{category_id}"),
    ("patch", "/api/v1/awards/criteria/{criterion_id}"),
    ("patch", "/api/v1/awards/programmes/{programme_id}/criteria/{code}"),
    ("patch", "/api/v1/awards/panel/{member_id}"),
    ("post", "/api/v1/awards/nominations/{nomination_id}/withdraw"),
    ("post", "/api/v1/awards/nominations/{nomination_id}/scorecards/{member_id}/reopen"),
    ("put", "/api/v1/awards/judging"),
    ("get", "/api/v1/awards/rules"),
]


def test_every_new_operation_is_in_the_openapi_document_with_an_example(anonymous_client):
    document = anonymous_client.get("/api/v1/openapi.json").json()
    for method, path in NEW_OPERATIONS:
        operation = document["paths"][path][method]
        text = json.dumps(operation.get("responses", {})) + json.dumps(
            operation.get("requestBody", {})
        )
        assert '"example"' in text, (method, path)


def _judging(officer, *, nominees=3):
    """A programme in judging: criteria c1 (weight 2, max 10) and c2 (weight 1, max 10), one
    judge assigned to every nomination."""
    programme = h.programme(officer, total_quota=1)
    h.to_screening(officer, programme)
    nominations = [h.nominate(officer, programme, h.person(officer)) for _ in range(nominees)]
    h.close(officer, programme)
    h.screen_all(officer, programme)
    judge = h.judge()
    h.add_panel(officer, programme, [judge])
    services.programme_judging_start(actor=officer, programme_id=programme.pk)
    return programme, nominations, judge


def test_a_judge_saves_and_submits_all_their_cards_in_one_call_by_criterion_code(
    province_officer,
):
    _programme, nominations, judge = _judging(province_officer)
    cards = [
        {"nomination_id": n.pk, "scores": {"c1": 8, "c2": "9.5"}, "submit": True}
        for n in nominations[:2]
    ] + [{"nomination_id": nominations[2].pk, "scores": {"c1": 7}, "comment": "รอหลักฐาน"}]
    saved = Api(judge).ok("put", f"{API}/judging", {"cards": cards})
    assert [(c["nomination_id"], c["submitted"]) for c in saved] == [
        (nominations[0].pk, True), (nominations[1].pk, True), (nominations[2].pk, False),
    ]  # fmt: skip
    assert Scorecard.objects.filter(submitted_at__isnull=False).count() == 2


def test_one_refused_card_stores_none_and_the_refusal_names_it(province_officer):
    _programme, nominations, judge = _judging(province_officer)
    cards = [
        {"nomination_id": nominations[0].pk, "scores": {"c1": 8, "c2": 9}, "submit": True},
        {"nomination_id": nominations[1].pk, "scores": {"c1": 11, "c2": 9}, "submit": True},
    ]
    answer = Api(judge).send("put", f"{API}/judging", {"cards": cards})
    assert answer.status_code == 422
    assert any(key.startswith("cards.1.") for key in answer.json()["errors"])
    assert answer.json()["detail"].startswith("ใบที่ 2:")  # Thai, naming the card
    assert not Scorecard.objects.filter(submitted_at__isnull=False).exists()
    assert not Scorecard.objects.filter(scores__isnull=False).exists()


def test_a_card_of_someone_else_is_not_found_for_the_judge(province_officer):
    _programme, nominations, _judge = _judging(province_officer)
    stranger = h.judge()
    cards = [{"nomination_id": nominations[0].pk, "scores": {"c1": 8}}]
    assert Api(stranger).send("put", f"{API}/judging", {"cards": cards}).status_code == 404


def test_a_manager_reopens_one_scorecard(province_officer):
    programme, nominations, judge = _judging(province_officer, nominees=1)
    h.score(judge, nominations[0], [8, 9])
    member = programme.panel.get()
    reopened = Api(province_officer).ok(
        "post", f"{API}/nominations/{nominations[0].pk}/scorecards/{member.pk}/reopen"
    )
    assert reopened["submitted"] is False
    assert Scorecard.objects.get().submitted_at is None


def test_setup_changes_category_criterion_by_code_and_panel(province_officer):
    programme = h.programme(province_officer, categories=(("ทั่วไป", 1),))
    category = programme.categories.get()
    officer = Api(province_officer)
    changed = officer.ok("patch", f"{API}/categories/{category.pk}", {"name": "เยาวชน"})
    assert (changed["name"], changed["quota"]) == ("เยาวชน", 1)
    assert officer.ok("patch", f"{API}/categories/{category.pk}", {"quota": None})["quota"] is None
    renamed = officer.ok(
        "patch", f"{API}/programmes/{programme.pk}/criteria/c1", {"name": "ผลงานต่อชุมชน"}
    )
    assert (renamed["code"], renamed["name"], renamed["weight"]) == ("c1", "ผลงานต่อชุมชน", "2")
    coded = officer.ok(
        "patch", f"{API}/criteria/{renamed['id']}", {"code": "impact", "max_score": 20}
    )
    assert (coded["code"], coded["max_score"]) == ("impact", "20")
    clash = officer.send("patch", f"{API}/criteria/{renamed['id']}", {"code": "c2"})
    assert clash.status_code == 422 and "code" in clash.json()["errors"]
    bad = officer.send("patch", f"{API}/criteria/{renamed['id']}", {"code": "2 bad"})
    assert bad.status_code == 422
    assert Criterion.objects.get(pk=renamed["id"]).code == "impact"
    judge = h.judge()
    member = h.add_panel(province_officer, programme, [judge])[0]
    panel = officer.ok("patch", f"{API}/panel/{member.pk}", {"category_ids": [category.pk]})
    assert panel["category_ids"] == [category.pk]


def test_a_nomination_is_withdrawn_with_its_reason(province_officer):
    programme = h.programme(province_officer)
    h.to_screening(province_officer, programme)
    nomination = h.nominate(province_officer, programme, h.person(province_officer))
    officer = Api(province_officer)
    empty = officer.send("post", f"{API}/nominations/{nomination.pk}/withdraw", {"reason": " "})
    assert empty.status_code == 422 and "reason" in empty.json()["errors"]
    done = officer.ok("post", f"{API}/nominations/{nomination.pk}/withdraw", {"reason": "ขอถอนตัว"})
    assert done["status"] == NominationStatus.WITHDRAWN


def test_new_criteria_are_numbered_and_a_given_code_is_kept(province_officer):
    programme = h.programme(province_officer)
    assert list(programme.criteria.values_list("code", flat=True)) == ["c1", "c2"]
    added = Api(province_officer).ok(
        "post",
        f"{API}/programmes/{programme.pk}/criteria",
        {"name": "ความยั่งยืน", "weight": 1, "max_score": 5, "code": "sustain"},
        201,
    )
    assert added["code"] == "sustain"
