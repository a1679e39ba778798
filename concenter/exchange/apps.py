from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "concenter.exchange"
    label = "exchange"
    verbose_name = _("Import and export")

    def ready(self) -> None:
        from concenter.common.retention import retention_purge_register
        from concenter.exchange.retention import purge_import_files

        retention_purge_register(
            "import_files", order=1, what="import uploads", purge=purge_import_files
        )

        from concenter.common.demo import demo_part_register
        from concenter.common.orphans import upload_reference_register
        from concenter.exchange import demo

        demo_part_register("exchange", order=50, load=demo.load)
        upload_reference_register("imports", model="exchange.ImportBatch", field="stored_file")
