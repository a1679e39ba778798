from django import forms
from django.utils.translation import gettext_lazy as _

from concenter.exchange.models import Kind, Mode
from concenter.exchange.readers import EXTENSIONS


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=Kind.choices)
    mode = forms.ChoiceField(
        label=_("When a row is rejected"),
        choices=Mode.choices,
        initial=Mode.ALL,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("File (CSV, XLSX, XLS or ODS)"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )


class CommitForm(forms.Form):
    mode = forms.ChoiceField(choices=Mode.choices, required=False)
