"""Areas over the API: public data, addressed by DOPA code."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from concenter.api.base import AUTH, BoundedPagination, OptionalAuth
from concenter.geography import selectors, services
from concenter.geography.models import Area, Level

router = Router(tags=["areas"])


class AreaOut(Schema):
    code: str
    name_th: str
    name_en: str
    level: str
    parent: str | None
    active: bool
    village_number: int | None = None

    @staticmethod
    def resolve_parent(obj: Area) -> str | None:
        return obj.parent_id


class AreaDetailOut(AreaOut):
    ancestors: list[AreaOut]
    children_count: int


class VillageIn(Schema):
    subdistrict_code: str
    number: int
    name_th: str
    name_en: str = ""


@router.get("/areas", response=list[AreaOut], auth=OptionalAuth())
@paginate(BoundedPagination)
def area_list(request, parent: str | None = None, q: str | None = None, level: Level | None = None):
    """Children of `parent` (provinces when none), or the areas matching `q` (Thai or English)."""
    if q is not None:
        return selectors.area_search(query=q, levels=[level] if level else None, limit=50)
    if parent is not None and not Area.objects.filter(code=parent[:8]).exists():
        raise ValidationError({"parent": _("Unknown area code: %(code)s") % {"code": parent[:20]}})
    qs = selectors.area_children(parent_code=parent[:8] if parent else None)
    return qs.filter(level=level) if level else qs


@router.get("/areas/{code}", response=AreaDetailOut, auth=OptionalAuth())
def area_detail(request, code: str):
    area = selectors.area_get(code=code[:8])
    area.ancestors = selectors.area_ancestors(area)
    area.children_count = area.children.filter(active=True).count()
    return area


@router.post("/villages", response={201: AreaOut}, auth=AUTH)
def village_create(request, payload: VillageIn):
    """Create a village (หมู่บ้าน) under a subdistrict in your area."""
    village = services.village_create(actor=request.user, **payload.dict())
    return Status(201, village)
