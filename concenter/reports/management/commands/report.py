"""`concenter report NAME --area 71 --fiscal-year 2563 --format pdf --output FILE`."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from concenter.common import clock
from concenter.geography.models import Level
from concenter.network.rollups import NATIONAL
from concenter.reports import documents, figures
from concenter.reports.render import document_pdf, document_xlsx


class Command(BaseCommand):
    help = (
        "Write a standard report as PDF or XLSX: summary (of the network, for a fiscal year), "
        "committees-ending (within 90 days), inactive-centers (no activity in six months), "
        "organizations (by type and subdistrict). The area is a province, district or "
        "subdistrict code, or TH for the whole country. Run by an operator: no scope applies."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", choices=documents.REPORT_NAMES, help="which report")
        parser.add_argument("--area", default=NATIONAL, help="area code (TH: the whole country)")
        parser.add_argument(
            "--fiscal-year",
            default="",
            help="fiscal year in the Buddhist Era, 2540–2600 (default: the current one)",
        )
        parser.add_argument("--format", choices=documents.FORMATS, default="pdf")
        parser.add_argument("--output", help="file to write (default: NAME-AREA[-YEAR].FORMAT)")
        parser.add_argument("--language", choices=("th", "en"), default="th")
        parser.add_argument(
            "--thai-digits", action="store_true", help="Thai digits in the PDF (๑๒๓)"
        )

    def handle(self, *args, **options):
        from concenter.geography.models import Area

        today = clock.today()
        try:
            fiscal_year = figures.parse_fiscal_year(
                options["fiscal_year"], default=figures.current_fiscal_year(today)
            )
        except ValidationError as error:
            raise CommandError(f"--fiscal-year: {error.message_dict['fiscal_year'][0]}") from None
        code = (options["area"] or "").strip().upper()
        area = None
        if code != NATIONAL:
            area = Area.objects.select_related("parent").filter(code=code).first()
            if area is None or area.level not in (
                Level.PROVINCE,
                Level.DISTRICT,
                Level.SUBDISTRICT,
            ):
                raise CommandError(
                    f"--area: {code!r} is not the code of a province, district or subdistrict "
                    "(or TH for the whole country)."
                )
        with translation.override(options["language"]):
            document = documents.build_report(
                options["name"], area, on=today, fiscal_year=fiscal_year
            )
            if options["format"] == "pdf":
                content = document_pdf(document, thai_digits=options["thai_digits"])
            else:
                content = document_xlsx(document)
        output = Path(options["output"] or f"{document.file_stem}.{options['format']}")
        try:
            output.write_bytes(content)
        except OSError as error:
            raise CommandError(f"--output: {error}") from None
        self.stdout.write(f"{output} ({len(content):,} bytes): {document.title}")
