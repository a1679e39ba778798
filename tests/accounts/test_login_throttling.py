"""Login throttling: per (user, address) by django-axes, and per address across users
(password spraying); a throttled API call is answered in JSON; the proxy setting is checked."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from concenter.accounts.throttle import trusted_proxy_count_check
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


@pytest.fixture
def limit(settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 12
    settings.AXES_FAILURE_LIMIT = 5
    return 12


def web_login(username: str, password: str, address: str = "192.0.2.10"):
    return Client(REMOTE_ADDR=address).post(
        reverse("accounts:login"), {"username": username, "password": password}
    )


def api_login(username: str, password: str, address: str = "192.0.2.10"):
    return Client(REMOTE_ADDR=address).post(
        "/api/v1/auth/token",
        json.dumps({"username": username, "password": password}),
        content_type="application/json",
    )


def test_spraying_four_passwords_each_for_many_users_from_one_address_is_stopped(limit):
    users = [make_user(f"spray.{n}") for n in range(4)]
    for user in users:  # 4 wrong each: under axes' per-user limit, 16 from the address
        for attempt in range(4):
            web_login(user.username, f"wrong {attempt}")
    victim = make_user("spray.victim")
    refused = web_login(victim.username, PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in refused.client.session
    # Another address is not affected.
    assert web_login(victim.username, PASSWORD, address="198.51.100.7").status_code == 302


def test_a_throttled_api_call_is_answered_in_json(limit):
    users = [make_user(f"spray.api.{n}") for n in range(4)]
    for user in users:
        for attempt in range(4):
            api_login(user.username, f"wrong {attempt}")
    victim = make_user("spray.api.victim")
    response = api_login(victim.username, PASSWORD)
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "login_throttled"


def test_a_locked_user_on_the_api_gets_json_too(limit):
    user = make_user("locked.api")
    for attempt in range(5):
        api_login(user.username, f"wrong {attempt}")
    response = api_login(user.username, PASSWORD)
    assert response.status_code == 429
    assert response.json()["detail"]


def test_production_settings_warn_when_no_proxy_is_trusted(settings):
    settings.PRODUCTION = True
    settings.TRUSTED_PROXY_COUNT = 0
    assert [w.id for w in trusted_proxy_count_check()] == ["concenter.W001"]
    settings.TRUSTED_PROXY_COUNT = 1
    assert trusted_proxy_count_check() == []
    settings.PRODUCTION = False
    settings.TRUSTED_PROXY_COUNT = 0
    assert trusted_proxy_count_check() == []
