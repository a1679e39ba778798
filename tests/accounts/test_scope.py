"""A district officer of 7101 (Mueang Kanchanaburi) reaches nothing under 7102 (Sai Yok)."""

import json

import pytest

from concenter.accounts.scope import Access, filter_queryset, user_scope
from concenter.geography.models import Area, Level
from concenter.geography.services import village_create
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db


def test_district_officer_scope_is_their_district(district_officer):
    read = user_scope(district_officer, Access.READ)
    change = user_scope(district_officer, Access.CHANGE)
    assert read.covers("710104") and change.covers("71010401")
    assert not read.covers("710201") and not change.covers("7102")
    assert not read.covers("71")


def test_viewer_reads_but_never_changes(viewer):
    assert user_scope(viewer, Access.READ).covers("710201")
    assert user_scope(viewer, Access.CHANGE).nothing


def test_anonymous_user_holds_no_scope(anonymous_client):
    from django.contrib.auth.models import AnonymousUser

    assert user_scope(AnonymousUser(), Access.READ).nothing


def test_filter_queryset_keeps_only_the_users_area(district_officer, province_officer):
    subdistricts = Area.objects.filter(level=Level.SUBDISTRICT)
    mine = filter_queryset(subdistricts, district_officer)
    assert set(mine.values_list("district_code", flat=True)) == {"7101"}
    assert (
        filter_queryset(subdistricts, province_officer).count()
        == Area.objects.filter(level=Level.SUBDISTRICT, province_code="71").count()
    )


def test_center_editor_changes_only_their_center_but_reads_inside_it():
    editor = make_user("editor", role="center_editor", center_code="7101")
    assert user_scope(editor, Access.CHANGE).covers("7101")
    assert not user_scope(editor, Access.CHANGE).covers("710104")
    assert user_scope(editor, Access.READ).covers("710104")


def test_district_officer_cannot_add_a_village_in_another_district_through_pages(district_officer):
    client = client_for(district_officer)
    assert client.get("/areas/710104/villages/new/").status_code == 200
    response = client.post("/areas/710201/villages/new/", {"number": 1, "name_th": "บ้านใหม่"})
    assert response.status_code == 404
    assert client.get("/areas/710201/villages/new/").status_code == 404
    assert not Area.objects.filter(level=Level.VILLAGE).exists()


def test_district_officer_cannot_read_the_history_of_another_district(district_officer):
    client = client_for(district_officer)
    assert client.get("/areas/710104/history/").status_code == 200
    assert client.get("/areas/710201/history/").status_code == 404
    assert client.get("/areas/7102/history/").status_code == 404


def test_district_officer_cannot_add_a_village_in_another_district_through_the_api(
    district_officer,
):
    client = client_for(district_officer)
    payload = {"subdistrict_code": "710201", "number": 1, "name_th": "บ้านใหม่"}
    response = client.post("/api/v1/villages", json.dumps(payload), content_type="application/json")
    assert response.status_code == 404
    ok = client.post(
        "/api/v1/villages",
        json.dumps({**payload, "subdistrict_code": "710104"}),
        content_type="application/json",
    )
    assert ok.status_code == 201, ok.content
    assert list(Area.objects.filter(level=Level.VILLAGE).values_list("code", flat=True)) == [
        "71010401"
    ]


def test_anonymous_user_cannot_create_villages(anonymous_client):
    response = anonymous_client.post(
        "/api/v1/villages",
        json.dumps({"subdistrict_code": "710104", "number": 1, "name_th": "บ้าน"}),
        content_type="application/json",
    )
    assert response.status_code == 401
    page = anonymous_client.get("/areas/710104/villages/new/")
    assert page.status_code == 404


def test_viewer_cannot_create_villages(viewer):
    response = client_for(viewer).post(
        "/areas/710104/villages/new/", {"number": 1, "name_th": "บ้าน"}
    )
    assert response.status_code == 404
    from concenter.common.errors import NotFoundOrOutOfScope

    with pytest.raises(NotFoundOrOutOfScope):
        village_create(actor=viewer, subdistrict_code="710104", number=1, name_th="บ้าน")


def test_village_viewer_and_center_editor_scopes_filter_records_without_error():
    from concenter.accounts.scope import filter_queryset
    from concenter.network.models import Center, Organization
    from concenter.people.models import Person

    village_viewer = make_user("village.viewer", role="viewer", area_code=_village_code())
    editor = make_user("center.editor", role="center_editor", center_code="710104")
    for model in (Person, Organization, Center):
        assert list(filter_queryset(model.objects.all(), village_viewer)) == []
        assert list(filter_queryset(model.objects.all(), editor, Access.CHANGE)) == []


def _village_code() -> str:
    from concenter.geography.services import village_create

    admin = make_user("root", role="national_admin")
    return village_create(actor=admin, subdistrict_code="710104", number=1, name_th="บ้านหนึ่ง").code
