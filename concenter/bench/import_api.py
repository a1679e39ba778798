"""A people import as a user gets it, among other users (issue #17): the production server
(`concenter serve`) on 127.0.0.1, the file sent through the API — upload, wait for the check,
commit, wait for the end — while a side client logs in (`POST /api/v1/auth/token`) and
registers a person (`POST /api/v1/people`) in one of the file's subdistricts once a second.

    python -m concenter.bench.import_api --rows 20000 --work-dir /tmp/ia          # SQLite
    python -m concenter.bench.import_api --rows 20000 --work-dir /tmp/ia \\
        --database-url postgres://postgres@127.0.0.1:5432/concenter_bench_api        # PostgreSQL

It builds a fresh installation in the work dir (migrate, the areas, a district officer), writes
the file (`concenter.exchange.benchmark.write_people`), and prints one JSON line: seconds of each
phase, rows/s end to end, the side client's requests, refusals and slowest answer, the load
average before and after. The PostgreSQL database is created (C.UTF-8) and dropped.
"""

import argparse
import http.client
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from concenter.bench.load import HOST, start_server

PASSWORD = "correct horse battery"  # noqa: S105 - a scratch installation's user
USER = "bench.importer"
SIDE_USER = "bench.side"


def _concenter(env: dict, *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-m", "concenter", *args],
        env=env, capture_output=True, text=True, check=False, timeout=1800,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"concenter {' '.join(args)}: {done.stderr[-2000:]}")
    return done.stdout


def _install(env: dict) -> None:
    _concenter(env, "migrate", "--no-input", "-v", "0")
    _concenter(env, "load_geography")
    _concenter(
        env, "shell", "-c",
        "from concenter.accounts.models import Role\n"
        "from concenter.accounts.services import user_create, role_assign\n"
        f"for name in ({USER!r}, {SIDE_USER!r}):\n"
        f"    u = user_create(username=name, password={PASSWORD!r}, display_name=name)\n"
        "    role_assign(user=u, role=Role.DISTRICT_OFFICER, area_code='7101')\n",
    )  # fmt: skip


