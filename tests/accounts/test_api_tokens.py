"""API tokens: the second factor at the token endpoint, a lifetime, revocation (by the API, the
tokens page, a password change or reset)."""

import io
import json
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from concenter.accounts.models import ApiToken
from concenter.accounts.services import (
    api_token_create,
    user_password_reset,
    user_set_password,
)
from concenter.accounts.two_factor import recovery_codes_issue
from concenter.common import clock
from tests.accounts.test_two_factor import code_of
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


def obtain(username: str, password: str = PASSWORD, **extra):
    body = {"username": username, "password": password, **extra}
    return Client().post("/api/v1/auth/token", json.dumps(body), content_type="application/json")


def with_token(key: str, url: str = "/api/v1/people", method: str = "get"):
    return getattr(Client(), method)(url, HTTP_AUTHORIZATION=f"Bearer {key}")


def confirmed_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=True)
    user.refresh_from_db()
    assert user.two_factor_enabled
    return device


# The second factor ------------------------------------------------------------------------------


def test_a_user_with_two_factor_gets_no_token_with_the_password_alone(province_officer):
    confirmed_device(province_officer)
    response = obtain("kan.province")
    assert response.status_code == 401
    assert response.json()["code"] == "otp_required"
    assert "otp" in response.json()["detail"]
    assert not ApiToken.objects.filter(user=province_officer).exists()


def test_a_totp_code_gives_a_token_once(province_officer):
    device = confirmed_device(province_officer)
    code = code_of(device)
    good = obtain("kan.province", otp=code)
    assert good.status_code == 200, good.content
    assert with_token(good.json()["token"]).status_code == 200
    again = obtain("kan.province", otp=code)
    assert again.status_code == 401
    assert again.json()["code"] == "otp_invalid"
    assert ApiToken.objects.filter(user=province_officer).count() == 1


def test_a_recovery_code_gives_a_token_once(province_officer):
    confirmed_device(province_officer)
    code = recovery_codes_issue(user=province_officer)[0]
    assert obtain("kan.province", otp=code.upper()).status_code == 200
    assert obtain("kan.province", otp=code).status_code == 401


def test_a_wrong_code_gives_no_token(province_officer):
    device = confirmed_device(province_officer)
    wrong = f"{(int(code_of(device)) + 1) % 10**6:06d}"
    assert obtain("kan.province", otp=wrong).status_code == 401
    assert obtain("kan.province", otp="<script>").status_code == 401
    assert not ApiToken.objects.filter(user=province_officer).exists()


def test_a_national_admin_without_a_device_must_enrol_on_the_web_first(settings, national_admin):
    settings.OTP_REQUIRED_FOR_NATIONAL_ADMINS = True
    response = obtain("admin")
    assert response.status_code == 403
    assert response.json()["code"] == "otp_enrolment_required"
    assert not ApiToken.objects.filter(user=national_admin).exists()


# Lifetime ---------------------------------------------------------------------------------------


@pytest.mark.clock
def test_a_token_ends_after_its_lifetime(settings, district_officer):
    settings.API_TOKEN_LIFETIME_DAYS = 30
    with time_machine.travel("2026-03-01 09:00 +07:00", tick=False):
        token, key = api_token_create(user=district_officer)
        assert token.expires_at == clock.now() + timedelta(days=30)
        assert with_token(key).status_code == 200
        token.refresh_from_db()
        assert token.last_used_at == clock.now()
    with time_machine.travel("2026-03-31 08:59 +07:00", tick=False):
        assert with_token(key).status_code == 200
    with time_machine.travel("2026-03-31 09:00 +07:00", tick=False):
        assert with_token(key).status_code == 401


@pytest.mark.clock
def test_last_use_is_written_at_most_every_five_minutes(district_officer):
    with time_machine.travel("2026-03-01 09:00 +07:00", tick=False):
        token, key = api_token_create(user=district_officer)
        with_token(key)
    with time_machine.travel("2026-03-01 09:04 +07:00", tick=False):
        with_token(key)
        token.refresh_from_db()
        assert token.last_used_at.minute == 0
    with time_machine.travel("2026-03-01 09:06 +07:00", tick=False):
        with_token(key)
        token.refresh_from_db()
        assert token.last_used_at.minute == 6


# Revocation -------------------------------------------------------------------------------------


def test_delete_revokes_the_token_in_use_only(district_officer):
    _first, key = api_token_create(user=district_officer)
    _second, other = api_token_create(user=district_officer)
    response = with_token(key, "/api/v1/auth/token", "delete")
    assert response.status_code == 204
    assert with_token(key).status_code == 401
    assert with_token(other).status_code == 200
    assert Client().delete("/api/v1/auth/token").status_code == 401


def test_the_tokens_page_lists_and_revokes_the_users_own_tokens(district_officer, province_officer):
    mine, key = api_token_create(user=district_officer, name="สคริปต์รายงาน")
    theirs, their_key = api_token_create(user=province_officer, name="ของคนอื่น")
    client = client_for(district_officer)
    page = client.get(reverse("accounts:api_tokens"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "สคริปต์รายงาน" in html and mine.prefix in html
    assert "ของคนอื่น" not in html and theirs.prefix not in html
    refused = client.post(reverse("accounts:api_token_revoke", kwargs={"token_id": theirs.pk}))
    assert refused.status_code == 404
    assert with_token(their_key).status_code == 200
    done = client.post(reverse("accounts:api_token_revoke", kwargs={"token_id": mine.pk}))
    assert done.status_code == 302
    assert with_token(key).status_code == 401


def test_a_password_change_revokes_every_token_and_ends_other_sessions(district_officer):
    _token, key = api_token_create(user=district_officer)
    session = client_for(district_officer)
    assert session.get(reverse("accounts:profile")).status_code == 200
    user_set_password(user=district_officer, password="another horse battery")
    assert with_token(key).status_code == 401
    assert session.get(reverse("accounts:profile")).status_code == 302


def test_djangos_changepassword_command_revokes_every_token(district_officer, monkeypatch):
    from django.contrib.auth.management.commands import changepassword
    from django.core.management import call_command

    _token, key = api_token_create(user=district_officer)
    _other, other_key = api_token_create(user=make_user("someone.else"))
    monkeypatch.setattr(
        changepassword.Command, "_get_pass", lambda self, prompt="": "x7!Kq-horse-9"
    )
    call_command("changepassword", "kan.mueang", stdout=io.StringIO())
    assert with_token(key).status_code == 401
    assert with_token(other_key).status_code == 200  # nobody else's token ends


def test_a_password_reset_revokes_every_token_and_ends_sessions(national_admin, district_officer):
    _token, key = api_token_create(user=district_officer)
    session = client_for(district_officer)
    user_password_reset(actor=national_admin, user_id=district_officer.pk)
    assert with_token(key).status_code == 401
    assert session.get(reverse("accounts:profile")).status_code == 302


@pytest.mark.clock
def test_the_token_command_lists_when_each_token_ends(district_officer, capsys):
    from django.core.management import call_command

    with time_machine.travel("2026-03-01 09:00 +07:00", tick=False):
        live, _key = api_token_create(user=district_officer, name="live")
        ended, _key = api_token_create(user=district_officer, name="ended")
    ApiToken.objects.filter(pk=ended.pk).update(expires_at=ended.created_at)
    with time_machine.travel("2026-03-02 09:00 +07:00", tick=False):
        call_command("token", "list", "kan.mueang")
    lines = capsys.readouterr().out.splitlines()
    assert any(live.prefix in line and "active until 2026-03-31" in line for line in lines)
    assert any(ended.prefix in line and line.endswith("expired") for line in lines)
