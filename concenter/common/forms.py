from django import forms
from django.core.exceptions import ValidationError


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form, next to the field it names."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
