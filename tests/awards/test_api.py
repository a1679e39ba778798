"""A whole programme run through the API alone: create, set up, nominate, screen, assign, score,
compute, decide a tie, publish, download the plaques; and the API's refusals."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from concenter.accounts.services import api_token_create
from concenter.awards.models import Nomination, Programme, Score
from concenter.common.pdf import pdf_page_count
from tests.awards import helpers as h

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
API = "/api/v1/awards"


class Api:
    def __init__(self, user):
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user)[1]}"}
        self.client = Client()

    def get(self, url, **query):
        return self.client.get(url, query, **self.headers)

    def send(self, method, url, body=None):
        return getattr(self.client, method)(
            url, json.dumps(body or {}), content_type="application/json", **self.headers
        )

    def post(self, url, body=None):
        return self.send("post", url, body)

    def ok(self, method, url, body=None, status=200):
        response = self.get(url) if method == "get" else self.send(method, url, body)
        assert response.status_code == status, (url, response.content.decode()[:2000])
        return (
            response.json() if response["Content-Type"].startswith("application/json") else response
        )


def test_a_whole_programme_runs_through_the_api(province_officer):
    officer = Api(province_officer)
    now = timezone.now()
    programme = officer.ok(
        "post",
        f"{API}/programmes",
        {
            "area_code": "71",
            "title": "นักพัฒนาชุมชนดีเด่นจังหวัดกาญจนบุรี ประจำปี 2569",
            "year": 2569,
            "nominations_open_at": (now - datetime.timedelta(hours=1)).isoformat(),
            "nominations_close_at": (now + datetime.timedelta(days=10)).isoformat(),
            "total_quota": 2,
            "min_scorecards": 2,
            "plaque_heading": "สำนักงานพัฒนาชุมชนจังหวัดกาญจนบุรี",
            "plaque_date": "2026-02-28",
        },
        status=201,
    )
    pid = programme["id"]
    assert (programme["status"], programme["year"], programme["be_year"]) == ("draft", 2026, 2569)
    farmer = officer.ok(
        "post", f"{API}/programmes/{pid}/categories", {"profession_code": "farmer", "quota": 1}, 201
    )
    criterion = officer.ok(
        "post",
        f"{API}/programmes/{pid}/criteria",
        {"name": "ผลงาน", "weight": 3, "max_score": "10", "guidance": "ผลที่เกิดกับชุมชน"},
        201,
    )
    assert (criterion["weight"], criterion["max_score"]) == ("3", "10")
    second = officer.ok(
        "post",
        f"{API}/programmes/{pid}/criteria",
        {"name": "แบบอย่าง", "weight": "1", "max_score": 5},
        201,
    )
    question = officer.ok(
        "post", f"{API}/programmes/{pid}/questions", {"question": "ทำงานชุมชนมาแล้ว 3 ปี"}, 201
    )
    officer.ok(
        "put",
        f"{API}/programmes/{pid}/signatories",
        {"signatories": [{"name": "นายสมศักดิ์ พัฒนาไทย", "position": "อธิบดีกรมการพัฒนาชุมชน"}]},
    )
    judges = [h.judge(f"api.judge{i}") for i in range(3)]
    members = [
        officer.ok("post", f"{API}/programmes/{pid}/panel", {"username": j.username}, 201)["id"]
        for j in judges
    ]
    version = officer.ok("get", f"{API}/programmes/{pid}")["version"]
    officer.ok("post", f"{API}/programmes/{pid}/transition", {"to": "open", "version": version})

    # Nominations: existing people, a new person, evidence.
    people = [h.person(province_officer, "710104") for _ in range(3)]
    nominations = [
        officer.ok(
            "post",
            f"{API}/programmes/{pid}/nominations",
            {"person_id": p.pk, "category_id": farmer["id"], "statement": "ทำงานเพื่อชุมชน"},
            201,
        )["id"]
        for p in people
    ]
    created = officer.ok(
        "post",
        f"{API}/programmes/{pid}/nominations",
        {
            "new_person": {"given_name": "สมใจ", "family_name": "ใหม่ดี", "area_code": "710201"},
            "category_id": farmer["id"],
            "statement": "ครูผู้เสียสละ",
            "citation": "ผู้อุทิศตนเพื่อการศึกษาของชุมชน",
        },
        201,
    )
    nominations.append(created["id"])
    assert created["nominee_name"] == "สมใจ ใหม่ดี" and created["area_code"] == "710201"
    upload = officer.client.post(
        f"{API}/nominations/{nominations[0]}/evidence",
        {"file": h.pdf(), "note": "หนังสือรับรอง"},
        **officer.headers,
    )
    assert upload.status_code == 201, upload.content
    assert upload.json()["note"] == "หนังสือรับรอง"

    # Screening and assignments.
    version = officer.ok("get", f"{API}/programmes/{pid}")["version"]
    officer.ok(
        "post",
        f"{API}/programmes/{pid}/transition",
        {"to": "screening", "early": True, "version": version},
    )
    for nid in nominations:
        screened = officer.ok(
            "post",
            f"{API}/nominations/{nid}/screen",
            {"eligible": True, "answers": {str(question["id"]): True}, "confirm_unchecked": True},
        )
        assert screened["status"] == "eligible"
    assert officer.ok("post", f"{API}/programmes/{pid}/assignments")["assignments"] == 12
    assert (
        officer.ok(
            "put", f"{API}/nominations/{nominations[3]}/assignments", {"judge_ids": members[:2]}
        )
        == members[:2]
    )
    version = officer.ok("get", f"{API}/programmes/{pid}")["version"]
    officer.ok("post", f"{API}/programmes/{pid}/transition", {"to": "judging", "version": version})

    # Judging (the third judge is not assigned nomination 3).
    plan = {
        nominations[0]: ("9", "4"),
        nominations[1]: ("7", "4"),
        nominations[2]: ("7", "4"),
        nominations[3]: ("10", "5"),
    }
    for index, judge in enumerate(judges):
        api = Api(judge)
        assigned = {item["nomination_id"] for item in api.ok("get", f"{API}/judging")}
        expected = set(nominations) - ({nominations[3]} if index == 2 else set())
        assert assigned == expected
        for nid in sorted(assigned):
            first, second_value = plan[nid]
            card = api.ok(
                "put",
                f"{API}/judging/{nid}",
                {"scores": {str(criterion["id"]): first}, "comment": "ดี"},
            )
            assert card["scores"] == {str(criterion["id"]): first}
            api.ok("put", f"{API}/judging/{nid}", {"scores": {str(second["id"]): second_value}})
            api.ok("post", f"{API}/judging/{nid}/submit")
    outsider = Api(judges[2])
    assert outsider.get(f"{API}/judging/{nominations[3]}").status_code == 404

    # Results: 3 takes the farmer place, 0 the last place of the total; 1 and 2 tie below the cut.
    version = officer.ok("get", f"{API}/programmes/{pid}")["version"]
    officer.ok("post", f"{API}/programmes/{pid}/transition", {"to": "results", "version": version})
    results = officer.ok("get", f"{API}/programmes/{pid}/results")
    assert results["complete"] is True
    ranks = {row["nomination_id"]: row["rank"] for row in results["rows"]}
    assert ranks == {nominations[3]: 1, nominations[0]: 2, nominations[1]: 3, nominations[2]: 3}
    top = next(row for row in results["rows"] if row["nomination_id"] == nominations[3])
    assert top["final_score"] == "100.0000" and top["selected_by"] == "category"
    assert results["rules_url"] == "/api/v1/awards/rules"  # the rule book once, not per answer
    rules = officer.ok("get", results["rules_url"])["rules"]
    assert "Normalisation" in rules and "Ties at a cut-off" in rules

    # Publish: the results are complete (quota 2: nominations 3 and 0).
    version = officer.ok("get", f"{API}/programmes/{pid}")["version"]
    published = officer.ok(
        "post", f"{API}/programmes/{pid}/transition", {"to": "published", "version": version}
    )
    assert published["status"] == "published"
    winners = Client().get(f"{API}/programmes/{pid}/winners").json()
    assert [(w["nomination_id"], w["plaque_number"]) for w in winners] == [
        (nominations[3], 1),
        (nominations[0], 2),
    ]
    pdf = officer.ok("get", f"{API}/programmes/{pid}/plaques.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf_page_count(pdf.content) == 2
    one = officer.ok("get", f"{API}/nominations/{nominations[3]}/plaque.pdf")
    assert pdf_page_count(one.content) == 1
    workbook = officer.ok("get", f"{API}/programmes/{pid}/results.xlsx")
    assert workbook.content.startswith(b"PK")
    fame = Client().get(f"{API}/hall-of-fame", {"area": "71"}).json()["items"]
    assert {item["nomination_id"] for item in fame} == {nominations[3], nominations[0]}
    assert all("phone" not in item for item in fame)


def _tied_programme(officer_user):
    officer = Api(officer_user)
    programme = h.programme(officer_user, total_quota=1, criteria=(("ผลงาน", "1", "10"),))
    h.to_screening(officer_user, programme)
    pair = [h.nominate(officer_user, programme, h.person(officer_user)) for _ in range(2)]
    h.close(officer_user, programme)
    h.screen_all(officer_user, programme)
    judge = h.judge()
    h.add_panel(officer_user, programme, [judge])
    officer.ok("post", f"{API}/programmes/{programme.pk}/transition", {"to": "judging"})
    for nomination in pair:
        h.score(judge, nomination, ["8"])
    officer.ok("post", f"{API}/programmes/{programme.pk}/transition", {"to": "results"})
    return officer, programme, pair


def test_a_tie_is_decided_through_the_api_and_only_then_published(province_officer):
    officer, programme, pair = _tied_programme(province_officer)
    results = officer.ok("get", f"{API}/programmes/{programme.pk}/results")
    assert results["complete"] is False
    assert results["pending_ties"] == [
        {
            "stage": "total",
            "category_id": None,
            "nomination_ids": sorted(n.pk for n in pair),
            "places": 1,
        }
    ]
    refused = officer.post(f"{API}/programmes/{programme.pk}/transition", {"to": "published"})
    assert refused.status_code == 422
    wrong = officer.post(
        f"{API}/programmes/{programme.pk}/ties",
        {"nomination_ids": [pair[0].pk], "selected_ids": [pair[0].pk], "reason": "มติ"},
    )
    assert wrong.status_code == 422 and "nomination_ids" in wrong.json()["errors"]
    decision = officer.ok(
        "post",
        f"{API}/programmes/{programme.pk}/ties",
        {
            "nomination_ids": [n.pk for n in pair],
            "selected_ids": [pair[1].pk],
            "reason": "มติที่ประชุม",
        },
        201,
    )
    assert decision["used"] is True and decision["decided_by"] == str(province_officer)
    officer.ok("post", f"{API}/programmes/{programme.pk}/transition", {"to": "published"})
    assert list(Nomination.objects.filter(selected=True).values_list("pk", flat=True)) == [
        pair[1].pk
    ]


def test_bad_scores_answer_422_and_save_nothing(province_officer):
    programme = h.programme(province_officer, criteria=(("ผลงาน", "1", "10"),))
    h.to_screening(province_officer, programme)
    nomination = h.nominate(province_officer, programme, h.person(province_officer))
    h.close(province_officer, programme)
    h.screen_all(province_officer, programme)
    judge = h.judge()
    h.add_panel(province_officer, programme, [judge])
    Api(province_officer).ok(
        "post", f"{API}/programmes/{programme.pk}/transition", {"to": "judging"}
    )
    api = Api(judge)
    criterion = programme.criteria.get()
    # JSON true is not 1; a number finer than Decimal's 28 digits is not rounded to a half point.
    tiny, long = "1e-999999999", "7.50000000000000000000000000000001"
    for value in ("10.5", "-1", "abc", "7.25", True, False, tiny, long):
        response = api.send(
            "put", f"{API}/judging/{nomination.pk}", {"scores": {str(criterion.pk): value}}
        )
        assert response.status_code == 422, value
        assert f"criterion_{criterion.pk}" in response.json()["errors"]
    submit = api.post(f"{API}/judging/{nomination.pk}/submit")
    assert submit.status_code == 422 and "ผลงาน" in submit.json()["detail"]
    assert not Score.objects.exists()


def test_a_stale_version_answers_409(province_officer):
    programme = h.programme(province_officer)
    api = Api(province_officer)
    api.ok("patch", f"{API}/programmes/{programme.pk}", {"version": 1, "title": "ใหม่"})
    stale = api.send("patch", f"{API}/programmes/{programme.pk}", {"version": 1, "title": "อีก"})
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    assert Programme.objects.get().title == "ใหม่"


def test_an_executable_renamed_pdf_is_refused_over_the_api(province_officer):
    programme = h.programme(province_officer)
    h.to_screening(province_officer, programme)
    nomination = h.nominate(province_officer, programme, h.person(province_officer))
    api = Api(province_officer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = api.client.post(
        f"{API}/nominations/{nomination.pk}/evidence",
        {"file": SimpleUploadedFile("evidence.pdf", b"MZ\x90\x00" + b"\x00" * 64)},
        **api.headers,
    )
    assert response.status_code == 422 and "evidence.pdf" in response.json()["detail"]
    assert not nomination.evidence.exists()


def test_winners_of_an_unpublished_programme_are_not_found(province_officer):
    programme = h.programme(province_officer)
    assert Client().get(f"{API}/programmes/{programme.pk}/winners").status_code == 404
