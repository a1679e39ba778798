"""concenter work [--once]: run the imports waiting in the background queue and send the
messages waiting in the outbox."""

from django.core.management.base import BaseCommand

from concenter.exchange.jobs import work


class Command(BaseCommand):
    # A runner is started for each large job (`jobs._spawn_runner`): the system checks would
    # import every URL and API module first (≈ 1 s of CPU each time) for nothing it uses.
    requires_system_checks = []
    help = (
        "Run queued import jobs (checks, imports, undos) one after another and send the "
        "messages that are due; with --once, run what is queued and stop. Jobs whose runner "
        "died are marked interrupted."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true")
        parser.add_argument("--poll", type=float, default=2.0, help="Seconds between looks.")
        parser.add_argument(
            "--linger",
            type=float,
            default=0.0,
            help="With --once: then wait this many seconds for more jobs before stopping "
            "(a runner started for a check takes the commit that follows it).",
        )
        parser.add_argument(
            "--stale-after",
            type=float,
            default=None,
            help="Seconds without progress after which a running job counts as interrupted "
            "(default 120; 0 right after a restart, when no runner is left).",
        )

    def handle(self, *args, **options) -> None:
        done = work(
            once=options["once"],
            poll_seconds=options["poll"],
            log=self.stdout.write,
            stale_seconds=options["stale_after"],
            linger=options["linger"],
        )
        self.stdout.write(f"{done} jobs run")
