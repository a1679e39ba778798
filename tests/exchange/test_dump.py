"""concenter dump / load: database-neutral, every table identical after the round trip."""

import pytest
from django.core.management import CommandError, call_command
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


# Moves that keep the key, and a database that serves at once (issue #24) ----------------------


def _rewrite_manifest(path, target, change) -> None:
    import json
    import zipfile

    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
            copy.writestr(item, data)


def test_a_dump_records_the_fingerprint_of_the_key_never_the_key(tmp_path, settings):
    settings.PERSONAL_DATA_KEY = "the-key-of-the-first-office-0123456789"
    path = tmp_path / "all.zip"
    manifest = dump(path)
    assert len(manifest["personal_data_key_fingerprint"]) == 16
    assert settings.PERSONAL_DATA_KEY not in path.read_bytes().decode("latin-1")
    settings.PERSONAL_DATA_KEY = "another-key"
    assert (
        dump(tmp_path / "b.zip")["personal_data_key_fingerprint"]
        != (manifest["personal_data_key_fingerprint"])
    )


def test_load_refuses_a_dump_made_under_another_key_and_changes_nothing(
    tmp_path, settings, district_officer
):
    path = tmp_path / "all.zip"
    settings.PERSONAL_DATA_KEY = "the-key-of-the-first-office-0123456789"
    dump(path)
    network.center_create(actor=district_officer, area_code="710104")  # after the dump
    before = _snapshot()
    settings.PERSONAL_DATA_KEY = "the-key-of-the-second-office-987654321"

    with pytest.raises(DumpError) as refused:
        load(path)

    message = str(refused.value)
    assert "another PERSONAL_DATA_KEY" in message and "Set PERSONAL_DATA_KEY" in message
    assert "Nothing was changed" in message
    assert _snapshot() == before
    with pytest.raises(CommandError, match="another PERSONAL_DATA_KEY"):
        call_command("load", str(path), "--yes")


def test_load_of_a_dump_older_than_the_fingerprint_warns_and_loads(tmp_path, capsys):
    path = tmp_path / "all.zip"
    dump(path)
    old = tmp_path / "old.zip"
    _rewrite_manifest(path, old, lambda m: m.pop("personal_data_key_fingerprint"))

    call_command("load", str(old), "--yes")

    captured = capsys.readouterr()
    assert "does not say which PERSONAL_DATA_KEY" in captured.err
    assert "ready to serve" in captured.out


def _analysed(table: str) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            return cursor.fetchone()[0] >= 0  # -1: never analysed
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return False
        cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        return cursor.fetchone()[0] > 0


def test_load_leaves_the_cache_table_and_fresh_statistics(tmp_path, settings, district_officer):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "concenter_cache_after_load",
        }
    }
    network.center_create(actor=district_officer, area_code="710104")
    path = tmp_path / "all.zip"
    dump(path)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    assert "concenter_cache_after_load" not in connection.introspection.table_names()

    load(path)

    assert "concenter_cache_after_load" in connection.introspection.table_names()
    assert _analysed("network_center")


def _backup_archive_with(tmp_path, manifest: dict):
    import io
    import json
    import tarfile

    path = tmp_path / "backup.tar.gz"
    data = json.dumps(manifest).encode()
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return path


def test_restore_refuses_a_backup_made_under_another_key_before_touching_anything(
    tmp_path, settings, district_officer
):
    from concenter.exchange.backup import FORMAT, BackupError, restore
    from concenter.people.identity import personal_data_key_fingerprint

    settings.PERSONAL_DATA_KEY = "the-key-of-the-first-office-0123456789"
    theirs = personal_data_key_fingerprint()
    settings.PERSONAL_DATA_KEY = "the-key-of-the-second-office-987654321"
    path = _backup_archive_with(
        tmp_path,
        {
            "format": FORMAT,
            "created_at": "2026-01-01T00:00:00+00:00",
            "vendor": connection.vendor,
            "database": "database.missing",  # never reached
            "migrations": [],
            "media_files": 0,
            "personal_data_key_fingerprint": theirs,
        },
    )
    before = _snapshot()

    with pytest.raises(BackupError, match="another PERSONAL_DATA_KEY") as refused:
        restore(path)

    assert theirs in str(refused.value) and "Nothing was changed" in str(refused.value)
    assert _snapshot() == before
    with pytest.raises(CommandError, match="Set PERSONAL_DATA_KEY"):
        call_command("restore", str(path), "--yes")


def test_a_dump_carries_the_uploaded_files(tmp_path, monkeypatch):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from concenter.common import storage

    monkeypatch.setattr(storage, "CHUNK_BYTES", 100)  # several chunks, in order
    content = bytes(range(256)) * 3
    name = default_storage.save("awards/evidence/moved.pdf", ContentFile(content))
    path = tmp_path / "all.zip"
    dump(path)
    default_storage.delete(name)

    load(path)

    with default_storage.open(name) as handle:
        assert handle.read() == content
