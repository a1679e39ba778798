from django import forms
from django.utils.translation import gettext_lazy as _

from concenter.activities.models import ActivityKind, Mission
from concenter.common.forms import ThaiDateField


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _money_field(label):
    return forms.DecimalField(
        label=label, min_value=0, max_digits=14, decimal_places=2, required=False, initial=0
    )


def _count_field(label):
    return forms.IntegerField(label=label, min_value=0, required=False, initial=0)


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
    spent = _money_field(_("Spent (baht)"))
    participants_male = _count_field(_("Male participants"))
    participants_female = _count_field(_("Female participants"))
    participants_other = _count_field(_("Other participants"))
    outputs = forms.CharField(label=_("Outputs"), widget=forms.Textarea, required=False)
    outcomes = forms.CharField(label=_("Outcomes"), widget=forms.Textarea, required=False)


class StoryForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=250)
    summary = forms.CharField(label=_("Summary"), max_length=500, required=False)
    body = forms.CharField(
        label=_("Story"),
        widget=forms.Textarea,
        required=False,
        help_text=_("Markdown: **bold**, *italic*, lists, links. Other HTML is removed."),
    )
    people_reached = _count_field(_("People reached"))
    money = _money_field(_("Money (baht)"))
