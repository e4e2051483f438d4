"""State changes of the force: establish and dissolve teams, recognise and end memberships, edit people.

Every verb is atomic, checks its input with a Vietnamese `DomainError`, and writes one audit entry.
Personal values are kept out of the audit log (the field-level history of django-simple-history
holds them, readable in the back office): the log records which fields changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from antq.accounts.models import User
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.core.text import fold, has_nul
from antq.forces import rules
from antq.forces.models import AllowanceRate, Membership, Person, Team
from antq.forces.tallies import recompute_force_tallies
from antq.units.models import ResidentialArea, Unit

REF_MAX = 50
AGE_CODES = frozenset({"under_age", "over_age"})


def _d(day: dt.date) -> str:
    return date_format(day, "d/m/Y")


def _clean_text(
    value: str, label: str, *, required: bool = False, max_length: int = REF_MAX, code: str = "domain_error"
) -> str:
    value = (value or "").strip()
    if has_nul(value):
        raise DomainError(_("“%(label)s” có ký tự không hợp lệ.") % {"label": label}, code=code)
    if required and not value:
        raise DomainError(_("Chưa nhập “%(label)s”.") % {"label": label}, code=code)
    if len(value) > max_length:
        raise DomainError(
            _("“%(label)s” dài quá %(max)s ký tự.") % {"label": label, "max": max_length}, code=code
        )
    return value


def _not_future(day: dt.date, label: str, code: str = "domain_error") -> None:
    if day > timezone.localdate():
        raise DomainError(
            _("%(label)s (%(day)s) không được sau ngày hôm nay.") % {"label": label, "day": _d(day)},
            code=code,
        )


# --- Teams ---------------------------------------------------------------------------------------


@transaction.atomic
def establish_team(
    commune: Unit,
    *,
    by: User,
    residential_area: ResidentialArea,
    name: str,
    decision_number: str,
    established_on: dt.date,
) -> Team:
    """Record a team set up by the commune chairperson's decision for a residential area of the commune."""
    if commune.level != Unit.Level.COMMUNE or not commune.is_current:
        raise DomainError(_("Chỉ thành lập tổ ở xã, phường, đặc khu đang hoạt động."))
    area = ResidentialArea.objects.select_for_update().get(pk=residential_area.pk)
    if area.commune_id != commune.pk or area.valid_to is not None:
        raise DomainError(
            _("Khu dân cư “%(area)s” không thuộc %(commune)s.") % {"area": area.name, "commune": commune.name}
        )
    name = _clean_text(name, _("Tên tổ"), required=True, max_length=150)
    decision_number = _clean_text(decision_number, _("Số quyết định thành lập"), required=True)
    _not_future(established_on, _("Ngày quyết định thành lập"))
    team = Team(
        commune=commune,
        residential_area=area,
        name=name,
        decision_number=decision_number,
        established_on=established_on,
    )
    if Team.objects.active().filter(commune=commune, name_folded=fold(name)).exists():
        raise DomainError(_("Xã đã có tổ đang hoạt động tên “%(name)s”.") % {"name": name})
    team.save()
    recompute_force_tallies([commune.pk])
    log_action(
        team,
        "forces.team.established",
        actor=by,
        data={
            "commune": commune.key,
            "residential_area": area.pk,
            "decision_number": decision_number,
            "established_on": established_on.isoformat(),
        },
    )
    return team


