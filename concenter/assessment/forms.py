"""Forms of the assessment pages. They check the shape of what was typed; the rules are the
services' (concenter/assessment/services.py), shown on the form by `apply_errors`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from concenter.assessment.models import Answer, DataSource, ScoringKind
from concenter.assessment.rules import BAND_COUNT, LEVEL_MAX
from concenter.common.forms import ThaiDateField
from concenter.network.models import CenterLevel


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _year_field(label):
    return forms.IntegerField(
        label=label,
        min_value=2400,
        max_value=2700,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "2570"}),
    )


class RoundOpenForm(forms.Form):
    fiscal_year = _year_field(_("Fiscal year (BE)"))
    level = forms.ChoiceField(label=_("Level of center"), choices=CenterLevel.choices)
    opens_on = ThaiDateField(label=_("Opens on"))
    due_on = ThaiDateField(label=_("Due on"))


class RoundEditForm(VersionedForm):
    due_on = ThaiDateField(label=_("Due on"))
    status = forms.ChoiceField(
        label=_("Status"), choices=[("open", _("Open")), ("closed", _("Closed"))]
    )


class TemplateForm(VersionedForm):
    name = forms.CharField(label=_("Name"), max_length=250)
    top_band_from = forms.DecimalField(
        label=_("Top band from (score out of 100)"), min_value=1, max_value=100, decimal_places=2
    )


class TemplateCopyForm(forms.Form):
    fiscal_year = _year_field(_("Fiscal year (BE)"))


class DimensionForm(VersionedForm):
    name = forms.CharField(label=_("Name"), max_length=250)
    weight = forms.IntegerField(label=_("Weight"), min_value=0, max_value=100)


class IndicatorForm(VersionedForm):
    text = forms.CharField(label=_("Indicator"), max_length=500)
    kind = forms.ChoiceField(label=_("Scored as"), choices=ScoringKind.choices)
    weight = forms.IntegerField(label=_("Weight"), min_value=0, max_value=100, initial=1)
    source = forms.ChoiceField(
        label=_("Pre-filled from"), choices=DataSource.choices, required=False
    )
    unit = forms.CharField(label=_("Unit"), max_length=50, required=False)
    bands = forms.CharField(
        label=_("Bands"),
        required=False,
        help_text=_(
            "Four figures in ascending order, e.g. 2, 4, 6, 9: the figure that reaches levels 2, 3, 4 and 5."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for level in range(1, LEVEL_MAX + 1):
            self.fields[f"level_{level}"] = forms.CharField(
                label=_("Level %(level)s means") % {"level": level}, max_length=300, required=False
            )

    def clean_bands(self):
        text = (self.cleaned_data.get("bands") or "").replace("،", ",").strip()
        if not text:
            return []
        try:
            values = [float(part) for part in text.split(",") if part.strip()]
        except ValueError as exc:
            raise forms.ValidationError(
                _("Write the bands as figures separated by commas.")
            ) from exc
        if len(values) != BAND_COUNT:
            raise forms.ValidationError(_("Give exactly four figures."))
        return [str(int(v)) if v == int(v) else str(v) for v in values]

    def descriptions(self) -> list[str]:
        return [self.cleaned_data.get(f"level_{level}") or "" for level in range(1, LEVEL_MAX + 1)]


class ReasonForm(VersionedForm):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class MoveForm(VersionedForm):
    pass


def answer_field_names(answer: Answer) -> dict[str, str]:
    code = answer.indicator.code
    return {
        "value": f"{'figure' if answer.indicator.kind == ScoringKind.NUMBER else 'level'}_{code}",
        "note": f"note_{code}",
        "link": f"link_{code}",
    }


class AnswersForm(VersionedForm):
    """One block of fields per indicator: a level (1–5, each with its description) or a figure,
    the evidence notes, and a link to a document or photo."""

    def __init__(self, *args, answers: list[Answer], **kwargs):
        super().__init__(*args, **kwargs)
        self.answers = answers
        for answer in answers:
            indicator = answer.indicator
            names = answer_field_names(answer)
            if indicator.kind == ScoringKind.NUMBER:
                self.fields[names["value"]] = forms.DecimalField(
                    label=indicator.unit or _("Figure"),
                    required=False,
                    min_value=0,
                    decimal_places=2,
                    initial=answer.figure,
                    widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
                )
            else:
                descriptions = list(indicator.level_descriptions or [])
                self.fields[names["value"]] = forms.TypedChoiceField(
                    label=_("Level"),
                    required=False,
                    coerce=int,
                    empty_value=None,
                    choices=[
                        (
                            level,
                            f"{level} – {descriptions[level - 1]}"
                            if len(descriptions) >= level
                            else str(level),
                        )
                        for level in range(1, LEVEL_MAX + 1)
                    ],
                    initial=answer.level,
                    widget=forms.RadioSelect,
                )
            self.fields[names["note"]] = forms.CharField(
                label=_("Evidence and notes"),
                required=False,
                initial=answer.note,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[names["link"]] = forms.CharField(
                label=_("Link to a document or photo"),
                required=False,
                max_length=500,
                initial=answer.link,
                widget=forms.URLInput(attrs={"placeholder": "https://"}),
            )

    def blocks(self):
        """(answer, value field, note field, link field) for the template, in order."""
        for answer in self.answers:
            names = answer_field_names(answer)
            yield answer, self[names["value"]], self[names["note"]], self[names["link"]]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class EvidenceForm(forms.Form):
    """One evidence file for an answer: a photo or a PDF. `accept` lets a phone offer its camera
    beside its files; no `capture`, which would open the camera only and shut out a PDF."""

    file = forms.FileField(
        label=_("Evidence file (photo or PDF)"),
        error_messages={
            "required": _("Evidence file: choose a photo or a PDF to upload."),
            "empty": _("Evidence file: the file is empty."),
        },
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )
    caption = forms.CharField(label=_("Caption"), max_length=250, required=False)
