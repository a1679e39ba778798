"""concenter export KIND --output FILE [--format csv|xlsx] [--user U] [--be-dates]
concenter export --open-data DIR [--province 71]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from concenter.exchange.exports import EXPORTS, write_export
from concenter.exchange.open_data import write_open_data


class Command(BaseCommand):
    help = (
        "Export a list (people, organizations, centers, committees, partners) as a user sees "
        "it, or write the open data (every public dataset as CSV and JSON) to a folder."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("kind", nargs="?", choices=sorted(EXPORTS))
        parser.add_argument("--output", help="The file to write.")
        parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
        parser.add_argument("--user", help="Whose scope (default: the first superuser).")
        parser.add_argument("--be-dates", action="store_true", help="Buddhist-Era dates.")
        parser.add_argument("--language", choices=("th", "en"), default="th")
        parser.add_argument("--open-data", metavar="DIR", help="Write the open data here.")
        parser.add_argument("--province", help="Open data of one province only (e.g. 71).")

    def handle(self, *args, **options) -> None:
        if options["open_data"]:
            written = write_open_data(Path(options["open_data"]), province=options["province"])
            self.stdout.write(f"{len(written)} files written to {options['open_data']}")
            return
        if not options["kind"] or not options["output"]:
            raise CommandError("Name a list and --output FILE, or --open-data DIR.")
        User = get_user_model()
        if options["user"]:
            user = User.objects.filter(username=options["user"], is_active=True).first()
        else:
            user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if user is None:
            raise CommandError("No such active user: name one with --user.")
        with translation.override(options["language"]):
            rows = write_export(
                EXPORTS[options["kind"]],
                user=user,
                params={},
                path=options["output"],
                file_format=options["format"],
                be_dates=options["be_dates"],
            )
        self.stdout.write(f"{rows} rows written to {options['output']}")
