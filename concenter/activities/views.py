"""Pages of activities, meetings, community plans and success stories, and the public
exhibition. Thin: read through a selector, validate a form, call one service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from concenter.accounts.scope import Access, can
from concenter.activities import poster, selectors, services
from concenter.activities.forms import (
    ActivityFilterForm,
    ActivityForm,
    AttendanceForm,
    AttendeeForm,
    PartnerSupportForm,
    PlanForm,
    ProjectForm,
    StoryForm,
    UploadForm,
)
from concenter.activities.models import (
    Activity,
    ActivityAttendee,
    ActivityFile,
    ActivityPartner,
    CommunityPlan,
    Sex,
)
from concenter.common.charts import AMBER, GREEN, Series, bar_chart
from concenter.common.errors import NotFoundOrOutOfScope, StaleVersion
from concenter.common.pdf import PDF_MEDIA_TYPE
from concenter.common.submit import form_page, form_submit
from concenter.common.thai import ThaiParseError, parse_decimal_money
from concenter.common.uploads import stored_file_response
from concenter.geography import selectors as area_selectors
from concenter.geography.models import Area, Level
from concenter.network import selectors as network_selectors

PAGE_SIZE = 50
PROJECT_CHOICES_MAX = 300
PARTNER_CHOICES_MAX = 300
STORY_ACTIVITY_CHOICES_MAX = 200
ACTIVITY_FIELDS = (
    "kind",
    "title",
    "starts_on",
    "ends_on",
    "place",
    "budget",
    "spent",
    "outputs",
    "outcomes",
    "agenda",
    "minutes",
)
STORY_FIELDS = ("title", "summary", "body", "people_reached", "money_saved", "money_earned")
PLAN_FIELDS = ("first_year", "last_year", "title", "problems", "needs", "approved_on", "notes")
PROJECT_FIELDS = ("name", "mission", "budget", "doer", "doer_name", "year", "progress", "note")


def _ancestors(center):
    return [*area_selectors.area_ancestors(center.area), center.area]


def _status(form) -> int:
    return 422 if form.errors else 200


def _money_text(value) -> str:
    return "" if not value else f"{value:f}"


# Activities ---------------------------------------------------------------------------------------


@login_required
@require_GET
def activity_list(request: HttpRequest, code: str) -> HttpResponse:
    center = network_selectors.center_get(user=request.user, code=code)
    filters = ActivityFilterForm(request.GET or None, years=selectors.fiscal_years_of(center))
    chosen = filters.cleaned_data if filters.is_valid() else {}
    activities = selectors.activities_of(
        center,
        fiscal_year=chosen.get("fiscal_year"),
        kind=chosen.get("kind") or None,
        mission=chosen.get("mission") or None,
    )
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/activity_list.html",
        {
            "center": center,
            "page": page,
            "filters": filters,
            "ancestors": _ancestors(center),
            "can_change": can(request.user, Access.CHANGE, center.area_id),
        },
    )


def _activity_data(form: ActivityForm) -> services.ActivityData:
    cleaned = form.cleaned_data
    values = {name: cleaned.get(name) for name in ACTIVITY_FIELDS}
    return services.ActivityData(
        missions=list(cleaned.get("missions") or []),
        participants=form.participants(),
        resolutions=form.resolution_list(),
        plan_project_id=cleaned.get("plan_project"),
        **values,
    )


def _typed_overspending(form) -> bool:
    """Whether the amounts typed (not yet saved) spend more than the budget."""
    try:
        spent = parse_decimal_money(form.data.get("spent") or "0")
        budget = parse_decimal_money(form.data.get("budget") or "0")
    except ThaiParseError:
        return False
    return spent > budget


def _activity_form_page(request, form, center, activity=None):
    overspent = (activity is not None and activity.overspent) or (
        form.is_bound and _typed_overspending(form)
    )
    return render(
        request,
        "activities/activity_form.html",
        {
            "form": form,
            "center": center,
            "activity": activity,
            "overspent": overspent,
            "sexes": Sex.choices,
            "ancestors": _ancestors(center),
        },
        status=_status(form),
    )


def _projects(center):
    return list(selectors.plan_projects_for(center)[:PROJECT_CHOICES_MAX])


def _saved(request, activity: Activity) -> None:
    """'Saved.', then a warning when the money spent passes the budget."""
    messages.success(request, _("Saved."))
    if activity.overspent:
        messages.warning(
            request,
            _("%(title)s: the money spent is more than the budget.") % {"title": activity.title},
        )


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest, code: str) -> HttpResponse:
    center = network_selectors.center_get(user=request.user, code=code, access=Access.CHANGE)
    form = ActivityForm(request.POST or None, projects=_projects(center))
    if request.method == "POST":
        done = form_submit(
            request,
            form,
            lambda _data: services.activity_create(
                actor=request.user, center_code=center.pk, data=_activity_data(form)
            ),
            success=lambda activity: _saved(request, activity),
            redirect_to=lambda activity: activity.get_absolute_url(),
        )
        if done:
            return done
    return _activity_form_page(request, form, center)


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = _changeable(request, activity_id)
    initial = {name: getattr(activity, name) for name in ACTIVITY_FIELDS}
    initial.update(
        budget=_money_text(activity.budget),
        spent=_money_text(activity.spent),
        missions=activity.mission_values,
        version=activity.version,
        plan_project=activity.plan_project_id,
        resolutions="\n".join(r.text for r in activity.resolutions.all()),
    )
    for (sex, band), number in selectors.participant_counts(activity).items():
        initial[services.participant_field(sex, band)] = number
    form = ActivityForm(request.POST or None, initial=initial, projects=_projects(activity.center))
    if request.method == "POST":
        done = form_submit(
            request,
            form,
            lambda data: services.activity_update(
                actor=request.user,
                activity_id=activity.pk,
                expected_version=data.get("version"),
                data=_activity_data(form),
            ),
            success=lambda activity: _saved(request, activity),
            redirect_to=lambda activity: activity.get_absolute_url(),
        )
        if done:
            return done
    return _activity_form_page(request, form, activity.center, activity)


@login_required
@require_GET
def activity_detail(request: HttpRequest, activity_id: int) -> HttpResponse:
    """The activity with its partners, participants, attendees, meeting record and files.
    `?q=` searches the registry for an attendee to add (the picker without JavaScript)."""
    activity = selectors.activity_get(user=request.user, activity_id=activity_id)
    can_change = can(request.user, Access.CHANGE, activity.center_id)
    return _activity_page(request, activity, can_change=can_change)


def _activity_page(request, activity, *, can_change, forms=None, status=200):
    forms = forms or {}
    query = request.GET.get("q", "")[:100].strip() if can_change else ""
    results = None
    if query:
        from concenter.common.search import SearchTooBroad, person_search

        try:
            results = person_search(user=request.user, query=query, limit=10)
        except SearchTooBroad:
            results = []
    partners = []
    if can_change:
        partners = list(network_selectors.partner_list(user=request.user)[:PARTNER_CHOICES_MAX])
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "center": activity.center,
            "detail": selectors.activity_detail(activity),
            "ancestors": _ancestors(activity.center),
            "can_change": can_change,
            "partner_form": forms.get("partner") or PartnerSupportForm(partners=partners),
            "attendee_form": forms.get("attendee") or AttendeeForm(),
            "upload_form": forms.get("upload") or UploadForm(),
            "query": query,
            "results": results,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_delete(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = _changeable(request, activity_id)
    if request.method == "POST":
        try:
            services.activity_delete(
                actor=request.user,
                activity_id=activity.pk,
                expected_version=_int(request.POST.get("version")),
            )
        except StaleVersion as exc:
            messages.error(request, str(exc))
            return redirect(activity.get_absolute_url())
        messages.success(request, _("The activity was deleted."))
        return redirect("activities:activity_list", code=activity.center_id)
    return render(
        request,
        "activities/confirm_delete.html",
        {
            "object": activity,
            "center": activity.center,
            "ancestors": _ancestors(activity.center),
            "cancel_url": activity.get_absolute_url(),
            "message": _(
                "Delete this activity, its participants, partners, attendance and files? "
                "Its figures leave the roll-ups."
            ),
        },
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _activity_part_post(request, activity, form_name: str, form, call, anchor: str, success=None):
    """One form of the activity's page: its service, then the page at `anchor`; the page
    again (422) with the errors."""
    done = form_submit(
        request,
        form,
        call,
        success=success or _("Saved."),
        redirect_to=activity.get_absolute_url() + anchor,
    )
    return done or _activity_page(
        request, activity, can_change=True, forms={form_name: form}, status=422
    )


@login_required
@require_POST
def activity_partner_add(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = _changeable(request, activity_id)
    partners = list(network_selectors.partner_list(user=request.user)[:PARTNER_CHOICES_MAX])
    form = PartnerSupportForm(request.POST, partners=partners)
    return _activity_part_post(
        request,
        activity,
        "partner",
        form,
        lambda data: services.activity_partner_add(
            actor=request.user,
            activity_id=activity.pk,
            partner_id=data["partner"],
            money=data["money"],
            in_kind=data["in_kind"],
        ),
        "#partners",
    )


@login_required
@require_POST
def activity_partner_remove(request: HttpRequest, support_id: int) -> HttpResponse:
    activity = _changeable(request, _owner(ActivityPartner, support_id))
    services.activity_partner_remove(actor=request.user, activity_partner_id=support_id)
    return _removed(request, activity, "#partners")


def _changeable(request, activity_id: int) -> Activity:
    """The activity, if the user may change it (404 otherwise)."""
    return selectors.activity_get(user=request.user, activity_id=activity_id, access=Access.CHANGE)


def _removed(request, activity: Activity, anchor: str) -> HttpResponse:
    messages.success(request, _("Removed."))
    return redirect(activity.get_absolute_url() + anchor)


def _owner(model, pk: int) -> int:
    """The activity a part belongs to (404 for an unknown part)."""
    activity_id = model.objects.filter(pk=pk).values_list("activity_id", flat=True).first()
    if activity_id is None:
        raise NotFoundOrOutOfScope()
    return activity_id


@login_required
@require_POST
def activity_attendee_add(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = _changeable(request, activity_id)
    form = AttendeeForm(request.POST)
    return _activity_part_post(
        request,
        activity,
        "attendee",
        form,
        lambda data: services.activity_attendee_add(
            actor=request.user,
            activity_id=activity.pk,
            person_id=data["person_id"],
            role=data["role"],
        ),
        "#attendees",
    )


@login_required
@require_POST
def activity_attendee_remove(request: HttpRequest, attendee_id: int) -> HttpResponse:
    activity = _changeable(request, _owner(ActivityAttendee, attendee_id))
    services.activity_attendee_remove(actor=request.user, attendee_id=attendee_id)
    return _removed(request, activity, "#attendees")


@login_required
@require_http_methods(["GET", "POST"])
def meeting_attendance(request: HttpRequest, activity_id: int) -> HttpResponse:
    """The committee in force on the meeting's day, one choice per member, and the quorum."""
    activity = _changeable(request, activity_id)
    if not activity.is_meeting:
        raise Http404
    state = selectors.meeting_state(activity)
    form = AttendanceForm(
        request.POST or None, rows=state.rows, initial={"version": activity.version}
    )
    return form_page(
        request,
        form,
        lambda data: services.meeting_attendance_set(
            actor=request.user,
            activity_id=activity.pk,
            statuses=form.statuses(),
            expected_version=data.get("version"),
        ),
        success=_("Attendance saved."),
        redirect_to=activity.get_absolute_url() + "#meeting",
        template="activities/attendance_form.html",
        context=lambda: {
            "activity": activity,
            "center": activity.center,
            "state": state,
            "form": form,
            "ancestors": _ancestors(activity.center),
        },
        refused_status=422,
    )


