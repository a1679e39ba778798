import pytest
from django.contrib.auth import authenticate
from django.urls import reverse

from concenter.accounts.models import Role
from concenter.accounts.services import role_assign, user_password_reset
from concenter.common.errors import NotFoundOrOutOfScope
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db


def can_log_in(user, password) -> bool:
    from django.test import RequestFactory

    request = RequestFactory().post("/accounts/login/")
    return authenticate(request, username=user.username, password=password) is not None


def test_a_national_admin_resets_anyones_password(national_admin, district_officer):
    password = user_password_reset(actor=national_admin, user_id=district_officer.pk)
    assert len(password) >= 12
    assert can_log_in(district_officer, password)
    assert not can_log_in(district_officer, "correct horse battery")
    assert user_password_reset(actor=national_admin, user_id=district_officer.pk) != password


def test_a_province_officer_resets_users_inside_their_province(province_officer):
    inside = make_user("kan.editor", Role.CENTER_EDITOR, center_code="710104")
    role_assign(user=inside, role=Role.VIEWER, area_code="7101")
    assert can_log_in(inside, user_password_reset(actor=province_officer, user_id=inside.pk))


@pytest.mark.parametrize(
    "roles",
    [
        [(Role.DISTRICT_OFFICER, "7201", "")],  # another province
        [(Role.DISTRICT_OFFICER, "7101", ""), (Role.VIEWER, "72", "")],  # partly outside
        [(Role.CENTER_EDITOR, None, "720101")],
        [(Role.NATIONAL_ADMIN, None, "")],
        [],  # no role: national admins only
    ],
)
def test_a_province_officer_may_not_reset_others(province_officer, roles):
    target = make_user("target")
    for role, area, center in roles:
        role_assign(user=target, role=role, area_code=area, center_code=center)
    with pytest.raises(NotFoundOrOutOfScope):
        user_password_reset(actor=province_officer, user_id=target.pk)
    assert can_log_in(target, "correct horse battery")


def test_other_roles_may_not_reset(district_officer, viewer, other_district_officer):
    target = make_user("kan.mueang.viewer", Role.VIEWER, "710101")
    for actor in (district_officer, viewer, other_district_officer):
        with pytest.raises(NotFoundOrOutOfScope):
            user_password_reset(actor=actor, user_id=target.pk)
    with pytest.raises(NotFoundOrOutOfScope):
        user_password_reset(actor=district_officer, user_id=999_999)


def test_the_page_shows_the_temporary_password_once(province_officer, district_officer):
    client = client_for(province_officer)
    url = reverse("accounts:user_reset_password", kwargs={"user_id": district_officer.pk})
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 200
    password = response.context["password"]
    assert password in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert can_log_in(district_officer, password)
    outsider = make_user("other.province", Role.PROVINCE_OFFICER, "72")
    assert client_for(outsider).post(url).status_code == 404


def test_the_reset_lifts_a_lock_out(national_admin, district_officer):
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        username=district_officer.username,
        ip_address="10.0.0.1",
        user_agent="test",
        failures_since_start=5,
    )
    user_password_reset(actor=national_admin, user_id=district_officer.pk)
    assert not AccessAttempt.objects.filter(username=district_officer.username).exists()
