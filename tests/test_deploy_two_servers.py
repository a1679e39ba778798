"""Deployed as the README says (issue #24): the package installed with pip, production settings,
two gunicorn app servers with working folders of their own that share nothing but PostgreSQL.
A file uploaded through one server is used through the other; /healthz answers over plain http.

Runs on PostgreSQL (the suite with DATABASE_URL=postgres://…, as CI does); on SQLite the servers
could only share a file on one disk, which is not what is being proved.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
ROWS = 6000  # people in the import file: about 300 KB

pytestmark = [pytest.mark.slow]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """`pip install .` of this checkout into a folder of its own (the dependencies come from the
    test's environment, which has them pinned already)."""
    work = tmp_path_factory.mktemp("release")
    source = work / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "var", "tests", "bench", "tools", "build", "dist", "node_modules",
            "*.egg-info", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis",
        ),
    )  # fmt: skip
    target = work / "site-packages"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
         "--disable-pip-version-check", "--target", str(target), str(source)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    shutil.rmtree(source)
    return target


def _environment(installed: Path, folder: Path, **extra) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "CONCENTER_", "PYTEST", "DATABASE_URL"))
    }
    env.update(PYTHONPATH=str(installed), HOME=str(folder), **extra)
    return env


def _python(env: dict, cwd: Path, code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_installed_package_keeps_its_working_folder_outside_site_packages(installed, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = _environment(installed, home, DJANGO_SETTINGS_MODULE="config.settings.local")
    code = (
        "import django, concenter; django.setup(); from django.conf import settings;"
        "print(concenter.__file__); print(settings.VAR_DIR); print(settings.STATIC_ROOT)"
    )
    module, var_dir, static_root = _python(env, home, code).splitlines()

    assert Path(module).is_relative_to(installed)  # the installed copy, not the checkout
    assert not Path(var_dir).is_relative_to(installed)
    assert Path(var_dir) == home / ".local" / "share" / "concenter"
    assert Path(static_root).is_relative_to(var_dir)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """One app server: gunicorn from the installed package, production settings, its own
    working folder and current directory."""

    def __init__(self, installed: Path, folder: Path, database_url: str) -> None:
        folder.mkdir()
        self.folder = folder
        self.port = _free_port()
        self.env = _environment(
            installed,
            folder,
            DJANGO_SETTINGS_MODULE="config.settings.production",
            DATABASE_URL=database_url,
            CONCENTER_VAR_DIR=str(folder / "var"),
            SECRET_KEY=settings.SECRET_KEY,  # one key for every server (and this test's logins)
            PERSONAL_DATA_KEY=settings.PERSONAL_DATA_KEY,
            ALLOWED_HOSTS="127.0.0.1",
            CONCENTER_IMPORT_RUNNER="command",  # large imports wait for `concenter work`
        )
        self.process = None

    def concenter(self, *args: str) -> None:
        result = subprocess.run(
            [sys.executable, "-m", "concenter", *args],
            env=self.env, cwd=self.folder, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr

    def start(self) -> None:
        self.log = (self.folder / "gunicorn.log").open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application",
             "--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--threads", "2",
             "--worker-class", "gthread", "--timeout", "120"],
            env=self.env, cwd=self.folder, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if self.request("GET", "/healthz", https=False)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"the server did not start: {self.logs()}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.log.close()

    def logs(self) -> str:
        return (self.folder / "gunicorn.log").read_text(errors="replace")[-3000:]

    def request(self, method, path, *, https=True, headers=None, body=None):
        """(status, headers, body) of one request; https=True says what the proxy would."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", method=method, data=body
        )
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        if https:
            request.add_header("X-Forwarded-Proto", "https")

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=60) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()


def _multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_two_app_servers_share_uploaded_files_through_the_database(
    installed, tmp_path, areas_after_flush
):
    if connection.vendor != "postgresql":
        pytest.skip("several app servers share PostgreSQL; run with DATABASE_URL=postgres://…")
    from concenter.accounts.models import Role
    from concenter.accounts.services import api_token_create
    from tests.awards import helpers as awards
    from tests.conftest import client_for, make_user

    officer = make_user("kan.province", Role.PROVINCE_OFFICER, "71")
    _token, key = api_token_create(user=officer, name="two servers")
    programme = awards.programme(officer)
    awards.to_screening(officer, programme)
    nomination = awards.nominate(officer, programme, awards.person(officer))
    session = client_for(officer).cookies[settings.SESSION_COOKIE_NAME].value
    bearer = {"Authorization": f"Bearer {key}"}

    first = Server(installed, tmp_path / "host-a", _database_url())
    second = Server(installed, tmp_path / "host-b", _database_url())
    first.concenter("createcachetable")
    for server in (first, second):  # each host builds its static files from the package
        server.concenter("collectstatic", "--no-input", "-v", "0")
    try:
        first.start()
        second.start()

        # A load balancer's check over plain http: answered, not redirected; pages are.
        status, _headers, body = second.request("GET", "/healthz", https=False)
        assert (status, json.loads(body)["status"]) == (200, "ok")
        status, headers, _body = second.request("GET", "/directory/", https=False)
        assert status == 301 and headers["Location"].startswith("https://")
        status, _headers, _body = second.request("GET", "/static/css/concenter.css")
        assert status == 200  # WhiteNoise, from this host's own STATIC_ROOT

        # An import file uploaded through one server (larger than what a request checks at
        # once, so it waits for the background runner) ...
        rows = "".join(f"คนที่{index},สองเครื่อง,710104\n" for index in range(ROWS))
        csv = ("ชื่อ,นามสกุล,รหัสพื้นที่\n" + rows).encode()
        assert len(csv) > 256 * 1024  # jobs.INLINE_MAX_BYTES
        body, content_type = _multipart(
            {"kind": "people"}, {"file": ("people.csv", csv, "text/csv")}
        )
        status, _headers, answer = first.request(
            "POST", "/api/v1/imports", body=body,
            headers={**bearer, "Content-Type": content_type},
        )  # fmt: skip
        assert status == 201, answer
        batch = json.loads(answer)
        assert batch["job_state"] == "queued", batch
        # ... is checked by the runner of the other host, which reads the stored file ...
        second.concenter("work", "--once")
        status, _headers, answer = second.request(
            "GET", f"/api/v1/imports/{batch['id']}", headers=bearer
        )
        checked = json.loads(answer)
        assert (checked["status"], checked["rows_read"], checked["rejected"]) == (
            "checked", ROWS, 0,
        ), checked  # fmt: skip
        # ... and imported when asked through that other server.
        status, _headers, answer = second.request(
            "POST", f"/api/v1/imports/{batch['id']}/commit", body=b"{}",
            headers={**bearer, "Content-Type": "application/json"},
        )  # fmt: skip
        assert status == 200, answer
        second.concenter("work", "--once")
        status, _headers, answer = first.request(
            "GET", f"/api/v1/imports/{batch['id']}", headers=bearer
        )
        assert json.loads(answer)["created"] == ROWS, answer

        # Evidence uploaded through one server is downloaded through the other.
        document = awards.pdf().read()
        body, content_type = _multipart(
            {"note": "บันทึกผลงาน"}, {"file": ("evidence.pdf", document, "application/pdf")}
        )
        status, _headers, answer = first.request(
            "POST", f"/api/v1/awards/nominations/{nomination.pk}/evidence", body=body,
            headers={**bearer, "Content-Type": content_type},
        )  # fmt: skip
        assert status == 201, answer
        evidence = json.loads(answer)
        status, headers, downloaded = second.request(
            "GET", f"/awards/nominations/{nomination.pk}/evidence/{evidence['id']}/",
            headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"},
        )  # fmt: skip
        assert status == 200, (headers.get("Location"), second.logs())
        assert downloaded == document and headers["Content-Type"] == "application/pdf"
    finally:
        first.stop()
        second.stop()
    for server in (first, second):  # nothing of the uploads landed on either host's disk
        stored = [p for p in (server.folder / "var").rglob("*") if p.is_file()]
        assert not [p for p in stored if p.suffix in (".csv", ".pdf")], stored