@login_required
@require_POST
def activity_file_add(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = _changeable(request, activity_id)
    form = UploadForm(request.POST, request.FILES)
    return _activity_part_post(
        request,
        activity,
        "upload",
        form,
        lambda data: services.activity_file_add(
            actor=request.user,
            activity_id=activity.pk,
            upload=data["file"],
            caption=data["caption"],
        ),
        "#files",
        success=_("The file was added."),
    )


@login_required
@require_GET
def activity_file(request: HttpRequest, file_id: int) -> HttpResponse:
    row = selectors.activity_file_get(user=request.user, file_id=file_id)
    return stored_file_response(
        row.stored_name, download_name=f"activity-{row.activity_id}-{row.pk}"
    )


@login_required
@require_POST
def activity_file_remove(request: HttpRequest, file_id: int) -> HttpResponse:
    activity = _changeable(request, _owner(ActivityFile, file_id))
    services.activity_file_remove(actor=request.user, file_id=file_id)
    return _removed(request, activity, "#files")


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
            "stories": list(selectors.stories_of(center).prefetch_related("photos")[:200]),
            "ancestors": _ancestors(center),
            "can_change": can(request.user, Access.CHANGE, center.area_id),
        },
    )


@login_required
@require_GET
def story_detail(request: HttpRequest, story_id: int) -> HttpResponse:
    story = selectors.story_get(user=request.user, story_id=story_id)
    return _story_page(request, story)


