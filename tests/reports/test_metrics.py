import pytest
from django.test import Client

from concenter.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def figures(response) -> dict[str, float]:
    values = {}
    for line in response.content.decode().splitlines():
        if line and not line.startswith("#"):
            name, value = line.split()
            values[name] = float(value)
    return values


def test_anonymous_and_others_are_refused(province_officer):
    client = Client()
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer nonsense").status_code == 401
    _token, key = api_token_create(user=province_officer)
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    signed_in = Client()
    signed_in.force_login(province_officer)
    assert signed_in.get("/metrics").status_code == 401


def test_a_national_admins_token_reads_the_counts(national_admin, province_officer):
    _token, key = api_token_create(user=national_admin)
    response = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    values = figures(response)
    assert values["concenter_up"] == 1
    assert values["concenter_users"] == 2
    for name in ("centers", "people", "organizations", "terms"):
        assert f"concenter_{name}" in values


def test_the_shared_metrics_token(settings):
    settings.METRICS_TOKEN = "s3cret-metrics-token"
    client = Client()
    assert (
        client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-metrics-token").status_code == 200
    )
    assert (
        client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-metrics-toke").status_code == 401
    )
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 401
