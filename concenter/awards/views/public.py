"""Public pages: the nomination form and the hall of fame."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from concenter.awards import public, selectors, services
from concenter.awards.forms import (
    PublicNominationForm,
)
from concenter.awards.models import (
    Programme,
)
from concenter.awards.views._common import PAGE_SIZE, S
from concenter.common import clock
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.forms import apply_errors
from concenter.common.uploads import stored_file_response
from concenter.geography.models import Area, Level


def _client_address(request) -> str:
    """The client's address as the audit trail sees it: X-Forwarded-For is believed only
    through the proxies the operator declares (TRUSTED_PROXY_COUNT)."""
    try:
        from concenter.common.audit import client_address
    except ImportError:  # pragma: no cover - an older concenter.common.audit
        return request.META.get("REMOTE_ADDR", "") or ""
    return client_address(request) or ""


def _public_programme(programme_id: int) -> Programme:
    programme = (
        Programme.objects.select_related("area")
        .filter(pk=programme_id, public_nominations=True)
        .exclude(status=S.DRAFT)
        .first()
    )
    if programme is None:
        raise Http404
    return programme


def _public_areas(programme: Programme) -> list[tuple[str, str]]:
    """The subdistricts of the programme's area (or, for a subdistrict, its villages too)."""
    code = programme.area_id
    if programme.area.level == Level.SUBDISTRICT:
        qs = Area.objects.filter(active=True).filter(code__startswith=code)
    else:
        column = {2: "province_code", 4: "district_code"}[len(code)]
        qs = Area.objects.filter(active=True, level=Level.SUBDISTRICT, **{column: code})
    qs = qs.select_related("parent").order_by("district_code", "sort_key")
    return [
        (a.code, f"{a.display_name} · {a.parent.display_name}" if a.parent_id else a.display_name)
        for a in qs
    ]


def _public_form(programme, data=None) -> PublicNominationForm:
    return PublicNominationForm(
        data,
        categories=list(programme.categories.all()),
        areas=_public_areas(programme),
    )


def _open_now(programme: Programme) -> bool:
    now = clock.now()
    return (
        programme.status == S.OPEN
        and programme.nominations_open_at <= now < programme.nominations_close_at
    )


@require_http_methods(["GET", "POST"])
def public_nominate(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Step 1: the form. A valid POST shows what will be sent, with a signed token."""
    programme = _public_programme(programme_id)
    form = _public_form(programme, request.POST or None)
    context = {
        "programme": programme,
        "form": form,
        "open": _open_now(programme),
        "criteria": list(programme.criteria.all()),
    }
    if request.method == "POST" and context["open"] and form.is_valid():
        if form.is_bot():
            return render(request, "awards/public_thanks.html", {"programme": programme})
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("consent", "website")}
        labels = dict(form.fields["nominee_area_code"].choices)
        categories = dict(form.fields["category_id"].choices)
        return render(
            request,
            "awards/public_confirm.html",
            {
                "programme": programme,
                "data": data,
                "area_label": labels.get(data["nominee_area_code"], ""),
                "category_label": categories.get(data["category_id"], "")
                if data["category_id"]
                else "",
                "token": public.confirmation_token(programme.pk, data),
            },
        )
    return render(
        request,
        "awards/public_form.html",
        context,
        status=422 if request.method == "POST" else 200,
    )


@require_POST
def public_confirm(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Step 2: the confirmed nomination is written (once per token, within the rate limit)."""
    programme = _public_programme(programme_id)
    if request.POST.get("edit"):
        form = _public_form(programme, request.POST)
        form.is_valid()
        return render(
            request,
            "awards/public_form.html",
            {"programme": programme, "form": form, "open": _open_now(programme)},
        )
    try:
        data = public.read_confirmation_token(request.POST.get("token", ""), programme.pk)
    except public.TokenError:
        return render(
            request,
            "awards/public_form.html",
            {
                "programme": programme,
                "form": _public_form(programme),
                "open": _open_now(programme),
                "token_error": True,
            },
            status=400,
        )
    try:
        services.nomination_submit_public(
            programme_id=programme.pk,
            category_id=int(data["category_id"]) if data.get("category_id") else None,
            nominee_name=data.get("nominee_name", ""),
            nominee_area_code=data.get("nominee_area_code", ""),
            proposed_details=data.get("proposed_details", ""),
            statement=data.get("statement", ""),
            nominator_name=data.get("nominator_name", ""),
            nominator_phone=data.get("nominator_phone", ""),
            nominator_email=data.get("nominator_email", ""),
            nominator_relation=data.get("nominator_relation", ""),
            client_address=_client_address(request),
        )
    except ValidationError as exc:
        form = _public_form(programme, {**data, "consent": "on"})
        form.is_valid()
        apply_errors(form, exc)
        return render(
            request,
            "awards/public_form.html",
            {"programme": programme, "form": form, "open": _open_now(programme)},
            status=422,
        )
    return render(request, "awards/public_thanks.html", {"programme": programme})


# The hall of fame --------------------------------------------------------------------------------


@require_GET
def hall_of_fame(request: HttpRequest) -> HttpResponse:
    area_code = "".join(ch for ch in request.GET.get("area", "")[:8] if ch.isdigit())
    area = Area.objects.filter(code=area_code).first() if area_code else None
    programmes = selectors.hall_of_fame_programmes(area_code=area.code if area else "")
    provinces = Area.objects.filter(
        level=Level.PROVINCE,
        code__in=Programme.objects.filter(status=S.PUBLISHED).values("province_code"),
    ).order_by("sort_key")
    return render(
        request,
        "awards/hall_of_fame.html",
        {
            "page": Paginator(programmes.order_by("-year", "-pk"), PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
            "area": area,
            "provinces": provinces,
        },
    )


@require_GET
def hall_of_fame_programme(request: HttpRequest, programme_id: int) -> HttpResponse:
    try:
        programme, winners = selectors.hall_of_fame_programme(programme_id=programme_id)
    except NotFoundOrOutOfScope as exc:
        raise Http404 from exc
    return render(
        request,
        "awards/hall_of_fame_programme.html",
        {"programme": programme, "winners": winners},
    )


@require_GET
def hall_of_fame_area(request: HttpRequest, code: str) -> HttpResponse:
    area = Area.objects.select_related("parent").filter(code=code[:8]).first()
    if area is None:
        raise Http404
    return render(
        request,
        "awards/hall_of_fame_area.html",
        {"area": area, "winners": selectors.hall_of_fame_area(area_code=area.code)},
    )


@require_GET
def hall_of_fame_photo(request: HttpRequest, nomination_id: int) -> HttpResponse:
    try:
        nomination = selectors.winner_photo(nomination_id=nomination_id)
    except NotFoundOrOutOfScope as exc:
        raise Http404 from exc
    return stored_file_response(nomination.photo, download_name=f"winner-{nomination.pk}")