@transaction.atomic
def dissolve_team(team: Team, *, by: User, dissolved_on: dt.date, reason: str, decision_ref: str) -> Team:
    """Dissolve a team; its members must have left first (dissolution is none of the four legal grounds)."""
    team = Team.objects.select_for_update().get(pk=team.pk)
    if not team.is_active:
        raise DomainError(_("Tổ “%(name)s” đã giải thể.") % {"name": team.name})
    reason = _clean_text(reason, _("Lý do giải thể"), required=True, max_length=500)
    decision_ref = _clean_text(decision_ref, _("Số quyết định giải thể"), required=True)
    _not_future(dissolved_on, _("Ngày giải thể"))
    if dissolved_on < team.established_on:
        raise DomainError(
            _("Ngày giải thể không được trước ngày thành lập tổ (%(day)s).")
            % {"day": _d(team.established_on)}
        )
    active = Membership.objects.filter(team=team, left_on__isnull=True).count()
    if active:
        raise DomainError(
            _(
                "Tổ còn %(n)s thành viên đang tham gia: hãy cho thôi tham gia (hoặc chuyển tổ) "
                "trước khi giải thể."
            )
            % {"n": active}
        )
    team.status = Team.Status.DISSOLVED
    team.dissolved_on = dissolved_on
    team.dissolution_reason = reason
    team.dissolution_decision_ref = decision_ref
    team.save()
    recompute_force_tallies([team.commune_id])
    log_action(
        team,
        "forces.team.dissolved",
        actor=by,
        data={"dissolved_on": dissolved_on.isoformat(), "decision_ref": decision_ref, "reason": reason},
    )
    return team


# --- People and memberships ----------------------------------------------------------------------


@dataclass
class PersonData:
    """The personal fields an officer enters for a member (from a form, the API or an import row)."""

    full_name: str
    date_of_birth: dt.date
    sex: str
    citizen_id: str
    residence_type: str
    phone: str = ""
    residence_since: dt.date | None = None
    education_level: str = ""
    health_certificate_on: dt.date | None = None
    background_check: str = Person.BackgroundCheck.PENDING
    previous_service: str = ""

    def cleaned(self) -> PersonData:
        """The same data, checked and normalised; DomainError on the first bad field."""
        full_name = " ".join(
            _clean_text(
                self.full_name, _("Họ và tên"), required=True, max_length=150, code="full_name"
            ).split()
        )
        citizen_id = _clean_text(
            self.citizen_id, _("Số định danh cá nhân"), required=True, max_length=40, code="citizen_id"
        )
        citizen_id = citizen_id.replace(" ", "")
        if not (len(citizen_id) == 12 and citizen_id.isascii() and citizen_id.isdigit()):
            raise DomainError(
                _("Số định danh cá nhân (căn cước) phải gồm đúng 12 chữ số."), code="citizen_id"
            )
        phone = _clean_text(self.phone, _("Số điện thoại"), max_length=20, code="phone")
        if phone and not all(ch.isdigit() or ch in "+ .-" for ch in phone):
            raise DomainError(_("Số điện thoại chỉ gồm chữ số (có thể có dấu +)."), code="phone")
        choices = (
            (self.sex, Person.Sex.values, _("Giới tính")),
            (self.residence_type, Person.ResidenceType.values, _("Hình thức cư trú")),
            (self.background_check, Person.BackgroundCheck.values, _("Xác minh lý lịch")),
        )
        for value, allowed, label in choices:
            if value not in allowed:
                raise DomainError(_("Giá trị “%(label)s” không hợp lệ.") % {"label": label})
        if self.education_level and self.education_level not in Person.Education.values:
            raise DomainError(_("Giá trị “%(label)s” không hợp lệ.") % {"label": _("Trình độ học vấn")})
        if self.previous_service and self.previous_service not in Person.PreviousService.values:
            raise DomainError(
                _("Giá trị “%(label)s” không hợp lệ.") % {"label": _("Quá trình công tác trước")}
            )
        _not_future(self.date_of_birth, _("Ngày sinh"), "date_of_birth")
        for day, label, code in (
            (self.residence_since, _("Ngày bắt đầu cư trú"), "residence_since"),
            (self.health_certificate_on, _("Ngày cấp giấy chứng nhận sức khỏe"), "health_certificate_on"),
        ):
            if day is not None:
                _not_future(day, label, code)
                if day < self.date_of_birth:
                    raise DomainError(
                        _("%(label)s không được trước ngày sinh.") % {"label": label}, code=code
                    )
        return PersonData(
            full_name=full_name,
            date_of_birth=self.date_of_birth,
            sex=self.sex,
            citizen_id=citizen_id,
            residence_type=self.residence_type,
            phone=phone,
            residence_since=self.residence_since,
            education_level=self.education_level,
            health_certificate_on=self.health_certificate_on,
            background_check=self.background_check,
            previous_service=self.previous_service,
        )

    @classmethod
    def of(cls, person: Person) -> PersonData:
        return cls(**{f.name: getattr(person, f.name) for f in fields(cls)})


