from django.conf import settings


def site(request):
    from concenter.accounts.scope import Access, user_scope

    user = getattr(request, "user", None)
    return {
        "can_edit": user is not None and not user_scope(user, Access.CHANGE).nothing,
        "SITE_NAME": "concenter",
        "GEODATA_CREDIT_URL": "https://pypi.org/project/geothai/",
        "DEBUG": settings.DEBUG,
    }