def _story_page(request, story, upload_form=None, status=200):
    return render(
        request,
        "activities/story_detail.html",
        {
            "story": story,
            "center": story.center,
            "ancestors": _ancestors(story.center),
            "can_change": can(request.user, Access.CHANGE, story.center_id),
            "upload_form": upload_form or UploadForm(),
        },
        status=status,
    )


def _story_data(form: StoryForm) -> services.StoryData:
    cleaned = form.cleaned_data
    values = {name: cleaned.get(name) for name in STORY_FIELDS}
    values["people_reached"] = values["people_reached"] or 0
    return services.StoryData(activity_ids=list(cleaned.get("activities") or []), **values)


def _story_form_page(request, form, center, story=None):
    return render(
        request,
        "activities/story_form.html",
        {"form": form, "center": center, "story": story, "ancestors": _ancestors(center)},
        status=_status(form),
    )


def _story_activities(center):
    return list(selectors.activities_of(center)[:STORY_ACTIVITY_CHOICES_MAX])


@login_required
@require_http_methods(["GET", "POST"])
def story_create(request: HttpRequest, code: str) -> HttpResponse:
    center = network_selectors.center_get(user=request.user, code=code, access=Access.CHANGE)
    initial = {"activities": [a] if (a := _int(request.GET.get("activity"))) else []}
    form = StoryForm(request.POST or None, initial=initial, activities=_story_activities(center))
    if request.method == "POST":
        done = form_submit(
            request,
            form,
            lambda _data: services.story_create(
                actor=request.user, center_code=center.pk, data=_story_data(form)
            ),
            success=_("Saved."),
            redirect_to=lambda story: story.get_absolute_url(),
        )
        if done:
            return done
    return _story_form_page(request, form, center)


