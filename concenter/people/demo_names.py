"""Thai names for the fictional people of the demo.

The pools join two sources: short lists of common, mostly older-generation given names and
family names written for this demo (rural leaders of Kanchanaburi are seldom named like
Bangkok teenagers), and pythainlp's name corpora, which ship with the pythainlp package and are
read offline. Without the corpora the short lists alone are used. The pools are sorted, so a
seeded random generator always draws the same people.
"""

import random
import re
from functools import cache

CORPUS_GIVEN_NAMES = 400  # of each gender
CORPUS_FAMILY_NAMES = 900

FEMALE_GIVEN_NAMES = """
สมศรี สมใจ สมพร สมปอง สมจิตร สมหมาย บุญเรือน บุญมา บุญชู บุญศรี บุญยืน บุญนำ ทองใบ ทองคำ ทองสุข
ทองม้วน มาลี มาลัย มณี มะลิ ประไพ ประภา ประทุม ประนอม ละเอียด ลำดวน ลำใย สายสุนีย์ สายทอง สายใจ
วันเพ็ญ วันดี วิไล วิไลวรรณ วราภรณ์ ศรีสุดา ศรีนวล ศรีไพร สุนีย์ สุนทร สุภาพ สุกัญญา สุดารัตน์
สุมาลี สุรีย์ สุวรรณี อุไร อุษา อรุณี อัมพร อำไพ เพ็ญศรี เพ็ญจันทร์ เยาวลักษณ์ เรณู แสงเดือน
จันทร์เพ็ญ จันทร์ฉาย จำเนียร จำปี ฉวีวรรณ ชุติมา ดวงใจ ดวงเดือน ทัศนีย์ นงลักษณ์ นงนุช นันทนา
นิตยา นิภา บังอร บัวผัน บัวลอย ปราณี ปริศนา พเยาว์ พรทิพย์ พวงทอง พิมพา ยุพิน รัชนี รัตนา ลัดดา
วาสนา สมคิด สำราญ สำเนียง หนูพิน อนงค์ อารีย์ กาญจนา กนกวรรณ กัลยา เกศินี ขวัญใจ คำปุ่น จิราพร
ณัฐธิดา ธนพร นภาพร ปิยะนุช พัชรี ภัทรา มยุรี รุ่งนภา ศิริพร สุพัตรา อรทัย อัญชลี
"""

MALE_GIVEN_NAMES = """
สมชาย สมศักดิ์ สมบัติ สมบูรณ์ สมพงษ์ สมหวัง สมนึก สมาน บุญมี บุญเลิศ บุญส่ง บุญชัย บุญธรรม บุญทัน
ทองดี ทองหล่อ ทองอินทร์ ทองเหมาะ ประสิทธิ์ ประเสริฐ ประยูร ประจวบ ประพันธ์ ประสงค์ มานพ มานิตย์
วิชัย วิเชียร วิโรจน์ วิรัตน์ ศักดิ์ชัย ศักดิ์สิทธิ์ สุชาติ สุรชัย สุเทพ สุวิทย์ สุนทร สุรินทร์
เสถียร เสน่ห์ แสวง อนันต์ อำนาจ อุดม เอกชัย เกรียงไกร เกษม ไกรสร ขจร คำรณ จรัญ จำลอง เฉลิม ชัยวัฒน์
ชาญ ชำนาญ เชาวลิต ณรงค์ ดำรง ถนอม เทียนชัย ธนพล ธวัชชัย ธีระ นิพนธ์ นิยม บรรจง ปรีชา พงษ์ศักดิ์
พิชัย พิทักษ์ ไพโรจน์ ไพศาล มงคล ยงยุทธ ยุทธนา รังสรรค์ เรืองศักดิ์ วันชัย วีระ วีระพงษ์ ศรีสุข
สงัด สนั่น สมปอง สำเริง สุพจน์ สายัณห์ เสกสรร สมเกียรติ อดุลย์ อนุชา อภิชาติ อรรถพล อำพล
เฉลิมชัย จักรพันธ์ ชูชาติ ธีรวัฒน์ นพดล บัญชา ปัญญา พิเชษฐ์ ภานุวัฒน์ รณชัย วรวุฒิ สราวุธ
"""

