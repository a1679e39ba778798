"""`synth()`: the network, then the award programmes and the event; the import benchmark's files; the people digest."""

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from concenter.geography.models import Area, Level
from concenter.network.rollups import rollup_rebuild
from concenter.people.models import Person
from concenter.people.words import words_rebuild
from concenter.synth import events_awards
from concenter.synth.base import SynthRefused, SynthReport, Timer
from concenter.synth.network import BATCH_SIZE, SCALES, NetworkGenerator, PeopleFiles


def synth(
    *,
    scale: str,
    seed: int,
    out: Path | str | None = None,
    audit_writes: bool = True,
    force: bool = False,
    batch_size: int = BATCH_SIZE,
    log: Callable[[str], None] = lambda _line: None,
    only: Iterable[str] | None = None,
) -> SynthReport:
    """Build the synthetic network of `scale` ("tiny", "province" or "national") with `seed`.

    Refuses (SynthRefused) when people are already registered, unless `force`. With `out`,
    also writes people.csv and people.xlsx there for the import benchmark. The award
    programmes and the event come last (`concenter.synth.events_awards`); those already
    in the database are skipped. `only` ("awards", "events") builds just those parts on a
    network built before, and refuses a part that is already there."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}")
    if only is not None:
        return _synth_parts(
            scale=scale,
            seed=seed,
            parts=tuple(only),
            audit_writes=audit_writes,
            batch_size=batch_size,
            log=log,
        )
    if not force and Person.objects.exists():
        raise SynthRefused(
            f"The database already holds {Person.objects.count():,} people. Synthetic data "
            "must not mix with real records: use an empty database, or pass --force."
        )
    if not Area.objects.filter(level=Level.PROVINCE).exists():
        raise SynthRefused("No areas are loaded: run `concenter load_geography` first.")
    report = SynthReport(scale=scale, seed=seed)
    started = time.perf_counter()
    files = PeopleFiles(Path(out)) if out else None
    try:
        generator = NetworkGenerator(
            scale=scale,
            seed=seed,
            audit_writes=audit_writes,
            batch_size=batch_size,
            files=files,
            report=report,
            log=log,
        )
        generator.run()
    finally:
        if files is not None:
            with Timer(report, "files"):
                files.close()
            report.files = files.paths
    built = events_awards.existing_parts(scale)
    for part in built:
        log(f"the synthetic {part} are already there: skipped")
    wanted = tuple(p for p in events_awards.PARTS if p not in built)
    if wanted:
        events_awards.add_awards_and_events(
            scale=scale,
            seed=seed,
            parts=wanted,
            audit_writes=audit_writes,
            batch_size=batch_size,
            report=report,
            log=log,
        )
    with Timer(report, "rollups") as timer:
        timer.rows = rollup_rebuild()
    with Timer(report, "name words") as timer:
        timer.rows = words_rebuild()["links"]
    with Timer(report, "analyze"):
        analyze_after_bulk_load()
    report.seconds = time.perf_counter() - started
    return report


def _synth_parts(
    *,
    scale: str,
    seed: int,
    parts: tuple[str, ...],
    audit_writes: bool,
    batch_size: int,
    log: Callable[[str], None],
) -> SynthReport:
    """Only the award programmes and/or the event, on the network already in the database."""
    unknown = sorted(set(parts) - set(events_awards.PARTS))
    if unknown or not parts:
        raise ValueError(f"unknown parts {unknown!r}: choose from {', '.join(events_awards.PARTS)}")
    report = SynthReport(scale=scale, seed=seed)
    started = time.perf_counter()
    events_awards.add_awards_and_events(
        scale=scale,
        seed=seed,
        parts=tuple(p for p in events_awards.PARTS if p in parts),
        audit_writes=audit_writes,
        batch_size=batch_size,
        report=report,
        log=log,
    )
    with Timer(report, "analyze"):
        analyze_after_bulk_load(AWARDS_EVENTS_TABLES)
    report.seconds = time.perf_counter() - started
    return report


AWARDS_EVENTS_TABLES = (
    "awards_programme",
    "awards_nomination",
    "awards_scorecard",
    "awards_score",
    "awards_conflict",
    "events_event",
    "events_registration",
    "events_checkin",
)
BULK_TABLES = (
    "geography_area",
    "people_person",
    "people_nameword",
    "people_personword",
    "network_organization",
    "network_center",
    "network_committeeterm",
    "network_seat",
    "network_rollup",
    "activities_activity",
    "activities_activitymission",
    *AWARDS_EVENTS_TABLES,
)


def analyze_after_bulk_load(tables: Iterable[str] = BULK_TABLES) -> None:
    """Fresh planner statistics after a bulk load, and on PostgreSQL the GIN pending lists
    flushed (VACUUM): without it a trigram search scans the unmerged pending list and takes
    hundreds of milliseconds. Inside a transaction (tests) only ANALYZE is possible."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            verb = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            for table in tables:
                cursor.execute(f"{verb} {table}")
        elif connection.vendor == "sqlite" and tables is BULK_TABLES:
            cursor.execute("ANALYZE")
        elif connection.vendor == "sqlite":
            for table in tables:
                cursor.execute(f"ANALYZE {table}")


def import_files(
    *,
    scale: str,
    seed: int,
    out: Path | str,
    rows: int,
    xlsx_rows: int | None = None,
    peer_rows: int | None = None,
    log: Callable[[str], None] = lambda _line: None,
) -> SynthReport:
    """Write the files of the import benchmark to `out`: people.csv with `rows` fictional people
    of the scale's areas, people.xlsx with the first `xlsx_rows` of them and peer.csv with the
    first `peer_rows`. The scale's villages are created in the database (the rows live in them);
    no person is stored, so the files import into this database as new people."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}")
    if not Area.objects.filter(level=Level.PROVINCE).exists():
        raise SynthRefused("No areas are loaded: run `concenter load_geography` first.")
    report = SynthReport(scale=scale, seed=seed)
    started = time.perf_counter()
    files = PeopleFiles(Path(out), xlsx_rows=xlsx_rows, peer_rows=peer_rows)
    try:
        generator = NetworkGenerator(
            scale=scale,
            seed=seed,
            audit_writes=False,
            batch_size=BATCH_SIZE,
            files=files,
            report=report,
            log=log,
        )
        generator.import_rows(rows)
    finally:
        with Timer(report, "files"):
            files.close()
        report.files = files.paths
    report.seconds = time.perf_counter() - started
    return report


def people_digest(people: Iterable[Person] | None = None) -> str:
    """A digest of the people's names, areas and years, in creation order (for determinism)."""
    import hashlib

    if people is None:
        people = Person.objects.order_by("pk").only(
            "area_id", "title", "given_name", "family_name", "gender", "birth_year"
        )
    digest = hashlib.sha256()
    for p in people:
        digest.update(
            f"{p.area_id}|{p.title}|{p.given_name}|{p.family_name}|{p.gender}|{p.birth_year}\n".encode()
        )
    return digest.hexdigest()
