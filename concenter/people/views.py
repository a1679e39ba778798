"""Pages of people: list and search, detail across the network, create and edit."""

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from concenter.accounts.scope import Access, can
from concenter.common.audit import history_for
from concenter.common.errors import StaleVersion
from concenter.common.forms import apply_errors
from concenter.common.pager import keyset_page
from concenter.geography.selectors import area_ancestors
from concenter.network import public_names
from concenter.network.selectors import person_network
from concenter.people import privacy, selectors, services
from concenter.people.forms import LocalRoleForm, PersonForm, PrivacyNoticeForm
from concenter.people.services import PersonData, PossibleDuplicate

PAGE_SIZE = 50
_DATA_FIELDS = (
    "title",
    "given_name",
    "family_name",
    "given_name_en",
    "family_name_en",
    "gender",
    "birth_year",
    "phone",
    "email",
)


def _person_data(cleaned: dict) -> PersonData:
    profession = cleaned.get("profession")
    return PersonData(
        **{f: cleaned.get(f) or ("" if f != "birth_year" else None) for f in _DATA_FIELDS},
        profession=profession.code if profession else None,
    )


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    pick = request.GET.get("pick")  # the committee form's person picker (htmx)
    too_broad = ""
    if query:
        from concenter.common.search import SearchTooBroad, person_search

        try:
            results = person_search(
                user=request.user, query=query, limit=PAGE_SIZE if not pick else 10
            )
        except SearchTooBroad as exc:
            results, too_broad = [], exc.messages[0]
        page = None
    else:
        results = None
        page = keyset_page(
            selectors.person_rows(
                user=request.user, subdistrict_code=request.GET.get("subdistrict") or None
            ),
            size=PAGE_SIZE,
            after=request.GET.get("after"),
            before=request.GET.get("before"),
            page=request.GET.get("page"),
        )
    if pick:
        return render(
            request,
            "people/_pick.html",
            {"results": results or [], "query": query, "too_broad": too_broad},
        )
    template = "people/_rows.html" if request.htmx else "people/person_list.html"
    return render(
        request,
        template,
        {"page": page, "results": results, "query": query, "too_broad": too_broad},
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None, initial={"area_code": request.GET.get("area", "")[:8]})
    candidates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.person_create(
                actor=request.user,
                data=_person_data(data),
                area_code=data["area_code"],
                national_id=data["national_id"] or None,
                confirm_new=data["confirm_new"],
            )
        except PossibleDuplicate as exc:
            candidates = exc.candidates
            form.data = form.data.copy()
            form.data["confirm_new"] = "on"
            apply_errors(form, exc)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Person registered."))
            return redirect(person.get_absolute_url())
    return render(request, "people/person_form.html", {"form": form, "candidates": candidates})


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, person_id=person_id)
    privacy.log_contact_view(user=request.user, person=person, fields=("phone",))
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "ancestors": area_ancestors(person.area),
            "network": person_network(person),
            "can_change": can(request.user, Access.CHANGE, person.area_id),
            "role_form": LocalRoleForm(initial={"area_code": person.area_id}),
            "notice_form": PrivacyNoticeForm(),
            "notices": list(person.privacy_notices.all()),
            "name_withheld": public_names.public_name_withheld(person_id=person.pk),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, person_id=person_id, access=Access.CHANGE)
    initial = {f: getattr(person, f) for f in _DATA_FIELDS}
    initial.update(
        version=person.version, profession=person.profession_id, area_code=person.area_id
    )
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "GET":  # the form shows the phone and e-mail it may change
        privacy.log_contact_view(user=request.user, person=person, page="edit")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.person_update(
                actor=request.user,
                person_id=person.pk,
                expected_version=data["version"],
                data=_person_data(data),
                area_code=data["area_code"],
                national_id=data["national_id"] or None,
            )
        except StaleVersion as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(person.get_absolute_url())
    return render(request, "people/person_form.html", {"form": form, "person": person})


@login_required
def person_history(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, person_id=person_id)
    entries = list(history_for(person)[:200])
    if privacy.may_see_contact(request.user, person):
        shown = sorted({f for e in entries for f in e.changes_dict if f in privacy.CONTACT_FIELDS})
        if shown:
            privacy.log_contact_view(user=request.user, person=person, fields=shown, page="history")
    else:
        # A reader of the area sees that the contact data changed, not what it was, nor the
        # officers' addresses (docs/privacy.md).
        entries = [_history_without_contact(entry) for entry in entries]
    return render(
        request,
        "common/history.html",
        {"object": person, "entries": entries, "ancestors": area_ancestors(person.area)},
    )


HIDDEN_IN_HISTORY = (*privacy.CONTACT_FIELDS, "national_id_hash", "national_id_last4")


def _history_without_contact(entry) -> SimpleNamespace:
    hidden = _("(hidden)")
    return SimpleNamespace(
        timestamp=entry.timestamp,
        actor=entry.actor,
        get_action_display=entry.get_action_display(),
        changes_dict={
            field: (hidden, hidden) if field in HIDDEN_IN_HISTORY else pair
            for field, pair in entry.changes_dict.items()
        },
        remote_addr=None,
    )


@login_required
@require_POST
def national_id_check(request: HttpRequest) -> HttpResponse:
    """As the officer types: is the ID well formed, and is it someone already in their area?
    A POST: an ID in a query string would be written to every access log on its way."""
    from concenter.common.errors import parse_error_message
    from concenter.common.thai import ThaiParseError
    from concenter.people.identity import national_id_fingerprint
    from concenter.people.models import Person

    raw = request.POST.get("national_id", "")[:30]
    context = {"ok": False, "message": "", "existing": None}
    if raw.strip():
        try:
            digest, last4 = national_id_fingerprint(raw)
        except ThaiParseError as exc:
            context["message"] = parse_error_message(exc)
        else:
            context["ok"] = True
            context["last4"] = last4
            existing = Person.objects.filter(national_id_hash=digest).first()
            if existing is not None and can(request.user, Access.READ, existing.area_id):
                context["existing"] = existing
    return render(request, "people/_national_id_check.html", context)


@login_required
@require_POST
def person_public_name(request: HttpRequest, person_id: int) -> HttpResponse:
    """Record or withdraw the person's objection (PDPA s.32) to being named on public pages."""
    objects = request.POST.get("objects") == "1"
    public_names.public_name_objection_set(
        actor=request.user, person_id=person_id, objects=objects, note=request.POST.get("note", "")
    )
    if objects:
        messages.success(request, _("Public pages now show this person's seats by position only."))
    else:
        messages.success(request, _("Public pages name this person again on their committees."))
    return redirect("people:person_detail", person_id=person_id)


@login_required
@require_POST
def local_role_add(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, person_id=person_id, access=Access.CHANGE)
    form = LocalRoleForm(request.POST)
    if form.is_valid():
        try:
            services.local_role_add(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
    if form.errors:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        messages.success(request, _("Role recorded."))
    return redirect(person.get_absolute_url())
