"""The reads other apps rely on (the events app links an event's agenda to the winners), and
who reads what."""

import dataclasses

import pytest

from concenter.accounts.models import Role
from concenter.awards import selectors, services
from concenter.awards.models import Programme
from concenter.common.errors import NotFoundOrOutOfScope
from tests.awards import helpers as h
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def published(officer, area_code="7101", *, publish=True):
    programme = h.programme(
        officer,
        area_code=area_code,
        total_quota=2,
        categories=(("farmer", None),),
        criteria=(("ผลงาน", "1", "10"),),
    )
    category = programme.categories.get()
    h.to_screening(officer, programme)
    nominations = [
        h.nominate(officer, programme, h.person(officer, "710104"), category=category)
        for _ in range(3)
    ]
    for nomination in nominations:
        services.nomination_update(
            actor=officer, nomination_id=nomination.pk, expected_version=None, citation="ผู้เสียสละ"
        )
    h.close(officer, programme)
    h.screen_all(officer, programme)
    judge = h.judge()
    h.add_panel(officer, programme, [judge])
    services.programme_judging_start(actor=officer, programme_id=programme.pk)
    for index, nomination in enumerate(nominations):
        h.score(judge, nomination, [str(9 - index)])
    services.programme_results_compute(actor=officer, programme_id=programme.pk)
    if publish:
        services.programme_publish(actor=officer, programme_id=programme.pk)
    return Programme.objects.get(pk=programme.pk), nominations


def test_published_winners_come_in_the_order_of_presentation(province_officer):
    programme, nominations = published(province_officer)
    winners = selectors.programme_published_winners(programme_id=programme.pk)
    assert [w.nomination_id for w in winners] == [nominations[0].pk, nominations[1].pk]
    first = winners[0]
    assert dataclasses.is_dataclass(first) and type(first).__dataclass_params__.frozen
    assert first == selectors.PublishedWinner(
        nomination_id=nominations[0].pk,
        person_id=nominations[0].person_id,
        organization_id=None,
        center_code="710104",
        display_name=nominations[0].nominee_name,
        category_label="เกษตรกร",
        plaque_number=1,
        citation="ผู้เสียสละ",
    )
    assert winners[1].plaque_number == 2


def test_no_winners_before_publishing(province_officer):
    programme, _nominations = published(province_officer, publish=False)
    assert selectors.programme_published_winners(programme_id=programme.pk) == []
    assert selectors.programme_published_winners(programme_id=999_999) == []


def test_published_programmes_of_an_area_its_ancestors_and_descendants(province_officer):
    district, _ = published(province_officer, "7101")
    province, _ = published(province_officer, "71")
    unpublished, _ = published(province_officer, "710104", publish=False)
    other = h.programme(province_officer, area_code="7102")
    assert set(selectors.published_programmes_for_area(area_code="710104")) == {district, province}
    assert set(selectors.published_programmes_for_area(area_code="71")) == {district, province}
    assert set(selectors.published_programmes_for_area(area_code="7102")) == {province}
    assert other not in selectors.published_programmes_for_area(area_code="7102")
    assert unpublished not in selectors.published_programmes_for_area(area_code="710104")
    assert list(selectors.published_programmes_for_area(area_code="")) == []


def test_programmes_are_listed_for_their_readers_and_for_nominators_when_open(national_admin):
    district = h.programme(national_admin, area_code="7101")
    province = h.programme(national_admin, area_code="71")
    elsewhere = h.programme(national_admin, area_code="7201")
    editor = make_user("editor.710104", Role.CENTER_EDITOR, center_code="710104")
    officer = make_user("officer.7102", Role.DISTRICT_OFFICER, "7102")
    assert set(selectors.programme_list(user=editor)) == set()
    h.to_screening(national_admin, province)
    assert set(selectors.programme_list(user=editor)) == {province}
    assert set(selectors.programme_list(user=officer)) == {province}
    reader = make_user("reader.71", Role.VIEWER, "71")
    assert set(selectors.programme_list(user=reader)) == {district, province}
    assert elsewhere not in selectors.programme_list(user=reader)
    with pytest.raises(NotFoundOrOutOfScope):
        selectors.programme_get(user=editor, programme_id=province.pk)
    assert selectors.programme_visible(user=editor, programme_id=province.pk) == province


def test_a_nominator_reads_their_own_nominations_only(national_admin):
    editor = make_user("editor.710104", Role.CENTER_EDITOR, center_code="710104")
    programme = h.programme(national_admin, area_code="71")
    h.to_screening(national_admin, programme)
    own = h.nominate(editor, programme, h.person(national_admin, "710104"))
    h.nominate(national_admin, programme, h.person(national_admin, "710104"))
    assert list(selectors.nomination_list(user=editor, programme=programme)) == [own]
    assert selectors.nomination_get(user=editor, nomination_id=own.pk) == own
