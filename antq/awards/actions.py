"""State changes of commendation proposals: propose, review, refuse, raise, decide.

Each is atomic, locks the proposal row, checks the transition table of rules.py, writes an audit
entry and notifies the next actors. A refusal raises DomainError with a Vietnamese message and
saves nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from antq.awards import rules
from antq.awards.models import (
    AwardForm,
    Decision,
    Leader,
    LeaderPosition,
    LegacyService,
    MedalBar,
    Nominee,
    Proposal,
    QualifyingPosition,
    SourceType,
)
from antq.core import doc_numbers
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.core.text import fold
from antq.units.models import Unit


@dataclass(frozen=True)
class NomineeInput:
    """A collective (name, optionally its unit) or an individual (name, position, optionally a Person)."""

    kind: str
    name: str
    position: str = ""
    unit: Unit | None = None
    person: Any = None
    leader: Leader | None = None


# Codes used before sources were named "<app>.<record>"; callers written against them keep working.
LEGACY_SOURCE_CODES = {
    "cycle": SourceType.CYCLE,
    "ranking": SourceType.RANKING,
    "example": SourceType.EXAMPLE,
    "festival": SourceType.FESTIVAL,
}


def awarding_unit(proposer: Unit, form: AwardForm) -> Unit:
    """The unit at the form's level above (or equal to) the proposer: it reviews and decides."""
    if not rules.is_above_or_same(form.level, proposer.level):
        raise DomainError(
            _("Đơn vị cấp trên không đề nghị hình thức khen thưởng của cấp dưới: hãy chọn hình thức khác.")
        )
    unit: Unit | None = proposer
    while unit is not None and unit.level != form.level:
        unit = unit.parent
    if unit is None:
        raise DomainError(_("Không tìm thấy cấp có thẩm quyền quyết định hình thức khen thưởng này."))
    return unit


def _check_nominees(form: AwardForm, nominees: list[NomineeInput]) -> None:
    if not nominees:
        raise DomainError(_("Đề nghị phải có ít nhất một tập thể hoặc cá nhân."))
    for nominee in nominees:
        if not nominee.name.strip():
            raise DomainError(_("Chưa nhập tên tập thể hoặc họ tên cá nhân."))
        if nominee.kind == Nominee.Kind.COLLECTIVE and not form.for_collectives:
            raise DomainError(_("Hình thức “%(form)s” không tặng cho tập thể.") % {"form": form.name})
        if nominee.kind == Nominee.Kind.INDIVIDUAL and not form.for_individuals:
            raise DomainError(_("Hình thức “%(form)s” không tặng cho cá nhân.") % {"form": form.name})
        if nominee.kind == Nominee.Kind.COLLECTIVE and (nominee.person is not None or nominee.leader):
            raise DomainError(_("Tập thể không gắn với một thành viên lực lượng."))
        if nominee.person is not None and nominee.leader is not None:
            raise DomainError(_("Một người được đề nghị chỉ gắn với một hồ sơ."))
    if form.once_per_person:
        people = [n.person.pk for n in nominees if n.person is not None]
        leaders = [n.leader.pk for n in nominees if n.leader is not None]
        if len(people) != len(set(people)) or len(leaders) != len(set(leaders)):
            raise DomainError(_("Một người chỉ được ghi một lần trong đề nghị."))
        held = (
            Nominee.objects.filter(Q(person__in=people) | Q(leader__in=leaders), proposal__form=form)
            .exclude(proposal__status=Proposal.Status.NOT_QUALIFIED)
            .select_related("proposal")
            .first()
        )
        if held is not None:
            raise DomainError(
                _("%(name)s đã được đề nghị hoặc đã được tặng “%(form)s”; hình thức này chỉ tặng một lần.")
                % {"name": held.name, "form": form.name}
            )