def applicant(data: PersonData | Person, *, age_exception_decision_ref: str = "") -> rules.Applicant:
    return rules.Applicant(
        date_of_birth=data.date_of_birth,
        residence_since=data.residence_since,
        education_level=data.education_level,
        health_certificate_on=data.health_certificate_on,
        background_check=data.background_check,
        age_exception_decision_ref=age_exception_decision_ref,
    )


@dataclass
class MemberAdded:
    """The new membership and the warnings (non-blocking problems) to show beside it."""

    membership: Membership
    warnings: list[rules.Problem] = field(default_factory=list)


def _refuse_blocking(problems: list[rules.Problem]) -> None:
    blocking = rules.blocking(problems)
    if blocking:
        raise DomainError(
            _("Không đủ điều kiện tham gia: %(reasons)s")
            % {"reasons": " ".join(p.message for p in blocking)},
            code="not_eligible",
        )


def _already_active_message(team_name: str, commune_id: int, team: TeamFacts) -> str:
    if commune_id == team.commune_id:
        return _("Người này đang là thành viên của tổ “%(team)s”; phải cho thôi tham gia tổ đó trước.") % {
            "team": team_name
        }
    # Outside the commune the other team is not named: its existence is the other commune's data.
    return _("Người này đang là thành viên của một tổ bảo vệ ANTT ở xã khác; phải cho thôi tham gia trước.")


@dataclass(frozen=True)
class TeamFacts:
    """What the membership checks read about the team (from a locked row or an import's preload)."""

    name: str
    commune_id: int
    established_on: dt.date
    difficult_area: bool
    is_active: bool = True


@dataclass(frozen=True)
class CitizenFacts:
    """What the database says about a citizen ID: the active membership, the last day of a past one."""

    active_team_name: str | None = None
    active_commune_id: int | None = None
    last_left_on: dt.date | None = None


@dataclass
class CheckedMember:
    """A membership that passed every blocking check, with its cleaned values and its warnings."""

    person: PersonData
    role: str
    joined_on: dt.date
    decision_ref: str
    age_exception_decision_ref: str
    warnings: list[rules.Problem]


def check_member(
    team: TeamFacts,
    *,
    person: PersonData,
    role: str,
    joined_on: dt.date,
    decision_ref: str,
    age_exception_decision_ref: str = "",
    citizen: CitizenFacts | None = None,
) -> CheckedMember:
    """Every check of recognising a member, without the database: `add_member` and the roster import.

    Raises DomainError (the first refusal, its `code` naming the field when there is one).
    """
    if not team.is_active:
        raise DomainError(_("Tổ “%(name)s” đã giải thể.") % {"name": team.name}, code="team")
    if role not in Membership.Role.values:
        raise DomainError(_("Chức danh không hợp lệ."), code="role")
    data = person.cleaned()
    decision_ref = _clean_text(
        decision_ref, _("Số quyết định công nhận"), required=True, code="join_decision_ref"
    )
    exception_ref = _clean_text(
        age_exception_decision_ref,
        _("Số quyết định cho phép trên 70 tuổi"),
        code="age_exception_decision_ref",
    )
    _not_future(joined_on, _("Ngày công nhận"), "joined_on")
    if joined_on < team.established_on:
        raise DomainError(
            _("Ngày công nhận không được trước ngày thành lập tổ (%(day)s).")
            % {"day": _d(team.established_on)},
            code="joined_on",
        )
    if joined_on < data.date_of_birth:
        raise DomainError(_("Ngày công nhận không được trước ngày sinh."), code="joined_on")
    problems = rules.eligibility(
        applicant(data, age_exception_decision_ref=exception_ref),
        on=joined_on,
        difficult_area=team.difficult_area,
    )
    _refuse_blocking(problems)
    if citizen is not None:
        if citizen.active_commune_id is not None:
            raise DomainError(
                _already_active_message(citizen.active_team_name or "", citizen.active_commune_id, team),
                code="already_member",
            )
        if citizen.last_left_on is not None and joined_on < citizen.last_left_on:
            raise DomainError(
                _("Ngày công nhận không được trước ngày người này thôi tham gia tổ trước (%(day)s).")
                % {"day": _d(citizen.last_left_on)},
                code="joined_on",
            )
    return CheckedMember(
        person=data,
        role=role,
        joined_on=joined_on,
        decision_ref=decision_ref,
        age_exception_decision_ref=exception_ref,
        warnings=[p for p in problems if not p.blocking],
    )


