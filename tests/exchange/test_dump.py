"""concenter dump / load: database-neutral, every table identical after the round trip."""

import pytest
from django.core.management import call_command
from django.db import connection

from concenter.exchange.dump import DumpError, dump, dumped_models, load
from concenter.network import services as network
from concenter.people.services import PersonData, person_create
from tests.exchange.helpers import valid_id

pytestmark = pytest.mark.django_db


def _snapshot() -> dict:
    tables = {}
    for model in dumped_models():
        names = [f.attname for f in model._meta.concrete_fields]
        tables[model._meta.db_table] = sorted(
            model._base_manager.values_list(*names), key=lambda row: str(row[0])
        )
    return tables


def test_dump_then_empty_database_then_load_gives_every_table_back(tmp_path, district_officer):
    person = person_create(
        actor=district_officer,
        data=PersonData(given_name="ส่งออก", family_name="ทุกตาราง", email="a@example.org"),
        area_code="710104",
        national_id=valid_id("110170020345"),
    )
    network.center_create(actor=district_officer, area_code="710104")
    network.organization_create(
        actor=district_officer, area_code="710104", type_code="village_fund", name="กองทุน",
        leader_id=person.pk, funds="12,500.50",
    )  # fmt: skip
    before = _snapshot()
    assert before["people_person"] and before["auditlog_logentry"]
    path = tmp_path / "all.zip"
    manifest = dump(path)
    assert manifest["vendor"] == connection.vendor
    with connection.cursor() as cursor:
        for model in dumped_models():
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
    assert not any(_snapshot().values())
    load(path)
    assert _snapshot() == before


def test_load_refuses_a_dump_of_another_schema(tmp_path, district_officer):
    import json
    import zipfile

    path = tmp_path / "old.zip"
    dump(path)
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    manifest["migrations"] = manifest["migrations"][:-1]
    changed = tmp_path / "changed.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(changed, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "manifest.json":
                data = json.dumps(manifest).encode()
            target.writestr(item, data)
    with pytest.raises(DumpError, match="migrations"):
        load(changed)
    not_a_dump = tmp_path / "x.zip"
    not_a_dump.write_bytes(b"not a zip")
    with pytest.raises(DumpError):
        load(not_a_dump)


def test_commands_ask_before_replacing(tmp_path, capsys, district_officer):
    path = tmp_path / "all.zip"
    call_command("dump", str(path))
    call_command("load", str(path))
    assert "--yes" in capsys.readouterr().out
    call_command("load", str(path), "--yes")
    assert "loaded" in capsys.readouterr().out
