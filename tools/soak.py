"""Soak test (not a unit test): many clients for minutes against a running server, with an
import running at the same time. Bounded in time, 127.0.0.1 only, stops by itself.

    make run                       # in one terminal (or any server on 127.0.0.1)
    .venv/bin/python tools/soak.py --clients 50 --seconds 300 \\
        --username kan.province --password "$CONCENTER_DEMO_PASSWORD" --import-rows 20000

Each client signs in once through the login form, then loops over a mix of pages and API
calls (dashboards, lists, details, search, the directory). Meanwhile `concenter import` stores a
generated people file in the same database. The run fails (exit 1) on any 5xx, any connection
error, or any "database is locked" in a response or in the import's output.
"""

import argparse
import csv
import http.cookiejar
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PATHS = [
    "/",
    "/directory/",
    "/dashboard/71/",
    "/dashboard/7101/",
    "/dashboard/710104/",
    "/centers/",
    "/centers/710104/",
    "/organizations/",
    "/people/?q=สมชาย",
    "/people/?q=somchai",
    "/areas/?q=ท่ามะขาม",
    "/api/v1/centers?area=71&limit=50",
    "/api/v1/organizations?area=7101&limit=50",
    "/api/v1/areas/71/figures",
    "/exhibition/71/",
    "/healthz",
]
LOCKED = re.compile(rb"database is locked", re.IGNORECASE)


class Client:
    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, bytes]:
        url = self.base + urllib.parse.quote(path, safe="/?=&:%")
        try:
            with self.opener.open(url, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def login(self, username: str, password: str) -> None:
        _status, page = self.get("/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if not token:
            raise SystemExit("no CSRF token on the login page")
        data = urllib.parse.urlencode(
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": token.group(1).decode(),
            }
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - loopback only
            self.base + "/accounts/login/", data=data, headers={"Referer": self.base + "/"}
        )
        with self.opener.open(request, timeout=30) as response:
            if "/accounts/login/" in response.url:
                raise SystemExit(f"login failed for {username}")


def _people_file(rows: int, directory: Path) -> Path:
    path = directory / "soak-people.csv"
    rng = random.Random(7)  # noqa: S311 - test data
    given = ["สมชาย", "สมศรี", "บุญมี", "ประเสริฐ", "มาลี", "สุดา", "วิชัย", "อรุณ"]
    family = ["ใจดี", "รักไทย", "ศรีสุข", "มั่นคง", "ทองดี", "บุญเรือง"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ชื่อ", "นามสกุล", "พื้นที่", "โทรศัพท์"])
        for number in range(rows):
            writer.writerow(
                [
                    f"{rng.choice(given)}{number}",
                    f"{rng.choice(family)}ทดสอบ",
                    "710104",
                    f"08{rng.randint(10000000, 99999999)}",
                ]
            )
    return path


def _run_import(args, directory: Path, outcome: dict) -> None:
    path = _people_file(args.import_rows, directory)
    command = [
        sys.executable,
        "-m",
        "concenter",
        "import",
        str(path),
        "--kind",
        "people",
        "--partial",
        "--user",
        args.username,
    ]
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603 - our own command
        command, capture_output=True, cwd=ROOT, timeout=args.seconds + 600, check=False
    )
    outcome.update(
        returncode=result.returncode,
        seconds=round(time.monotonic() - started, 1),
        locked=bool(LOCKED.search(result.stdout + result.stderr)),
        tail=(result.stdout + result.stderr)[-500:].decode(errors="replace"),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--username", default="kan.province")
    parser.add_argument("--password", default=os.environ.get("CONCENTER_DEMO_PASSWORD", ""))
    parser.add_argument("--import-rows", type=int, default=20000, help="0: no import")
    args = parser.parse_args()
    host = urllib.parse.urlparse(args.url).hostname
    if host not in ("127.0.0.1", "localhost"):
        raise SystemExit("the soak test sends traffic to 127.0.0.1 only")

    statuses: Counter = Counter()
    timings: list[float] = []
    problems: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + args.seconds

    def client_loop(number: int) -> None:
        rng = random.Random(number)  # noqa: S311
        client = Client(args.url)
        client.login(args.username, args.password)
        while time.monotonic() < deadline:
            path = rng.choice(PATHS)
            started = time.perf_counter()
            try:
                status, body = client.get(path)
            except (OSError, ValueError) as error:
                status, body = 0, str(error).encode()
            elapsed = time.perf_counter() - started
            with lock:
                statuses[status] += 1
                timings.append(elapsed)
                if status == 0 or status >= 500 or LOCKED.search(body):
                    problems.append(f"{status} {path} {body[:200]!r}")

    import_outcome: dict = {}
    with tempfile.TemporaryDirectory() as directory:
        threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(args.clients)]
        importer = None
        if args.import_rows:
            importer = threading.Thread(
                target=_run_import, args=(args, Path(directory), import_outcome)
            )
            importer.start()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if importer is not None:
            importer.join()

    ordered = sorted(timings)
    summary = {
        "clients": args.clients,
        "seconds": args.seconds,
        "requests": len(timings),
        "requests_per_second": round(len(timings) / args.seconds, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 1) if ordered else None,
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 1) if ordered else None,
        "statuses": dict(statuses),
        "errors": len(problems),
        "first_errors": problems[:10],
        "import": import_outcome,
    }
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    failed = bool(problems) or import_outcome.get("locked") or import_outcome.get("returncode")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
