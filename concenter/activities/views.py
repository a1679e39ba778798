"""Pages of activities and success stories, and the public exhibition."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from concenter.accounts.scope import Access, can
from concenter.activities import selectors, services
from concenter.activities.forms import ActivityForm, StoryForm
from concenter.activities.models import Activity
from concenter.common.errors import StaleVersion
from concenter.common.forms import apply_errors
from concenter.geography import selectors as area_selectors
from concenter.network import selectors as network_selectors

PAGE_SIZE = 50
ACTIVITY_FIELDS = (
    "kind",
    "title",
    "starts_on",
    "ends_on",
    "place",
    "budget",
    "spent",
    "participants_male",
    "participants_female",
    "participants_other",
    "outputs",
    "outcomes",
)
STORY_FIELDS = ("title", "summary", "body", "people_reached", "money")


def _activity_data(cleaned: dict) -> services.ActivityData:
    values = {name: cleaned.get(name) for name in ACTIVITY_FIELDS}
    for name in ("budget", "spent", "participants_male", "participants_female"):
        values[name] = values[name] or 0
    values["participants_other"] = values["participants_other"] or 0
    return services.ActivityData(missions=list(cleaned.get("missions") or []), **values)


def _story_data(cleaned: dict) -> services.StoryData:
    values = {name: cleaned.get(name) for name in STORY_FIELDS}
    values["people_reached"] = values["people_reached"] or 0
    values["money"] = values["money"] or 0
    return services.StoryData(**values)


def _ancestors(center):
    return [*area_selectors.area_ancestors(center.area), center.area]


# Activities ---------------------------------------------------------------------------------------


@login_required
@require_GET
def activity_list(request: HttpRequest, code: str) -> HttpResponse:
    center = network_selectors.center_get(user=request.user, code=code)
    page = Paginator(selectors.activities_of(center), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/activity_list.html",
        {
            "center": center,
            "page": page,
            "ancestors": _ancestors(center),
            "can_change": can(request.user, Access.CHANGE, center.area_id),
        },
    )


def _activity_form_page(request, form, center, activity=None, status=200):
    spent, budget = form.data.get("spent"), form.data.get("budget")
    overspent = activity is not None and activity.overspent
    try:
        if spent not in (None, "") and float(spent) > float(budget or 0):
            overspent = True
    except ValueError:
        pass
    return render(
        request,
        "activities/activity_form.html",
        {
            "form": form,
            "center": center,
            "activity": activity,
            "overspent": overspent,
            "ancestors": _ancestors(center),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest, code: str) -> HttpResponse:
    center = network_selectors.center_get(user=request.user, code=code, access=Access.CHANGE)
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(
                actor=request.user, center_code=center.pk, data=_activity_data(form.cleaned_data)
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            _saved(request, activity)
            return redirect("activities:activity_list", code=center.pk)
    return _activity_form_page(request, form, center, status=422 if form.errors else 200)


def _saved(request, activity: Activity) -> None:
    messages.success(request, _("Saved."))
    if activity.overspent:
        messages.warning(
            request,
            _("%(title)s: the money spent is more than the budget.") % {"title": activity.title},
        )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = selectors.activity_get(
        user=request.user, activity_id=activity_id, access=Access.CHANGE
    )
    initial = {name: getattr(activity, name) for name in ACTIVITY_FIELDS}
    initial.update(missions=activity.mission_values, version=activity.version)
    form = ActivityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_update(
                actor=request.user,
                activity_id=activity.pk,
                expected_version=form.cleaned_data.get("version"),
                data=_activity_data(form.cleaned_data),
            )
        except StaleVersion as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            _saved(request, activity)
            return redirect("activities:activity_list", code=activity.center_id)
    return _activity_form_page(
        request, form, activity.center, activity, status=422 if form.errors else 200
    )


# Stories ------------------------------------------------------------------------------------------


@login_required
@require_GET
def story_list(request: HttpRequest, code: str) -> HttpResponse:
    center = network_selectors.center_get(user=request.user, code=code)
    return render(
        request,
        "activities/story_list.html",
        {
            "center": center,
            "stories": list(selectors.stories_of(center)[:200]),
            "ancestors": _ancestors(center),
            "can_change": can(request.user, Access.CHANGE, center.area_id),
        },
    )


@login_required
@require_GET
def story_detail(request: HttpRequest, story_id: int) -> HttpResponse:
    story = selectors.story_get(user=request.user, story_id=story_id)
    return render(
        request,
        "activities/story_detail.html",
        {
            "story": story,
            "center": story.center,
            "ancestors": _ancestors(story.center),
            "can_change": can(request.user, Access.CHANGE, story.center_id),
        },
    )


def _story_form_page(request, form, center, story=None):
    return render(
        request,
        "activities/story_form.html",
        {"form": form, "center": center, "story": story, "ancestors": _ancestors(center)},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def story_create(request: HttpRequest, code: str) -> HttpResponse:
    center = network_selectors.center_get(user=request.user, code=code, access=Access.CHANGE)
    form = StoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            story = services.story_create(
                actor=request.user, center_code=center.pk, data=_story_data(form.cleaned_data)
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(story.get_absolute_url())
    return _story_form_page(request, form, center)


@login_required
@require_http_methods(["GET", "POST"])
def story_edit(request: HttpRequest, story_id: int) -> HttpResponse:
    story = selectors.story_get(user=request.user, story_id=story_id, access=Access.CHANGE)
    initial = {name: getattr(story, name) for name in STORY_FIELDS}
    form = StoryForm(request.POST or None, initial={**initial, "version": story.version})
    if request.method == "POST" and form.is_valid():
        try:
            story = services.story_update(
                actor=request.user,
                story_id=story.pk,
                expected_version=form.cleaned_data.get("version"),
                data=_story_data(form.cleaned_data),
            )
        except StaleVersion as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(story.get_absolute_url())
    return _story_form_page(request, form, story.center, story)


@login_required
@require_POST
def story_publish(request: HttpRequest, story_id: int) -> HttpResponse:
    story = selectors.story_get(user=request.user, story_id=story_id, access=Access.CHANGE)
    publish = request.POST.get("published", "1") == "1"
    try:
        services.story_publish(actor=request.user, story_id=story.pk, published=publish)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Published on the exhibition.") if publish else _("Taken off the exhibition."),
        )
    return redirect(story.get_absolute_url())


# The public exhibition ------------------------------------------------------------------------


@require_GET
def exhibition(request: HttpRequest, code: str) -> HttpResponse:
    data = selectors.exhibition(code)
    if data is None:
        raise Http404
    return render(
        request,
        "activities/exhibition.html",
        {
            "exhibition": data,
            "ancestors": area_selectors.area_ancestors(data.area),
        },
    )
