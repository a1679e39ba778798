"""Every write of a domain record leaves an audit entry: who, when, which, before/after, IP."""

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps

from concenter.geography.models import Area
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# Models that are not domain records: nothing a person edits lives in them.
# Stored files: the row that names a file is audited; the bytes do not belong in the trail.
# An import's progress and its staged changes are the job's bookkeeping: each change is audited
# on the record it changes when the batch is published (ADR 0009); the check's kept rows are
# the file as read, for the commit (ADR 0013). A message's delivery attempts are the
# sender's bookkeeping (the message's state is audited). The name words are an index derived
# from the people's names (ADR 0025), rebuilt from them; each name change is audited on the person.
NOT_AUDITED = {
    "people.NameWord",
    "people.NameWordVariant",
    "people.PersonWord",
    "people.PersonHeadWord",
    "network.Rollup",
    "common.StoredFile",
    "common.StoredFileChunk",
    "exchange.JobProgress",
    "exchange.StagedChange",
    "exchange.CheckedChunk",
    "exchange.StagedPerson",
    "notifications.DeliveryAttempt",
}


def test_every_model_of_the_project_is_under_the_audit_trail():
    project_models = [
        model
        for model in apps.get_models()
        if model.__module__.startswith("concenter.") and not model._meta.abstract
    ]
    assert project_models, "no project model found"
    missing = [
        model._meta.label
        for model in project_models
        if not auditlog.contains(model) and model._meta.label not in NOT_AUDITED
    ]
    assert missing == []


def test_a_village_created_through_a_page_is_audited_with_user_and_ip(district_officer):
    client = client_for(district_officer)
    response = client.post(
        "/areas/710104/villages/new/", {"number": 4, "name_th": "บ้านไร่"}, REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(Area.objects.get(code="71010404")).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == district_officer
    assert entry.remote_addr == "203.0.113.7"
    assert entry.changes["name_th"][1] == "บ้านไร่"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "203.0.113.7"),  # no proxy declared: a forged header is ignored
        (1, "6.6.6.6, 198.51.100.9", "198.51.100.9"),  # what our one proxy saw
        (2, "6.6.6.6, 198.51.100.9, 10.0.0.2", "198.51.100.9"),
    ],
    ids=["no-proxy", "one-proxy", "two-proxies"],
)
def test_the_audited_address_believes_x_forwarded_for_only_through_declared_proxies(
    district_officer, settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    client = client_for(district_officer)
    response = client.post(
        "/areas/710104/villages/new/",
        {"number": 5, "name_th": "บ้านหนองปลา"},
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(Area.objects.get(code="71010405")).get()
    assert entry.remote_addr == expected


def test_an_api_write_with_a_token_is_audited_with_the_token_user(district_officer):
    import json

    from django.test import Client

    from concenter.accounts.services import api_token_create

    _token, key = api_token_create(user=district_officer)
    Client().post(
        "/api/v1/villages",
        json.dumps({"subdistrict_code": "710104", "number": 9, "name_th": "บ้านเก้า"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    entry = LogEntry.objects.get_for_object(Area.objects.get(code="71010409")).get()
    assert entry.actor == district_officer


def test_history_page_lists_the_change(district_officer):
    client = client_for(district_officer)
    client.post("/areas/710104/villages/new/", {"number": 5, "name_th": "บ้านทุ่งนา"})
    page = client.get("/areas/71010405/history/")
    assert page.status_code == 200
    assert "บ้านทุ่งนา" in page.content.decode()
    assert "kan.mueang" in page.content.decode()


def test_geography_load_leaves_an_entry_per_area():
    assert LogEntry.objects.filter(object_pk="71", action=LogEntry.Action.CREATE).count() == 1
