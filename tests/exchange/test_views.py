"""Pages of imports: upload, report, import, rejected rows, undo, templates; bounded queries."""

import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from concenter.exchange.kinds import KINDS
from concenter.exchange.models import ImportBatch, Status
from concenter.people.models import Person
from tests.conftest import client_for
from tests.exchange.helpers import PEOPLE_TH, person, write_csv

pytestmark = pytest.mark.django_db


def _upload(client, path, kind="people", mode="all"):
    with path.open("rb") as handle:
        return client.post(reverse("exchange:new"), {"kind": kind, "mode": mode, "file": handle})


def test_upload_check_report_and_import(tmp_path, district_officer):
    client = client_for(district_officer)
    assert client.get(reverse("exchange:new")).status_code == 200
    response = _upload(client, write_csv(tmp_path, [PEOPLE_TH, person("หน้าเว็บ")]))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    assert batch.status == Status.CHECKED and not Person.objects.filter(given_name="หน้าเว็บ")
    page = client.get(batch.get_absolute_url())
    assert page.status_code == 200 and reverse("exchange:commit", args=[batch.pk]) in page.text
    client.post(reverse("exchange:commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == Status.DONE
    assert Person.objects.filter(given_name="หน้าเว็บ").count() == 1
    listing = client.get(reverse("exchange:list"))
    assert listing.status_code == 200 and "people.csv" in listing.text


def test_the_report_names_rows_and_columns_and_offers_the_rejected_rows(tmp_path, district_officer):
    client = client_for(district_officer)
    rows = [PEOPLE_TH, person("ดี"), person("ผิด", area="999999"), person("")]
    _upload(client, write_csv(tmp_path, rows))
    batch = ImportBatch.objects.get()
    page = client.get(batch.get_absolute_url()).text
    assert "รหัสพื้นที่" in page and "999999" in page
    assert 'name="mode" value="partial"' in page  # all or nothing: offers the valid rows only
    response = client.get(reverse("exchange:rejected", args=[batch.pk]))
    assert response.status_code == 200 and response.content.startswith(b"PK")
    data = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    rows = data.to_python()
    assert [r[1] for r in rows[1:]] == ["ผิด", ""] and rows[0][-1] == "ข้อผิดพลาด"


def test_a_refused_file_shows_its_message(tmp_path, district_officer):
    client = client_for(district_officer)
    _upload(client, write_csv(tmp_path, [["ชื่อ"], ["ก"]]))
    batch = ImportBatch.objects.get()
    assert batch.status == Status.REFUSED and "รหัสพื้นที่" in batch.error
    assert "รหัสพื้นที่" in client.get(batch.get_absolute_url()).text


def test_a_wrong_extension_is_refused_by_the_form(tmp_path, district_officer):
    client = client_for(district_officer)
    path = tmp_path / "notes.txt"
    path.write_text("x")
    response = _upload(client, path)
    assert response.status_code == 200 and not ImportBatch.objects.exists()


def test_undo_from_the_page(tmp_path, district_officer):
    client = client_for(district_officer)
    _upload(client, write_csv(tmp_path, [PEOPLE_TH, person("ย้อน")]))
    batch = ImportBatch.objects.get()
    client.post(reverse("exchange:commit", args=[batch.pk]))
    response = client.post(reverse("exchange:undo", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == Status.UNDONE and not Person.objects.filter(given_name="ย้อน")


def test_other_users_batches_are_404(tmp_path, district_officer, other_district_officer):
    _upload(client_for(district_officer), write_csv(tmp_path, [PEOPLE_TH, person("ของฉัน")]))
    batch = ImportBatch.objects.get()
    client = client_for(other_district_officer)
    for name in ("exchange:detail", "exchange:rejected"):
        assert client.get(reverse(name, args=[batch.pk])).status_code == 404
    for name in ("exchange:commit", "exchange:undo", "exchange:retry"):
        assert client.post(reverse(name, args=[batch.pk])).status_code == 404
    assert "people.csv" not in client.get(reverse("exchange:list")).text


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_has_a_template_with_thai_headers_an_example_and_a_guide(kind, district_officer):
    response = client_for(district_officer).get(reverse("exchange:template", args=[kind]))
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names == ["ข้อมูล", "คำอธิบาย"]
    header, example = book.get_sheet_by_index(0).to_python()[:2]
    assert header == [c.th for c in KINDS[kind].columns] and any(example)
    guide = book.get_sheet_by_index(1).to_python()
    assert [row[1] for row in guide[1 : len(header) + 1]] == [c.en for c in KINDS[kind].columns]


def test_detail_page_queries_are_bounded(tmp_path, district_officer, django_assert_max_num_queries):
    client = client_for(district_officer)
    rows = [PEOPLE_TH] + [person(f"ผิด{i}", area="999999") for i in range(60)]
    _upload(client, write_csv(tmp_path, rows))
    batch = ImportBatch.objects.get()
    with django_assert_max_num_queries(14):
        assert client.get(batch.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("exchange:list")).status_code == 200


def test_progress_part_polls_while_busy_and_reloads_when_done(tmp_path, district_officer):
    client = client_for(district_officer)
    _upload(client, write_csv(tmp_path, [PEOPLE_TH, person("รอ")]))
    batch = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=batch.pk).update(job="commit", job_state="queued")
    url = batch.get_absolute_url() + "?part=status"
    busy = client.get(url, headers={"HX-Request": "true"})
    assert busy.status_code == 200 and "hx-trigger" in busy.text and "HX-Refresh" not in busy
    ImportBatch.objects.filter(pk=batch.pk).update(job="", job_state="idle")
    done = client.get(url, headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"
