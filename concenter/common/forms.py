from django import forms
from django.core.exceptions import ValidationError


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form, next to the field it names."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class ThaiDateField(forms.Field):
    """A date typed as Thai officers type it: 28/02/2563, 28 ก.พ. 63, 2020-02-28 …"""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"maxlength": 40}))
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("placeholder", "28/02/2563")
        self.widget.attrs.setdefault("inputmode", "numeric")

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
