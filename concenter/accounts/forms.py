from django import forms
from django.utils.translation import gettext_lazy as _


class PreferencesForm(forms.Form):
    thai_digits = forms.BooleanField(label=_("Show numbers in Thai digits (๐๑๒๓)"), required=False)
