from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "concenter.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from concenter.accounts import (
            throttle,  # noqa: F401 - registers its system check
            two_factor,  # noqa: F401 - connects its signals
        )
        from concenter.accounts.admin_access import restrict_admin_site

        restrict_admin_site()

        from concenter.accounts import demo
        from concenter.common.demo import demo_part_register

        demo_part_register("accounts", order=20, load=demo.load, minimal=True)