@transaction.atomic
def propose(
    proposer: Unit,
    *,
    by: Any,
    form: AwardForm,
    year: int,
    achievement: str,
    source_type: str,
    nominees: list[NomineeInput],
    source_id: int | None = None,
    consent_ref: str = "",
) -> Proposal:
    """Record a unit's proposal of `form` for its nominees; it goes to the awarding level for review.

    `source_type` + `source_id` link the record the proposal comes from (a cycle decision, a ranking,
    an advanced example, a festival event, a tip). An informant of a tip-off (source "tips.tip") is
    proposed only with `consent_ref`, the reference of the informant's recorded consent; the tips app
    passes an achievement text without the tip's content.
    """
    if not achievement.strip():
        raise DomainError(_("Chưa nhập tóm tắt thành tích."))
    source_type = LEGACY_SOURCE_CODES.get(source_type, source_type)
    if source_type not in SourceType.values:
        raise DomainError(_("Nguồn đề nghị không hợp lệ."))
    if source_type == SourceType.TIP and not consent_ref.strip():
        raise DomainError(
            _("Chỉ đề nghị khen thưởng người tố giác khi có văn bản ghi nhận sự đồng ý của người đó.")
        )
    reviewer = awarding_unit(proposer, form)
    _check_nominees(form, nominees)
    proposal = Proposal.objects.create(
        proposer=proposer,
        reviewer=reviewer,
        form=form,
        year=year,
        achievement=achievement.strip(),
        source_type=source_type,
        source_id=source_id,
        consent_ref=consent_ref.strip(),
        created_by=by,
    )
    Nominee.objects.bulk_create(
        Nominee(
            proposal=proposal,
            kind=n.kind,
            name=n.name.strip(),
            name_folded=fold(n.name.strip()),
            position=n.position.strip(),
            unit=n.unit,
            person=n.person,
            leader=n.leader,
        )
        for n in nominees
    )
    log_action(
        proposal,
        "awards.proposal.created",
        actor=by,
        data={"form": form.code, "count": len(nominees), "source": source_type, "source_id": source_id},
    )
    return proposal


def _locked(proposal: Proposal, verb: str) -> tuple[Proposal, str]:
    locked = (
        Proposal.objects.select_for_update()
        .select_related("form", "proposer", "reviewer")
        .get(pk=proposal.pk)
    )
    try:
        return locked, rules.next_state(locked.status, verb)
    except rules.TransitionError as error:
        raise DomainError(str(error)) from None


@transaction.atomic
def review(proposal: Proposal, *, by: Any, note: str = "") -> Proposal:
    """The awarding level finds the proposal qualified; it may now be decided."""
    proposal, state = _locked(proposal, "review")
    proposal.status, proposal.review_note = state, note.strip()
    proposal.save(update_fields=["status", "review_note"])
    log_action(proposal, "awards.proposal.reviewed", actor=by, data={"note": note})
    return proposal


@transaction.atomic
def refuse(proposal: Proposal, *, by: Any, note: str) -> Proposal:
    """The awarding level finds the proposal not qualified, with the reason (final)."""
    if not note.strip():
        raise DomainError(_("Cần ghi lý do không đủ điều kiện."))
    proposal, state = _locked(proposal, "reject")
    proposal.status, proposal.review_note = state, note.strip()
    proposal.save(update_fields=["status", "review_note"])
    log_action(proposal, "awards.proposal.not_qualified", actor=by, data={"note": note})
    return proposal


@transaction.atomic
def raise_form(proposal: Proposal, *, by: Any, form: AwardForm, note: str = "") -> Proposal:
    """Send the proposal up for a higher form; the level that awards it reviews it next."""
    proposal, state = _locked(proposal, "raise")
    if form.rank <= proposal.form.rank or not rules.is_above_or_same(form.level, proposal.form.level):
        raise DomainError(_("Chỉ nâng được lên hình thức khen thưởng cao hơn."))
    reviewer = awarding_unit(proposal.proposer, form)
    previous = proposal.form.code
    proposal.status, proposal.form, proposal.reviewer, proposal.review_note = (
        state,
        form,
        reviewer,
        note.strip(),
    )
    kinds = set(proposal.nominees.values_list("kind", flat=True))
    if (Nominee.Kind.COLLECTIVE in kinds and not form.for_collectives) or (
        Nominee.Kind.INDIVIDUAL in kinds and not form.for_individuals
    ):
        raise DomainError(
            _("Hình thức “%(form)s” không tặng cho đối tượng của đề nghị.") % {"form": form.name}
        )
    proposal.save(update_fields=["status", "form", "reviewer", "review_note"])
    log_action(proposal, "awards.proposal.raised", actor=by, data={"from": previous, "to": form.code})
    return proposal


