"""Public pages: the directory of centers and each center's profile. Anyone may read them;
they show public data only (see selectors)."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from concenter.common import clock
from concenter.geography.selectors import area_ancestors
from concenter.portal import selectors

PAGE_SIZE = 50


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    """Centers by area: the child areas that have centers (with counts), the centers inside
    the area (paginated), and a search over area names and center names."""
    area = selectors.browse_area(request.GET.get("area", "")[:8])
    query = selectors.clean_query(request.GET.get("q", ""))
    centers = selectors.centers_in(area, name=query)
    page = Paginator(centers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/directory.html",
        {
            "area": area,
            "ancestors": area_ancestors(area) if area else [],
            "query": query,
            "area_results": selectors.search_areas(query, within=area) if query else None,
            "children": selectors.areas_with_centers(area),
            "page": page,
            "centers": [selectors.public_center(c) for c in page.object_list],
        },
    )


@require_GET
def center_profile(request: HttpRequest, code: str) -> HttpResponse:
    profile = selectors.center_profile(code, on=clock.today())
    if profile is None:
        raise Http404
    return render(request, "portal/center.html", {"profile": profile})
