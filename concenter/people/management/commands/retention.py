from django.core.management.base import BaseCommand, CommandError

from concenter.awards.retention import nomination_retention_purge
from concenter.events.retention import registration_retention_purge
from concenter.exchange.retention import purge_import_files
from concenter.people.privacy import retention_anonymize, retention_candidates

DEFAULT_DAYS = 5 * 365


class Command(BaseCommand):
    help = (
        "Anonymise people who hold no seat, membership, local role or leadership and were "
        "registered more than --days ago (default 5 years). A dry run unless --for-real."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS)
        parser.add_argument("--for-real", action="store_true", help="anonymise (not a dry run)")

    def handle(self, *args, days: int, for_real: bool, **options):
        if days < 1:
            raise CommandError("--days must be at least 1")
        if not for_real:
            ids = list(retention_candidates(older_than_days=days).values_list("pk", flat=True))
            self.stdout.write(
                f"Dry run: {len(ids)} people would be anonymised (records: "
                f"{', '.join(map(str, ids[:50]))}{' …' if len(ids) > 50 else ''}). "
                "Pass --for-real to anonymise them."
            )
            self.stdout.write(
                f"{purge_import_files(for_real=False)} import uploads would be purged"
            )
            return
        done = retention_anonymize(
            older_than_days=days, reason=f"retention: no role in the network for {days} days"
        )
        self.stdout.write(f"{len(done)} people anonymised")
        self.stdout.write(f"{purge_import_files()} import uploads purged")
        self.stdout.write(f"{registration_retention_purge()} event registrations purged")
        self.stdout.write(f"{nomination_retention_purge()} nominations that did not win purged")
