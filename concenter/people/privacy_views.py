"""Pages of a person's PDPA rights: the export of their data and its erasure (anonymisation)."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from concenter.accounts.scope import Access
from concenter.common.forms import apply_errors
from concenter.common.submit import form_page
from concenter.geography.selectors import area_ancestors
from concenter.network.selectors import person_network
from concenter.notifications import selectors as notification_selectors
from concenter.notifications import services as notification_services
from concenter.people import privacy, selectors
from concenter.people.forms import ContactChannelForm, PrivacyNoticeForm


@login_required
@require_GET
@never_cache
def person_export(request: HttpRequest, person_id: int) -> HttpResponse:
    data = privacy.person_export(actor=request.user, person_id=person_id)
    body = json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="person-{person_id}.json"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
@never_cache
def person_export_pdf(request: HttpRequest, person_id: int) -> HttpResponse:
    pdf = privacy.person_export_pdf(actor=request.user, person_id=person_id)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="person-{person_id}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def privacy_notice_add(request: HttpRequest, person_id: int) -> HttpResponse:
    """Record that the person was given the privacy notice; back to the person's page."""
    person = selectors.person_get(user=request.user, person_id=person_id, access=Access.CHANGE)
    form = PrivacyNoticeForm(request.POST)
    if form.is_valid():
        try:
            privacy.privacy_notice_record(
                actor=request.user, person_id=person.pk, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
    if form.errors:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(person.get_absolute_url())
    messages.success(request, _("The privacy notice was recorded."))
    return redirect(person.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def person_anonymize(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, person_id=person_id, access=Access.CHANGE)
    error = ""
    reason = ""
    if request.method == "POST":
        reason = request.POST.get("reason", "")[: privacy.REASON_MAX_LENGTH]
        try:
            privacy.person_anonymize(actor=request.user, person_id=person.pk, reason=reason)
        except ValidationError as exc:
            error = " ".join(m for messages_ in exc.message_dict.values() for m in messages_)
        else:
            messages.success(request, _("The person's personal data was erased."))
            return redirect(person.get_absolute_url())
    network = person_network(person)
    return render(
        request,
        "people/privacy_anonymize.html",
        {
            "person": person,
            "ancestors": area_ancestors(person.area),
            "network": network,
            "local_roles": list(person.local_roles.all()),
            "reason": reason,
            "error": error,
            "max_length": privacy.REASON_MAX_LENGTH,
        },
        status=422 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_contacts(request: HttpRequest, person_id: int) -> HttpResponse:
    """A person's e-mail and LINE addresses for messages and their consent at each, with when and
    how it was given; an officer records what the person said on paper or in person."""
    person = selectors.person_get(user=request.user, person_id=person_id, access=Access.CHANGE)
    form = ContactChannelForm(request.POST or None, initial={"consent": True})
    return form_page(
        request,
        form,
        lambda data: notification_services.contact_channel_record(
            actor=request.user, person_id=person.pk, **data
        ),
        success=_("The address and the answer were recorded."),
        redirect_to=reverse("people:person_contacts", kwargs={"person_id": person.pk}),
        template="people/person_contacts.html",
        context=lambda: {
            "person": person,
            "ancestors": area_ancestors(person.area),
            "form": form,
            "channels": list(
                notification_selectors.contact_channels(user=request.user, person_id=person.pk)
            ),
        },
    )