@transaction.atomic
def decide(
    proposals: list[Proposal],
    *,
    by: Any,
    issuer: Unit,
    number_text: str,
    issued_on: dt.date,
    signer_name: str,
    signer_title: str,
    place: str,
) -> Decision:
    """Issue the commendation decision of `issuer` for reviewed proposals of one form (all or nothing)."""
    if not proposals:
        raise DomainError(_("Chưa chọn đề nghị nào để quyết định."))
    locked = list(
        Proposal.objects.select_for_update()
        .select_related("form", "proposer")
        .filter(pk__in=[p.pk for p in proposals])
        .order_by("pk")
    )
    forms = {p.form_id for p in locked}
    if len(forms) != 1:
        raise DomainError(_("Một quyết định chỉ khen một hình thức."))
    form = locked[0].form
    if not rules.may_award(form.level, issuer.level):
        raise DomainError(
            _("%(issuer)s không có thẩm quyền quyết định tặng “%(form)s” (thẩm quyền: %(level)s).")
            % {"issuer": issuer.name, "form": form.name, "level": form.get_level_display()}
        )
    for proposal in locked:
        if proposal.reviewer_id != issuer.pk:
            raise DomainError(_("Đề nghị không thuộc thẩm quyền quyết định của đơn vị này."))
        try:
            rules.next_state(proposal.status, "decide")
        except rules.TransitionError:
            raise DomainError(_("Chỉ quyết định khen thưởng đề nghị đã thẩm định.")) from None
    try:
        number = doc_numbers.parse(number_text)
    except doc_numbers.DocNumberError as error:
        raise DomainError(str(error)) from None
    if number.doc_type != "decision":
        raise DomainError(_("Số, ký hiệu phải là của một quyết định, ví dụ “25/QĐ-UBND”."))
    if not signer_name.strip() or not signer_title.strip():
        raise DomainError(_("Chưa nhập người ký và chức vụ người ký."))
    # Numbers are unique per issuer and year: lock the issuer so that two clerks cannot take the same one.
    Unit.objects.select_for_update().filter(pk=issuer.pk).first()
    if Decision.objects.filter(issuer=issuer, number=number.text, issued_on__year=issued_on.year).exists():
        raise DomainError(_("Số quyết định %(number)s đã được dùng trong năm.") % {"number": number.text})
    decision = Decision.objects.create(
        issuer=issuer,
        form=form,
        number=number.text,
        issued_on=issued_on,
        signer_name=signer_name.strip(),
        signer_title=signer_title.strip(),
        place=place.strip(),
        created_by=by,
    )
    Proposal.objects.filter(pk__in=[p.pk for p in locked]).update(status=rules.DECIDED, decision=decision)
    log_action(
        decision,
        "awards.proposal.decided",
        actor=by,
        data={"number": number.text, "proposals": [p.pk for p in locked]},
    )
    return decision


# --- Facts of the medal: earlier service, exclusions and deferrals, leaders and their positions -----


def _period(start: dt.date, end: dt.date | None) -> None:
    if end is not None and end <= start:
        raise DomainError(_("Ngày kết thúc phải sau ngày bắt đầu."))


@transaction.atomic
def record_legacy_service(
    person: Any,
    *,
    by: Any,
    force: str,
    start: dt.date,
    end: dt.date,
    doubled: bool = False,
    evidence: str = "",
) -> LegacyService:
    """Record a period in the civil defence, residential guards or semi-professional police (counted)."""
    if force not in LegacyService.Force.values:
        raise DomainError(_("Lực lượng không hợp lệ."))
    _period(start, end)
    overlap = LegacyService.objects.filter(person=person, start__lt=end, end__gt=start).exists()
    if overlap:
        raise DomainError(_("Khoảng thời gian này trùng với thời gian đã ghi nhận."))
    item = LegacyService.objects.create(
        person=person, force=force, start=start, end=end, doubled=doubled, evidence=evidence.strip()
    )
    log_action(
        item,
        "awards.legacy_service.recorded",
        actor=by,
        data={"person": person.pk, "force": force, "start": str(start), "end": str(end), "doubled": doubled},
    )
    return item


