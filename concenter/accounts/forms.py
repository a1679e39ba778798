from django import forms
from django.utils.translation import gettext_lazy as _


class PreferencesForm(forms.Form):
    thai_digits = forms.BooleanField(label=_("Show numbers in Thai digits (๐๑๒๓)"), required=False)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("Or one of your recovery codes, if your phone is lost."),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )
