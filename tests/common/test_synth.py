import csv
import io

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.db import transaction

from concenter.common.synth import SynthRefused, latin_of, people_digest, synth
from concenter.common.thai import latin_fold, romanize_name, thai_sort_key
from concenter.geography.models import Area, Level
from concenter.network.models import (
    Center,
    CommitteeTerm,
    Organization,
    OrganizationType,
    Partner,
    Rollup,
    Seat,
    TermStatus,
)
from concenter.network.rollups import rollup_rebuild
from concenter.network.rules import activation_problems
from concenter.people.models import Person
from concenter.people.services import _latin_key, name_search_key

pytestmark = pytest.mark.django_db

DISTRICT = "7101"


def _rollups() -> list[tuple]:
    return sorted(Rollup.objects.values_list("area_code", "metric", "key", "value"))


def test_tiny_scale_counts_rules_and_rollups(tmp_path):
    report = synth(scale="tiny", seed=7, out=tmp_path)
    subdistricts = Area.objects.filter(level=Level.SUBDISTRICT, district_code=DISTRICT).count()
    villages = Area.objects.filter(level=Level.VILLAGE, district_code=DISTRICT)
    assert 2 * subdistricts <= villages.count() <= 4 * subdistricts
    assert report.counts["villages"] == villages.count()
    assert all(v.parent_id == v.code[:6] and v.subdistrict_code == v.code[:6] for v in villages)
    assert all(v.sort_key == thai_sort_key(v.name_th) for v in villages)

    people = Person.objects.all()
    assert 30 * subdistricts <= people.count() <= 40 * subdistricts
    assert not people.exclude(district_code=DISTRICT).exists()
    for person in people[:200]:
        assert person.subdistrict_code == person.area_id[:6]
        assert person.name_search == name_search_key(person.given_name, person.family_name)
        assert person.sort_key == thai_sort_key(f"{person.given_name} {person.family_name}")
        assert person.name_latin == _latin_key(person)
    with_id = people.exclude(national_id_hash=None).count()
    assert 0 < with_id < people.count()

    # one center for the province, the district and each subdistrict, each with one active term
    assert Center.objects.count() == subdistricts + 2
    terms = CommitteeTerm.objects.all()
    assert terms.count() == Center.objects.count()
    assert not terms.exclude(status=TermStatus.ACTIVE).exists()
    for term in terms:
        seats = list(Seat.objects.filter(term=term, ends_on__isnull=True))
        assert activation_problems([s.position for s in seats]) == []
        assert len({s.person_id for s in seats}) == len(seats)
        assert all(s.person.province_code == "71" for s in seats)
        assert term.starts_on <= term.ends_on

    organizations = Organization.objects.all()
    assert organizations.count() == report.counts["organizations"] > 0
    assert set(organizations.values_list("type_id", flat=True)) == set(
        OrganizationType.objects.values_list("code", flat=True)
    )
    for organization in organizations[:50]:
        assert organization.name_latin == latin_fold(romanize_name(organization.name))
    assert Partner.objects.filter(province_code="71").count() == 2

    # roll-ups equal a rebuild, and the audit trail has one entry per record
    figures = _rollups()
    assert figures
    rollup_rebuild()
    assert _rollups() == figures
    assert LogEntry.objects.count() >= people.count() + organizations.count()

    # the files hold the same people, with the full fictional IDs
    text = (tmp_path / "people.csv").read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert rows[0][:3] == ["คำนำหน้า", "ชื่อ", "นามสกุล"]
    assert len(rows) == people.count() + 1
    assert sum(1 for r in rows[1:] if len(r[7]) == 13) == with_id
    assert (tmp_path / "people.xlsx").stat().st_size > 0


def test_same_seed_same_people():
    digests = []
    for seed in (3, 3, 4):
        with transaction.atomic():
            synth(scale="tiny", seed=seed, audit_writes=False)
            digests.append(people_digest())
            transaction.set_rollback(True)
    assert digests[0] == digests[1] != digests[2]


def test_refuses_a_database_with_people():
    synth(scale="tiny", seed=1, audit_writes=False)
    with pytest.raises(SynthRefused):
        synth(scale="tiny", seed=1, audit_writes=False)
    with pytest.raises(CommandError, match="--force"):
        call_command("synth", "--scale", "tiny", "--seed", "2", stdout=io.StringIO())
    before = Person.objects.count()
    out = io.StringIO()
    call_command("synth", "--scale", "tiny", "--seed", "2", "--force", "--no-audit", stdout=out)
    assert Person.objects.count() > before
    assert "rows/s" in out.getvalue()


def test_latin_of_matches_romanize_name():
    for name in ("สมชาย ใจดี", "กลุ่มออมทรัพย์เพื่อการผลิต บ้านหนองบัว หมู่ที่ 3"):
        assert latin_of(name) == latin_fold(romanize_name(name))


def test_activities_serve_missions_and_count_in_the_rollups():
    from django.utils import timezone

    from concenter.activities.models import Activity, ActivityMission
    from concenter.common.thai import fiscal_year_be

    report = synth(scale="tiny", seed=7, audit_writes=False)
    centers = Center.objects.count()
    activities = Activity.objects.all()
    assert 2 * centers <= activities.count() <= 5 * centers
    assert report.counts["activities"] == activities.count()
    for activity in activities[:100]:
        assert activity.fiscal_year == fiscal_year_be(activity.starts_on)
        assert activity.ends_on >= activity.starts_on
        assert activity.spent <= activity.budget
        assert 1 <= activity.missions.count() <= 3
    assert ActivityMission.objects.count() == report.counts["activity missions"]
    figures = _rollups()
    rollup_rebuild()
    assert _rollups() == figures
    today = timezone.localdate()
    years = {fiscal_year_be(today), fiscal_year_be(today) - 1}
    assert Rollup.objects.filter(area_code="TH", metric="activities").exists()
    assert any(
        k.split(":")[0] in {str(y) for y in years}
        for k in Rollup.objects.filter(area_code="TH", metric="activities").values_list(
            "key", flat=True
        )
    )


def test_import_files_hold_new_people_only_and_repeat_by_seed(tmp_path):
    from concenter.common.synth import import_files

    with transaction.atomic():  # the second run starts from the same geography
        first = import_files(
            scale="tiny", seed=9, out=tmp_path / "a", rows=50, xlsx_rows=20, peer_rows=30
        )
        assert not Person.objects.exists()
        assert Area.objects.filter(level=Level.VILLAGE, district_code=DISTRICT).exists()
        transaction.set_rollback(True)
    assert first.counts["file rows"] == 50
    rows = list(csv.reader(io.StringIO((tmp_path / "a" / "people.csv").read_text("utf-8-sig"))))
    peer = list(csv.reader(io.StringIO((tmp_path / "a" / "peer.csv").read_text("utf-8-sig"))))
    assert len(rows) == 51 and peer == rows[:31]
    assert {r[6][:4] for r in rows[1:]} == {DISTRICT}
    names = [(r[1], r[2], r[6][:6]) for r in rows[1:]]
    assert len(set(names)) == len(names)  # unique within a subdistrict: no duplicate warnings
    import_files(scale="tiny", seed=9, out=tmp_path / "b", rows=50, xlsx_rows=20, peer_rows=30)
    a, b = (
        (tmp_path / "a" / "people.csv").read_bytes(),
        (tmp_path / "b" / "people.csv").read_bytes(),
    )
    assert a == b
