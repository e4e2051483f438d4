"""Certificates of a decision (one per recipient and one for the decision), and one decision for many."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from antq.awards import actions, documents
from antq.awards.models import Decision, Proposal
from antq.awards.tests.helpers import decided, proposal, unit
from antq.core.audit import AuditEntry
from antq.core.errors import DomainError
from conftest import COMMUNE_A1, PROVINCE_A, login

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_certificates_of_a_decision(client, commune_a1_officer, province_a_officer, commune_b1_officer):
    decision = decided(commune_a1_officer, province_a_officer)
    nominees = documents.certificate_nominees(decision)
    login(client, commune_a1_officer)
    response = client.get(reverse("awards:certificates_pdf", args=[decision.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == len(nominees) == 2
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # A4 landscape
    one = client.get(reverse("awards:certificate_pdf", args=[decision.pk, nominees[1].pk]))
    text = _text(one.content)
    for expected in (
        "TẶNG",
        "BẰNG KHEN",
        "Nguyễn Văn Đức",
        "25/QĐ-UBND",
        "20/11/2026",
        "Trần Sỹ Thanh",
        "THÀNH PHỐ HÀ NỘI",
    ):
        assert expected in text
    assert "Tổ dân phố số 1" not in text
    assert AuditEntry.objects.filter(action="awards.certificate.exported").count() == 2
    # another decision's recipient, and users outside scope: 404
    assert client.get(reverse("awards:certificate_pdf", args=[decision.pk, 999999])).status_code == 404
    login(client, commune_b1_officer)
    assert client.get(reverse("awards:certificates_pdf", args=[decision.pk])).status_code == 404


def test_certificate_font_sizes_follow_the_regulation():
    assert documents.CERTIFICATE_PT["text"] == 18  # TT 22/2025/TT-BCA


def _reviewed(by_commune, by_province, key=COMMUNE_A1, **extra) -> Proposal:
    item = proposal(by_commune, key=key, **extra)
    return actions.review(item, by=by_province)


def test_one_decision_for_several_proposals(client, commune_a1_officer, province_a_officer):
    first = _reviewed(commune_a1_officer, province_a_officer)
    second = _reviewed(commune_a1_officer, province_a_officer)
    login(client, province_a_officer)
    page = client.get(reverse("awards:unit", args=[PROVINCE_A])).content.decode()
    assert 'data-testid="decide-many"' in page
    data = {
        "proposals": [first.pk, second.pk],
        "number": "40/QĐ-UBND",
        "issued_on": "21/11/2026",
        "place": "Hà Nội",
        "signer_name": "Trần Sỹ Thanh",
        "signer_title": "CHỦ TỊCH",
    }
    response = client.post(reverse("awards:decide_many", args=[PROVINCE_A]), data, follow=True)
    assert "Đã ban hành Quyết định số 40/QĐ-UBND cho 2 đề nghị." in response.content.decode()
    decision = Decision.objects.get(number="40/QĐ-UBND")
    assert set(decision.proposals.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert len(documents.certificate_nominees(decision)) == 4


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"number": "40/KH-UBND"}, "phải là của một quyết định"),
        ({"issued_on": "2026-11-21"}, "dd/mm/yyyy"),
        ({"signer_name": ""}, "Chưa nhập người ký"),
        ({"proposals": "unreviewed"}, "Chỉ quyết định khen thưởng đề nghị đã thẩm định."),
        ({"proposals": "other_form"}, "Một quyết định chỉ khen một hình thức."),
        ({"proposals": "foreign"}, "không thuộc thẩm quyền"),
    ],
)
def test_one_decision_nothing_half_saved(
    client, commune_a1_officer, province_a_officer, national_admin, change, message
):
    first = _reviewed(commune_a1_officer, province_a_officer)
    extra = {
        "unreviewed": lambda: proposal(commune_a1_officer),
        "other_form": lambda: _other_form(commune_a1_officer, province_a_officer),
        "foreign": lambda: _reviewed(commune_a1_officer, national_admin, code="mps_certificate_of_merit"),
    }
    data = {
        "proposals": [first.pk],
        "number": "41/QĐ-UBND",
        "issued_on": "21/11/2026",
        "place": "Hà Nội",
        "signer_name": "Trần Sỹ Thanh",
        "signer_title": "CHỦ TỊCH",
    }
    if change.get("proposals") in extra:
        data["proposals"] = [first.pk, extra[change.pop("proposals")]().pk]
    data.update(change)
    login(client, province_a_officer)
    response = client.post(reverse("awards:decide_many", args=[PROVINCE_A]), data, follow=True)
    assert message in response.content.decode()
    assert not Decision.objects.exists()
    assert Proposal.objects.filter(status="decided").count() == 0


def _other_form(commune_officer, province_officer) -> Proposal:
    """A reviewed proposal of the same province for another form: a province-level form is needed."""
    from antq.awards.models import AwardForm

    other = AwardForm.objects.create(
        code="province_flag", name="Cờ thi đua cấp tỉnh", level="province", rank=25
    )
    return _reviewed(commune_officer, province_officer, code=other.code)


def test_decision_by_a_level_that_may_not_award(commune_a1_officer, province_a_officer):
    item = _reviewed(commune_a1_officer, province_a_officer)
    with pytest.raises(DomainError, match="không có thẩm quyền"):
        actions.decide(
            [item],
            by=commune_a1_officer,
            issuer=unit(COMMUNE_A1),
            number_text="5/QĐ-UBND",
            issued_on=dt.date(2026, 11, 21),
            signer_name="A",
            signer_title="CHỦ TỊCH",
            place="Ba Đình",
        )
    assert not Decision.objects.exists()