@login_required
@require_http_methods(["GET", "POST"])
def story_edit(request: HttpRequest, story_id: int) -> HttpResponse:
    story = selectors.story_get(user=request.user, story_id=story_id, access=Access.CHANGE)
    initial = {name: getattr(story, name) for name in STORY_FIELDS}
    initial.update(
        money_saved=_money_text(story.money_saved),
        money_earned=_money_text(story.money_earned),
        activities=[a.pk for a in story.activities.all()],
        version=story.version,
    )
    form = StoryForm(
        request.POST or None, initial=initial, activities=_story_activities(story.center)
    )
    if request.method == "POST":
        done = form_submit(
            request,
            form,
            lambda data: services.story_update(
                actor=request.user,
                story_id=story.pk,
                expected_version=data.get("version"),
                data=_story_data(form),
            ),
            success=_("Saved."),
            redirect_to=lambda story: story.get_absolute_url(),
        )
        if done:
            return done
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


@login_required
@require_http_methods(["GET", "POST"])
def story_delete(request: HttpRequest, story_id: int) -> HttpResponse:
    story = selectors.story_get(user=request.user, story_id=story_id, access=Access.CHANGE)
    if request.method == "POST":
        try:
            services.story_delete(
                actor=request.user,
                story_id=story.pk,
                expected_version=_int(request.POST.get("version")),
            )
        except StaleVersion as exc:
            messages.error(request, str(exc))
            return redirect(story.get_absolute_url())
        messages.success(request, _("The story was deleted."))
        return redirect("activities:story_list", code=story.center_id)
    return render(
        request,
        "activities/confirm_delete.html",
        {
            "object": story,
            "center": story.center,
            "ancestors": _ancestors(story.center),
            "cancel_url": story.get_absolute_url(),
            "message": _("Delete this success story and its photos?"),
        },
    )


