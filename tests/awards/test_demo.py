"""The awards demo: the 2020 Kanchanaburi programme of the seed, published with its plaques."""

import io

import pytest
from PIL import Image

from concenter.accounts.models import Role
from concenter.awards import demo
from concenter.awards.models import (
    Conflict,
    ConflictKind,
    ConflictStatus,
    Nomination,
    NominationSource,
    NominationStatus,
    Programme,
    ProgrammeStatus,
    Scorecard,
)
from concenter.awards.plaques import plaques_pdf, plaques_png
from concenter.awards.results import programme_results
from concenter.common.pdf import pdf_page_count
from tests.awards.pdftext import pdf_actual_text
from tests.network.test_demo import run_demo


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_publishes_the_2020_kanchanaburi_programme_with_its_plaques(tmp_path):
    context = run_demo()
    programme = Programme.objects.get()
    assert (programme.title, programme.status, programme.area_id) == (
        demo.TITLE,
        ProgrammeStatus.PUBLISHED,
        "71",
    )
    nominations = programme.nominations.all()
    assert 33 <= nominations.count() <= 37
    assert nominations.values("category__profession").distinct().count() >= 8
    assert nominations.filter(status=NominationStatus.INELIGIBLE).count() == demo.INELIGIBLE
    assert nominations.filter(source=NominationSource.PUBLIC).count() == 1
    assert nominations.filter(source=NominationSource.CENTER).exists()
    assert programme.panel.count() == 5
    assert all(m.user.roles.filter(role=Role.JUDGE).exists() for m in programme.panel.all())
    conflicts = Conflict.objects.filter(nomination__programme=programme)
    assert conflicts.filter(kind=ConflictKind.DECLARED).count() == 1
    flagged = conflicts.exclude(kind=ConflictKind.DECLARED)
    assert flagged.exists() and not flagged.filter(status=ConflictStatus.PENDING).exists()
    assert len({c.judge_id for c in flagged}) == 1  # one judge is flagged from the registry
    assert flagged.filter(status=ConflictStatus.CONFIRMED, kind=ConflictKind.ORGANIZATION).exists()
    open_cards = Scorecard.objects.filter(
        nomination__programme=programme, submitted_at__isnull=True
    )
    assert all(c.nomination.conflicts.filter(judge=c.judge).exists() for c in open_cards)
    outcome = programme_results(programme)
    assert outcome.results.complete
    winners = nominations.filter(selected=True)
    assert winners.count() == 20
    assert sorted(winners.values_list("plaque_number", flat=True)) == list(range(1, 21))
    assert all(w.photo for w in winners)
    judge_logins = {login for role, login in context.logins if role == Role.JUDGE.label}
    assert judge_logins == {username for username, _name in demo.JUDGES}

    pdf = plaques_pdf(programme)
    assert pdf_page_count(pdf) == 20
    text = "".join(pdf_actual_text(pdf).split())
    assert "นักพัฒนาชุมชนดีเด่นจังหวัดกาญจนบุรีประจำปี๒๕๖๓" in text  # every figure in Thai digits
    assert "ให้ไว้ณวันที่๒๘กุมภาพันธ์พ.ศ.๒๕๖๓" in text
    assert "ผู้ว่าราชการจังหวัดกาญจนบุรี" in text
    first = Nomination.objects.get(programme=programme, plaque_number=1)
    (page,) = plaques_png(programme, nomination_id=first.pk, ppi=110)
    image = Image.open(io.BytesIO(page))
    assert image.size == (1286, 909)
    (tmp_path / "demo-plaque.png").write_bytes(page)

    # Loading the demo again changes nothing.
    counts = (Programme.objects.count(), Nomination.objects.count(), Scorecard.objects.count())
    demo.load(context)
    assert (
        Programme.objects.count(),
        Nomination.objects.count(),
        Scorecard.objects.count(),
    ) == counts
