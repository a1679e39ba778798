from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "concenter.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self) -> None:
        from concenter.common import search
        from concenter.geography.pages import area_page_provider
        from concenter.network.messages import term_ending_scan
        from concenter.network.models import Organization
        from concenter.network.selectors import area_page_network
        from concenter.notifications.schedule import scheduled_scan_register

        search.searchable(
            "organization",
            model=Organization,
            fts_table="network_organization_fts",
            related=("area", "type"),
            sqlite_prefix_index="org_name_search_prefix",
        )
        area_page_provider(area_page_network)
        scheduled_scan_register("network.term_ending", term_ending_scan)

        from concenter.common.demo import demo_part_register
        from concenter.common.orphans import upload_reference_register
        from concenter.network import demo

        demo_part_register("network", order=40, load=demo.load)
        upload_reference_register("centers/logos", model="network.Center", field="logo")