@login_required
@require_POST
def story_photo_add(request: HttpRequest, story_id: int) -> HttpResponse:
    story = selectors.story_get(user=request.user, story_id=story_id, access=Access.CHANGE)
    form = UploadForm(request.POST, request.FILES)
    done = form_submit(
        request,
        form,
        lambda data: services.story_photo_add(
            actor=request.user, story_id=story.pk, upload=data["file"], caption=data["caption"]
        ),
        success=_("The photo was added."),
        redirect_to=story.get_absolute_url() + "#photos",
    )
    return done or _story_page(request, story, upload_form=form, status=422)


@login_required
@require_GET
def story_photo(request: HttpRequest, photo_id: int) -> HttpResponse:
    photo = selectors.story_photo_get(user=request.user, photo_id=photo_id)
    return stored_file_response(photo.stored_name, download_name=f"story-photo-{photo.pk}")


@login_required
@require_POST
def story_photo_remove(request: HttpRequest, photo_id: int) -> HttpResponse:
    photo = selectors.story_photo_get(user=request.user, photo_id=photo_id)
    services.story_photo_remove(actor=request.user, photo_id=photo.pk)
    messages.success(request, _("Removed."))
    return redirect(reverse("activities:story_detail", args=[photo.story_id]) + "#photos")


# Community plans ----------------------------------------------------------------------------------


def _plan_area(code: str) -> Area:
    area = (
        Area.objects.select_related("parent", "parent__parent", "parent__parent__parent")
        .filter(code=(code or "")[:8])
        .first()
    )
    if area is None:
        raise NotFoundOrOutOfScope()
    return area


@login_required
@require_GET
def plan_list(request: HttpRequest, code: str) -> HttpResponse:
    """The community plans inside an area, and their projects rolled up: a subdistrict shows
    its own plan and its villages' plans together."""
    area = _plan_area(code)
    if not can(request.user, Access.READ, area.code):
        raise NotFoundOrOutOfScope()
    plans = selectors.plans_in(user=request.user, area=area)
    year = _int(request.GET.get("year"))
    can_create = area.level in (Level.SUBDISTRICT, Level.VILLAGE) and can(
        request.user, Access.CHANGE, area.subdistrict_code
    )
    villages = []
    if area.level == Level.SUBDISTRICT and can_create:
        villages = list(area_selectors.area_children(parent_code=area.code))
    return render(
        request,
        "activities/plan_list.html",
        {
            "area": area,
            "ancestors": area_selectors.area_ancestors(area),
            "overview": selectors.plan_overview(plans, year=year),
            "year": year,
            "can_create": can_create,
            "villages": villages,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest, code: str) -> HttpResponse:
    area = _plan_area(code)
    if area.level not in (Level.SUBDISTRICT, Level.VILLAGE) or not can(
        request.user, Access.CHANGE, area.subdistrict_code
    ):
        raise NotFoundOrOutOfScope()
    form = PlanForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.plan_create(
            actor=request.user, area_code=area.code, data=_plan_data(data)
        ),
        success=_("Saved."),
        redirect_to=lambda plan: plan.get_absolute_url(),
        template="activities/plan_form.html",
        context=lambda: {
            "form": form,
            "area": area,
            "ancestors": area_selectors.area_ancestors(area),
        },
        refused_status=422,
    )


