"""Thailand's areas, keyed by their DOPA code (hierarchical by prefix).

Each area also carries the codes of its ancestors, one column per level, so that a roll-up over a
province or a district is a GROUP BY on a column and never a walk up the tree (DHIS2's
`_orgunitstructure`)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from concenter.common import audit
from concenter.common.fields import optional_link
from concenter.common.models import SortKeyField, VersionedModel


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    SUBDISTRICT = "subdistrict", _("Subdistrict")
    VILLAGE = "village", _("Village")


CODE_LENGTH = {
    Level.PROVINCE: 2,
    Level.DISTRICT: 4,
    Level.SUBDISTRICT: 6,
    Level.VILLAGE: 8,
}
LEVEL_BY_CODE_LENGTH = {length: level for level, length in CODE_LENGTH.items()}
CHILD_LEVEL = {
    None: Level.PROVINCE,
    Level.PROVINCE: Level.DISTRICT,
    Level.DISTRICT: Level.SUBDISTRICT,
    Level.SUBDISTRICT: Level.VILLAGE,
}
VILLAGE_NUMBER_MIN = 1
VILLAGE_NUMBER_MAX = 99


class Area(VersionedModel):
    code = models.CharField(_("area code"), max_length=8, primary_key=True)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    parent = optional_link(
        _("parent area"), to="self", on_delete=models.PROTECT, related_name="children"
    )
    province_code = models.CharField(_("province code"), max_length=2)
    district_code = models.CharField(_("district code"), max_length=4, blank=True)
    subdistrict_code = models.CharField(_("subdistrict code"), max_length=6, blank=True)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    village_number = models.PositiveSmallIntegerField(_("village number"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    # Names in the form search compares (lower case, no spaces, no level words), and the key that
    # puts Thai names in dictionary order under a binary collation.
    search_th = models.CharField(max_length=200, editable=False, db_index=True)
    search_en = models.CharField(max_length=200, editable=False, db_index=True)
    sort_key = SortKeyField()

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["parent", "sort_key"], name="area_parent_sort"),
            models.Index(fields=["level", "active"], name="area_level_active"),
            models.Index(fields=["province_code", "level"], name="area_province_level"),
            models.Index(fields=["district_code", "level"], name="area_district_level"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(village_number__isnull=True)
                | models.Q(
                    village_number__gte=VILLAGE_NUMBER_MIN, village_number__lte=VILLAGE_NUMBER_MAX
                ),
                name="area_village_number_range",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("geography:area_detail", args=[self.code])

    @property
    def display_name(self) -> str:
        """The name with its level word, as Thai officials write it ("อำเภอเมืองกาญจนบุรี"); in
        the English interface the English name with its level ("Mueang Kanchanaburi District")
        where the area has one (villages have none: their Thai name is kept)."""
        if self.name_en and (get_language() or "").startswith("en"):
            return english_display_name(self)
        return self.display_name_th

    @property
    def display_name_th(self) -> str:
        """The Thai name with its level word, whatever the interface's language (for what is
        stored, such as the title of a community plan)."""
        return f"{level_prefix_th(self)}{self.bare_name_th}"

    @property
    def bare_name_th(self) -> str:
        """The Thai name without its level word: Bangkok's districts come from DOPA as
        "เขตพระนคร", and a level word must not be written twice ("เขตเขตพระนคร")."""
        prefix = level_prefix_th(self)
        if prefix and self.name_th.startswith(prefix) and len(self.name_th) > len(prefix):
            return self.name_th[len(prefix) :]
        return self.name_th

    @property
    def is_bangkok(self) -> bool:
        return self.province_code == "10"


def english_display_name(area: Area) -> str:
    if area.level == Level.PROVINCE:
        return area.name_en if area.is_bangkok else f"{area.name_en} Province"
    if area.level == Level.DISTRICT:
        return f"{area.name_en} District"
    if area.level == Level.SUBDISTRICT:
        return f"{area.name_en} Subdistrict"
    return f"Village No. {area.village_number} {area.name_en}"


def level_prefix_th(area: Area) -> str:
    if area.level == Level.PROVINCE:
        return "" if area.is_bangkok else "จังหวัด"
    if area.level == Level.DISTRICT:
        return "เขต" if area.is_bangkok else "อำเภอ"
    if area.level == Level.SUBDISTRICT:
        return "แขวง" if area.is_bangkok else "ตำบล"
    return f"หมู่ที่ {area.village_number} "


audit.register(Area)
