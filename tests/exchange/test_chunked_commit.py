"""A chunked import among other users, with real processes (docs/adr/0009-chunked-import-commit.md):

* while `concenter import` writes a large file, another process logs in and registers people in
  the same subdistrict; its longest wait is bounded by one chunk's transaction, not the file;
* a `kill -9` half-way leaves nothing visible (people, figures); the restart's cleanup removes
  what was hidden, and the same file imports again.

Both run on a scratch installation of their own (a SQLite file, or a PostgreSQL database), like
test_processes.py, whose helpers they share.
"""

import csv
import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from concenter.common.thai import generate_fictional_national_id
from tests.exchange import test_processes
from tests.exchange.test_processes import Installation

installation = test_processes.installation  # the scratch installation fixture, shared

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

ROWS = 20_000

# Another user, in another process: logs in and registers a person in subdistrict 710104 (whose
# roll-up rows an import there moves) over and over until the stop file appears; prints the
# longest time one of those took, and how many failed.
SIDE_WRITER = """
import json, sys, time
from pathlib import Path
from django.test import Client
from concenter.accounts.models import User
from concenter.people.services import PersonData, person_create
stop = Path(sys.argv[-1])
user = User.objects.get(username="proc.officer")
longest, count, errors, number = 0.0, 0, [], 0
warm = True  # the first round loads code and fills caches: not counted
while not stop.exists():
    number += 1
    for step in ("login", "person"):
        began = time.monotonic()
        try:
            if step == "login":
                Client().force_login(user)
            else:
                person_create(actor=user, data=PersonData(given_name=f"ข้างเคียง{number}",
                              family_name="รอคิว"), area_code="710104", confirm_new=True)
        except Exception as exc:
            errors.append(repr(exc)[:200])
        if not warm:
            longest = max(longest, time.monotonic() - began)
            count += 1
    if warm:
        warm = False
        print("ready", flush=True)
    time.sleep(0.05)
print(json.dumps({"longest": longest, "count": count, "errors": errors}), flush=True)
"""


def _people_file(path, rows: int, seed: int):
    """New people (their own ID numbers: each file of these tests is a first import)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ชื่อ", "นามสกุล", "รหัสพื้นที่", "เลขประจำตัวประชาชน"])
        for index in range(rows):
            national_id = generate_fictional_national_id(rng)
            writer.writerow([f"ชุด{seed}คนที่{index}", "ทดลอง", "710104", national_id])
    return path


def _side_writer(site: Installation, stop, log):
    script = SIDE_WRITER.replace("sys.argv[-1]", repr(str(stop)))
    process = subprocess.Popen(
        [sys.executable, "-m", "concenter", "shell", "-c", script],
        env=site.env, stdout=subprocess.PIPE, stderr=log,
    )  # fmt: skip
    for line in process.stdout:  # after what the shell prints first
        if line.strip() == b"ready":
            return process
    pytest.fail(f"the side writer stopped: {log.name}")


def _summary(stdout: str) -> tuple[float, float]:
    """(seconds of the whole import, its longest transaction) from the command's last line."""
    line = stdout.strip().splitlines()[-1]
    seconds = float(line.split(" rows in ")[1].split(" s")[0])
    longest = float(line.split("longest transaction ")[1].split(" s")[0])
    return seconds, longest


def _figures(site: Installation) -> int:
    """The sum of every roll-up figure (what the dashboards show)."""
    return _scalar(site, "SELECT COALESCE(SUM(value), 0) FROM network_rollup")


def _scalar(site: Installation, sql: str):
    if site.database_url:
        import psycopg

        with psycopg.connect(site.database_url) as pg:
            return pg.execute(sql).fetchone()[0]
    import sqlite3

    with sqlite3.connect(site.folder / "concenter.sqlite3") as lite:
        return lite.execute(sql).fetchone()[0]


def test_others_wait_for_a_chunk_not_for_the_file(installation, tmp_path):
    path = _people_file(tmp_path / "large.csv", ROWS, seed=1701)
    stop = tmp_path / "stop"
    log = (tmp_path / "side.log").open("wb")
    side = _side_writer(installation, stop, log)
    try:
        done = installation.run("import", str(path), "--kind", "people", "--user", "proc.officer")
    finally:
        stop.touch()
        out, _ = side.communicate(timeout=120)
        log.close()
    report = json.loads(out.decode().strip().splitlines()[-1])
    assert f"created {ROWS}," in done.stdout, done.stdout
    seconds, longest = _summary(done.stdout)
    # The file spans many chunks, so a lock held for the file would show.
    assert seconds > 5 * longest, (seconds, longest)
    assert report["errors"] == [], report
    assert report["count"] > 10, report
    # Nobody waited for the file: at most about one chunk (and the short publish).
    assert report["longest"] < min(2 * longest + 1.0, seconds / 2), (report, seconds, longest)


