from django import forms
from django.utils.translation import gettext_lazy as _

from concenter.geography.models import VILLAGE_NUMBER_MAX, VILLAGE_NUMBER_MIN


class VillageForm(forms.Form):
    number = forms.IntegerField(
        label=_("Village number (หมู่ที่)"), min_value=VILLAGE_NUMBER_MIN, max_value=VILLAGE_NUMBER_MAX
    )
    name_th = forms.CharField(label=_("Thai name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)


class AreaSearchForm(forms.Form):
    q = forms.CharField(label=_("Search areas"), max_length=100, required=False)
