"""Every kind of import: the service rules, natural keys, roll-ups, leaders, members, committees."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from concenter.activities.models import Activity
from concenter.common.search import person_search
from concenter.geography.models import Area
from concenter.network import services as network
from concenter.network.models import (
    Center,
    CommitteeTerm,
    Organization,
    OrganizationMember,
    Partner,
    Rollup,
    Seat,
    TermStatus,
)
from concenter.network.rollups import rollup_rebuild
from concenter.people.models import Person, PersonWord
from tests.exchange.helpers import ORGANIZATIONS_TH, run, valid_id, write_csv, write_xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def _rollups() -> set:
    return set(Rollup.objects.exclude(value=0).values_list("area_code", "metric", "key", "value"))


def assert_rollups_match_a_rebuild():
    live = _rollups()
    rollup_rebuild()
    assert live == _rollups()


# Villages -------------------------------------------------------------------------------------


def test_villages_by_code_or_by_subdistrict_and_number(tmp_path, district_officer):
    rows = [
        ["รหัสหมู่บ้าน", "ตำบล", "หมู่ที่", "ชื่อหมู่บ้าน"],
        ["71010405", "", "", "บ้านหนองบัว"],
        ["", "ต.ท่ามะขาม อ.เมืองกาญจนบุรี จ.กาญจนบุรี", "๖", "บ้านโคกงาม"],
        ["", "710104", "120", "บ้านเลขผิด"],
        ["", "720101", "3", "บ้านนอกเขต"],
    ]
    result = run(
        district_officer, write_csv(tmp_path, rows, name="v.csv"), "villages", mode="partial"
    )
    assert (result.created, result.rejected_count) == (2, 2)
    assert Area.objects.get(code="71010406").name_th == "บ้านโคกงาม"
    assert Area.objects.get(code="71010405").parent_id == "710104"
    assert [r.row for r in result.rejected] == [4, 5]
    rows[1][3] = "บ้านหนองบัวใหม่"
    again = run(district_officer, write_csv(tmp_path, rows[:3], name="v.csv"), "villages")
    assert (again.updated, again.unchanged) == (1, 1)
    assert Area.objects.get(code="71010405").name_th == "บ้านหนองบัวใหม่"


# Organisations --------------------------------------------------------------------------------


def test_xlsx_dates_and_money_in_the_common_thai_forms(tmp_path, district_officer):
    rows = [ORGANIZATIONS_TH]
    for index, day in enumerate(["28/02/2563", "28 ก.พ. 63", "๒๘/๐๒/๒๕๖๓", "2020-02-28"]):
        rows.append(["village_fund", f"กองทุนทดสอบ {index}", "710104", day, "12,500 บาท", "๒๕"])
    rows.append(["กองทุนหมู่บ้าน", "กองทุนวันที่จริง", "710104", datetime.date(2020, 2, 28), 12500, 25])
    result = run(district_officer, write_xlsx(tmp_path, rows, "orgs.xlsx"), "organizations")
    assert result.created == 5, result.rejected
    for organization in Organization.objects.filter(name__startswith="กองทุน"):
        assert str(organization.founded_on) == "2020-02-28"
        assert organization.funds == Decimal("12500.00")
        assert organization.member_count == 25
    assert_rollups_match_a_rebuild()


def test_organization_rules_are_the_services(tmp_path, district_officer):
    future = (timezone.localdate() + datetime.timedelta(days=400)).strftime("%d/%m/%Y")
    rows = [
        ORGANIZATIONS_TH,
        ["ไม่มีประเภทนี้", "ก", "710104", "", "", ""],
        ["village_fund", "ข", "7101", "", "", ""],  # a district: not a village or subdistrict
        ["village_fund", "ค", "710104", future, "", ""],
        ["village_fund", "ง", "710104", "", "-5", ""],
        ["village_fund", "", "710104", "", "", ""],
    ]
    result = run(
        district_officer, write_csv(tmp_path, rows, name="o.csv"), "organizations", mode="partial"
    )
    assert result.created == 0 and result.rejected_count == 5
    columns = [r.errors[0][0] for r in result.rejected]
    assert columns == ["ประเภท", "รหัสพื้นที่", "วันที่ก่อตั้ง", "เงินทุน", "ชื่อองค์กร"]


def test_organization_with_its_leader_found_or_registered(tmp_path, district_officer):
    known = valid_id("110170020345")
    rows = [
        ["ประเภท", "ชื่อองค์กร", "รหัสพื้นที่", "ผู้นำ", "เลขประจำตัวประชาชนผู้นำ", "เลขทะเบียน"],
        ["savings_group", "กลุ่มออมทรัพย์ทุ่งนา", "71010401", "นางสมศรี ใจงาม", known, "ออ-1"],
        ["savings_group", "กลุ่มออมทรัพย์ดอนดี", "71010401", "นางสมศรี ใจงาม", known, "ออ-2"],
        ["womens_group", "กลุ่มสตรีบ้านใหม่", "710104", "นายใหม่ ผู้นำ", "", ""],
    ]
    Area.objects.create(code="71010401", level="village", parent_id="710104", province_code="71",
                        district_code="7101", subdistrict_code="710104", village_number=1,
                        name_th="บ้านหนึ่ง")  # fmt: skip
    result = run(district_officer, write_csv(tmp_path, rows, name="o.csv"), "organizations")
    assert result.created == 3, result.rejected
    leader = Person.objects.get(given_name="สมศรี")
    assert leader.title == "นาง" and leader.family_name == "ใจงาม"
    assert Organization.objects.filter(leader=leader).count() == 2
    assert Person.objects.get(given_name="ใหม่").area_id == "710104"
    # The leaders it registered are found by their names' words (ADR 0025), romanised too.
    assert PersonWord.objects.filter(person=leader).count() >= 2
    assert leader.name_latin
    found = person_search(user=district_officer, query=leader.name_latin.split()[0][:6])
    assert leader in found
    again = run(district_officer, write_csv(tmp_path, rows, name="o.csv"), "organizations")
    assert (again.created, again.unchanged) == (0, 3)
    assert Person.objects.filter(given_name="สมศรี").count() == 1
    assert_rollups_match_a_rebuild()


def test_registration_number_is_unique_per_type(tmp_path, district_officer):
    rows = [
        ["ประเภท", "ชื่อองค์กร", "รหัสพื้นที่", "เลขทะเบียน"],
        ["village_fund", "กองทุนหนึ่ง", "710104", "ก-1"],
        ["village_fund", "กองทุนสอง", "710105", "ก-1"],
    ]
    result = run(
        district_officer, write_csv(tmp_path, rows, name="o.csv"), "organizations", mode="partial"
    )
    assert result.created == 1 and result.rejected[0].row == 3


def test_members_of_an_organization(tmp_path, district_officer):
    organization = network.organization_create(
        actor=district_officer, area_code="710104", type_code="savings_group",
        name="กลุ่มออมทรัพย์สมาชิก", registration_number="สม-1",
    )  # fmt: skip
    rows = [
        ["เลขทะเบียนองค์กร", "ชื่อ", "นามสกุล", "บทบาทในกลุ่ม"],
        ["สม-1", "สมาชิกหนึ่ง", "ดี", "เหรัญญิก"],
        ["สม-1", "สมาชิกสอง", "ดี", ""],
        ["ไม่มี-9", "สมาชิกสาม", "ดี", ""],
    ]
    result = run(
        district_officer, write_csv(tmp_path, rows, name="m.csv"), "members", mode="partial"
    )
    assert (result.created, result.rejected_count) == (2, 1)
    assert OrganizationMember.objects.filter(organization=organization).count() == 2
    assert OrganizationMember.objects.get(person__given_name="สมาชิกหนึ่ง").role == "เหรัญญิก"
    rows[1][3] = "ประธาน"
    again = run(district_officer, write_csv(tmp_path, rows[:3], name="m.csv"), "members")
    assert (again.created, again.updated, again.unchanged) == (0, 1, 1)


# Centers and partners -------------------------------------------------------------------------


def test_centers_with_default_names_and_rollups(tmp_path, district_officer):
    rows = [
        ["รหัสพื้นที่", "ชื่อศูนย์", "วันที่ก่อตั้ง", "สถานะ"],
        ["710104", "", "1/10/2551", "ดำเนินงาน"],
        ["อ.เมืองกาญจนบุรี จ.กาญจนบุรี", "", "", ""],
        ["710201", "", "", ""],  # another district
        ["71010401", "", "", ""],  # a village has no center
    ]
    Area.objects.create(code="71010401", level="village", parent_id="710104", province_code="71",
                        district_code="7101", subdistrict_code="710104", village_number=1,
                        name_th="บ้านหนึ่ง")  # fmt: skip
    result = run(
        district_officer, write_csv(tmp_path, rows, name="c.csv"), "centers", mode="partial"
    )
    assert result.created == 2 and [r.row for r in result.rejected] == [4, 5], result.rejected
    assert Center.objects.get(pk="710104").name == "ศูนย์ประสานงานองค์การชุมชนตำบลท่ามะขาม"
    assert Center.objects.get(pk="7101").level == "district"
    assert_rollups_match_a_rebuild()


def test_partners_are_known_by_name_within_their_area(tmp_path, district_officer):
    rows = [
        ["ประเภทภาคี", "ชื่อภาคี", "รหัสพื้นที่", "เว็บไซต์", "อีเมล"],
        ["สถาบันการศึกษา", "มหาวิทยาลัยทดสอบ", "7101", "www.example.ac.th", ""],
        ["อบต", "อบต.ท่ามะขาม", "710104", "", "ผิด@"],
    ]
    result = run(
        district_officer, write_csv(tmp_path, rows, name="p.csv"), "partners", mode="partial"
    )
    assert result.created == 1 and result.rejected[0].errors[0][0] == "อีเมล"
    partner = Partner.objects.get(name="มหาวิทยาลัยทดสอบ")
    assert partner.kind == "academia" and partner.website == "https://www.example.ac.th"
    rows[1][4] = "info@example.ac.th"
    again = run(district_officer, write_csv(tmp_path, rows[:2], name="p.csv"), "partners")
    assert again.updated == 1 and Partner.objects.filter(name="มหาวิทยาลัยทดสอบ").count() == 1
    assert_rollups_match_a_rebuild()


# Activities -----------------------------------------------------------------------------------


def test_activities_with_missions_and_rollups(tmp_path, district_officer):
    network.center_create(actor=district_officer, area_code="710104")
    rows = [
        ["รหัสศูนย์", "ประเภทกิจกรรม", "ชื่อกิจกรรม", "วันเริ่ม", "ภารกิจ", "ใช้จ่ายจริง"],
        ["710104", "การฝึกอบรม", "อบรมบัญชีครัวเรือน", "15/01/2568", "5, 7", "12,500"],
        ["710104", "training", "อบรมไม่มีภารกิจ", "15/01/2568", "", ""],
        ["710201", "training", "ศูนย์ไม่มี", "15/01/2568", "1", ""],
    ]
    result = run(
        district_officer, write_csv(tmp_path, rows, name="a.csv"), "activities", mode="partial"
    )
    assert result.created == 1 and result.rejected_count == 2
    activity = Activity.objects.get()
    assert activity.fiscal_year == 2568 and activity.mission_values == ["sufficiency", "wisdom"]
    rows[1][4] = "ภารกิจ 5"
    again = run(district_officer, write_csv(tmp_path, rows[:2], name="a.csv"), "activities")
    assert again.updated == 1
    assert Activity.objects.get().mission_values == ["sufficiency"]
    assert_rollups_match_a_rebuild()


# Committees -----------------------------------------------------------------------------------

COMMITTEE_HEADERS = ["รหัสศูนย์", "วันเริ่มวาระ", "วันสิ้นสุดวาระ", "ตำแหน่ง", "ชื่อ", "นามสกุล"]


def committee_rows(size=9, center="710104", start="1/10/2568", end="30/9/2572"):
    rows = [[center, start, end, "ประธาน", "ประธาน", "ทดสอบ"]]
    rows += [[center, start, end, "กรรมการ", f"กรรมการ{i}", "ทดสอบ"] for i in range(size - 1)]
    return rows


def test_a_committee_is_activated_when_every_rule_holds(tmp_path, district_officer):
    network.center_create(actor=district_officer, area_code="710104")
    rows = [COMMITTEE_HEADERS, *committee_rows()]
    result = run(district_officer, write_csv(tmp_path, rows, name="c.csv"), "committees")
    assert result.created == 9, result.rejected
    term = CommitteeTerm.objects.get()
    assert term.status == TermStatus.ACTIVE and term.seats.count() == 9
    assert Person.objects.filter(family_name="ทดสอบ").count() == 9
    again = run(district_officer, write_csv(tmp_path, rows, name="c.csv"), "committees")
    assert (again.created, again.unchanged) == (0, 9)
    assert Seat.objects.count() == 9
    assert_rollups_match_a_rebuild()


def test_a_committee_too_small_is_refused_whole(tmp_path, district_officer):
    network.center_create(actor=district_officer, area_code="710104")
    network.center_create(actor=district_officer, area_code="710105")
    rows = [COMMITTEE_HEADERS, *committee_rows(8), *committee_rows(9, center="710105")]
    result = run(
        district_officer, write_csv(tmp_path, rows, name="c.csv"), "committees", mode="partial"
    )
    assert result.rejected_count == 8 and result.created == 9
    assert CommitteeTerm.objects.get().center_id == "710105"
    assert "9" in result.rejected[0].error_text()
    assert not Person.objects.filter(given_name="ประธาน", area_id="710104").exists()


def test_two_chairs_or_an_overlapping_term_refuse_the_committee(tmp_path, district_officer):
    network.center_create(actor=district_officer, area_code="710104")
    rows = [COMMITTEE_HEADERS, *committee_rows()]
    rows[2][3] = "ประธาน"
    result = run(district_officer, write_csv(tmp_path, rows, name="c.csv"), "committees")
    assert result.rejected_count == 9 and not CommitteeTerm.objects.exists()
    good = [COMMITTEE_HEADERS, *committee_rows()]
    run(district_officer, write_csv(tmp_path, good, name="c.csv"), "committees")
    overlapping = [COMMITTEE_HEADERS, *committee_rows(start="1/10/2569", end="30/9/2573")]
    result = run(district_officer, write_csv(tmp_path, overlapping, name="c.csv"), "committees")
    assert result.rejected_count == 9
    assert CommitteeTerm.objects.count() == 1


def test_a_committee_chosen_after_its_term_starts_is_refused(tmp_path, district_officer):
    network.center_create(actor=district_officer, area_code="710104")
    rows = [[*COMMITTEE_HEADERS, "วันที่ได้รับเลือก"]]
    rows += [[*row, "2/10/2568"] for row in committee_rows()]
    result = run(district_officer, write_csv(tmp_path, rows, name="c.csv"), "committees")
    assert result.rejected_count == 9 and result.rejected[0].errors[0][0] == "วันที่ได้รับเลือก"
    assert not CommitteeTerm.objects.exists()