def team_facts(team: Team) -> TeamFacts:
    return TeamFacts(
        name=team.name,
        commune_id=team.commune_id,
        established_on=team.established_on,
        difficult_area=team.commune.difficult_area,
        is_active=team.is_active,
    )


@transaction.atomic
def add_member(
    team: Team,
    *,
    by: User,
    person: PersonData,
    role: str,
    joined_on: dt.date,
    decision_ref: str,
    age_exception_decision_ref: str = "",
) -> MemberAdded:
    """Recognise a person as a member of an active team; blocking ineligibility refuses, the rest warns."""
    team = Team.objects.select_for_update().select_related("commune").get(pk=team.pk)
    facts = team_facts(team)
    # The checks that need no database first, so a bad form refuses before any row is locked.
    checked = check_member(
        facts,
        person=person,
        role=role,
        joined_on=joined_on,
        decision_ref=decision_ref,
        age_exception_decision_ref=age_exception_decision_ref,
    )
    data = checked.person
    existing = Person.objects.select_for_update().filter(citizen_id=data.citizen_id).first()
    if existing is not None:
        active = Membership.objects.active().select_related("team").filter(person=existing).first()
        last_left = (
            Membership.objects.filter(person=existing)
            .order_by("-left_on")
            .values_list("left_on", flat=True)
            .first()
        )
        citizen = CitizenFacts(
            active_team_name=active.team.name if active else None,
            active_commune_id=active.team.commune_id if active else None,
            last_left_on=last_left,
        )
        checked = check_member(
            facts,
            person=person,
            role=role,
            joined_on=joined_on,
            decision_ref=decision_ref,
            age_exception_decision_ref=age_exception_decision_ref,
            citizen=citizen,
        )
    decision_ref, exception_ref = checked.decision_ref, checked.age_exception_decision_ref
    record = existing or Person(citizen_id=data.citizen_id)
    for name, value in vars(data).items():
        setattr(record, name, value)
    record.commune = team.commune
    try:
        with transaction.atomic():
            record.save()
            membership = Membership.objects.create(
                team=team,
                person=record,
                role=role,
                joined_on=joined_on,
                join_decision_ref=decision_ref,
                age_exception_decision_ref=exception_ref,
            )
    except IntegrityError as exc:  # a concurrent request recorded the same citizen first
        raise DomainError(
            _("Số định danh cá nhân này vừa được ghi nhận ở một tổ khác; hãy tải lại trang."),
            code="already_member",
        ) from exc
    recompute_force_tallies([team.commune_id])
    warnings = checked.warnings
    log_action(
        membership,
        "forces.member.added",
        actor=by,
        data={
            "team": team.pk,
            "person": record.pk,
            "role": role,
            "joined_on": joined_on.isoformat(),
            "decision_ref": decision_ref,
            "warnings": [p.code for p in warnings],
        },
    )
    return MemberAdded(membership, warnings)


