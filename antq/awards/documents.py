"""The commendation decision as a PDF in the NĐ 30/2020 layout, with the machinery of assessments."""

from __future__ import annotations

from typing import Any

from antq.assessments import doc_format
from antq.assessments.documents import _issuer_lines, _pdf
from antq.awards.models import Decision, Nominee


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
