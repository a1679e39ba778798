"""What other apps add to an area's page, without geography importing them.

Geography is on the ground floor: the apps above it (the network shows an area's center and
its figures) register a provider from their AppConfig.ready(); `area_detail` merges what each
provider returns into the page's context.
"""

from collections.abc import Callable

from django.http import HttpRequest

from concenter.geography.models import Area

AreaPageProvider = Callable[[HttpRequest, Area], dict]

_PROVIDERS: list[AreaPageProvider] = []


def area_page_provider(provider: AreaPageProvider) -> AreaPageProvider:
    """Register `provider(request, area) -> dict` (once: registering it again does nothing)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def area_page_context(request: HttpRequest, area: Area) -> dict:
    context: dict = {}
    for provider in _PROVIDERS:
        context.update(provider(request, area))
    return context
