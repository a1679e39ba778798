"""Forms of the activity pages. They check the shape of what was typed; the rules are the
services' (concenter/activities/services.py), shown on the form by `apply_errors`."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from concenter.activities.models import (
    ActivityKind,
    AgeBand,
    AttendanceStatus,
    Mission,
    ProjectDoer,
    ProjectProgress,
    Sex,
)
from concenter.activities.services import participant_field
from concenter.common.forms import ThaiDateField

MONEY_HELP = _("In baht, e.g. 12500 or 12,500.50")


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _money_field(label, **kwargs):
    """Baht as officers type it ("12,500", "12,500.50 บาท"): the service parses and checks it."""
    kwargs.setdefault("help_text", MONEY_HELP)
    return forms.CharField(
        label=label,
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        **kwargs,
    )


def _count_field(label, **kwargs):
    return forms.IntegerField(
        label=label,
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        **kwargs,
    )


def _year_field(label, required=True, **kwargs):
    return forms.IntegerField(
        label=label,
        min_value=2400,
        max_value=2700,
        required=required,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "2568"}),
        **kwargs,
    )


class ActivityForm(VersionedForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=250)
    starts_on = ThaiDateField(label=_("Starts on"))
    ends_on = ThaiDateField(
        label=_("Ends on"), required=False, help_text=_("Leave empty for a one-day activity.")
    )
    place = forms.CharField(label=_("Place"), max_length=250, required=False)
    missions = forms.MultipleChoiceField(
        label=_("Missions served"),
        choices=Mission.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One or more of the ten missions of the center."),
    )
    budget = _money_field(_("Budget (baht)"))
    spent = _money_field(
        _("Spent (baht)"),
        help_text=_("More than the budget is allowed: the page warns, it does not refuse."),
    )
    outputs = forms.CharField(
        label=_("Outputs"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("What was done or made: people trained, plans written, trees planted…"),
    )
    outcomes = forms.CharField(
        label=_("Outcomes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("What changed for the community because of it."),
    )
    agenda = forms.CharField(
        label=pgettext_lazy("meeting", "Agenda"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    minutes = forms.CharField(
        label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    resolutions = forms.CharField(
        label=_("Resolutions"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One resolution per line; they are numbered in this order."),
    )
    plan_project = forms.TypedChoiceField(
        label=_("Community plan project carried out"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("If the activity carries out a project of a community plan in the area."),
    )

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices: dict[str, list] = {}
        for project in projects:
            group = f"{project.plan.title}"
            choices.setdefault(group, []).append((project.pk, project.name))
        self.fields["plan_project"].choices = [("", "–"), *choices.items()]
        for band, band_label in AgeBand.choices:
            for sex, sex_label in Sex.choices:
                self.fields[participant_field(sex, band)] = _count_field(
                    f"{sex_label} · {band_label}"
                )

    def participant_rows(self):
        """The grid's fields by age band (rows) and sex (columns), for the template."""
        return [
            (label, [self[participant_field(sex, band)] for sex in Sex.values])
            for band, label in AgeBand.choices
        ]

    def plain_fields(self, *names):
        return [self[name] for name in names]

    def participants(self) -> dict[tuple[str, str], int]:
        data = self.cleaned_data
        return {
            (sex, band): data.get(participant_field(sex, band)) or 0
            for band in AgeBand.values
            for sex in Sex.values
        }

    def resolution_list(self) -> list[str]:
        return [line.strip() for line in (self.cleaned_data.get("resolutions") or "").splitlines()]


class ActivityFilterForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(
        label=_("Fiscal year"), coerce=int, empty_value=None, required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *ActivityKind.choices], required=False
    )
    mission = forms.ChoiceField(
        label=_("Mission"), choices=[("", _("All missions")), *Mission.choices], required=False
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [("", _("All years")), *((y, y) for y in years)]


class PartnerSupportForm(forms.Form):
    partner = forms.TypedChoiceField(label=_("Partner"), coerce=int)
    money = _money_field(_("Support in money (baht)"))
    in_kind = forms.CharField(
        label=_("Support in kind"),
        max_length=500,
        required=False,
        help_text=_("E.g. a venue, lunch for 50 people, seedlings, a speaker."),
    )

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [("", "–"), *((p.pk, p.name) for p in partners)]


class AttendeeForm(forms.Form):
    person_id = forms.IntegerField(
        label=_("Person"), error_messages={"required": _("Choose a person from the search.")}
    )
    role = forms.CharField(label=_("Role in the activity"), max_length=100, required=False)


class AttendanceForm(VersionedForm):
    """One choice per seat of the committee in force on the meeting's day."""

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        choices = [("", _("Not recorded")), *AttendanceStatus.choices]
        for row in self.rows:
            self.fields[f"seat_{row.seat.pk}"] = forms.ChoiceField(
                label=f"{row.seat.get_position_display()} · {row.seat.person.full_name}",
                choices=choices,
                required=False,
                initial=row.status,
                widget=forms.RadioSelect,
            )

    def seat_fields(self):
        return [(row, self[f"seat_{row.seat.pk}"]) for row in self.rows]

    def statuses(self) -> dict[int, str]:
        return {
            row.seat.pk: self.cleaned_data.get(f"seat_{row.seat.pk}") or "" for row in self.rows
        }


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))
    caption = forms.CharField(label=_("Caption"), max_length=250, required=False)


class StoryForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=250)
    summary = forms.CharField(label=_("Summary"), max_length=500, required=False)
    body = forms.CharField(
        label=_("Story"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        help_text=_("Markdown: **bold**, *italic*, lists, links. Other HTML is removed."),
    )
    people_reached = _count_field(_("People reached"))
    money_saved = _money_field(
        _("Money saved (baht)"), help_text=_("Expenses the community no longer pays.")
    )
    money_earned = _money_field(
        _("Money earned (baht)"), help_text=_("New income the community earned.")
    )
    activities = forms.TypedMultipleChoiceField(
        label=_("Activities behind the story"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, activities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activities"].choices = [
            (a.pk, f"{a.title} ({a.fiscal_year})") for a in activities
        ]


class PlanForm(VersionedForm):
    first_year = _year_field(_("First fiscal year (BE)"))
    last_year = _year_field(
        _("Last fiscal year (BE)"),
        required=False,
        help_text=_("A five-year plan of 2566–2570 runs from 2566 to 2570."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=250,
        required=False,
        help_text=_("Leave empty for “community plan of <area> <years>”."),
    )
    problems = forms.CharField(
        label=_("Problems"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    needs = forms.CharField(
        label=_("Needs"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    approved_on = ThaiDateField(label=_("Approved by the community on"), required=False)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ProjectForm(VersionedForm):
    name = forms.CharField(label=_("Project"), max_length=250)
    mission = forms.ChoiceField(label=_("Mission"), choices=[("", "–"), *Mission.choices])
    budget = _money_field(_("Budget (baht)"))
    doer = forms.ChoiceField(label=_("Done by"), choices=[("", "–"), *ProjectDoer.choices])
    doer_name = forms.CharField(
        label=_("Name of the body doing it"),
        max_length=250,
        required=False,
        help_text=_("E.g. อบต.ท่ามะขาม, the provincial agriculture office."),
    )
    year = _year_field(_("Fiscal year (BE)"), required=False)
    progress = forms.ChoiceField(
        label=_("Progress"), choices=ProjectProgress.choices, initial=ProjectProgress.PLANNED
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
