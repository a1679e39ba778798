"""The ancestor columns that records placed in an area carry (DHIS2's one column per level)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlacedInArea(models.Model):
    """A record that lives in an area. The services copy the area's ancestor codes here, so
    scope filters and roll-ups read one indexed column of the record itself."""

    area = models.ForeignKey(
        "geography.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    province_code = models.CharField(max_length=2, editable=False, db_index=True)
    district_code = models.CharField(max_length=4, editable=False, blank=True, db_index=True)
    subdistrict_code = models.CharField(max_length=6, editable=False, blank=True, db_index=True)

    class Meta:
        abstract = True

    def place_in(self, area) -> None:
        self.area = area
        self.province_code = area.province_code
        self.district_code = area.district_code
        self.subdistrict_code = area.subdistrict_code

    @property
    def area_codes(self) -> tuple[str, ...]:
        """The area codes whose roll-ups count this record, national ("TH") first."""
        return tuple(
            c for c in ("TH", self.province_code, self.district_code, self.subdistrict_code) if c
        )
