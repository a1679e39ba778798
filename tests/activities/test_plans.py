"""Community plans of villages and subdistricts, their projects and progress; a subdistrict's
view rolls up its villages' plans."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from concenter.accounts.models import Role
from concenter.activities import selectors, services
from concenter.activities.models import CommunityPlan, PlanProject, ProjectProgress
from concenter.common.errors import NotFoundOrOutOfScope, StaleVersion
from concenter.geography.models import Area
from concenter.geography.services import village_create
from tests.activities.helpers import activity_data
from tests.conftest import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def villages(national_admin):
    for number, name in ((1, "บ้านท่ามะขาม"), (2, "บ้านหนองบัว")):
        if not Area.objects.filter(code=f"7101040{number}").exists():
            village_create(
                actor=national_admin, subdistrict_code="710104", number=number, name_th=name
            )
    return ["71010401", "71010402"]


def _plan(actor, area_code, first=2566, last=2570, **extra):
    return services.plan_create(
        actor=actor,
        area_code=area_code,
        data=services.PlanData(first_year=first, last_year=last, **extra),
    )


def _project(actor, plan, **overrides):
    values = {"name": "ประปาหมู่บ้าน", "mission": "environment", "doer": "local_government"}
    values.update(overrides)
    return services.plan_project_add(
        actor=actor, plan_id=plan.pk, data=services.ProjectData(**values)
    )


def test_a_plan_belongs_to_a_village_or_a_subdistrict(villages, district_officer):
    village = _plan(district_officer, villages[0], problems="น้ำไม่พอใช้\r\nถนนชำรุด")
    assert village.title == "แผนชุมชนหมู่ที่ 1 บ้านท่ามะขาม 2566–2570"
    assert village.problems == "น้ำไม่พอใช้\nถนนชำรุด"
    assert (village.subdistrict_code, village.district_code) == ("710104", "7101")
    subdistrict = _plan(district_officer, "710104", 2566, 2566, title="แผนตำบล")
    assert subdistrict.period == "2566"
    for code in ("7101", "71", "99999999"):
        with pytest.raises(ValidationError) as error:
            _plan(district_officer, code)
        assert "area_code" in error.value.message_dict


@pytest.mark.parametrize(
    ("first", "last", "field"),
    [
        (2570, 2566, "last_year"),
        (2566, 2580, "last_year"),
        (2023, 2027, "first_year"),  # a CE year typed by mistake
        (None, None, "first_year"),
    ],
    ids=["last-before-first", "longer-than-ten-years", "ce-year", "missing"],
)
def test_bad_periods_are_refused_naming_the_field(district_officer, first, last, field):
    with pytest.raises(ValidationError) as error:
        _plan(district_officer, "710104", first, last)
    assert field in error.value.message_dict


def test_periods_of_one_area_do_not_overlap(villages, district_officer):
    _plan(district_officer, "710104", 2561, 2565)
    with pytest.raises(ValidationError) as error:
        _plan(district_officer, "710104", 2565, 2569)
    assert "first_year" in error.value.message_dict
    _plan(district_officer, "710104", 2566, 2570)  # the next period
    _plan(district_officer, villages[0], 2561, 2565)  # another area may overlap


def test_projects_keep_their_year_inside_the_period_and_move_through_progress(
    district_officer,
):
    plan = _plan(district_officer, "710104")
    project = _project(district_officer, plan, year=2567, budget="450,000")
    assert project.budget == Decimal("450000.00") and project.progress == ProjectProgress.PLANNED
    for overrides, field in (
        ({"year": 2571}, "year"),
        ({"mission": ""}, "mission"),
        ({"doer": "aliens"}, "doer"),
        ({"name": ""}, "name"),
        ({"budget": "-1"}, "budget"),
    ):
        with pytest.raises(ValidationError) as error:
            _project(district_officer, plan, **overrides)
        assert field in error.value.message_dict
    for progress in (ProjectProgress.IN_PROGRESS, ProjectProgress.DONE):
        project = services.plan_project_update(
            actor=district_officer,
            project_id=project.pk,
            expected_version=project.version,
            data=services.ProjectData(
                name=project.name,
                mission=project.mission,
                doer=project.doer,
                budget=project.budget,
                year=project.year,
                progress=progress,
            ),
        )
    assert project.progress == ProjectProgress.DONE
    with pytest.raises(StaleVersion):
        services.plan_project_update(
            actor=district_officer,
            project_id=project.pk,
            expected_version=1,
            data=services.ProjectData(name="x", mission="plan", doer="community"),
        )
    with pytest.raises(ValidationError) as error:  # the period may not leave a project out
        services.plan_update(
            actor=district_officer,
            plan_id=plan.pk,
            expected_version=None,
            data=services.PlanData(first_year=2568, last_year=2570),
        )
    assert "first_year" in error.value.message_dict


def test_a_project_carried_out_by_activities_is_dropped_not_removed(centers, district_officer):
    plan = _plan(district_officer, "710104")
    used = _project(district_officer, plan)
    spare = _project(district_officer, plan, name="ลานกีฬา")
    services.activity_create(
        actor=district_officer, center_code="710104", data=activity_data(plan_project_id=used.pk)
    )
    with pytest.raises(ValidationError):
        services.plan_project_remove(actor=district_officer, project_id=used.pk)
    services.plan_project_remove(actor=district_officer, project_id=spare.pk)
    assert list(PlanProject.objects.values_list("pk", flat=True)) == [used.pk]


def test_a_subdistrict_view_rolls_up_its_villages_plans(villages, district_officer):
    own = _plan(district_officer, "710104")
    first = _plan(district_officer, villages[0])
    second = _plan(district_officer, villages[1])
    _project(district_officer, own, budget="1000", year=2566, progress="done")
    _project(district_officer, first, budget="200", doer="community", year=2566, progress="done")
    _project(district_officer, first, budget="300", doer="agency", year=2567, progress="dropped")
    _project(district_officer, second, budget="400", mission="drugs", year=2567)
    area = Area.objects.get(code="710104")
    overview = selectors.plan_overview(selectors.plans_in(user=district_officer, area=area))
    assert [row.plan.pk for row in overview.plans] == [own.pk, first.pk, second.pk]
    assert (overview.projects, overview.budget) == (4, Decimal("1900"))
    progress = {t.key: t.projects for t in overview.by_progress}
    assert progress == {"planned": 1, "in_progress": 0, "done": 2, "dropped": 1}
    doers = {t.key: (t.projects, t.budget) for t in overview.by_doer}
    assert doers["local_government"] == (2, Decimal("1400"))
    assert overview.done_share == 0.5
    year = selectors.plan_overview(selectors.plans_in(user=district_officer, area=area), year=2567)
    assert year.projects == 2
    village = Area.objects.get(code=villages[0])
    assert [
        r.plan.pk
        for r in selectors.plan_overview(
            selectors.plans_in(user=district_officer, area=village)
        ).plans
    ] == [first.pk]
    district = Area.objects.get(code="7101")
    assert (
        selectors.plan_overview(selectors.plans_in(user=district_officer, area=district)).projects
        == 4
    )


def test_plans_are_changed_within_the_subdistrict_and_read_within_the_scope(
    villages, district_officer, other_district_officer, viewer
):
    editor = make_user("editor.thamakham", Role.CENTER_EDITOR, center_code="710104")
    plan = _plan(editor, villages[0])  # the subdistrict center's editor may plan its villages
    assert CommunityPlan.objects.filter(pk=plan.pk).exists()
    district_editor = make_user("editor.mueang", Role.CENTER_EDITOR, center_code="7101")
    for actor in (other_district_officer, viewer, district_editor):
        with pytest.raises(NotFoundOrOutOfScope):
            _plan(actor, villages[1])
        with pytest.raises(NotFoundOrOutOfScope):
            _project(actor, plan)
    area = Area.objects.get(code="710104")
    assert selectors.plans_in(user=other_district_officer, area=area).count() == 0
    assert selectors.plans_in(user=viewer, area=area).count() == 1
    with pytest.raises(NotFoundOrOutOfScope):
        selectors.plan_get(user=other_district_officer, plan_id=plan.pk)
    assert selectors.plan_get(user=district_editor, plan_id=plan.pk) == plan  # reads inside 7101


def test_the_plan_dates_are_not_in_the_future(district_officer):
    with pytest.raises(ValidationError) as error:
        _plan(
            district_officer,
            "710104",
            approved_on=timezone.localdate() + datetime.timedelta(days=2),
        )
    assert "approved_on" in error.value.message_dict
