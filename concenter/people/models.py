"""People of the network: leaders, volunteers, committee members, nominees, attendees."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from concenter.common import audit
from concenter.common.fields import optional_link
from concenter.common.models import LIST_INDEXES, SortKeyField, TimeStampedModel, VersionedModel
from concenter.common.models_area import PlacedInArea


class Profession(TimeStampedModel):
    """A taxonomy a national admin extends; entries are disabled, never deleted."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    name_th = models.CharField(_("Thai name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("profession")
        verbose_name_plural = _("professions")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name_th


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNSPECIFIED = "unspecified", _("Not stated")


class PersonManager(models.Manager):
    """The people everyone sees: not those of an import still running (`import_pending`)."""

    def get_queryset(self):
        return super().get_queryset().filter(import_pending__isnull=True)


class Person(PlacedInArea, VersionedModel):
    # The area columns of `PlacedInArea` without their own indexes: each leads one of the list
    # indexes below, which serve every read by area; the area link has one plain index (on
    # PostgreSQL a link's own index has a `LIKE` twin nothing uses). Fewer indexes, less work for
    # an import's inserts and its publish (docs/adr/0034-person-index-diet.md).
    area = models.ForeignKey(
        "geography.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    province_code = models.CharField(max_length=2, editable=False)
    district_code = models.CharField(max_length=4, editable=False, blank=True)
    subdistrict_code = models.CharField(max_length=6, editable=False, blank=True)
    title = models.CharField(_("title"), max_length=50, blank=True)
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    given_name_en = models.CharField(_("given name (English)"), max_length=100, blank=True)
    family_name_en = models.CharField(_("family name (English)"), max_length=100, blank=True)
    gender = models.CharField(
        _("gender"), max_length=12, choices=Gender.choices, default=Gender.UNSPECIFIED
    )
    birth_year = models.PositiveSmallIntegerField(_("birth year (CE)"), null=True, blank=True)
    profession = optional_link(  # indexed by `person_profession` below
        _("profession"), to=Profession, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # The national ID is never stored: a keyed hash finds the same person again, the last four
    # digits let a person recognise their record.
    # Unique by a constraint (`Meta.constraints`), not `unique=True`: the same check and message,
    # without the `LIKE` index PostgreSQL adds beside a unique text column.
    national_id_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)
    national_id_last4 = models.CharField(
        _("ID (last 4 digits)"), max_length=4, blank=True, editable=False
    )
    anonymized_at = models.DateTimeField(_("anonymized"), null=True, blank=True, editable=False)
    # Search and order: the name as search compares it, its romanisation, its Thai sort key.
    name_search = models.CharField(max_length=250, editable=False, default="")
    name_latin = models.CharField(max_length=250, editable=False, default="")
    sort_key = SortKeyField()
    # The batch of an import still running that created this person: seen by nobody until the
    # import ends (then NULL), removed if it never does (docs/adr/0009-chunked-import-commit.md).
    import_pending = models.BigIntegerField(null=True, blank=True, editable=False)

    objects = PersonManager()
    everyone = models.Manager()  # with the people of unfinished imports (the importer's own use)

    class Meta:
        base_manager_name = "everyone"
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["national_id_hash"], name="people_person_national_id_hash_key"
            )
        ]
        indexes = [
            # A typed page number (`/people/?page=5000`, the API's offset) finds the key before
            # its page by reading only these indexes, of the list's scope (ADR 0024): the order
            # of the lists, `(sort_key, id)`, and the column of the people everyone sees (so that
            # SQLite too reads the index alone).
            *(
                models.Index(
                    fields=[*lead, "sort_key", "id", "import_pending"], name=f"person_{name}_list"
                )
                for lead, name in LIST_INDEXES
            ),
            models.Index(fields=["name_search"], name="person_name_search"),
            models.Index(fields=["area"], name="person_area"),
            models.Index(fields=["profession"], name="person_profession"),
            models.Index(
                fields=["import_pending"],
                name="person_import_pending",
                condition=models.Q(import_pending__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("people:person_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (f"{self.title}{self.given_name}", self.family_name) if p)

    @property
    def name_without_title(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)


class NameWord(models.Model):
    """A distinct word of people's names, as search compares it: each Thai name part with its
    spaces removed (``name_search`` form) and each romanised word folded (``latin_fold``).
    Hundreds of thousands of words stand for millions of people: a misspelt name is matched
    against these, then joined to the people (docs/adr/0025-name-word-table.md)."""

    text = models.CharField(max_length=100, unique=True)

    class Meta:
        verbose_name = _("name word")
        verbose_name_plural = _("name words")

    def __str__(self) -> str:
        return self.text


class NameWordVariant(models.Model):
    """A word and each string one character shorter (its deletion variants): two strings one
    edit apart share a variant, so a misspelt query's variants find the words one edit away from
    it through one B-tree index, on SQLite and PostgreSQL alike."""

    variant = models.CharField(max_length=100)
    word = models.ForeignKey(
        NameWord, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )

    class Meta:
        verbose_name = _("name word variant")
        verbose_name_plural = _("name word variants")
        constraints = [
            models.UniqueConstraint(fields=["variant", "word"], name="namewordvariant_variant_word")
        ]

    def __str__(self) -> str:
        return self.variant


class WordLink(models.Model):
    """A person and a word of their name, with the person's sort key (the people of a word come
    in Thai order from one index): `PersonWord`, `PersonHeadWord`."""

    # Derived from the person's own names: not a record that refers to the person (an import's
    # undo deletes a person these rows point at; exchange.undo.referenced_ids skips them).
    derived_index = True

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    word = models.ForeignKey(
        NameWord, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    sort_key = SortKeyField()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.person_id}: {self.word_id}"


class PersonWord(WordLink):
    """A word of a person's name, with the person's sort key (so that the people of a word come
    in Thai order from one index and a search stops at its page). Written only by
    `concenter.people.words`; no database constraint to the person, so that raw deletes of
    never-published import rows keep working (a link without its person is never joined)."""

    class Meta:
        verbose_name = _("name word of a person")
        verbose_name_plural = _("name words of people")
        constraints = [
            models.UniqueConstraint(fields=["person", "word"], name="personword_person_word")
        ]
        indexes = [models.Index(fields=["word", "sort_key", "person"], name="personword_word_sort")]


class PersonHeadWord(WordLink):
    """The first romanised word of each romanised key of a person's name (`name_latin`: the key
    of the Thai name, the key of the English name), with the person's sort key: every name whose
    key starts with a romanised query has such a word that starts with the query or is a start of
    it, so the people a romanised prefix search may find come in Thai order from one index
    (docs/adr/0031-romanised-key-head-words.md). Each is also one of the person's `PersonWord`s.
    Written only by `concenter.people.words`, as `PersonWord`."""

    class Meta:
        verbose_name = _("first romanised word of a person's name")
        verbose_name_plural = _("first romanised words of people's names")
        constraints = [
            models.UniqueConstraint(fields=["person", "word"], name="personheadword_person_word")
        ]
        indexes = [
            models.Index(fields=["word", "sort_key", "person"], name="personheadword_word_sort")
        ]


class LocalRole(models.TextChoices):
    HEADMAN = "headman", _("Village headman")
    KAMNAN = "kamnan", _("Kamnan")
    VILLAGE_COMMITTEE = "village_committee", _("Village committee member")
    LOCAL_COUNCILLOR = "local_councillor", _("Local councillor")
    CD_VOLUNTEER = "cd_volunteer", _("Community development volunteer")
    HEALTH_VOLUNTEER = "health_volunteer", _("Village health volunteer")


class LocalRoleHolding(PlacedInArea, TimeStampedModel):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="local_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=LocalRole.choices)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("local administration role")
        verbose_name_plural = _("local administration roles")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.person}"


class LawfulBasis(models.TextChoices):
    """Why the department may hold a volunteer's data (PDPA B.E. 2562, section 24)."""

    PUBLIC_TASK = "public_task", _("Public task of the department")
    CONSENT = "consent", _("Consent of the person")
    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest")


class NoticeMethod(models.TextChoices):
    PAPER = "paper", _("Signed paper form")
    VERBAL = "verbal", _("Told in person, noted by the officer")
    ONLINE = "online", _("Online form")
    OTHER = "other", _("Other")


class PrivacyNotice(TimeStampedModel):
    """A record that the person was given the privacy notice (and, where consent is the basis,
    gave it), on a date, by a method. Kept with the person; part of the export of their data."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="privacy_notices",
    )
    given_on = models.DateField(_("notice given on"))
    basis = models.CharField(_("lawful basis"), max_length=30, choices=LawfulBasis.choices)
    method = models.CharField(_("how it was given"), max_length=20, choices=NoticeMethod.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = optional_link(_("recorded by"), to="accounts.User")
    withdrawn_on = models.DateField(_("consent withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.person} · {self.given_on}"


audit.register(Profession)
# The national-ID hash stays out of the audit trail (docs/privacy.md, "The national ID rule"):
# a change of ID shows in the history through its last four digits, never through the hash.
audit.register(Person, exclude_fields=["name_search", "name_latin", "sort_key", "national_id_hash"])
audit.register(LocalRoleHolding)
audit.register(PrivacyNotice)
