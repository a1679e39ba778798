"""The awards pages as officers, judges and the public use them (server-side, through the test
client), with the number of queries of each list page bounded."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from concenter.awards import services
from concenter.awards.models import (
    Evidence,
    Nomination,
    NominationSource,
    NominationStatus,
    Programme,
    ProgrammeStatus,
    Score,
    Scorecard,
    TieDecision,
)
from tests.awards import helpers as h
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def published(officer, *, nominees=6, judges=3):
    """A published programme of province 71 with distinct scores (no tie)."""
    programme = h.programme(
        officer, categories=(("farmer", 1), ("teacher", 1)), total_quota=3, public_nominations=True
    )
    categories = list(programme.categories.all())
    h.to_screening(officer, programme)
    nominations = []
    for index in range(nominees):
        person = h.person(officer, phone="081-111-2222", email="somchai@example.com")
        nomination = h.nominate(officer, programme, person, category=categories[index % 2])
        services.evidence_add(actor=officer, nomination_id=nomination.pk, upload=h.pdf())
        nominations.append(nomination)
    h.close(officer, programme)
    h.screen_all(officer, programme)
    panel = [h.judge() for _ in range(judges)]
    h.add_panel(officer, programme, panel)
    services.programme_judging_start(actor=officer, programme_id=programme.pk)
    for judge in panel:
        for index, nomination in enumerate(nominations):
            h.score(judge, nomination, [10 - index, 9 - index])
    services.programme_results_compute(actor=officer, programme_id=programme.pk)
    for nomination in Nomination.objects.filter(programme=programme, selected=True):
        services.nomination_photo_set(actor=officer, nomination_id=nomination.pk, upload=h.png())
    services.programme_publish(actor=officer, programme_id=programme.pk)
    return Programme.objects.get(pk=programme.pk), nominations, panel


@pytest.mark.clock("2026-03-02T09:00")
def test_an_officer_creates_and_sets_up_a_programme_through_the_forms(province_officer):
    """Set up in March 2569, while the year's nomination window (1 Jan - 31 Dec 2569) is open."""
    client = client_for(province_officer)
    response = client.post(
        reverse("awards:programme_create"),
        {
            "title": "นักพัฒนาชุมชนดีเด่นจังหวัดกาญจนบุรี ประจำปี 2569",
            "area_code": "71",
            "nominee_kind": "person",
            "year": "2569",
            "opens_on": "01/01/2569",
            "closes_on": "31/12/2569",
            "min_scorecards": "1",
            "require_in_area": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    programme = Programme.objects.get()
    assert (programme.year, programme.area_id) == (2026, "71")
    setup = reverse("awards:programme_setup", args=[programme.pk])
    assert response["Location"] == setup
    # A bad criterion: the setup page again, with the message next to the field.
    refused = client.post(
        reverse("awards:criterion_add", args=[programme.pk]),
        {"name": "ผลงาน", "weight": "0", "max_score": "10"},
    )
    assert refused.status_code == 422
    assert not programme.criteria.exists()
    assert "id_weight" in refused.content.decode()
    client.post(
        reverse("awards:criterion_add", args=[programme.pk]),
        {"name": "ผลงาน", "weight": "2", "max_score": "10"},
    )
    client.post(
        reverse("awards:category_add", args=[programme.pk]), {"profession": "farmer", "quota": "2"}
    )
    assert list(programme.categories.values_list("name", "quota")) == [("เกษตรกร", 2)]
    page = client.get(setup).content.decode()
    assert "เกษตรกร" in page and "ผลงาน" in page
    client.post(
        reverse("awards:programme_transition", args=[programme.pk]),
        {"to": "open", "version": programme.version},
    )
    assert Programme.objects.get().status == ProgrammeStatus.OPEN


def test_the_nomination_form_registers_the_nominee_and_its_evidence(district_officer):
    programme = h.programme(district_officer, area_code="7101")
    h.to_screening(district_officer, programme)
    person = h.person(district_officer)
    client = client_for(district_officer)
    url = reverse("awards:nomination_create", args=[programme.pk])
    executable = SimpleUploadedFile("evidence.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    refused = client.post(
        url, {"person_id": person.pk, "statement": "ผลงาน", "evidence": [h.pdf(), executable]}
    )
    assert refused.status_code == 422
    assert "evidence.pdf" in refused.content.decode()
    assert not Nomination.objects.exists() and not Evidence.objects.exists()
    response = client.post(
        url, {"person_id": person.pk, "statement": "ผลงาน", "evidence": [h.pdf()]}
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert (nomination.person_id, nomination.evidence.count()) == (person.pk, 1)
    evidence = client.get(
        reverse("awards:evidence_file", args=[nomination.pk, nomination.evidence.get().pk])
    )
    assert evidence.status_code == 200 and evidence["Content-Type"] == "application/pdf"
    assert evidence["X-Content-Type-Options"] == "nosniff"


def test_list_pages_answer_in_a_fixed_number_of_queries(
    province_officer, django_assert_max_num_queries
):
    programme, nominations, judges = published(province_officer, nominees=8)
    client = client_for(province_officer)
    # Measured: the same count with 3 nominations as with 8 (no query per row).
    pages = {
        reverse("awards:programme_list"): 10,
        reverse("awards:programme_detail", args=[programme.pk]): 13,
        reverse("awards:nomination_list", args=[programme.pk]): 8,
        reverse("awards:nomination_detail", args=[nominations[0].pk]): 10,
        reverse("awards:screening", args=[programme.pk]): 9,
        reverse("awards:assignments", args=[programme.pk]): 10,
        reverse("awards:progress", args=[programme.pk]): 10,
        reverse("awards:results", args=[programme.pk]): 14,
        reverse("awards:results_nomination", args=[programme.pk, nominations[0].pk]): 14,
        reverse("awards:results_judge", args=[programme.pk, programme.panel.first().pk]): 14,
        reverse("awards:hall_of_fame"): 8,
        reverse("awards:hall_of_fame_programme", args=[programme.pk]): 7,
        reverse("awards:hall_of_fame_area", args=["71"]): 7,
    }
    for url, limit in pages.items():
        with django_assert_max_num_queries(limit):
            response = client.get(url)
        assert response.status_code == 200, url
    judge = client_for(judges[0])
    with django_assert_max_num_queries(11):
        assert judge.get(reverse("awards:judging_home")).status_code == 200
    with django_assert_max_num_queries(10):
        assert (
            judge.get(reverse("awards:judging_card", args=[nominations[0].pk])).status_code == 200
        )


def test_the_results_page_documents_the_rules_and_opens_down_to_the_scorecards(province_officer):
    programme, nominations, judges = published(province_officer)
    client = client_for(province_officer)
    client.cookies["django_language"] = "en"  # the page in English, as the test reads it
    page = client.get(reverse("awards:results", args=[programme.pk])).content.decode()
    drill = reverse("awards:results_nomination", args=[programme.pk, nominations[0].pk])
    assert drill in page
    assert "population standard deviation" in page  # the engine's rules, in full
    detail = client.get(drill).content.decode()
    for judge in judges:
        assert str(judge) in detail
    # 100 x (2 x 10/10 + 1 x 9/10) / (2 + 1) = 96.6667 (the helper's criteria weigh 2 and 1)
    assert "96.6667" in detail


def test_judges_save_as_they_go_and_submit_complete_scorecards(province_officer):
    programme = h.programme(province_officer)
    h.to_screening(province_officer, programme)
    nomination = h.nominate(province_officer, programme, h.person(province_officer))
    other = h.nominate(province_officer, programme, h.person(province_officer))
    h.close(province_officer, programme)
    h.screen_all(province_officer, programme)
    judge = h.judge()
    h.add_panel(province_officer, programme, [judge])
    services.programme_judging_start(actor=province_officer, programme_id=programme.pk)
    Scorecard.objects.filter(nomination=other).delete()
    first, second = programme.criteria.all()
    client = client_for(judge)
    url = reverse("awards:judging_card", args=[nomination.pk])
    page = client.get(url).content.decode()
    assert 'hx-post="' + url in page and f'id="id_criterion_{first.pk}"' in page
    # htmx saves each change and answers the status line.
    saved = client.post(url, {f"criterion_{first.pk}": "8.5"}, HTTP_HX_REQUEST="true")
    assert saved.status_code == 200 and "1" in saved.content.decode()
    refused = client.post(url, {f"criterion_{second.pk}": "12"}, HTTP_HX_REQUEST="true")
    assert first.name not in refused.content.decode()
    assert second.name in refused.content.decode()
    assert list(Score.objects.values_list("value", flat=True)) == [8.5]
    # Submitting an incomplete scorecard is refused with the missing criterion named.
    incomplete = client.post(reverse("awards:judging_submit", args=[nomination.pk]))
    assert incomplete.status_code == 422 and second.name in incomplete.content.decode()
    done = client.post(
        reverse("awards:judging_submit", args=[nomination.pk]),
        {f"criterion_{first.pk}": "8.5", f"criterion_{second.pk}": "7"},
    )
    assert done.status_code == 302
    assert Scorecard.objects.get(nomination=nomination).submitted_at is not None
    # A nomination not assigned to the judge does not exist for them.
    assert client.get(reverse("awards:judging_card", args=[other.pk])).status_code == 404


def test_the_public_proposes_in_two_steps_once_per_confirmation(province_officer, client):
    programme = h.programme(province_officer, public_nominations=True, area_code="7101")
    h.to_screening(province_officer, programme)
    url = reverse("awards:public_nominate", args=[programme.pk])
    form = client.get(url)
    assert form.status_code == 200 and "ตำบลท่ามะขาม" in form.content.decode()
    data = {
        "nominee_name": "นางบุญมี ใจดี",
        "nominee_area_code": "710104",
        "statement": "ดูแลผู้สูงอายุในหมู่บ้าน",
        "nominator_name": "นายสมชาย ชาวบ้าน",
        "nominator_phone": "081-234-5678",
        "consent": "on",
    }
    confirm = client.post(url, data)
    assert confirm.status_code == 200
    assert not Nomination.objects.exists()  # nothing is written before the confirmation
    token = re.search(r'name="token" value="([^"]+)"', confirm.content.decode()).group(1)
    confirm_url = reverse("awards:public_confirm", args=[programme.pk])
    thanks = client.post(confirm_url, {"token": token})
    assert thanks.status_code == 200
    nomination = Nomination.objects.get()
    assert (nomination.source, nomination.nominee_name, nomination.nominator_phone) == (
        NominationSource.PUBLIC,
        "นางบุญมี ใจดี",
        "081-234-5678",
    )
    replay = client.post(confirm_url, {"token": token})
    assert replay.status_code == 400
    forged = client.post(confirm_url, {"token": token[:-2] + "xx"})
    assert forged.status_code == 400
    assert Nomination.objects.count() == 1


def test_a_bot_filling_the_hidden_field_is_thanked_and_ignored(province_officer, client):
    programme = h.programme(province_officer, public_nominations=True)
    h.to_screening(province_officer, programme)
    response = client.post(
        reverse("awards:public_nominate", args=[programme.pk]),
        {
            "nominee_name": "spam",
            "nominee_area_code": "710104",
            "statement": "spam",
            "nominator_name": "spam",
            "nominator_phone": "1",
            "consent": "on",
            "website": "http://spam.example",
        },
    )
    assert response.status_code == 200 and 'name="token"' not in response.content.decode()
    assert not Nomination.objects.exists()


def test_the_public_form_of_a_programme_without_it_does_not_exist(province_officer, client):
    programme = h.programme(province_officer)
    h.to_screening(province_officer, programme)
    assert client.get(reverse("awards:public_nominate", args=[programme.pk])).status_code == 404


def test_the_hall_of_fame_shows_winners_without_contact_data(province_officer, client):
    programme, _nominations, _judges = published(province_officer)
    winners = Nomination.objects.filter(programme=programme, selected=True)
    page = client.get(
        reverse("awards:hall_of_fame_programme", args=[programme.pk])
    ).content.decode()
    for winner in winners:
        assert winner.nominee_name in page
        assert reverse("awards:hall_of_fame_photo", args=[winner.pk]) in page
    assert "081-111-2222" not in page and "example.com" not in page
    loser = Nomination.objects.filter(programme=programme, selected=False).first()
    assert loser.nominee_name not in page
    assert client.get(reverse("awards:hall_of_fame_photo", args=[loser.pk])).status_code == 404
    photo = client.get(reverse("awards:hall_of_fame_photo", args=[winners[0].pk]))
    assert photo.status_code == 200 and photo["Content-Type"] in ("image/png", "image/jpeg")


def test_the_hall_of_fame_waits_for_publishing(province_officer, client):
    programme = h.programme(province_officer)
    assert (
        client.get(reverse("awards:hall_of_fame_programme", args=[programme.pk])).status_code == 404
    )
    assert programme.title not in client.get(reverse("awards:hall_of_fame")).content.decode()


def test_a_tie_is_decided_on_the_results_page(province_officer):
    programme = h.programme(province_officer, total_quota=1, criteria=(("ผลงาน", "1", "10"),))
    h.to_screening(province_officer, programme)
    pair = [h.nominate(province_officer, programme, h.person(province_officer)) for _ in range(2)]
    h.close(province_officer, programme)
    h.screen_all(province_officer, programme)
    judge = h.judge()
    h.add_panel(province_officer, programme, [judge])
    services.programme_judging_start(actor=province_officer, programme_id=programme.pk)
    for nomination in pair:
        h.score(judge, nomination, ["7"])
    client = client_for(province_officer)
    client.post(
        reverse("awards:programme_transition", args=[programme.pk]),
        {"to": "results", "version": Programme.objects.get().version},
    )
    page = client.get(reverse("awards:results", args=[programme.pk])).content.decode()
    assert 'name="tie0-reason"' in page
    ids = ",".join(str(n.pk) for n in sorted(pair, key=lambda n: n.pk))
    client.post(
        reverse("awards:tie_decide", args=[programme.pk]),
        {
            "prefix": "tie0",
            "tie0-nomination_ids": ids,
            "tie0-selected": [pair[1].pk],
            "tie0-reason": "มติที่ประชุม",
        },
    )
    decision = TieDecision.objects.get()
    from auditlog.models import LogEntry

    assert LogEntry.objects.get_for_object(decision).get().actor == province_officer
    assert Nomination.objects.get(pk=pair[1].pk).selected


def test_a_screened_out_nomination_shows_its_reason(province_officer):
    programme = h.programme(province_officer, minimum_age=30)
    h.to_screening(province_officer, programme)
    nomination = h.nominate(
        province_officer, programme, h.person(province_officer, birth_year=2010)
    )
    h.close(province_officer, programme)
    client = client_for(province_officer)
    page = client.get(reverse("awards:screening", args=[programme.pk])).content.decode()
    assert "30" in page
    response = client.post(
        reverse("awards:nomination_screen", args=[nomination.pk]),
        {f"n{nomination.pk}-decision": "eligible", f"n{nomination.pk}-version": nomination.version},
    )
    assert response.status_code == 422
    client.post(
        reverse("awards:nomination_screen", args=[nomination.pk]),
        {f"n{nomination.pk}-decision": "ineligible", f"n{nomination.pk}-reason": "อายุไม่ถึงเกณฑ์"},
    )
    assert Nomination.objects.get().status == NominationStatus.INELIGIBLE


def test_plaques_download_as_pdf(province_officer):
    programme, _nominations, _judges = published(province_officer, nominees=3, judges=1)
    response = client_for(province_officer).get(reverse("awards:plaques_pdf", args=[programme.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_the_public_form_is_rate_limited_per_connection(province_officer, client):
    programme = h.programme(province_officer, public_nominations=True, area_code="7101")
    h.to_screening(province_officer, programme)
    url = reverse("awards:public_nominate", args=[programme.pk])
    confirm_url = reverse("awards:public_confirm", args=[programme.pk])
    statuses = []
    for index in range(6):
        step = client.post(
            url,
            {
                "nominee_name": f"ผู้ถูกเสนอ {index}",
                "nominee_area_code": "710104",
                "statement": "ผลงาน",
                "nominator_name": "นายสมชาย",
                "nominator_email": "somchai@example.com",
                "consent": "on",
            },
            REMOTE_ADDR="203.0.113.9",
        )
        token = re.search(r'name="token" value="([^"]+)"', step.content.decode()).group(1)
        statuses.append(
            client.post(confirm_url, {"token": token}, REMOTE_ADDR="203.0.113.9").status_code
        )
    assert statuses == [200] * 5 + [422]
    assert Nomination.objects.count() == 5
