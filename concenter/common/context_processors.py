from django.conf import settings


def site(request):
    return {
        "SITE_NAME": "concenter",
        "GEODATA_CREDIT_URL": "https://pypi.org/project/geothai/",
        "DEBUG": settings.DEBUG,
    }
