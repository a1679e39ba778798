import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from concenter.accounts.models import Role
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def required_for_admins(settings):
    settings.OTP_REQUIRED_FOR_NATIONAL_ADMINS = True


def code_of(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def wrong_code_of(device: TOTPDevice) -> str:
    return f"{(int(code_of(device)) + 1) % 10**device.digits:0{device.digits}d}"


def enrol(client, user) -> TOTPDevice:
    page = client.get(reverse("accounts:two_factor"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    html = page.content.decode()
    assert "<svg" in html and "data:" not in html and "style=" not in html
    assert page.context["secret"] in html
    response = client.post(reverse("accounts:two_factor"), {"token": code_of(device)})
    # Enrolment ends on the recovery codes, shown once.
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and all(code in response.content.decode() for code in codes)
    device.refresh_from_db()
    assert device.confirmed
    device.recovery_codes = codes
    return device


def test_an_officer_enrols_then_must_enter_a_code_after_the_next_login(province_officer):
    client = client_for(province_officer)
    device = enrol(client, province_officer)
    # The enrolling session is verified.
    assert client.get(reverse("accounts:profile")).status_code == 200

    fresh = client_for(province_officer)  # a new password login
    response = fresh.get(reverse("network:center_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    assert fresh.get("/api/v1/centers").status_code == 401
    # The enrolment page does not let a second device in before the code.
    assert fresh.get(reverse("accounts:two_factor"))["Location"].startswith(
        reverse("accounts:two_factor_verify")
    )

    refused = fresh.post(reverse("accounts:two_factor_verify"), {"token": wrong_code_of(device)})
    assert refused.status_code == 422
    assert fresh.get(reverse("accounts:profile")).status_code == 302

    device.refresh_from_db()
    device.throttle_reset()
    device.last_t = -1  # the same time step's code may be tried once more in this test
    device.save()
    url = reverse("accounts:two_factor_verify") + "?next=/people/"
    response = fresh.post(url, {"token": code_of(device), "next": "/people/"})
    assert response.status_code == 302 and response["Location"] == "/people/"
    assert fresh.get(reverse("accounts:profile")).status_code == 200


def test_a_wrong_code_does_not_confirm_enrolment(district_officer):
    client = client_for(district_officer)
    client.get(reverse("accounts:two_factor"))
    device = TOTPDevice.objects.get(user=district_officer)
    response = client.post(reverse("accounts:two_factor"), {"token": wrong_code_of(device)})
    assert response.status_code == 422
    assert not TOTPDevice.objects.filter(user=district_officer, confirmed=True).exists()
    assert client.post(reverse("accounts:two_factor"), {"token": "abc"}).status_code == 422


def test_a_national_admin_without_a_device_is_sent_to_enrolment(national_admin):
    client = client_for(national_admin)
    for url in (reverse("home"), reverse("accounts:profile"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:two_factor")), url
    assert client.get(reverse("accounts:two_factor")).status_code == 200
    enrol(client, national_admin)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_national_admin_by_role_only_is_sent_to_enrolment_too(db):
    user = make_user("role.admin")
    from concenter.accounts.services import role_assign

    role_assign(user=user, role=Role.NATIONAL_ADMIN)
    response = client_for(user).get(reverse("accounts:profile"))
    assert response["Location"].startswith(reverse("accounts:two_factor"))


def test_an_officer_without_a_device_is_not_asked_for_one(province_officer):
    client = client_for(province_officer)
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert client.get(reverse("network:center_list")).status_code == 200
    # The verify page sends a user without a device to enrolment.
    response = client.get(reverse("accounts:two_factor_verify"))
    assert response["Location"] == reverse("accounts:two_factor")


def test_bearer_tokens_are_not_affected(national_admin):
    from concenter.accounts.services import api_token_create

    _token, key = api_token_create(user=national_admin)
    response = client_for(None).get("/api/v1/centers", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200


def test_the_verify_page_does_not_redirect_elsewhere(province_officer):
    client = client_for(province_officer)
    device = enrol(client, province_officer)
    fresh = client_for(province_officer)
    device.refresh_from_db()
    device.last_t = -1
    device.save()
    response = fresh.post(
        reverse("accounts:two_factor_verify"),
        {"token": code_of(device), "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("my_work")


def test_deleting_the_device_turns_two_factor_off(province_officer):
    client = client_for(province_officer)
    device = enrol(client, province_officer)
    province_officer.refresh_from_db()
    assert province_officer.two_factor_enabled
    device.delete()
    province_officer.refresh_from_db()
    assert not province_officer.two_factor_enabled
    assert client_for(province_officer).get(reverse("accounts:profile")).status_code == 200


def test_a_recovery_code_signs_in_once_when_the_phone_is_lost(province_officer):
    device = enrol(client_for(province_officer), province_officer)
    code = device.recovery_codes[0]
    first = client_for(province_officer)
    spaced = f" {code[:4]} {code[4:].upper()} "  # as typed from paper
    response = first.post(reverse("accounts:two_factor_verify"), {"token": spaced})
    assert response.status_code == 302
    assert first.get(reverse("accounts:profile")).status_code == 200
    again = client_for(province_officer)
    assert again.post(reverse("accounts:two_factor_verify"), {"token": code}).status_code == 422


def test_new_recovery_codes_replace_the_old_ones(province_officer):
    client = client_for(province_officer)
    device = enrol(client, province_officer)
    page = client.get(reverse("accounts:two_factor"))
    assert page.context["recovery_left"] == 10
    response = client.post(reverse("accounts:two_factor_recovery_codes"))
    assert response.status_code == 200
    new_codes = response.context["codes"]
    assert set(new_codes).isdisjoint(device.recovery_codes)
    fresh = client_for(province_officer)
    old = device.recovery_codes[1]
    assert fresh.post(reverse("accounts:two_factor_verify"), {"token": old}).status_code == 422
    # django-otp throttles a device after a failure; this test does not wait for it.
    for model in (StaticDevice, TOTPDevice):
        model.objects.filter(user=province_officer).update(
            throttling_failure_count=0, throttling_failure_timestamp=None
        )
    assert (
        fresh.post(reverse("accounts:two_factor_verify"), {"token": new_codes[0]}).status_code
        == 302
    )


def test_recovery_codes_cannot_be_minted_with_a_password_alone(province_officer):
    enrol(client_for(province_officer), province_officer)
    fresh = client_for(province_officer)  # password login, no code yet
    response = fresh.post(reverse("accounts:two_factor_recovery_codes"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
