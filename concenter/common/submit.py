"""One way to write the shape every form view has: form → service → errors or message → redirect.

    done = form_submit(
        request,
        form,
        lambda data: services.category_add(actor=request.user, programme_id=pk, **data),
        success=_("Category added."),
        redirect_to=programme.get_absolute_url(),
    )
    return done or render(request, "awards/setup.html", {..., "form": form}, status=422)

A valid form goes to `write(form.cleaned_data)`, which calls one service. If the service refuses
(ValidationError), its messages go onto the form next to the fields they name and the helper
answers None, so the view draws its page again with the errors, with the status it uses for a
refused form (422 where the form is posted on its own). A stale version (StaleVersion) goes above
the fields. On success a message is left and the redirect answered (POST/redirect/GET), so a
reload never posts twice.

A page that shows the form on GET and takes it on POST says all of that in one call:

    return form_page(
        request,
        form,
        lambda data: services.event_staff_add(actor=request.user, event_id=event.pk, **data),
        success=_("Added to the door staff."),
        redirect_to=reverse("events:staff", kwargs={"event_id": event.pk}),
        template="events/staff.html",
        context=lambda: {"event": event, "form": form, "staff": selectors.staff_list(event=event)},
    )
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from concenter.common.errors import NotFoundOrOutOfScope, StaleVersion
from concenter.common.forms import apply_errors

T = TypeVar("T")


def form_submit(
    request: HttpRequest,
    form: forms.Form,
    write: Callable[[dict], T],
    *,
    success: str | Callable[[T], str | None],
    redirect_to: object | Callable[[T], object],
    errors: Callable[[forms.Form, ValidationError], None] = apply_errors,
    out_of_scope: tuple[str | None, str] | None = None,
) -> HttpResponse | None:
    """Validate `form`, call `write(cleaned_data)`, and answer the redirect on success.

    `success` is the message left for the next page and `redirect_to` where it is: a URL, a view
    name or a record (each may be a function of what `write` returned, the record it created;
    a `success` function that leaves its own messages returns None). `errors` puts a refusal on the
    form (the default: next to the field the service names). With `out_of_scope` = (field,
    message), a record outside the user's area is told on the form instead of answering 404.
    None when the form or the service refused: the view draws the page again with the form.
    """
    if not form.is_valid():
        return None
    try:
        result = write(form.cleaned_data)
    except StaleVersion as exc:
        form.add_error(None, str(exc))
        return None
    except NotFoundOrOutOfScope:
        if out_of_scope is None:
            raise
        field, message = out_of_scope
        form.add_error(field, message)
        return None
    except ValidationError as exc:
        errors(form, exc)
        return None
    message = success(result) if callable(success) else success
    if message is not None:
        messages.success(request, message)
    return redirect(redirect_to(result) if callable(redirect_to) else redirect_to)


def form_page(
    request: HttpRequest,
    form: forms.Form,
    write: Callable[[dict], T],
    *,
    template: str,
    context: dict[str, Any] | Callable[[], dict[str, Any]],
    refused_status: int = 200,
    **submit: Any,
) -> HttpResponse:
    """The whole GET/POST form page: on POST, `form_submit(request, form, write, **submit)`;
    on GET, or when the form or the service refused, `template` drawn with `context` (a function
    when building it reads the database, so a successful POST does not pay for a page it never
    draws), answered with `refused_status` after a refused POST (422 where the page says so)."""
    status = 200
    if request.method == "POST":
        done = form_submit(request, form, write, **submit)
        if done is not None:
            return done
        status = refused_status
    return render(request, template, context() if callable(context) else context, status=status)