class Api:
    """A keep-alive client of one server, with a bearer token."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection(HOST, port, timeout=120)
        self.token = ""

    def call(self, method: str, path: str, body: bytes | None = None, content_type: str = ""):
        try:
            return self._call(method, path, body, content_type)
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
            # The server closed an idle keep-alive connection: once more on a new one.
            return self._call(method, path, body, content_type)

    def _call(self, method: str, path: str, body: bytes | None, content_type: str):
        headers = {"Content-Type": content_type} if content_type else {}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            answer = self.connection.getresponse()
            data = answer.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection(HOST, self.port, timeout=120)
            raise
        return answer.status, (json.loads(data) if data[:1] in (b"{", b"[") else data)

    def login(self, username: str) -> int:
        body = json.dumps({"username": username, "password": PASSWORD}).encode()
        status, data = self.call("POST", "/api/v1/auth/token", body, "application/json")
        if status == 200:
            self.token = data["token"]
        return status

    def upload(self, path: Path) -> dict:
        boundary = uuid.uuid4().hex
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\npeople\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="mode"\r\n\r\nall\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{path.name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        ).encode()
        body = head + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
        status, data = self.call(
            "POST", "/api/v1/imports", body, f"multipart/form-data; boundary={boundary}"
        )
        if status != 201:
            raise RuntimeError(f"upload: {status} {data!r:.500}")
        return data

    def wait(self, batch_id: int, until: tuple[str, ...], poll: float = 0.25, job=None) -> dict:
        """Poll the batch until its status is one of `until` and its check or commit (or
        `job`, when named) is over: the romanised names filled after an import are waited for
        only when asked (job="romanize")."""
        while True:
            status, data = self.call("GET", f"/api/v1/imports/{batch_id}")
            if status != 200:
                raise RuntimeError(f"poll: {status} {data!r:.500}")
            if data["job_state"] == "failed":
                raise RuntimeError(f"the job failed: {data!r:.1000}")
            busy = data["job_state"] in ("queued", "running") and (
                data["job"] == job if job else data["job"] in ("check", "commit")
            )
            if data["status"] in until and not busy:
                return data
            time.sleep(poll)


class SideClient(threading.Thread):
    """Another user: a login and a new person each second, timed; a refusal is any answer but
    200/201 (or a failed connection)."""

    def __init__(self, port: int) -> None:
        super().__init__(daemon=True)
        self.port = port
        self.stop = threading.Event()
        self.times: list[float] = []
        self.refused: list[str] = []
        self.phase = "before"
        self.slowest: dict[str, tuple[float, str]] = {}  # phase -> (seconds, step)

    def run(self) -> None:
        api = Api(self.port)
        number = 0
        while not self.stop.is_set():
            number += 1
            for step in ("login", "person"):
                began = time.monotonic()
                try:
                    if step == "login":
                        status = api.login(SIDE_USER)
                    else:
                        body = json.dumps({"given_name": f"ข้างเคียง{number}",
                                           "family_name": "รอคิว", "area_code": "710104",
                                           "confirm_new": True}).encode()  # fmt: skip
                        status, _data = api.call("POST", "/api/v1/people", body,
                                                 "application/json")  # fmt: skip
                    if status not in (200, 201):
                        self.refused.append(f"{step}: {status}")
                except (OSError, http.client.HTTPException) as exc:
                    self.refused.append(f"{step}: {exc!r}"[:200])
                took = time.monotonic() - began
                self.times.append(took)
                if took > self.slowest.get(self.phase, (0.0, ""))[0]:
                    self.slowest[self.phase] = (round(took, 3), step)
            self.stop.wait(1.0)


def _as_xlsx(path: Path) -> Path:
    """The same rows as an XLSX sheet, every cell text (as a person's sheet holds them)."""
    import csv

    import xlsxwriter

    target = path.with_suffix(".xlsx")
    if target.exists():
        return target
    book = xlsxwriter.Workbook(str(target), {"constant_memory": True})
    sheet = book.add_worksheet("ข้อมูล")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for index, row in enumerate(csv.reader(handle)):
            for column, value in enumerate(row):
                sheet.write_string(index, column, value)
    book.close()
    return target


def measure(
    *,
    rows: int,
    work: Path,
    database_url: str | None,
    file_format: str = "csv",
    baseline_seconds: float = 10,
) -> dict:
    from concenter.exchange.benchmark import write_people

    work.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    env.update(CONCENTER_VAR_DIR=str(work / "var"), DJANGO_SETTINGS_MODULE="config.settings.local")
    if database_url:
        import psycopg

        name = database_url.rsplit("/", 1)[1]
        with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            pg.execute(f"CREATE DATABASE \"{name}\" LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' "
                       "TEMPLATE template0")  # fmt: skip
        env["DATABASE_URL"] = database_url
    _install(env)
    path = work / f"people-{rows}.csv"
    if not path.exists():
        write_people(path, rows)
    if file_format == "xlsx":
        path = _as_xlsx(path)
    server = start_server(env=env, log_path=work / "server.log")
    side = SideClient(server.port)
    result: dict = {
        "rows": rows,
        "file": file_format,
        "database": "postgresql" if database_url else "sqlite",
    }
    try:
        api = Api(server.port)
        if api.login(USER) != 200:
            raise RuntimeError("login failed")
        side.start()
        side.phase = "baseline"
        time.sleep(baseline_seconds)  # the side client's answers without an import, same load
        result["load_before"] = [round(x, 2) for x in os.getloadavg()]
        began = time.monotonic()
        side.phase = "upload"
        batch = api.upload(path)
        uploaded = time.monotonic()
        side.phase = "check"
        checked = api.wait(batch["id"], ("checked", "refused"))
        checked_at = time.monotonic()
        side.phase = "commit"
        if checked["status"] != "checked" or checked["rejected"]:
            raise RuntimeError(f"the check: {checked!r:.1000}")
        status, data = api.call("POST", f"/api/v1/imports/{batch['id']}/commit", b"{}",
                                "application/json")  # fmt: skip
        if status != 200:
            raise RuntimeError(f"commit: {status} {data!r:.500}")
        done = api.wait(batch["id"], ("done", "refused"))
        ended = time.monotonic()
        side.phase = "romanize"
        api.wait(batch["id"], ("done", "refused"), job="romanize")
        romanised = time.monotonic()
        side.phase = "after"
        result["load_after"] = [round(x, 2) for x in os.getloadavg()]
        time.sleep(1.5)
    finally:
        side.stop.set()
        side.join(timeout=60)
        server.stop()
        if database_url:
            import psycopg

            base = database_url.rsplit("/", 1)[0] + "/postgres"
            with psycopg.connect(base, autocommit=True) as pg:
                pg.execute(
                    f'DROP DATABASE IF EXISTS "{database_url.rsplit("/", 1)[1]}" WITH (FORCE)'
                )
    result.update(
        status=done["status"],
        created=done["created"],
        upload_s=round(uploaded - began, 2),
        check_s=round(checked_at - uploaded, 2),
        commit_s=round(ended - checked_at, 2),
        seconds=round(ended - began, 2),
        rows_per_second=round(rows / (ended - began)),
        romanize_s=round(romanised - ended, 2),
        side_slowest_by_phase=side.slowest,
        side_requests=len(side.times),
        side_refused=side.refused[:10],
        side_refused_count=len(side.refused),
        side_slowest_s=round(max(side.times, default=0), 3),
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--work-dir", required=True, type=Path)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--format", default="csv", choices=("csv", "xlsx"))
    arguments = parser.parse_args()
    print(json.dumps(measure(rows=arguments.rows, work=arguments.work_dir,
                             database_url=arguments.database_url or None,
                             file_format=arguments.format)))  # fmt: skip


if __name__ == "__main__":
    main()