@transaction.atomic
def remove_legacy_service(item: LegacyService, *, by: Any) -> None:
    """Remove a period entered by mistake (the audit entry keeps what it was)."""
    data = {"person": item.person_id, "force": item.force, "start": str(item.start), "end": str(item.end)}
    log_action(item, "awards.legacy_service.removed", actor=by, data=data)
    item.delete()


@transaction.atomic
def record_bar(
    *,
    by: Any,
    kind: str,
    reason: str,
    recorded_on: dt.date,
    person: Any = None,
    leader: Leader | None = None,
) -> MedalBar:
    """Record an exclusion (never awarded) or a deferral (until a conclusion) of a member or a leader."""
    if kind not in MedalBar.Kind.values:
        raise DomainError(_("Loại trường hợp không hợp lệ."))
    if (person is None) == (leader is None):
        raise DomainError(_("Cần chọn đúng một người."))
    if not reason.strip():
        raise DomainError(_("Cần ghi lý do."))
    bar = MedalBar.objects.create(
        person=person, leader=leader, kind=kind, reason=reason.strip(), recorded_on=recorded_on
    )
    log_action(bar, "awards.bar.recorded", actor=by, data={"kind": kind, "reason": reason.strip()})
    return bar


@transaction.atomic
def lift_bar(bar: MedalBar, *, by: Any, lifted_on: dt.date) -> MedalBar:
    """Record the favourable conclusion that ends a deferral; exclusions are never lifted."""
    bar = MedalBar.objects.select_for_update().get(pk=bar.pk)
    if bar.kind != MedalBar.Kind.DEFERRAL:
        raise DomainError(_("Chỉ kết thúc được trường hợp tạm hoãn xét."))
    if bar.lifted_on is not None:
        raise DomainError(_("Trường hợp tạm hoãn này đã có kết luận."))
    if lifted_on < bar.recorded_on:
        raise DomainError(_("Ngày có kết luận không được trước ngày ghi nhận."))
    bar.lifted_on = lifted_on
    bar.save(update_fields=["lifted_on"])
    log_action(bar, "awards.bar.lifted", actor=by, data={"lifted_on": str(lifted_on)})
    return bar


@transaction.atomic
def record_leader(
    unit: Unit,
    *,
    by: Any,
    full_name: str,
    sex: str,
    birth_year: int,
    position: str,
    prior_commendation: str = "",
) -> Leader:
    """Open the medal file of a leader managed by `unit`."""
    if not full_name.strip() or not position.strip():
        raise DomainError(_("Cần nhập họ tên và chức vụ hiện nay."))
    if sex not in Leader.Sex.values:
        raise DomainError(_("Giới tính không hợp lệ."))
    if not 1900 <= birth_year <= dt.date.today().year:
        raise DomainError(_("Năm sinh không hợp lệ."))
    leader = Leader.objects.create(
        unit=unit,
        full_name=full_name.strip(),
        sex=sex,
        birth_year=birth_year,
        position=position.strip(),
        prior_commendation=prior_commendation.strip(),
    )
    log_action(leader, "awards.leader.recorded", actor=by, data={"unit": unit.key})
    return leader


@transaction.atomic
def add_leader_position(
    leader: Leader,
    *,
    by: Any,
    position: QualifyingPosition,
    organisation: str,
    start: dt.date,
    end: dt.date | None = None,
    evidence: str = "",
) -> LeaderPosition:
    """Record a period in a qualifying position (counted once even if it overlaps another)."""
    if not position.active:
        raise DomainError(_("Chức vụ này không còn được tính thời gian xét Kỷ niệm chương."))
    if not organisation.strip():
        raise DomainError(_("Cần nhập cơ quan, đơn vị."))
    _period(start, end)
    item = LeaderPosition.objects.create(
        leader=leader,
        position=position,
        organisation=organisation.strip(),
        start=start,
        end=end,
        evidence=evidence.strip(),
    )
    log_action(
        leader,
        "awards.leader.position_added",
        actor=by,
        data={"position": position.code, "start": str(start), "end": str(end) if end else None},
    )
    return item


@transaction.atomic
def remove_leader_position(item: LeaderPosition, *, by: Any) -> None:
    """Remove a position period entered by mistake (the audit entry keeps what it was)."""
    data = {"position": item.position.code, "start": str(item.start), "end": str(item.end or "")}
    log_action(item.leader, "awards.leader.position_removed", actor=by, data=data)
    item.delete()
