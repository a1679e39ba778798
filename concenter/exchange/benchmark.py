"""A small measure of the people import (the figure in docs/exchange.md):

    CONCENTER_VAR_DIR=/tmp/bench python -m concenter.exchange.benchmark --rows 50000

It writes a CSV of synthetic people (half with a national ID, Thai names from the demo's pools,
five subdistricts of Mueang Kanchanaburi), imports it as a national administrator in one
transaction that is rolled back afterwards (the database is left as it was), and prints rows per
second of wall-clock and of CPU time (the CPU figure is the steadier one on a shared machine).
The full benchmark of issue #9 is `concenter bench`.
"""

import argparse
import csv
import os
import random
import tempfile
import time
from pathlib import Path


def write_people(path: Path, rows: int, seed: int = 9) -> None:
    from concenter.common.thai import generate_fictional_national_id
    from concenter.people.demo_names import name_pools

    rng = random.Random(seed)  # noqa: S311 - synthetic data
    pools = name_pools()
    subdistricts = ["710101", "710102", "710103", "710104", "710105"]
    professions = ["farmer", "trader", "teacher", "other", ""]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["คำนำหน้า", "ชื่อ", "นามสกุล", "เพศ", "ปีเกิด", "อาชีพ", "รหัสพื้นที่",
             "เลขประจำตัวประชาชน", "โทรศัพท์"]
        )  # fmt: skip
        for index in range(rows):
            female = rng.random() < 0.56
            writer.writerow(
                [
                    "นาง" if female else "นาย",
                    rng.choice(pools["female" if female else "male"]),
                    f"{rng.choice(pools['family'])}{index}",
                    "หญิง" if female else "ชาย",
                    str(rng.randint(2480, 2545)),
                    rng.choice(professions),
                    rng.choice(subdistricts),
                    generate_fictional_national_id(rng) if index % 2 else "",
                    f"08{rng.randint(10_000_000, 99_999_999)}",
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--file", help="Import this file instead of a generated one.")
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.db import connection, transaction

    from concenter.accounts.models import User
    from concenter.common.thai import romanize_name
    from concenter.exchange.services import import_run

    actor = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if actor is None:
        raise SystemExit("create a superuser first (concenter demo makes one)")
    romanize_name("สมชาย")  # pythainlp's one-off start (~1 s) is not the import's
    with tempfile.TemporaryDirectory() as folder:
        path = Path(arguments.file) if arguments.file else Path(folder) / "people.csv"
        if not arguments.file:
            write_people(path, arguments.rows)
        wall, cpu = time.perf_counter(), time.process_time()
        with transaction.atomic():
            result = import_run(actor=actor, kind="people", path_or_file=path, mode="all")
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            transaction.set_rollback(True)
    print(
        f"{connection.vendor}: {result.rows_read:,} rows, created {result.created:,}, "
        f"rejected {result.rejected_count:,}; {wall:.1f} s wall = {result.rows_read / wall:,.0f} "
        f"rows/s; {cpu:.1f} s CPU = {result.rows_read / cpu:,.0f} rows/s of CPU"
    )


if __name__ == "__main__":
    main()
