from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from concenter.common.forms import AreaPickerInput, SuggestInput, ThaiDateField
from concenter.notifications.models import Channel, ConsentMethod
from concenter.people.models import Gender, LawfulBasis, LocalRole, NoticeMethod, Profession

# How an officer may have heard a person's answer (online and API answers record themselves).
RECORDABLE_METHODS = (ConsentMethod.PAPER, ConsentMethod.VERBAL)


class PersonForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(
        label=pgettext_lazy("name prefix", "Title"),
        max_length=50,
        required=False,
        widget=SuggestInput(),
        help_text=_("นาย, นาง, นางสาว …"),
    )
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    given_name_en = forms.CharField(label=_("Given name (English)"), max_length=100, required=False)
    family_name_en = forms.CharField(
        label=_("Family name (English)"), max_length=100, required=False
    )
    gender = forms.ChoiceField(
        label=_("Gender"), choices=Gender.choices, initial=Gender.UNSPECIFIED
    )
    birth_year = forms.IntegerField(
        label=_("Birth year (BE or CE)"), required=False, min_value=1900, max_value=2700
    )
    profession = forms.ModelChoiceField(
        label=_("Profession"), queryset=Profession.objects.filter(active=True), required=False
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("Email"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    area_code = forms.CharField(
        label=_("Village or subdistrict"),
        max_length=8,
        widget=AreaPickerInput(levels=("village", "subdistrict")),
        help_text=_("Type its name and choose it from the list (or type its code)."),
    )
    national_id = forms.CharField(
        label=_("National ID number"),
        max_length=30,
        required=False,
        help_text=_("Checked and stored only as a protected code and its last 4 digits."),
        # Checked as it is typed: the answer replaces the help text below the field.
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                "hx-post": reverse_lazy("people:national_id_check"),
                "hx-trigger": "input changed delay:400ms",
                "hx-target": "#id_national_id_helptext",
                "hx-swap": "innerHTML",
            }
        ),
    )
    confirm_new = forms.BooleanField(widget=forms.HiddenInput, required=False)


class LocalRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=LocalRole.choices)
    area_code = forms.CharField(
        label=_("Area"),
        max_length=8,
        widget=AreaPickerInput(),
        help_text=_("Type its name and choose it from the list (or type its code)."),
    )
    starts_on = ThaiDateField(label=_("From"), required=False)
    ends_on = ThaiDateField(label=_("Until"), required=False)


class PrivacyNoticeForm(forms.Form):
    given_on = ThaiDateField(label=_("Notice given on"))
    basis = forms.ChoiceField(label=_("Lawful basis"), choices=LawfulBasis.choices)
    method = forms.ChoiceField(label=_("How it was given"), choices=NoticeMethod.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ContactChannelForm(forms.Form):
    """An e-mail address or LINE account of the person, and whether they agree to messages there
    (recorded through notifications.services.contact_channel_record)."""

    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    address = forms.CharField(
        label=_("Address"),
        max_length=254,
        help_text=_("An e-mail address, or a LINE user ID (U and 32 letters and digits)."),
    )
    consent = forms.TypedChoiceField(
        label=_("Consents to messages"),
        choices=((True, _("Yes, agrees to receive messages")), (False, _("No, or withdrawn"))),
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
    )
    method = forms.ChoiceField(
        label=_("How the answer was given"),
        choices=[(v, label) for v, label in ConsentMethod.choices if v in RECORDABLE_METHODS],
    )