@login_required
@require_GET
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    return render(
        request,
        "activities/plan_detail.html",
        {
            "plan": plan,
            "area": plan.area,
            "ancestors": area_selectors.area_ancestors(plan.area),
            "overview": selectors.plan_overview(CommunityPlan.objects.filter(pk=plan.pk)),
            "can_change": can(request.user, Access.CHANGE, plan.subdistrict_code),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, plan_id=plan_id, access=Access.CHANGE)
    initial = {name: getattr(plan, name) for name in PLAN_FIELDS}
    form = PlanForm(request.POST or None, initial={**initial, "version": plan.version})
    return form_page(
        request,
        form,
        lambda data: services.plan_update(
            actor=request.user,
            plan_id=plan.pk,
            expected_version=data.get("version"),
            data=_plan_data(data),
        ),
        success=_("Saved."),
        redirect_to=lambda plan: plan.get_absolute_url(),
        template="activities/plan_form.html",
        context=lambda: {
            "form": form,
            "area": plan.area,
            "plan": plan,
            "ancestors": area_selectors.area_ancestors(plan.area),
        },
        refused_status=422,
    )


def _plan_data(cleaned: dict) -> services.PlanData:
    return services.PlanData(**{name: cleaned.get(name) for name in PLAN_FIELDS})


def _project_data(form) -> services.ProjectData:
    data = {name: form.cleaned_data.get(name) for name in PROJECT_FIELDS}
    return services.ProjectData(**data)


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, plan_id=plan_id, access=Access.CHANGE)
    form = ProjectForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda _data: services.plan_project_add(
            actor=request.user, plan_id=plan.pk, data=_project_data(form)
        ),
        success=_("Saved."),
        redirect_to=lambda project: project.get_absolute_url(),
        template="activities/project_form.html",
        context=lambda: {
            "form": form,
            "plan": plan,
            "ancestors": area_selectors.area_ancestors(plan.area),
        },
        refused_status=422,
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.plan_project_get(user=request.user, project_id=project_id)
    initial = {name: getattr(project, name) for name in PROJECT_FIELDS}
    initial.update(budget=_money_text(project.budget), version=project.version)
    form = ProjectForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        lambda data: services.plan_project_update(
            actor=request.user,
            project_id=project.pk,
            expected_version=data.get("version"),
            data=_project_data(form),
        ),
        success=_("Saved."),
        redirect_to=lambda project: project.get_absolute_url(),
        template="activities/project_form.html",
        context=lambda: {
            "form": form,
            "plan": project.plan,
            "project": project,
            "ancestors": area_selectors.area_ancestors(project.plan.area),
        },
        refused_status=422,
    )


@login_required
@require_POST
def project_remove(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.plan_project_get(user=request.user, project_id=project_id)
    try:
        services.plan_project_remove(actor=request.user, project_id=project.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(project.get_absolute_url())
    messages.success(request, _("Removed."))
    return redirect(project.plan.get_absolute_url())


# The public exhibition ------------------------------------------------------------------------


def _charts(data: selectors.Exhibition) -> dict:
    missions = bar_chart(
        _("Activities by mission"),
        [(row.label, [row.activities]) for row in data.by_mission],
        [Series(name=_("Activities"), fill=GREEN)],
    )
    years = bar_chart(
        _("Activities by fiscal year"),
        [(str(row.fiscal_year), [row.activities]) for row in reversed(data.by_year)],
        [Series(name=_("Activities"), fill=AMBER)],
    )
    return {"mission_chart": missions, "year_chart": years if data.by_year else None}


@require_GET
def exhibition(request: HttpRequest, code: str) -> HttpResponse:
    """The page an officer opens on the screen of the exhibition booth: published stories,
    the network's figures and the activities by mission and fiscal year of a center or area."""
    data = selectors.exhibition(code)
    if data is None:
        raise Http404
    return render(
        request,
        "activities/exhibition.html",
        {
            "exhibition": data,
            "ancestors": area_selectors.area_ancestors(data.area),
            "children": selectors.member_exhibitions(data.area),
            **_charts(data),
        },
    )


@require_GET
def exhibition_poster(request: HttpRequest, code: str) -> HttpResponse:
    """The printable poster (PDF, A4 or with ?size=a3 A3) of a center's or an area's results."""
    data = selectors.exhibition(code, stories=poster.STORIES_SHOWN)
    if data is None:
        raise Http404
    size = poster.A3 if request.GET.get("size", "").lower() == poster.A3 else poster.A4
    url = request.build_absolute_uri(reverse("activities:exhibition", args=[data.area.code]))
    pdf = poster.poster_pdf(data, size=size, url=url)
    response = HttpResponse(pdf, content_type=PDF_MEDIA_TYPE)
    response["Content-Disposition"] = f'inline; filename="poster-{data.area.code}-{size}.pdf"'
    return response


@require_GET
def public_story(request: HttpRequest, story_id: int) -> HttpResponse:
    story = selectors.public_story(story_id)
    if story is None:
        raise Http404
    return render(
        request,
        "activities/public_story.html",
        {
            "story": story,
            "ancestors": [*area_selectors.area_ancestors(story.center.area), story.center.area],
        },
    )


@require_GET
def public_photo(request: HttpRequest, photo_id: int) -> HttpResponse:
    photo = selectors.public_photo(photo_id)
    if photo is None:
        raise Http404
    response = stored_file_response(photo.stored_name, download_name=f"photo-{photo.pk}")
    response["Cache-Control"] = "public, max-age=3600"
    return response
