from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_noop

# Messages of Django's own validators that its Thai catalogue lacks. Listed here so that
# `make messages` keeps them in ours, which Django reads before its own (LOCALE_PATHS).
DJANGO_MESSAGES_IN_THAI = (gettext_noop("Null characters are not allowed."),)


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form, next to the field it names."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class ThaiDateField(forms.Field):
    """A date typed as Thai officers type it: 28/02/2563, 28022563, 28 ก.พ. 63, 2020-02-28 …"""

    def __init__(self, *args, **kwargs):
        from django.utils.translation import gettext_lazy

        kwargs.setdefault("widget", forms.TextInput(attrs={"maxlength": 40}))
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("placeholder", "28/02/2563")
        # A phone's number pad has no "/": digits alone (28022563) are a date too.
        self.widget.attrs.setdefault("inputmode", "numeric")
        self.widget.attrs.setdefault("autocomplete", "off")
        # concenter.js adds a calendar in the Buddhist Era beside the field.
        self.widget.attrs["data-date-picker"] = gettext_lazy("Choose a date")
        self.widget.attrs["data-date-previous"] = gettext_lazy("Previous month")
        self.widget.attrs["data-date-next"] = gettext_lazy("Next month")

    def prepare_value(self, value):
        import datetime

        from concenter.common.thai import to_arabic_digits

        if isinstance(value, datetime.date):
            return f"{value.day:02d}/{value.month:02d}/{value.year + 543}"
        return to_arabic_digits(value) if isinstance(value, str) else value

    def to_python(self, value):
        from concenter.common.errors import parse_error_message
        from concenter.common.thai import ThaiParseError, parse_date

        value = (value or "").strip() if isinstance(value, str) else value
        if not value:
            return None
        try:
            return parse_date(value)
        except ThaiParseError as exc:
            raise forms.ValidationError(parse_error_message(exc)) from exc


def submit_edit(request, form: forms.Form, update) -> bool:
    """Save an edit form through its service: `update(version, data)`.

    A stale version or the service's own refusal is shown on the form; True when saved.
    """
    from django.contrib import messages
    from django.utils.translation import gettext as _

    from concenter.common.errors import StaleVersion

    data = dict(form.cleaned_data)
    version = data.pop("version", None)
    try:
        update(version, data)
    except StaleVersion as exc:
        form.add_error(None, str(exc))
        return False
    except ValidationError as exc:
        apply_errors(form, exc)
        return False
    messages.success(request, _("Saved."))
    return True


class AreaPickerInput(forms.TextInput):
    """A field that keeps an area's code, where concenter.js lets one find the area by name as
    one types (villages, subdistricts, districts within the user's areas). Without JavaScript,
    or for someone who knows it, the code is typed as before."""

    def __init__(self, levels: tuple[str, ...] = (), attrs: dict | None = None):
        super().__init__(attrs)
        self.levels = levels

    def get_context(self, name, value, attrs):
        from urllib.parse import urlencode

        from django.urls import reverse
        from django.utils.translation import gettext

        from concenter.geography.models import Area
        from concenter.geography.selectors import area_pick_label

        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        query = urlencode([("level", level) for level in self.levels])
        widget_attrs["data-area-picker"] = reverse("geography:area_pick") + (
            f"?{query}" if query else ""
        )
        widget_attrs["data-area-none"] = gettext("No area of yours has this name.")
        widget_attrs["autocomplete"] = "off"
        widget_attrs.pop("maxlength", None)  # a name is longer than a code; the field checks
        code = str(value or "").strip()
        if code.isdigit():
            area = Area.objects.select_related("parent", "parent__parent").filter(pk=code).first()
            if area is not None:
                widget_attrs["data-area-label"] = area_pick_label(area)
        return context


NAME_PREFIXES = ("นาย", "นาง", "นางสาว", "เด็กชาย", "เด็กหญิง", "ดร.", "ว่าที่ร้อยตรี")


class SuggestInput(forms.TextInput):
    """Free text with suggestions to tap (a <datalist>): the usual name prefixes, any other typed."""

    def __init__(self, suggestions: tuple[str, ...] = NAME_PREFIXES, attrs: dict | None = None):
        super().__init__(attrs)
        self.suggestions = suggestions

    def render(self, name, value, attrs=None, renderer=None):
        from django.utils.html import format_html, format_html_join

        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or 'id_' + name}_suggestions"
        attrs["list"] = list_id
        field = super().render(name, value, attrs, renderer)
        options = format_html_join(
            "", '<option value="{}"></option>', ((s,) for s in self.suggestions)
        )
        return format_html('{}<datalist id="{}">{}</datalist>', field, list_id, options)
