from django import forms
from django.utils.translation import gettext_lazy as _


class PreferencesForm(forms.Form):
    thai_digits = forms.BooleanField(label=_("Show numbers in Thai digits (๐๑๒๓)"), required=False)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
