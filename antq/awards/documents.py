"""The commendation decision (NĐ 30/2020 layout) and the recipients' certificates, as PDFs.

Both reuse the PDF machinery of assessments (embedded Tinos, metric-compatible with Times New Roman).
"""

from __future__ import annotations

from typing import Any

from antq.assessments import doc_format
from antq.assessments.documents import _issuer_lines, _pdf
from antq.awards.models import Decision, Nominee

# Type sizes of the certificate (points), and where each comes from:
# - text of certificates and artefacts: Times New Roman 18 (Thông tư 22/2025/TT-BCA amending
#   TT 142/2020, domain 05 §5.3 "Artefact note" [C4]);
# - the heading (issuer 13, national title 13, motto 14, date line 14 italic): NĐ 30/2020 Appendix I
#   as used for the decisions (domain 07 §2);
# - the title ("GIẤY KHEN", "BẰNG KHEN") and the recipient's name: no size in the sources read; chosen
#   larger than the text so the certificate reads as one (UNCONFIRMED, change here).
CERTIFICATE_PT = {
    "text": 18,
    "issuer": 13,
    "national": 13,
    "motto": 14,
    "dateline": 14,
    "title": 40,
    "recipient": 26,
}
# A4 landscape: the system prints on plain paper (the regulation's pre-printed artwork, emblem and
# frame are not reproduced; a plain border stands in for them).
CERTIFICATE_PAGE = "A4 landscape"


def _body(issuer: Any) -> str:
    return f"Ủy ban nhân dân {issuer.name}" if issuer.level != "national" else "Bộ Công an"


def _head_title(issuer: Any) -> str:
    body = _body(issuer)
    return doc_format.upper_vi(f"Chủ tịch {body}" if issuer.level != "national" else "Bộ trưởng Bộ Công an")


def decision_context(decision: Decision) -> dict[str, Any]:
    nominees = (
        Nominee.objects.filter(proposal__decision=decision)
        .select_related("proposal__proposer")
        .order_by("kind", "proposal_id", "pk")
    )
    rows = [
        {
            "index": i,
            "name": n.name,
            "position": n.position or n.proposal.proposer.name,
            "kind": n.get_kind_display(),
        }
        for i, n in enumerate(nominees, start=1)
    ]
    issuer = decision.issuer
    body = f"Ủy ban nhân dân {issuer.name}" if issuer.level != "national" else "Bộ Công an"
    issuer_upper = doc_format.upper_vi(body)
    return {
        "decision": decision,
        "rows": rows,
        "count": len(rows),
        "issuer_lines": _issuer_lines(issuer_upper),
        "head_title": doc_format.upper_vi(
            f"Chủ tịch {body}" if issuer.level != "national" else "Bộ trưởng Bộ Công an"
        ),
        "number_line": f"Số: {decision.number}",
        "date_line": doc_format.date_line(decision.place, decision.issued_on),
        "signer_lines": doc_format.signer_lines(decision.signer_title, body),
        "form_name": decision.form.name,
        "achievement": decision.proposals.values_list("achievement", flat=True).first() or "",
    }


def decision_pdf(decision: Decision) -> bytes:
    """The decision (Mẫu 1.2 of NĐ 30/2020) with the list of collectives and individuals commended."""
    return _pdf("awards/pdf/decision.html", decision_context(decision))


def certificate_nominees(decision: Decision) -> list[Nominee]:
    """The recipients of a decision, in the order of its list (one query)."""
    return list(
        Nominee.objects.filter(proposal__decision=decision)
        .select_related("proposal__proposer")
        .order_by("kind", "proposal_id", "pk")
    )


def certificate_pdf(decision: Decision, nominees: list[Nominee]) -> bytes:
    """Giấy khen / Bằng khen of each nominee, one landscape A4 page each, in one PDF."""
    issuer = decision.issuer
    issuer_upper = doc_format.upper_vi(_body(issuer))
    pages = [
        {
            "recipient": n.name,
            "position": n.position or (n.unit.name if n.unit_id and n.unit else n.proposal.proposer.name),
            "achievement": n.proposal.achievement,
            "individual": n.kind == Nominee.Kind.INDIVIDUAL,
        }
        for n in nominees
    ]
    context = {
        "decision": decision,
        "pages": pages,
        "title": decision.form.certificate_title,
        "issuer_lines": _issuer_lines(issuer_upper),
        "head_title": _head_title(issuer),
        "date_line": doc_format.date_line(decision.place, decision.issued_on),
        "decision_date": decision.issued_on.strftime("%d/%m/%Y"),
        "signer_lines": doc_format.signer_lines(decision.signer_title, _body(issuer)),
        "pt": CERTIFICATE_PT,
        "page_size": CERTIFICATE_PAGE,
    }
    return _pdf("awards/pdf/certificate.html", context)