FAMILY_NAMES = """
ใจดี ใจบุญ มีสุข สุขใจ ทองดี ทองคำ ทองมา แก้วมณี แก้วประเสริฐ แก้วกาญจนา บุญมา บุญมี บุญเรือง
บุญประเสริฐ บุญยืน ศรีสุข ศรีทอง ศรีสวัสดิ์ ศรีประเสริฐ ศรีเมือง จันทร์หอม จันทร์แก้ว จันทร์เพ็ญ
พึ่งบุญ พึ่งทอง รักษ์ไทย รักษาวงศ์ สุขสวัสดิ์ สุขประเสริฐ สุวรรณรัตน์ สุวรรณชาติ สุวรรณศรี
เรืองศรี เรืองชัย เพชรรัตน์ เพชรสุวรรณ เพชรทอง มั่นคง มั่งมี ดีมาก ดีประเสริฐ นาคสุข นาคทอง
นาคประเสริฐ ปานทอง ปานเพชร พรหมมา พรหมสุวรรณ วงศ์ใหญ่ วงศ์สุวรรณ วงศ์ประเสริฐ อินทร์แก้ว
อินทร์สุข อินทร์ทอง ทองสุข ทองประเสริฐ ทองเจริญ เจริญสุข เจริญผล เจริญรัตน์ เจริญศรี สมบูรณ์ผล
สมบุญ สมใจ คงสุข คงทอง คงเจริญ คงมั่น อยู่สุข อยู่เย็น อยู่ดี ยิ้มแย้ม ยิ้มสวัสดิ์ ยอดดี ยอดเพชร
สายทอง สายสุวรรณ บัวขาว บัวทอง บัวแก้ว ชื่นชม ชื่นใจ ชัยมงคล ชัยสิทธิ์ ชัยประเสริฐ ชัยวงศ์
แสงทอง แสงจันทร์ แสงอรุณ แสงแก้ว ทับทิมทอง ทิพย์มณี ทิพย์สุวรรณ พันธ์ดี พันธุ์ทอง ประดิษฐ์ผล
ประเสริฐสุข ปัญญาดี ปัญญาวงศ์ ภู่ทอง ภู่ระหงษ์ มณีรัตน์ มณีวงศ์ เมืองทอง เมืองแก้ว รุ่งเรือง
รุ่งโรจน์ ลือชา วิเศษสุข วิเศษศรี ศักดิ์ดี สิงห์ทอง สิงห์คำ สีทอง สีนวล หอมจันทร์ หอมสมบัติ
อ่อนศรี อ่อนละมัย อุ่นใจ อุ่นเรือน เอี่ยมสะอาด ฤทธิ์เดช กล้าหาญ กลิ่นหอม ขำคม เขียวขจี คำแก้ว
คำหอม งามสม งามเนตร จิตรดี เฉลิมวงศ์ ช่างทอง ด้วงทอง ถาวรสุข ทรัพย์มาก ธรรมสุข นิ่มนวล
บำรุงศรี ปิ่นทอง ผลบุญ ฝักทอง พวงมาลัย เพิ่มพูน ไพรสณฑ์ มะลิวัลย์ แม่นยำ ยั่งยืน ริมน้ำ
ลำดวน วังทอง ศรีแควน้อย ท่ามะขามทอง แควใหญ่ สุขเกษม หนองบัวทอง ห้วยทราย
"""

_THAI_WORD = re.compile("[\u0e01-\u0e4e]+")


def _words(text: str) -> list[str]:
    return sorted(set(text.split()))


def _corpus(name: str) -> list[str]:
    try:
        from pythainlp import corpus
    except ImportError:  # pragma: no cover - pythainlp is a dependency
        return []
    try:
        return sorted(getattr(corpus, name)())
    except Exception:  # a corpus that cannot be read offline is left out
        return []


def _plain(names, shortest: int, longest: int) -> list[str]:
    """Names of Thai letters only (no ณ-lineage surnames, no abbreviations), of a usual length."""
    return sorted({n for n in names if _THAI_WORD.fullmatch(n) and shortest <= len(n) <= longest})


def _some(names: list[str], count: int) -> list[str]:
    """A fixed selection of a corpus: a village does not need 9,000 family names, and every
    new name costs a romanisation when a person is saved."""
    return sorted(random.Random(2563).sample(names, min(count, len(names))))  # noqa: S311


@cache
def name_pools() -> dict[str, list[str]]:
    """{"female": [...], "male": [...], "family": [...], and the demo's own common names as
    "female_common", "male_common", "family_common"}."""
    female = _plain(_corpus("thai_female_names"), 3, 9)
    male = _plain(_corpus("thai_male_names"), 3, 9)
    unisex = set(female) & set(male)  # the title must match the gender: keep names that tell it
    female_common, male_common = _words(FEMALE_GIVEN_NAMES), _words(MALE_GIVEN_NAMES)
    family_common = _words(FAMILY_NAMES)
    female = _some(sorted(set(female) - unisex), CORPUS_GIVEN_NAMES)
    male = _some(sorted(set(male) - unisex), CORPUS_GIVEN_NAMES)
    family = _some(_plain(_corpus("thai_family_names"), 4, 12), CORPUS_FAMILY_NAMES)
    return {
        "female": sorted(set(female) | set(female_common)),
        "male": sorted(set(male) | set(male_common)),
        "family": sorted(set(family) | set(family_common)),
        "female_common": female_common,
        "male_common": male_common,
        "family_common": family_common,
    }
