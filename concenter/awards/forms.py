"""Forms of the awards pages. They only shape what was typed: every rule is the services'."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from concenter.awards import rules
from concenter.awards.models import Category, NomineeKind
from concenter.common.forms import AreaPickerInput, SuggestInput, ThaiDateField
from concenter.people.models import Gender, Profession


def start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def end_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def center_field() -> forms.CharField:
    """A center nominated or linked, picked by its area's name as one types (its code kept)."""
    return forms.CharField(
        label=_("Center"),
        max_length=8,
        required=False,
        widget=AreaPickerInput(levels=("province", "district", "subdistrict")),
        help_text=_("Type its area's name and choose it from the list (or type its code)."),
    )


class ProgrammeForm(VersionedForm):
    """The settings of a programme. Dates are days: nominations open at the start of the
    first day and close at the end of the last (Bangkok time)."""

    title = forms.CharField(
        label=_("Title"),
        max_length=250,
        help_text=_("For example นักพัฒนาชุมชนดีเด่นจังหวัดกาญจนบุรี ประจำปี 2563"),
    )
    area_code = forms.CharField(
        label=_("Area covered"),
        max_length=6,
        widget=AreaPickerInput(levels=("province", "district", "subdistrict")),
        help_text=_("Type its name and choose it from the list (or type its code)."),
    )
    nominee_kind = forms.ChoiceField(label=_("Kind of nominee"), choices=NomineeKind.choices)
    year = forms.CharField(label=_("Year (BE)"), max_length=4, help_text=_("For example 2563"))
    series = forms.SlugField(
        label=_("Series"),
        max_length=80,
        required=False,
        help_text=_(
            "The same name every year (e.g. outstanding-developer-71), to recognise earlier winners."
        ),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    opens_on = ThaiDateField(label=_("Nominations open on"))
    closes_on = ThaiDateField(label=_("Nominations close on (inclusive)"))
    public_nominations = forms.BooleanField(
        label=_("The public may nominate through a public form"), required=False
    )
    total_quota = forms.IntegerField(
        label=_("Total quota"),
        min_value=0,
        required=False,
        help_text=_("Leave empty when only the categories have quotas."),
    )
    min_scorecards = forms.IntegerField(
        label=_("Minimum complete scorecards per nomination"), min_value=1, initial=1
    )
    normalize = forms.BooleanField(
        label=_("Normalise each judge's scores (z-scores)"),
        required=False,
        help_text=_("Evens out strict and generous judges."),
    )
    require_in_area = forms.BooleanField(
        label=_("The nominee must live or work in the area"), required=False, initial=True
    )
    winner_cooldown_years = forms.IntegerField(
        label=_("Not a winner of this series in the last N years"), min_value=1, required=False
    )
    minimum_age = forms.IntegerField(label=_("Minimum age"), min_value=1, required=False)
    plaque_heading = forms.CharField(
        label=_("Issuer printed on the plaques"),
        max_length=250,
        required=False,
        help_text=_("For example ศูนย์ประสานงานองค์การชุมชนจังหวัดกาญจนบุรี"),
    )
    plaque_date = ThaiDateField(label=_("Date printed on the plaques"), required=False)

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        opens_on, closes_on = data.pop("opens_on"), data.pop("closes_on")
        data["nominations_open_at"] = start_of_day(opens_on)
        data["nominations_close_at"] = end_of_day(closes_on)
        return data


class CategoryForm(forms.Form):
    profession = forms.ModelChoiceField(
        label=_("Profession"),
        queryset=Profession.objects.filter(active=True),
        to_field_name="code",
        required=False,
        help_text=_("Or type a free name below."),
    )
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    quota = forms.IntegerField(label=_("Quota"), min_value=0, required=False)


class CategoryQuotaForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    quota = forms.IntegerField(label=_("Quota"), min_value=0, required=False)


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    weight = forms.CharField(label=_("Weight"), max_length=10, initial="1")
    max_score = forms.CharField(label=_("Maximum score"), max_length=10, initial="10")
    guidance = forms.CharField(
        label=_("Guidance for judges"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("Yes/no question for screening"),
        max_length=300,
        help_text=_("For example: Has worked for the community for at least 5 years?"),
    )


class SignatoriesForm(forms.Form):
    name_1 = forms.CharField(label=_("Name (1)"), max_length=200, required=False)
    position_1 = forms.CharField(label=_("Position (1)"), max_length=250, required=False)
    name_2 = forms.CharField(label=_("Name (2)"), max_length=200, required=False)
    position_2 = forms.CharField(label=_("Position (2)"), max_length=250, required=False)
    name_3 = forms.CharField(label=_("Name (3)"), max_length=200, required=False)
    position_3 = forms.CharField(label=_("Position (3)"), max_length=250, required=False)

    def pairs(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [(data[f"name_{i}"], data[f"position_{i}"]) for i in range(1, 4)]


class ImageForm(forms.Form):
    image = forms.FileField(
        label=_("Image (JPEG, PNG or WebP)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )


class PanelForm(forms.Form):
    judge = forms.ChoiceField(label=_("Judge (a user with the judge role)"))
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories this judge scores (none = all)"),
        queryset=Category.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, judges=(), categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].choices = [("", "—")] + [(u.pk, f"{u} ({u.username})") for u in judges]
        if categories is not None:
            self.fields["categories"].queryset = categories


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class NominationForm(forms.Form):
    """Nominate an existing record (picked by search) or a new person typed here."""

    category_id = forms.ChoiceField(label=_("Category"), required=False)
    person_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    organization_id = forms.IntegerField(
        label=_("Organization number in the registry"), required=False
    )
    center_code = center_field()
    title = forms.CharField(
        label=pgettext_lazy("name prefix", "Title"),
        max_length=50,
        required=False,
        widget=SuggestInput(),
    )
    given_name = forms.CharField(label=_("Given name"), max_length=100, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=Gender.choices, initial=Gender.UNSPECIFIED, required=False
    )
    birth_year = forms.IntegerField(
        label=_("Birth year (BE or CE)"), required=False, min_value=1900, max_value=2700
    )
    profession = forms.ModelChoiceField(
        label=_("Profession"),
        queryset=Profession.objects.filter(active=True),
        to_field_name="code",
        required=False,
    )
    new_person_area_code = forms.CharField(
        label=_("Village or subdistrict"),
        max_length=8,
        required=False,
        widget=AreaPickerInput(levels=("village", "subdistrict")),
    )
    confirm_new_person = forms.BooleanField(widget=forms.HiddenInput, required=False)
    statement = forms.CharField(
        label=_("Why this nominee deserves the award"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=rules.STATEMENT_MAX_LENGTH,
    )
    citation = forms.CharField(
        label=_("Citation for the plaque (optional)"),
        max_length=rules.CITATION_MAX_LENGTH,
        required=False,
    )
    nominator_relation = forms.CharField(
        label=_("Your relation to the nominee"), max_length=200, required=False
    )
    evidence = MultipleFileField(
        label=_("Evidence (PDF or images, up to 10 files of 10 MB)"), required=False
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category_id"].choices = [("", "—")] + [(c.pk, c.name) for c in categories]


class NominationEditForm(VersionedForm):
    category_id = forms.ChoiceField(label=_("Category"), required=False)
    statement = forms.CharField(
        label=_("Why this nominee deserves the award"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=rules.STATEMENT_MAX_LENGTH,
    )
    citation = forms.CharField(
        label=_("Citation for the plaque"), max_length=rules.CITATION_MAX_LENGTH, required=False
    )
    nominator_relation = forms.CharField(
        label=_("Relation to the nominee"), max_length=200, required=False
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category_id"].choices = [("", "—")] + [(c.pk, c.name) for c in categories]


class LinkForm(VersionedForm):
    person_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    organization_id = forms.IntegerField(
        label=_("Organization number in the registry"), required=False
    )
    center_code = center_field()
    title = forms.CharField(
        label=pgettext_lazy("name prefix", "Title"),
        max_length=50,
        required=False,
        widget=SuggestInput(),
    )
    given_name = forms.CharField(label=_("Given name"), max_length=100, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=Gender.choices, initial=Gender.UNSPECIFIED, required=False
    )
    birth_year = forms.IntegerField(
        label=_("Birth year (BE or CE)"), required=False, min_value=1900, max_value=2700
    )
    profession = forms.ModelChoiceField(
        label=_("Profession"),
        queryset=Profession.objects.filter(active=True),
        to_field_name="code",
        required=False,
    )
    new_person_area_code = forms.CharField(
        label=_("Village or subdistrict"),
        max_length=8,
        required=False,
        widget=AreaPickerInput(levels=("village", "subdistrict")),
    )
    confirm_new_person = forms.BooleanField(widget=forms.HiddenInput, required=False)


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("File (PDF or image, up to 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


YES_NO = [("", "—"), ("yes", _("Yes")), ("no", _("No"))]


class ScreenForm(VersionedForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("eligible", _("Eligible")), ("ineligible", _("Not eligible"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason or note"), max_length=500, required=False)
    confirm_unchecked = forms.BooleanField(
        label=_("I have checked the rules the data cannot check"), required=False
    )

    def __init__(self, *args, questions=(), answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        answers = answers or {}
        for question in questions:
            current = answers.get(str(question.pk))
            self.fields[f"question_{question.pk}"] = forms.ChoiceField(
                label=question.question,
                choices=YES_NO,
                required=False,
                initial="" if current is None else ("yes" if current else "no"),
            )
        self.questions = list(questions)

    def answers(self) -> dict[str, str]:
        return {str(q.pk): self.cleaned_data.get(f"question_{q.pk}") or "" for q in self.questions}


class ScorecardForm(forms.Form):
    """One field per criterion (typed as text: the service says what is wrong with a value)."""

    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, criteria=(), scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        scores = scores or {}
        fields = {}
        for criterion in criteria:
            value = scores.get(criterion.pk)
            fields[f"criterion_{criterion.pk}"] = forms.CharField(
                label=criterion.name,
                required=False,
                max_length=10,
                initial="" if value is None else format(value.normalize(), "f"),
                help_text=" ".join(
                    part
                    for part in (
                        _("0 to %(max)s, whole or half points (weight %(weight)s).")
                        % {
                            "max": format(criterion.max_score.normalize(), "f"),
                            "weight": format(criterion.weight.normalize(), "f"),
                        },
                        criterion.guidance,
                    )
                    if part
                ),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )
        fields["comment"] = self.fields.pop("comment")
        self.fields = {**fields, **self.fields}
        self.criteria = list(criteria)

    def scores(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"criterion_{c.pk}", "") for c in self.criteria}


class DeclareForm(forms.Form):
    detail = forms.CharField(
        label=_("Your conflict of interest with this nominee"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ConflictDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("confirm", _("Yes, this is a conflict")), ("dismiss", _("No conflict"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class TieForm(forms.Form):
    nomination_ids = forms.CharField(widget=forms.HiddenInput)
    selected = forms.MultipleChoiceField(
        label=_("Selected for the places left"), widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(
        label=_("Reason for the decision"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, nominations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selected"].choices = [(n.pk, n.nominee_name) for n in nominations]


class TransitionForm(VersionedForm):
    to = forms.CharField(widget=forms.HiddenInput)
    early = forms.BooleanField(required=False)
    allow_incomplete = forms.BooleanField(required=False)
    reason = forms.CharField(max_length=500, required=False)


class PublicNominationForm(forms.Form):
    """The public form. `website` is a honeypot: hidden from people, filled in by bots."""

    category_id = forms.ChoiceField(label=_("Category"), required=False)
    nominee_name = forms.CharField(label=_("Nominee's full name with title"), max_length=300)
    nominee_area_code = forms.ChoiceField(label=_("Where the nominee lives or works"))
    proposed_details = forms.CharField(
        label=_("About the nominee (village, occupation, how to reach them)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    statement = forms.CharField(
        label=_("Why this nominee deserves the award"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=rules.STATEMENT_MAX_LENGTH,
    )
    nominator_name = forms.CharField(label=_("Your name"), max_length=200)
    nominator_phone = forms.CharField(label=_("Your phone"), max_length=30, required=False)
    nominator_email = forms.EmailField(label=_("Your email"), required=False)
    nominator_relation = forms.CharField(
        label=_("Your relation to the nominee"), max_length=200, required=False
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the officers keep my name and contact to check this nomination, "
            "and for no other purpose."
        )
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args, categories=(), areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category_id"].choices = [("", "—")] + [(c.pk, c.name) for c in categories]
        self.fields["nominee_area_code"].choices = [("", "—"), *areas]
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))
