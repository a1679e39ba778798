from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from concenter.common.forms import AreaPickerInput, SuggestInput, ThaiDateField
from concenter.network.models import (
    CenterStatus,
    ChosenBy,
    CooperationKind,
    OrganizationStatus,
    OrganizationType,
    PartnerKind,
    Position,
    SeatEndReason,
)
from concenter.people.models import Gender


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CenterForm(VersionedForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=250,
        required=False,
        help_text=_("Leave empty for the standard name."),
    )
    founded_on = ThaiDateField(label=_("Founded on"), required=False)
    address = forms.CharField(label=_("Office address"), max_length=300, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=CenterStatus.choices, initial=CenterStatus.ACTIVE
    )


class TermForm(forms.Form):
    starts_on = ThaiDateField(label=_("Term starts"))
    ends_on = ThaiDateField(label=_("Term ends"))
    chosen_on = ThaiDateField(label=_("Chosen on"), required=False)
    chosen_by = forms.ChoiceField(label=_("Chosen by"), choices=ChosenBy.choices)


class SeatForm(forms.Form):
    """Seat an existing person (picked by search) or a new one typed here."""

    position = forms.ChoiceField(
        label=_("Position"), choices=Position.choices, initial=Position.MEMBER
    )
    person_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(
        label=pgettext_lazy("name prefix", "Title"),
        max_length=50,
        required=False,
        widget=SuggestInput(),
    )
    given_name = forms.CharField(label=_("Given name"), max_length=100, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=Gender.choices, initial=Gender.UNSPECIFIED, required=False
    )

    def clean(self):
        data = super().clean()
        if not data.get("person_id") and not data.get("given_name"):
            raise forms.ValidationError(
                _("Pick a person from the search, or type the new person's name.")
            )
        return data


class SeatEndForm(VersionedForm):
    ends_on = ThaiDateField(label=_("Ended on"))
    reason = forms.ChoiceField(label=_("Reason"), choices=SeatEndReason.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class OrganizationForm(VersionedForm):
    type_code = forms.ModelChoiceField(
        label=_("Type"), queryset=OrganizationType.objects.filter(active=True), to_field_name="code"
    )
    name = forms.CharField(label=_("Name"), max_length=250)
    area_code = forms.CharField(
        label=_("Village or subdistrict"),
        max_length=8,
        widget=AreaPickerInput(levels=("village", "subdistrict")),
        help_text=_("Type its name and choose it from the list (or type its code)."),
    )
    registration_number = forms.CharField(
        label=_("Registration number"), max_length=50, required=False
    )
    founded_on = ThaiDateField(label=_("Founded on"), required=False)
    member_count = forms.IntegerField(label=_("Members"), min_value=0, initial=0)
    funds = forms.CharField(
        label=_("Funds (baht)"),
        max_length=30,
        required=False,
        help_text=_("For example 12,500 or 12,500 บาท"),
    )
    activities = forms.CharField(
        label=_("Activities"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=OrganizationStatus.choices, initial=OrganizationStatus.ACTIVE
    )


class PartnerForm(VersionedForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnerKind.choices)
    name = forms.CharField(label=_("Name"), max_length=250)
    area_code = forms.CharField(
        label=_("Area"),
        max_length=8,
        widget=AreaPickerInput(),
        help_text=_("Type its name and choose it from the list (or type its code)."),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")


class CooperationForm(forms.Form):
    center_code = forms.CharField(
        label=_("Center"),
        max_length=8,
        widget=AreaPickerInput(levels=("province", "district", "subdistrict")),
        help_text=_("Type its area's name and choose it from the list (or type its code)."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=CooperationKind.choices)
    title = forms.CharField(label=_("Title"), max_length=250)
    starts_on = ThaiDateField(label=_("From"), required=False)
    ends_on = ThaiDateField(label=_("Until"), required=False)
    amount = forms.CharField(label=_("Amount (baht)"), max_length=30, required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