def test_kill_9_leaves_nothing_visible_and_the_file_imports_again(installation, tmp_path):
    path = _people_file(tmp_path / "killed.csv", ROWS, seed=1702)
    visible = "people_person WHERE import_pending IS NULL"
    person_audit = (
        "auditlog_logentry WHERE content_type_id IN (SELECT id FROM django_content_type "
        "WHERE app_label = 'people' AND model = 'person')"
    )
    before = {
        "visible": installation.count(visible),
        "people": installation.count("people_person"),
        "audit": installation.count(person_audit),
        "records": installation.count("exchange_importedrecord"),
        "figures": _figures(installation),
    }
    process = installation.popen("import", str(path), "--kind", "people", "--user",
                                 "proc.officer")  # fmt: skip
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None:
        if installation.count("people_person WHERE import_pending IS NOT NULL") >= 2000:
            break  # some chunks are committed, hidden
        time.sleep(0.05)
    assert process.poll() is None, "the import ended before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert installation.count("people_person WHERE import_pending IS NOT NULL") >= 2000
    assert installation.count(visible) == before["visible"]
    assert _figures(installation) == before["figures"]

    # The restart: the runner finds the job without a runner and takes back what it wrote.
    installation.run("work", "--once", "--stale-after", "0")
    assert installation.count("people_person") == before["people"]
    assert installation.count(person_audit) == before["audit"]
    assert installation.count("exchange_importedrecord") == before["records"]
    assert installation.count("exchange_importbatch WHERE job_state = 'failed'") >= 1

    again = installation.run("import", str(path), "--kind", "people", "--user", "proc.officer")
    assert f"created {ROWS}," in again.stdout, again.stdout
    assert installation.count(visible) == before["visible"] + ROWS
    assert _figures(installation) == before["figures"] + 4 * ROWS  # TH, province, district, tambon


RUNNER_PROCESS = """
import time
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from concenter.accounts.models import User
from concenter.exchange import jobs, services
from concenter.exchange.models import ImportBatch
settings.EXCHANGE_INLINE_MAX_BYTES = 1  # every file is large: never run within the request
user = User.objects.get(username="proc.officer")
content = "ชื่อ,นามสกุล,รหัสพื้นที่\\nแยกงาน,ทดลอง,710104\\n".encode("utf-8-sig")
batch = services.import_upload(actor=user, upload=SimpleUploadedFile("p.csv", content),
                               kind="people", language="th")
jobs.start(batch)
import threading
print("threads", [t.name for t in threading.enumerate() if t.name.startswith("import-")])
deadline = time.monotonic() + 120
while time.monotonic() < deadline:
    batch.refresh_from_db()
    if batch.status == "checked" and not batch.is_busy:
        break
    time.sleep(0.2)
print("status", batch.status, batch.created_count)
"""


def test_the_server_s_runner_is_a_process_of_its_own(installation):
    """What `concenter serve` sets (CONCENTER_IMPORT_RUNNER=process): a large file's job runs in
    a `concenter work --once` of its own, not in a thread of the web worker."""
    env = {**installation.env, "CONCENTER_IMPORT_RUNNER": "process"}
    done = subprocess.run(
        [sys.executable, "-m", "concenter", "shell", "-c", RUNNER_PROCESS],
        env=env, capture_output=True, text=True, check=True, timeout=180,
    )  # fmt: skip
    lines = done.stdout.strip().splitlines()
    assert lines[-1] == "status checked 1", done.stdout + done.stderr
    assert "threads ['import-runner-reaper']" in lines, lines  # no import thread here


LINGERING_RUNNER = """
import threading, time
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from concenter.accounts.models import User
from concenter.exchange import jobs, services
from concenter.exchange.models import ImportBatch
settings.EXCHANGE_INLINE_MAX_BYTES = 1  # every file is large: never run within the request
user = User.objects.get(username="proc.officer")

def reapers():
    return sum(1 for t in threading.enumerate() if t.name == "import-runner-reaper")

def wait(batch, status):
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        batch.refresh_from_db()
        if batch.status == status and not batch.is_busy:
            return
        time.sleep(0.1)
    raise SystemExit(f"stuck: {batch.status} {batch.job} {batch.job_state}")

content = "ชื่อ,นามสกุล,รหัสพื้นที่\\nรอต่อ,ทดลอง,710104\\n".encode("utf-8-sig")
batch = services.import_upload(actor=user, upload=SimpleUploadedFile("p.csv", content),
                               kind="people", language="th")
jobs.start(batch)
wait(batch, "checked")
print("runners started", reapers())
time.sleep(0.5)
print("waiting", jobs._runner_waiting())
services.import_commit_request(actor=user, batch=batch)
batch.refresh_from_db()
jobs.start(batch)
print("runners started", reapers())
wait(batch, "done")
print("created", batch.created_count)
deadline = time.monotonic() + 30
while jobs._runner_waiting() and time.monotonic() < deadline:
    time.sleep(0.2)
print("waiting", jobs._runner_waiting())
"""


def test_the_runner_of_a_check_waits_for_the_commit_that_follows(installation):
    """Under `concenter serve` a runner process lingers (CONCENTER_RUNNER_LINGER) after its
    job: the commit asked for after the check runs in it, with no new process's start-up
    (≈ 1–4 s here); then it ends by itself."""
    env = {**installation.env, "CONCENTER_IMPORT_RUNNER": "process",
           "CONCENTER_RUNNER_LINGER": "3"}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "concenter", "shell", "-c", LINGERING_RUNNER],
        env=env, capture_output=True, text=True, check=False, timeout=180,
    )  # fmt: skip
    lines = done.stdout.strip().splitlines()
    assert lines[-5:] == [
        "runners started 1",
        "waiting True",
        "runners started 1",  # no second process: the first one took the commit
        "created 1",
        "waiting False",  # and it ended
    ], done.stdout + done.stderr
