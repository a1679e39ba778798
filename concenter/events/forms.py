"""Forms of the events pages. They check what a form can (types, required fields); the rules
themselves live in the services, whose refusals are shown next to the field they name."""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concenter.common.forms import AreaPickerInput, ThaiDateField
from concenter.common.thai import to_arabic_digits
from concenter.events.models import (
    AgendaKind,
    EventAccess,
    EventStatus,
    Meal,
    RegistrationRole,
)

_TIME_RE = re.compile(r"^(\d{1,2})\s*[:.]?\s*(\d{2})\s*(?:น\.?|นาฬิกา)?$")


class ThaiTimeField(forms.Field):
    """A time of day as typed in Thailand: 09:00, 9.00, 09.00 น., 0900."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"maxlength": 12}))
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("placeholder", "09.00")
        self.widget.attrs.setdefault("inputmode", "numeric")

    def prepare_value(self, value):
        if isinstance(value, datetime.time):
            return value.strftime("%H.%M")
        return value

    def to_python(self, value):
        text = to_arabic_digits((value or "").strip()) if isinstance(value, str) else value
        if not text:
            return None
        if isinstance(text, datetime.time):
            return text
        match = _TIME_RE.match(text)
        if match:
            hour, minute = int(match[1]), int(match[2])
            if hour < 24 and minute < 60:
                return datetime.time(hour, minute)
        raise forms.ValidationError(_("Enter a time such as 09.00 or 13:30."))


def combine(day: datetime.date | None, time: datetime.time | None) -> datetime.datetime | None:
    """A Bangkok date and time as the aware date-time the services keep."""
    if day is None or time is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, time))


def split(value: datetime.datetime | None) -> tuple[datetime.date | None, datetime.time | None]:
    if value is None:
        return None, None
    local = timezone.localtime(value)
    return local.date(), local.time().replace(second=0, microsecond=0)


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EventForm(VersionedForm):
    title = forms.CharField(label=_("Title of the event"), max_length=250)
    organizer_code = forms.CharField(
        label=_("Organising center (area code)"),
        max_length=8,
        help_text=_("For example 71 for the province center of Kanchanaburi."),
    )
    area_code = forms.CharField(
        label=_("Area of the event"),
        max_length=8,
        required=False,
        widget=AreaPickerInput(),
        help_text=_("Leave empty for the organising center's area."),
    )
    starts_on = ThaiDateField(label=_("Date"))
    starts_time = ThaiTimeField(label=_("Starts at"))
    ends_on = ThaiDateField(
        label=_("Last day"), required=False, help_text=_("Leave empty for a one-day event.")
    )
    ends_time = ThaiTimeField(label=_("Ends at"))
    venue_name = forms.CharField(label=_("Venue"), max_length=250, required=False)
    venue_address = forms.CharField(label=_("Venue address"), max_length=300, required=False)
    venue_area_code = forms.CharField(
        label=_("Area of the venue"), max_length=8, required=False, widget=AreaPickerInput()
    )
    map_url = forms.CharField(label=_("Map link"), max_length=500, required=False)
    capacity = forms.CharField(
        label=_("Capacity (seats)"),
        max_length=10,
        required=False,
        help_text=_("Leave empty for no limit. Past the capacity people join the waiting list."),
    )
    access = forms.ChoiceField(label=_("Who may register"), choices=EventAccess.choices)
    registration_opens_on = ThaiDateField(label=_("Registration opens on"), required=False)
    registration_opens_time = ThaiTimeField(label=_("at"), required=False)
    registration_closes_on = ThaiDateField(label=_("Registration closes on"), required=False)
    registration_closes_time = ThaiTimeField(label=_("at"), required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    cover = forms.FileField(
        label=_("Cover image"),
        required=False,
        help_text=_("A photo or poster (JPEG, PNG or WebP, at most 10 MB)."),
    )
    remove_cover = forms.BooleanField(label=_("Remove the cover image"), required=False)

    def clean(self):
        data = super().clean()
        day = data.get("starts_on")
        data["starts_at"] = combine(day, data.get("starts_time"))
        data["ends_at"] = combine(data.get("ends_on") or day, data.get("ends_time"))
        for name in ("registration_opens", "registration_closes"):
            on, at = data.get(f"{name}_on"), data.get(f"{name}_time")
            if on and at is None:
                at = datetime.time(0, 0) if name.endswith("opens") else datetime.time(23, 59)
            data[f"{name}_at"] = combine(on, at)
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "venue_name": data["venue_name"],
            "venue_address": data["venue_address"],
            "venue_area_code": data["venue_area_code"],
            "map_url": data["map_url"],
            "capacity": data["capacity"] or None,
            "description": data["description"],
            "access": data["access"],
            "registration_opens_at": data["registration_opens_at"],
            "registration_closes_at": data["registration_closes_at"],
        }


# Where the service names a combined field, the form shows it next to these inputs.
EVENT_FIELD_ERRORS = {
    "starts_at": "starts_time",
    "ends_at": "ends_time",
    "registration_opens_at": "registration_opens_on",
    "registration_closes_at": "registration_closes_on",
}


class StatusForm(VersionedForm):
    status = forms.ChoiceField(label=_("New status"), choices=EventStatus.choices)
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("Needed for a cancellation: the reason, shown on the public page."),
    )


class AgendaItemForm(VersionedForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaKind.choices)
    day = ThaiDateField(label=_("Date"), required=False)
    starts_time = ThaiTimeField(label=_("Starts at"))
    ends_time = ThaiTimeField(label=_("Ends at"), required=False)
    title = forms.CharField(
        label=_("Title of the item"),
        max_length=250,
        required=False,
        help_text=_("Leave empty to show the kind of item."),
    )
    details = forms.CharField(
        label=_("Details"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    location = forms.CharField(label=_("Room or place"), max_length=200, required=False)
    speaker_name = forms.CharField(label=_("Speaker"), max_length=200, required=False)
    speaker_position = forms.CharField(
        label=_("Speaker's position"), max_length=250, required=False
    )
    performer_organization_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    performer_center_code = forms.CharField(
        label=_("Performing center (area code)"), max_length=8, required=False
    )
    performer_name = forms.CharField(
        label=_("Performing group (name)"), max_length=250, required=False
    )
    exhibitor_center_code = forms.CharField(
        label=_("Exhibiting center (area code)"), max_length=8, required=False
    )
    theme = forms.CharField(label=_("Theme"), max_length=250, required=False)
    story_ids = forms.MultipleChoiceField(
        label=_("Success stories shown"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    award_programme_id = forms.TypedChoiceField(
        label=_("Award programme"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, event=None, stories=(), programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["story_ids"].choices = [(str(s.pk), s.title) for s in stories]
        self.fields["award_programme_id"].choices = [("", "—"), *programmes]
        if not programmes:
            del self.fields["award_programme_id"]
        if event is not None and not self.initial.get("day"):
            self.initial["day"] = timezone.localtime(event.starts_at).date()

    def service_fields(self) -> dict:
        data = self.cleaned_data
        day = data.get("day") or timezone.localtime(self.event.starts_at).date()
        fields = {
            "kind": data["kind"],
            "starts_at": combine(day, data.get("starts_time")),
            "ends_at": combine(day, data.get("ends_time")),
            "title": data["title"],
            "details": data["details"],
            "location": data["location"],
            "speaker_name": data["speaker_name"],
            "speaker_position": data["speaker_position"],
            "performer_organization_id": data.get("performer_organization_id"),
            "performer_center_code": data["performer_center_code"],
            "performer_name": data["performer_name"],
            "exhibitor_center_code": data["exhibitor_center_code"],
            "theme": data["theme"],
            "story_ids": [int(pk) for pk in data.get("story_ids") or []],
        }
        if "award_programme_id" in self.fields:
            fields["award_programme_id"] = data.get("award_programme_id")
        return fields


AGENDA_FIELD_ERRORS = {"starts_at": "starts_time", "ends_at": "ends_time"}


class RegistrationForm(forms.Form):
    """Officers register people picked from the registry (ticked in the search), or one name
    typed here."""

    person_ids = forms.TypedMultipleChoiceField(
        required=False, coerce=int, widget=forms.MultipleHiddenInput
    )
    full_name = forms.CharField(
        label=_("Or a name not in the registry"),
        max_length=1000,
        required=False,
        help_text=_("With the title, for example นายสมชาย ใจดี"),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=RegistrationRole.choices, initial=RegistrationRole.PARTICIPANT
    )
    represents = forms.CharField(
        label=_("Represents (organisation or office)"), max_length=250, required=False
    )
    center_code = forms.CharField(
        label=_("Represents a center (area code)"), max_length=8, required=False
    )
    meal = forms.ChoiceField(label=_("Meal"), choices=Meal.choices, initial=Meal.STANDARD)
    accessibility = forms.CharField(
        label=_("Accessibility needs"),
        max_length=300,
        required=False,
        help_text=_("For example a wheelchair, a sign-language interpreter."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    home_area_code = forms.CharField(
        label=_("Home area"),
        max_length=8,
        required=False,
        widget=AreaPickerInput(levels=("district", "subdistrict")),
        help_text=_("For a name not in the registry: the district or subdistrict they come from."),
    )

    def clean_person_ids(self):
        return [int(pk) for pk in self.data.getlist("person_ids") if str(pk).isdigit()][:200]

    def clean(self):
        data = super().clean()
        if not data.get("person_ids") and not (data.get("full_name") or "").strip():
            raise forms.ValidationError(
                _("Tick people found in the registry, or type a name not in the registry.")
            )
        return data


class BulkForm(forms.Form):
    lines = forms.CharField(
        label=_("One person per line"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=400_000,
        help_text=_(
            "A name, a 13-digit national ID number, or both; after them, whom the person "
            "represents. Separate them with a tab (a copy from a spreadsheet), a comma or a "
            "semicolon."
        ),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=RegistrationRole.choices, initial=RegistrationRole.PARTICIPANT
    )
    meal = forms.ChoiceField(label=_("Meal"), choices=Meal.choices, initial=Meal.STANDARD)
    represents = forms.CharField(
        label=_("Represents (when a line does not say)"), max_length=250, required=False
    )

    def line_list(self) -> list[str]:
        return self.cleaned_data["lines"].replace("\r\n", "\n").split("\n")


class RegistrationEditForm(VersionedForm):
    role = forms.ChoiceField(label=_("Role"), choices=RegistrationRole.choices)
    represents = forms.CharField(
        label=_("Represents (organisation or office)"), max_length=250, required=False
    )
    center_code = forms.CharField(
        label=_("Represents a center (area code)"), max_length=8, required=False
    )
    meal = forms.ChoiceField(label=_("Meal"), choices=Meal.choices)
    accessibility = forms.CharField(label=_("Accessibility needs"), max_length=300, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    full_name = forms.CharField(label=_("Name"), max_length=1000, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.CharField(
        label=_("Email"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    home_area_code = forms.CharField(label=_("Home area (code)"), max_length=8, required=False)

    def __init__(self, *args, linked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if linked:  # a person of the registry: their name and contact live in the registry
            for name in ("full_name", "phone", "email", "home_area_code"):
                del self.fields[name]


class CancelForm(VersionedForm):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class PublicRegistrationForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=1000,
        help_text=_("With your title, for example นางสาวสมศรี รักถิ่น"),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.CharField(
        label=_("Email"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    represents = forms.CharField(
        label=_("Organisation or community you represent"), max_length=250, required=False
    )
    home_area_code = forms.ChoiceField(label=_("District you come from"), required=False)
    meal = forms.ChoiceField(label=_("Meal"), choices=Meal.choices, initial=Meal.STANDARD)
    accessibility = forms.CharField(
        label=_("Accessibility needs"),
        max_length=300,
        required=False,
        help_text=_("For example a wheelchair, a sign-language interpreter."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the organiser keeps these data to run this event (Personal Data "
            "Protection Act B.E. 2562)."
        ),
        required=False,
    )
    reminders = forms.BooleanField(
        label=_("Send me a reminder by e-mail the day before the event."),
        required=False,
    )
    # A field people never see: a robot that fills it in is not registered.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_area_code"].choices = [
            ("", _("— choose —")),
            *[(area.code, area.name_th) for area in districts],
            ("other", _("Another province")),
        ]


class WalkInForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=1000)
    represents = forms.CharField(label=_("Represents"), max_length=250, required=False)
    role = forms.ChoiceField(
        label=_("Role"), choices=RegistrationRole.choices, initial=RegistrationRole.PARTICIPANT
    )
    home_area_code = forms.ChoiceField(label=_("District"), required=False)
    client_id = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_area_code"].choices = [
            ("", _("— not stated —")),
            *[(area.code, area.name_th) for area in districts],
        ]


class CodeForm(forms.Form):
    scan = forms.CharField(
        label=_("Ticket code"),
        max_length=500,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "placeholder": "ABCD-EFGH",
            }
        ),
    )
    client_id = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)
    by_name = forms.BooleanField(required=False, widget=forms.HiddenInput)


class StaffForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo"), help_text=_("JPEG, PNG or WebP, at most 10 MB."))
    caption = forms.CharField(label=_("Caption"), max_length=250, required=False)


class TicketLostForm(forms.Form):
    contact = forms.CharField(
        label=_("E-mail or phone you registered with"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "email"}),
    )
