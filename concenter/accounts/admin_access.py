"""The Django admin site is for national administrators only."""

from django.contrib import admin

from concenter.accounts.models import Role
from concenter.accounts.scope import has_role


def national_admin_only(request) -> bool:
    user = request.user
    return bool(
        user.is_active
        and user.is_staff
        and (user.is_superuser or has_role(user, Role.NATIONAL_ADMIN))
    )


def restrict_admin_site(site: admin.AdminSite | None = None) -> None:
    site = site or admin.site
    if getattr(site, "_concenter_restricted", False):
        return
    site.has_permission = national_admin_only
    site._concenter_restricted = True
