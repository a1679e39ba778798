"""The peer importer (django-import-export) stores what our import would: the derived columns,
the hashed national ID, the roll-ups."""

import pytest

from concenter.network.rollups import area_figures
from concenter.people.identity import national_id_hash
from concenter.people.models import Person
from concenter.people.services import _latin_key, name_search_key
from concenter.synth.run import import_files

pytest.importorskip("import_export")
pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def test_peer_import_stores_people_with_derived_columns(tmp_path):
    import csv

    from django.utils import timezone

    from concenter.bench.peer import peer_import

    import_files(scale="tiny", seed=2, out=tmp_path, rows=30, xlsx_rows=5, peer_rows=30)
    outcome = peer_import(tmp_path / "peer.csv")
    assert outcome["created"] == 30 and not outcome["has_errors"]
    rows = list(csv.DictReader((tmp_path / "peer.csv").open(encoding="utf-8-sig")))
    assert Person.objects.count() == 30
    for row in rows:
        person = Person.objects.get(
            given_name=row["ชื่อ"], family_name=row["นามสกุล"], area_id=row["รหัสพื้นที่"]
        )
        assert person.birth_year == int(row["ปีเกิด"]) - 543
        assert person.subdistrict_code == row["รหัสพื้นที่"][:6]
        assert person.name_search == name_search_key(person.given_name, person.family_name)
        assert person.name_latin == _latin_key(person)
        if row["เลขประจำตัวประชาชน"]:
            assert person.national_id_hash == national_id_hash(row["เลขประจำตัวประชาชน"])
            assert person.national_id_last4 == row["เลขประจำตัวประชาชน"][-4:]
    assert area_figures("7101", on=timezone.localdate()).total("people") == 30
