from django.core.management.base import BaseCommand, CommandError

from concenter.synth.base import SynthRefused
from concenter.synth.events_awards import PARTS
from concenter.synth.network import BATCH_SIZE, SCALES
from concenter.synth.run import import_files, synth


class Command(BaseCommand):
    help = (
        "Build a deterministic synthetic network (villages, people, organisations, centers, "
        "committees, partners, activities, two award programmes and an event) for load tests "
        "and the import benchmark. Refuses to run on a database that already holds people "
        "unless --force; --only awards,events adds just those to a network built before."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="province")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--out", help="also write people.csv and people.xlsx to this folder")
        parser.add_argument(
            "--force", action="store_true", help="run even though people are already registered"
        )
        parser.add_argument(
            "--no-audit",
            action="store_true",
            help="skip the per-record audit entries (faster; see docs/synth.md)",
        )
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument(
            "--import-rows",
            type=int,
            help="write only the import benchmark's files (with --out): this many people in "
            "people.csv, none stored (the scale's villages are created)",
        )
        parser.add_argument("--xlsx-rows", type=int, help="with --import-rows: rows in people.xlsx")
        parser.add_argument("--peer-rows", type=int, help="with --import-rows: rows in peer.csv")
        parser.add_argument(
            "--only",
            help="build only these parts (comma-separated: awards,events) on the network "
            "already in the database; refuses a part that is already there",
        )

    def handle(self, *args, scale, seed, out, force, no_audit, batch_size, **options):
        if options["import_rows"] is not None:
            if not out:
                raise CommandError("--import-rows needs --out.")
            try:
                report = import_files(
                    scale=scale,
                    seed=seed,
                    out=out,
                    rows=options["import_rows"],
                    xlsx_rows=options["xlsx_rows"],
                    peer_rows=options["peer_rows"],
                )
            except SynthRefused as exc:
                raise CommandError(str(exc)) from exc
            for path in report.files:
                self.stdout.write(f"wrote {path}")
            return
        only = None
        if options["only"] is not None:
            only = [part.strip() for part in options["only"].split(",") if part.strip()]
            unknown = sorted(set(only) - set(PARTS))
            if unknown or not only:
                raise CommandError(f"--only takes {','.join(PARTS)} (not {', '.join(unknown)}).")
            if out:
                raise CommandError("--only writes no files: leave out --out.")
        try:
            report = synth(
                scale=scale,
                seed=seed,
                out=out,
                audit_writes=not no_audit,
                force=force,
                batch_size=batch_size,
                log=self.stdout.write,
                only=only,
            )
        except SynthRefused as exc:
            raise CommandError(str(exc)) from exc
        what = f"synthetic {' and '.join(only)}" if only else "synthetic network"
        self.stdout.write(f"{what}, scale {scale}, seed {seed}:")
        for name, count in report.counts.items():
            self.stdout.write(f"  {name:<16} {count:>10,}")
        self.stdout.write("timings:")
        for line in report.lines():
            self.stdout.write(f"  {line}")
        for path in report.files:
            self.stdout.write(f"wrote {path}")
