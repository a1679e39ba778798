"""The area browser: Thailand → province → district → subdistrict → villages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from concenter.accounts.scope import Access, can
from concenter.common.audit import history_for
from concenter.common.forms import apply_errors
from concenter.geography import selectors, services
from concenter.geography.forms import AreaSearchForm, VillageForm
from concenter.geography.models import Level
from concenter.geography.pages import area_page_context


@require_GET
def area_index(request: HttpRequest) -> HttpResponse:
    form = AreaSearchForm(request.GET or None)
    query = request.GET.get("q", "")
    results = selectors.area_search(query=query, limit=30) if query else None
    template = "geography/_search_results.html" if request.htmx else "geography/area_index.html"
    return render(
        request,
        template,
        {
            "form": form,
            "query": query,
            "results": results,
            "children": selectors.area_children(parent_code=None),
        },
    )


@require_GET
def area_detail(request: HttpRequest, code: str) -> HttpResponse:
    area = selectors.area_get(code=code)
    children = list(selectors.area_children(parent_code=area.code))
    return render(
        request,
        "geography/area_detail.html",
        {
            "area": area,
            "ancestors": selectors.area_ancestors(area),
            "children": children,
            "can_add_village": area.level == Level.SUBDISTRICT
            and area.active
            and can(request.user, Access.CHANGE, area.code),
            # the area's center and figures, from the network (geography.pages)
            **area_page_context(request, area),
        },
    )


@require_GET
def area_history(request: HttpRequest, code: str) -> HttpResponse:
    area = selectors.area_get(code=code)
    if not can(request.user, Access.READ, area.code):
        from concenter.common.errors import NotFoundOrOutOfScope

        raise NotFoundOrOutOfScope()
    return render(
        request,
        "common/history.html",
        {
            "object": area,
            "entries": history_for(area)[:200],
            "ancestors": selectors.area_ancestors(area),
        },
    )


@require_http_methods(["GET", "POST"])
def village_create(request: HttpRequest, code: str) -> HttpResponse:
    subdistrict = selectors.area_get(code=code)
    if subdistrict.level != Level.SUBDISTRICT or not can(
        request.user, Access.CHANGE, subdistrict.code
    ):
        from concenter.common.errors import NotFoundOrOutOfScope

        raise NotFoundOrOutOfScope()
    form = VillageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            village = services.village_create(
                actor=request.user, subdistrict_code=subdistrict.code, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Village created: %(name)s") % {"name": village.display_name}
            )
            return redirect(subdistrict.get_absolute_url())
    return render(
        request,
        "geography/village_form.html",
        {
            "form": form,
            "area": subdistrict,
            "ancestors": [*selectors.area_ancestors(subdistrict), subdistrict],
        },
    )


@login_required
@require_GET
def area_pick(request: HttpRequest) -> JsonResponse:
    """What the area picker of a form offers as one types: areas by name within the user's
    areas, each as its code (the value the form keeps) and a label to read."""
    levels = [level for level in request.GET.getlist("level") if level in Level.values]
    areas = selectors.area_pick(
        user=request.user, query=request.GET.get("q", ""), levels=levels or None
    )
    return JsonResponse(
        {"results": [{"code": a.code, "label": selectors.area_pick_label(a)} for a in areas]}
    )
