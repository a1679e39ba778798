"""Pages of the network registry: centers, committees, organisations, partners."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from concenter.accounts.scope import Access, can
from concenter.common import clock
from concenter.common.audit import history_for
from concenter.common.errors import NotFoundOrOutOfScope, StaleVersion
from concenter.common.forms import apply_errors, submit_edit
from concenter.common.pager import keyset_page
from concenter.geography import selectors as area_selectors
from concenter.geography.models import Area
from concenter.network import rollups, selectors, services
from concenter.network.forms import (
    CenterForm,
    CooperationForm,
    OrganizationForm,
    PartnerForm,
    SeatEndForm,
    SeatForm,
    TermForm,
)
from concenter.network.models import CenterLevel, CenterStatus, TermStatus
from concenter.people.services import PersonData

PAGE_SIZE = 50

# The columns a row of the center list and of the organisation list shows (with what an area's
# display name is made of): a page of fifty rows loads nothing more.
CENTER_ROW_FIELDS = ("area__code", "name", "level", "status")
ORGANIZATION_ROW_FIELDS = (
    "id",
    "name",
    "sort_key",
    "member_count",
    "funds",
    "type__code",
    "type__name_th",
    "area__code",
    "area__level",
    "area__name_th",
    "area__name_en",
    "area__province_code",
    "area__village_number",
    "leader__id",
)
# An organisation in a center's list of member organisations: its name, type and area.
MEMBER_ORGANIZATION_FIELDS = tuple(
    f for f in ORGANIZATION_ROW_FIELDS if f not in ("member_count", "funds", "leader__id")
)


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _stale(form, exc: StaleVersion) -> None:
    form.add_error(None, str(exc))


# Centers ------------------------------------------------------------------------------------


@login_required
def center_list(request: HttpRequest) -> HttpResponse:
    area = request.GET.get("area", "")[:8]
    level = request.GET.get("level") if request.GET.get("level") in CenterLevel.values else None
    status = request.GET.get("status") if request.GET.get("status") in CenterStatus.values else None
    centers = selectors.center_list(
        user=request.user, area_code=area or None, level=level, status=status
    )
    return render(
        request,
        "network/center_list.html",
        {
            "page": _page(request, centers.only(*CENTER_ROW_FIELDS)),
            "area": area,
            "level": level,
            "status": status,
            "levels": CenterLevel.choices,
            "statuses": CenterStatus.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def center_create(request: HttpRequest) -> HttpResponse:
    area_code = (request.POST.get("area_code") or request.GET.get("area") or "")[:8]
    area = Area.objects.filter(code=area_code).first()
    if area is None or not can(request.user, Access.CHANGE, area.code):
        raise NotFoundOrOutOfScope()
    form = CenterForm(
        request.POST or None,
        initial={
            "name": services.center_default_name(area) if area.level in CenterLevel.values else ""
        },
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            center = services.center_create(actor=request.user, area_code=area.code, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Center created: %(name)s") % {"name": center.name})
            return redirect(center.get_absolute_url())
    return render(
        request,
        "network/center_form.html",
        {
            "form": form,
            "area": area,
            "ancestors": [*area_selectors.area_ancestors(area), area],
            "creating": True,
        },
    )


@require_http_methods(["GET"])
def center_detail(request: HttpRequest, code: str) -> HttpResponse:
    center = selectors.center_get(user=request.user, code=code)
    committee = selectors.current_committee(center)
    today = clock.today()
    figures = rollups.area_figures(center.area_id, on=today)
    terms = selectors.center_terms(center)
    return render(
        request,
        "network/center_detail.html",
        {
            "center": center,
            "ancestors": area_selectors.area_ancestors(center.area),
            "committee": committee,
            "terms": terms,
            "members": selectors.member_center_list(center),
            "organizations": selectors.member_organization_list(center, MEMBER_ORGANIZATION_FIELDS),
            "figures": figures,
            "can_change": can(request.user, Access.CHANGE, center.area_id),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def center_edit(request: HttpRequest, code: str) -> HttpResponse:
    center = selectors.center_get(user=request.user, code=code, access=Access.CHANGE)
    initial = {
        f: getattr(center, f) for f in ("name", "founded_on", "address", "phone", "email", "status")
    }
    form = CenterForm(request.POST or None, initial={**initial, "version": center.version})
    if request.method == "POST" and form.is_valid():
        saved = submit_edit(
            request,
            form,
            lambda version, data: services.center_update(
                actor=request.user, code=center.pk, expected_version=version, **data
            ),
        )
        if saved:
            return redirect(center.get_absolute_url())
    return render(
        request,
        "network/center_form.html",
        {
            "form": form,
            "area": center.area,
            "center": center,
            "ancestors": [*area_selectors.area_ancestors(center.area), center.area],
        },
    )


@login_required
def center_history(request: HttpRequest, code: str) -> HttpResponse:
    center = selectors.center_get(user=request.user, code=code)
    return render(
        request,
        "common/history.html",
        {
            "object": center,
            "entries": history_for(center)[:200],
            "ancestors": area_selectors.area_ancestors(center.area),
        },
    )


# Committee terms and seats ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def term_create(request: HttpRequest, code: str) -> HttpResponse:
    center = selectors.center_get(user=request.user, code=code, access=Access.CHANGE)
    form = TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            term = services.committee_term_create(
                actor=request.user, center_code=center.pk, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("A draft committee was created. Add its members, then activate it.")
            )
            return redirect(term.get_absolute_url())
    return render(
        request,
        "network/term_form.html",
        {"form": form, "center": center, "ancestors": area_selectors.area_ancestors(center.area)},
    )


def _term_of_center(request, code: str, term_id: int, access: Access = Access.READ):
    """The term, if it is one of the center named in the URL and the user may `access` it."""
    term = selectors.term_get(user=request.user, term_id=term_id, access=access)
    if term.center_id != code:
        raise NotFoundOrOutOfScope()
    return term


def _term_page(request, term, *, seat_form=None, end_form=None, problems=None, status=200):
    from concenter.network import rules

    open_seats = [s for s in term.seats.all() if s.ends_on is None]
    positions = [s.position for s in open_seats]
    minimum, maximum = rules.committee_size_bounds()
    return render(
        request,
        "network/term_detail.html",
        {
            "term": term,
            "center": term.center,
            "ancestors": area_selectors.area_ancestors(term.center.area),
            "seats": selectors.sorted_seats(term.seats.all()),
            "member_count": rules.counted_members(positions),
            "minimum": minimum,
            "maximum": maximum,
            "problems": problems
            if problems is not None
            else (rules.activation_problems(positions) if term.status == TermStatus.DRAFT else []),
            "seat_form": seat_form or SeatForm(),
            "end_form": end_form,
            "can_change": can(request.user, Access.CHANGE, term.center_id),
        },
        status=status,
    )


@login_required
def term_detail(request: HttpRequest, code: str, term_id: int) -> HttpResponse:
    return _term_page(request, _term_of_center(request, code, term_id))


@login_required
@require_POST
def seat_add(request: HttpRequest, code: str, term_id: int) -> HttpResponse:
    term = _term_of_center(request, code, term_id, Access.CHANGE)
    form = SeatForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data.get("person_id"):
                services.seat_add(
                    actor=request.user,
                    term_id=term.pk,
                    person_id=data["person_id"],
                    position=data["position"],
                )
            else:
                person = PersonData(
                    given_name=data["given_name"],
                    family_name=data["family_name"],
                    title=data["title"],
                    gender=data["gender"] or "unspecified",
                )
                services.seat_add_new_person(
                    actor=request.user,
                    term_id=term.pk,
                    person_data=person,
                    area_code=term.center_id,
                    position=data["position"],
                )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Seat added."))
            return redirect(term.get_absolute_url())
    term = selectors.term_get(user=request.user, term_id=term_id)
    return _term_page(request, term, seat_form=form, status=422)


@login_required
@require_POST
def seat_remove(request: HttpRequest, code: str, term_id: int, seat_id: int) -> HttpResponse:
    term = _term_of_center(request, code, term_id, Access.CHANGE)
    if not term.seats.filter(pk=seat_id).exists():
        raise NotFoundOrOutOfScope()
    try:
        services.seat_remove(actor=request.user, seat_id=seat_id)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(term.get_absolute_url())


@login_required
@require_POST
def term_activate(request: HttpRequest, code: str, term_id: int) -> HttpResponse:
    term = _term_of_center(request, code, term_id, Access.CHANGE)
    try:
        version = int(request.POST.get("version") or 0) or None
        services.committee_term_activate(
            actor=request.user, term_id=term.pk, expected_version=version
        )
    except StaleVersion as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        term = selectors.term_get(user=request.user, term_id=term_id)
        return _term_page(request, term, problems=exc.messages, status=422)
    else:
        messages.success(request, _("The committee is active."))
        return redirect(term.center.get_absolute_url())
    return redirect(term.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def seat_end(request: HttpRequest, code: str, term_id: int, seat_id: int) -> HttpResponse:
    term = _term_of_center(request, code, term_id, Access.CHANGE)
    seat = next((s for s in term.seats.all() if s.pk == seat_id), None)
    if seat is None:
        raise NotFoundOrOutOfScope()
    form = SeatEndForm(
        request.POST or None, initial={"version": seat.version, "ends_on": clock.today()}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.seat_end(
                actor=request.user, seat_id=seat.pk, expected_version=data.pop("version"), **data
            )
        except StaleVersion as exc:
            _stale(form, exc)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The seat has ended. You can now seat a replacement."))
            return redirect(term.get_absolute_url())
    return render(
        request,
        "network/seat_end.html",
        {
            "form": form,
            "seat": seat,
            "term": term,
            "center": term.center,
            "ancestors": area_selectors.area_ancestors(term.center.area),
        },
    )


# Organisations --------------------------------------------------------------------------------


@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    area = request.GET.get("area", "")[:8]
    too_broad = ""
    if query:
        from concenter.common.search import SearchTooBroad, organization_search

        try:
            organizations = organization_search(user=request.user, query=query, limit=PAGE_SIZE)
        except SearchTooBroad as exc:
            organizations, too_broad = [], exc.messages[0]
        page = None
    else:
        organizations = None
        page = keyset_page(
            selectors.organization_list(
                user=request.user, area_code=area or None, type_code=request.GET.get("type") or None
            ).only(*ORGANIZATION_ROW_FIELDS),
            size=PAGE_SIZE,
            after=request.GET.get("after"),
            before=request.GET.get("before"),
            page=request.GET.get("page"),
        )
    template = (
        "network/_organization_rows.html" if request.htmx else "network/organization_list.html"
    )
    return render(
        request,
        template,
        {
            "page": page,
            "results": organizations,
            "query": query,
            "area": area,
            "too_broad": too_broad,
        },
    )


def _organization_form_page(request, form, organization=None):
    return render(
        request, "network/organization_form.html", {"form": form, "organization": organization}
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request: HttpRequest) -> HttpResponse:
    form = OrganizationForm(
        request.POST or None, initial={"area_code": request.GET.get("area", "")[:8]}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version")
        data["type_code"] = data["type_code"].code
        try:
            organization = services.organization_create(actor=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Organization registered."))
            return redirect(organization.get_absolute_url())
    return _organization_form_page(request, form)


@login_required
def organization_detail(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = selectors.organization_get(user=request.user, organization_id=organization_id)
    members = list(organization.members.select_related("person").order_by("person__sort_key")[:500])
    return render(
        request,
        "network/organization_detail.html",
        {
            "organization": organization,
            "members": members,
            "ancestors": area_selectors.area_ancestors(organization.area),
            "can_change": can(request.user, Access.CHANGE, organization.area_id),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = selectors.organization_get(
        user=request.user, organization_id=organization_id, access=Access.CHANGE
    )
    initial = {
        "version": organization.version,
        "type_code": organization.type_id,
        "name": organization.name,
        "area_code": organization.area_id,
        "registration_number": organization.registration_number,
        "founded_on": organization.founded_on,
        "member_count": organization.member_count,
        "funds": organization.funds,
        "activities": organization.activities,
        "status": organization.status,
    }
    form = OrganizationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.cleaned_data["type_code"] = form.cleaned_data["type_code"].code
        saved = submit_edit(
            request,
            form,
            lambda version, data: services.organization_update(
                actor=request.user,
                organization_id=organization.pk,
                expected_version=version,
                **data,
            ),
        )
        if saved:
            return redirect(organization.get_absolute_url())
    return _organization_form_page(request, form, organization)


@login_required
def organization_history(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = selectors.organization_get(user=request.user, organization_id=organization_id)
    return render(
        request,
        "common/history.html",
        {
            "object": organization,
            "entries": history_for(organization)[:200],
            "ancestors": area_selectors.area_ancestors(organization.area),
        },
    )


@login_required
def partner_history(request: HttpRequest, partner_id: int) -> HttpResponse:
    partner = selectors.partner_get(user=request.user, partner_id=partner_id)
    return render(
        request,
        "common/history.html",
        {"object": partner, "entries": history_for(partner)[:200], "ancestors": []},
    )


# Partners ---------------------------------------------------------------------------------------


@login_required
def partner_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "network/partner_list.html",
        {
            "page": _page(
                request,
                selectors.partner_list(user=request.user, kind=request.GET.get("kind") or None),
            )
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_create(request: HttpRequest) -> HttpResponse:
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            partner = services.partner_create(actor=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(partner.get_absolute_url())
    return render(request, "network/partner_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request: HttpRequest, partner_id: int) -> HttpResponse:
    partner = selectors.partner_get(user=request.user, partner_id=partner_id)
    if not can(request.user, Access.CHANGE, partner.area_id):
        raise NotFoundOrOutOfScope()
    fields = ("kind", "name", "contact_name", "phone", "email", "website")
    initial = {f: getattr(partner, f) for f in fields}
    form = PartnerForm(
        request.POST or None,
        initial={**initial, "area_code": partner.area_id, "version": partner.version},
    )
    if request.method == "POST" and form.is_valid():
        saved = submit_edit(
            request,
            form,
            lambda version, data: services.partner_update(
                actor=request.user, partner_id=partner.pk, expected_version=version, **data
            ),
        )
        if saved:
            return redirect(partner.get_absolute_url())
    return render(request, "network/partner_form.html", {"form": form, "partner": partner})


@login_required
@require_http_methods(["GET", "POST"])
def partner_detail(request: HttpRequest, partner_id: int) -> HttpResponse:
    partner = selectors.partner_get(user=request.user, partner_id=partner_id)
    form = CooperationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cooperation_create(
                actor=request.user, partner_id=partner.pk, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Cooperation recorded."))
            return redirect(partner.get_absolute_url())
    return render(
        request,
        "network/partner_detail.html",
        {
            "partner": partner,
            "form": form,
            "can_change": can(request.user, Access.CHANGE, partner.area_id),
        },
    )