@transaction.atomic
def update_person(person: Person, *, by: User, data: PersonData) -> Person:
    """Correct a person's record; an active member must stay eligible (blocking problems refuse)."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    cleaned = data.cleaned()
    if (
        cleaned.citizen_id != person.citizen_id
        and Person.objects.filter(citizen_id=cleaned.citizen_id).exists()
    ):
        raise DomainError(_("Số định danh cá nhân này đã có trong hồ sơ của người khác."))
    active = Membership.objects.active().select_related("team__commune").filter(person=person).first()
    if active is not None:
        # The age conditions hold on the day of recognition; a check that later turns "not clear" is
        # recorded (it is the reason to end the membership on ground d), so only age refuses here.
        if active.joined_on < cleaned.date_of_birth:
            raise DomainError(_("Ngày sinh không được sau ngày công nhận thành viên."))
        problems = rules.eligibility(
            applicant(cleaned, age_exception_decision_ref=active.age_exception_decision_ref),
            on=active.joined_on,
            difficult_area=active.team.commune.difficult_area,
        )
        _refuse_blocking([p for p in problems if p.code in AGE_CODES])
    changed = [name for name, value in vars(cleaned).items() if getattr(person, name) != value]
    if not changed:
        return person
    for name in changed:
        setattr(person, name, getattr(cleaned, name))
    person.save()
    if active is not None and "date_of_birth" in changed:
        recompute_force_tallies([active.team.commune_id])
    log_action(person, "forces.person.updated", actor=by, data={"fields": changed})
    return person


@transaction.atomic
def end_membership(
    membership: Membership, *, by: User, left_on: dt.date, ground: str, decision_ref: str
) -> Membership:
    """End a membership on one of the four legal grounds (Art. 17 k3) with the chairperson's decision."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.is_active:
        raise DomainError(
            _("Người này đã thôi tham gia tổ từ ngày %(day)s.")
            % {"day": _d(membership.left_on) if membership.left_on else ""}
        )
    if ground not in Membership.LeaveGround.values:
        raise DomainError(_("Hãy chọn một trong bốn căn cứ thôi tham gia (khoản 3 Điều 17)."))
    decision_ref = _clean_text(decision_ref, _("Số quyết định cho thôi"), required=True)
    _not_future(left_on, _("Ngày thôi tham gia"))
    if left_on < membership.joined_on:
        raise DomainError(
            _("Ngày thôi tham gia không được trước ngày công nhận (%(day)s).")
            % {"day": _d(membership.joined_on)}
        )
    membership.left_on = left_on
    membership.leave_ground = ground
    membership.leave_decision_ref = decision_ref
    membership.save()
    recompute_force_tallies([membership.team.commune_id])
    log_action(
        membership,
        "forces.member.ended",
        actor=by,
        data={"left_on": left_on.isoformat(), "ground": ground, "decision_ref": decision_ref},
    )
    return membership


# --- Monthly allowance rates ---------------------------------------------------------------------

AMOUNT_MAX = 1_000_000_000  # a monthly amount above 1 billion VND is a typing error


@transaction.atomic
def set_allowance_rate(
    province: Unit, *, by: User, role: str, amount: int, valid_from: dt.date, legal_basis: str = ""
) -> AllowanceRate:
    """Enter a province's monthly amount for a role from a date; the rate in force ends the day before."""
    if province.level != Unit.Level.PROVINCE or not province.is_current:
        raise DomainError(_("Mức hỗ trợ do tỉnh, thành phố quy định."))
    if role not in Membership.Role.values:
        raise DomainError(_("Chức danh không hợp lệ."))
    if not isinstance(amount, int) or amount < 0 or amount > AMOUNT_MAX:
        raise DomainError(_("Mức hỗ trợ phải là số đồng từ 0 đến 1.000.000.000."))
    legal_basis = _clean_text(legal_basis, _("Căn cứ"), max_length=255)
    rates = AllowanceRate.objects.select_for_update().filter(province=province, role=role)
    later = rates.filter(valid_from__gte=valid_from).order_by("valid_from").first()
    if later is not None:
        raise DomainError(
            _(
                "Đã có mức hỗ trợ áp dụng từ ngày %(day)s; mức mới phải áp dụng từ sau ngày đó "
                "(lịch sử các mức không được sửa)."
            )
            % {"day": _d(later.valid_from)}
        )
    previous = rates.filter(valid_to__isnull=True).first()
    if previous is not None:
        previous.valid_to = valid_from - dt.timedelta(days=1)
        previous.save(update_fields=["valid_to"])
    rate = AllowanceRate.objects.create(
        province=province, role=role, amount=amount, valid_from=valid_from, legal_basis=legal_basis
    )
    log_action(
        rate,
        "forces.allowance_rate.set",
        actor=by,
        data={
            "province": province.key,
            "role": role,
            "amount": amount,
            "valid_from": valid_from.isoformat(),
            "previous": previous.pk if previous is not None else None,
        },
    )
    return rate
