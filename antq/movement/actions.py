"""State changes of the movement: committees, the document register, tasks and their progress.

Every verb is atomic, audited with `log_action`, and refuses bad input with a Vietnamese DomainError
before anything is written. Pages, API and commands call these functions only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

import filetype
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from antq.accounts.models import Role, RoleAssignment, User
from antq.core.audit import log_action
from antq.core.doc_numbers import DocNumberError, parse
from antq.core.errors import DomainError
from antq.core.models import AuditEntry
from antq.core.notifications import notify, notify_each
from antq.movement import permissions
from antq.movement.models import (
    ASSIGNING_TYPES,
    Attachment,
    CommitteeMember,
    CommitteeRole,
    DocType,
    Document,
    DocumentLink,
    LinkKind,
    ProgressReport,
    SteeringCommittee,
    Task,
)
from antq.units.models import Unit

UNIT_OFFICER_ROLES = (Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.NATIONAL_ADMIN)


def _require(allowed: bool) -> None:
    if not allowed:
        raise DomainError(_("Bạn không có quyền thực hiện thao tác này."))


def _parse_number(raw: str) -> Any:
    try:
        return parse(raw)
    except DocNumberError as error:
        raise DomainError(str(error)) from error


def _text(value: str, label: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(_("Chưa nhập %(field)s.") % {"field": label})
    if len(value) > limit:
        raise DomainError(_("%(field)s quá dài (tối đa %(n)s ký tự).") % {"field": label, "n": limit})
    if "\x00" in value:
        raise DomainError(_("Không được chứa ký tự NUL."))
    return value


# --- Steering committees --------------------------------------------------------------------------


@transaction.atomic
def save_committee(
    unit: Unit,
    *,
    by: User,
    name: str,
    decision_number: str,
    decision_date: dt.date,
    standing_office: str = "",
    is_consolidation: bool = False,
) -> SteeringCommittee:
    """Record the decision establishing or consolidating the unit's committee (history keeps the old)."""
    _require(permissions.can_manage_unit(by, unit))
    number = _parse_number(decision_number)
    if number.doc_type != "decision":
        raise DomainError(
            _("Ban Chỉ đạo được thành lập, kiện toàn bằng quyết định (ký hiệu “QĐ-…”), không phải “%(n)s”.")
            % {"n": number.text}
        )
    if decision_date > timezone.localdate():
        raise DomainError(_("Ngày quyết định không được sau ngày hôm nay."))
    values = {
        "name": _text(name, _("tên Ban Chỉ đạo"), 255),
        "decision_number": number.text,
        "decision_date": decision_date,
        "standing_office": _text(standing_office, _("cơ quan thường trực"), 255, required=False),
        "is_consolidation": is_consolidation,
    }
    committee, created = SteeringCommittee.objects.select_for_update().update_or_create(
        unit=unit, defaults=values
    )
    log_action(
        committee,
        "movement.committee.saved",
        actor=by,
        data={"created": created, "decision": number.text, "date": decision_date.isoformat()},
    )
    return committee


def _member_dates(joined_on: dt.date | None, left_on: dt.date | None = None) -> None:
    today = timezone.localdate()
    if joined_on is not None and joined_on > today:
        raise DomainError(_("Ngày tham gia không được sau ngày hôm nay."))
    if left_on is not None:
        if left_on > today:
            raise DomainError(_("Ngày thôi tham gia không được sau ngày hôm nay."))
        if joined_on is not None and left_on < joined_on:
            raise DomainError(
                _("Ngày thôi tham gia (%(l)s) không được trước ngày tham gia (%(j)s).")
                % {"l": left_on.strftime("%d/%m/%Y"), "j": joined_on.strftime("%d/%m/%Y")}
            )


def _one_head(committee: SteeringCommittee, role: str, *, other_than: int | None = None) -> None:
    if role != CommitteeRole.HEAD:
        return
    heads = committee.members.current().filter(role=CommitteeRole.HEAD).exclude(pk=other_than)
    if heads.exists():
        raise DomainError(_("Ban Chỉ đạo đã có Trưởng ban; hãy cho người cũ thôi tham gia trước."))


@transaction.atomic
def add_member(
    committee: SteeringCommittee,
    *,
    by: User,
    full_name: str,
    position: str,
    agency: str,
    role: str,
    joined_on: dt.date | None = None,
) -> CommitteeMember:
    """Add a person to the committee; a committee has one head among its current members."""
    _require(permissions.can_manage_unit(by, committee.unit))
    if role not in CommitteeRole.values:
        raise DomainError(_("Chức danh trong Ban không hợp lệ."))
    committee = SteeringCommittee.objects.select_for_update().get(pk=committee.pk)
    _one_head(committee, role)
    _member_dates(joined_on)
    member = CommitteeMember.objects.create(
        committee=committee,
        full_name=_text(full_name, _("họ và tên"), 150),
        position=_text(position, _("chức vụ"), 150),
        agency=_text(agency, _("cơ quan"), 255),
        role=role,
        joined_on=joined_on,
    )
    log_action(committee, "movement.member.added", actor=by, data={"member": member.pk, "role": role})
    return member


@transaction.atomic
def update_member(
    member: CommitteeMember,
    *,
    by: User,
    full_name: str,
    position: str,
    agency: str,
    role: str,
    joined_on: dt.date | None = None,
) -> CommitteeMember:
    """Correct or change a current member's position, agency, role or joining date (history keeps the old)."""
    committee = (
        SteeringCommittee.objects.select_for_update().select_related("unit").get(pk=member.committee_id)
    )
    _require(permissions.can_manage_unit(by, committee.unit))
    member = CommitteeMember.objects.get(pk=member.pk, committee=committee)
    if member.left_on is not None:
        raise DomainError(_("Thành viên đã thôi tham gia Ban Chỉ đạo; không sửa được."))
    if role not in CommitteeRole.values:
        raise DomainError(_("Chức danh trong Ban không hợp lệ."))
    _one_head(committee, role, other_than=member.pk)
    _member_dates(joined_on)
    values = {
        "full_name": _text(full_name, _("họ và tên"), 150),
        "position": _text(position, _("chức vụ"), 150),
        "agency": _text(agency, _("cơ quan"), 255),
        "role": role,
        "joined_on": joined_on,
    }
    changed = {
        k: [str(getattr(member, k) or ""), str(v or "")] for k, v in values.items() if getattr(member, k) != v
    }
    if not changed:
        return member
    for key, value in values.items():
        setattr(member, key, value)
    member.save()
    log_action(committee, "movement.member.updated", actor=by, data={"member": member.pk, "changed": changed})
    return member


@transaction.atomic
def end_membership(member: CommitteeMember, *, by: User, left_on: dt.date) -> CommitteeMember:
    """A person leaves the committee on `left_on`: the row stays, listed among former members."""
    committee = (
        SteeringCommittee.objects.select_for_update().select_related("unit").get(pk=member.committee_id)
    )
    _require(permissions.can_manage_unit(by, committee.unit))
    member = CommitteeMember.objects.get(pk=member.pk, committee=committee)
    if member.left_on is not None:
        raise DomainError(
            _("Thành viên đã thôi tham gia từ ngày %(d)s.") % {"d": member.left_on.strftime("%d/%m/%Y")}
        )
    _member_dates(member.joined_on, left_on)
    member.left_on = left_on
    member.save()
    log_action(
        committee,
        "movement.member.ended",
        actor=by,
        data={"member": member.pk, "role": member.role, "left_on": left_on.isoformat()},
    )
    return member


@transaction.atomic
def remove_member(member: CommitteeMember, *, by: User) -> None:
    """Delete a member entered by mistake (the history keeps the row); leaving is `end_membership`."""
    _require(permissions.can_manage_unit(by, member.committee.unit))
    committee = member.committee
    data = {"member": member.pk, "role": member.role}
    member.delete()
    log_action(committee, "movement.member.removed", actor=by, data=data)


# --- Documents ------------------------------------------------------------------------------------

_DOC_TYPE_FROM_PARSER = {
    "directive": DocType.DIRECTIVE,
    "programme": DocType.PROGRAMME,
    "plan": DocType.PLAN,
    "guidance": DocType.GUIDANCE,
    "decision": DocType.DECISION,
    "resolution": DocType.RESOLUTION,
    "report": DocType.REPORT,
    "notice": DocType.NOTICE,
    "official_letter": DocType.OFFICIAL_LETTER,
}


@transaction.atomic
def register_document(
    issuer_unit: Unit,
    *,
    by: User,
    number_text: str,
    issued_on: dt.date,
    subject: str,
    issuing_body: str,
) -> Document:
    """Enter a document in the register; its type and series come from the parsed number and symbol."""
    _require(permissions.can_manage_unit(by, issuer_unit))
    number = _parse_number(number_text)
    if issued_on > timezone.localdate():
        raise DomainError(_("Ngày ban hành không được sau ngày hôm nay."))
    if number.year is not None and number.year != issued_on.year:
        raise DomainError(
            _("Số, ký hiệu “%(n)s” ghi năm %(y)s nhưng ngày ban hành là năm %(d)s.")
            % {"n": number.text, "y": number.year, "d": issued_on.year}
        )
    doc_type = _DOC_TYPE_FROM_PARSER.get(number.doc_type, DocType.OTHER)
    series = number.issuer if number.kind != "party" else number.symbol
    document = Document(
        issuer_unit=issuer_unit,
        issuing_body=_text(issuing_body, _("cơ quan ban hành"), 255),
        doc_type=doc_type,
        number=number.number,
        symbol=number.symbol,
        series=series,
        year=issued_on.year,
        number_text=number.text,
        issued_on=issued_on,
        subject=_text(subject, _("trích yếu"), 500),
        created_by=by,
    )
    clash = Document.objects.filter(
        issuer_unit=issuer_unit, series=series, year=document.year, number=number.number
    ).first()
    if clash is not None:
        raise DomainError(
            _(
                "Số %(n)s của “%(s)s” năm %(y)s đã dùng cho văn bản “%(other)s” "
                "(NĐ 30/2020: số không trùng trong năm)."
            )
            % {"n": f"{number.number:02d}", "s": series, "y": document.year, "other": clash.number_text}
        )
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError as error:  # a concurrent registration took the number first
        raise DomainError(_("Số văn bản vừa được dùng cho văn bản khác; hãy kiểm tra lại.")) from error
    log_action(document, "movement.document.registered", actor=by, data={"number": document.number_text})
    return document


@transaction.atomic
def link_documents(source: Document, target: Document, *, by: User, kind: str) -> DocumentLink:
    """Record that `source` implements, replaces or cites `target`."""
    _require(permissions.can_manage_unit(by, source.issuer_unit))
    if kind not in LinkKind.values:
        raise DomainError(_("Quan hệ giữa hai văn bản không hợp lệ."))
    if source.pk == target.pk:
        raise DomainError(_("Văn bản không thể liên kết với chính nó."))
    link, created = DocumentLink.objects.get_or_create(source=source, target=target, kind=kind)
    if created:
        log_action(source, "movement.document.linked", actor=by, data={"target": target.pk, "kind": kind})
    return link


# --- Attachments (the evidence pattern of antq/assessments) ---------------------------------------

ATTACHMENT_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (.docx)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel (.xlsx)",
}
NAME_MAX = 255


def _file_name(name: str) -> str:
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    base = "".join(ch for ch in base if ch.isprintable())
    return base[-NAME_MAX:] or "tep-dinh-kem"


def _store_attachment(upload: UploadedFile, *, by: User, **owner: Any) -> Attachment:
    max_bytes: int = settings.ANTQ_MOVEMENT_ATTACHMENT_MAX_BYTES
    size = upload.size or 0
    name = _file_name(upload.name or "")
    if size <= 0:
        raise DomainError(_("Tệp đính kèm trống."))
    if size > max_bytes:
        raise DomainError(
            _("Tệp “%(name)s” quá lớn; mỗi tệp đính kèm không quá %(max)s MB.")
            % {"name": name, "max": max_bytes // (1024 * 1024)}
        )
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    if kind is None or kind.mime not in ATTACHMENT_TYPES:
        raise DomainError(
            _(
                "Tệp “%(name)s” không phải PDF, ảnh JPEG/PNG, Word (.docx) hay Excel (.xlsx); "
                "hãy chọn tệp khác."
            )
            % {"name": name}
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        original_name=name,
        size=size,
        content_type=str(kind.mime),
        sha256=digest.hexdigest(),
        uploaded_by=by,
        **owner,
    )
    attachment.file.save("tep", upload, save=False)
    stored = attachment.file.name or ""
    # No row without its file, no orphan file: the file goes again if the row cannot be written.
    try:
        with transaction.atomic():
            attachment.save()
            target = owner.get("document") or owner["report"].task
            log_action(
                target,
                "movement.attachment.added",
                actor=by,
                data={"attachment": attachment.pk, "name": name, "size": size, "sha256": attachment.sha256},
            )
    except BaseException:
        attachment.file.storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def attach_to_document(document: Document, upload: UploadedFile, *, by: User) -> Attachment:
    """Attach the scanned document or an annex (type decided from the content)."""
    _require(permissions.can_manage_unit(by, document.issuer_unit))
    return _store_attachment(upload, by=by, document=document)


# --- Tasks ----------------------------------------------------------------------------------------


# None: the database backend writes as many rows per INSERT as its parameter limit allows.
BULK_BATCH: int | None = None


@dataclass(frozen=True)
class Assignment:
    """What a plan asks: the same title, result, deadline and weight for each unit given."""

    title: str
    deadline: dt.date
    expected_result: str = ""
    weight: int = 1


def _notify_units(unit_ids: list[int], message: str, link: str) -> None:
    users = [
        a.user
        for a in RoleAssignment.objects.filter(
            unit_id__in=unit_ids, role__in=UNIT_OFFICER_ROLES, is_active=True, user__is_active=True
        ).select_related("user")
    ]
    notify(users, message, link, kind="movement")


@transaction.atomic
def assign_tasks(plan: Document, units: list[Unit], *, by: User, assignment: Assignment) -> list[Task]:
    """Give one task to each of `units` (below the plan's issuer, in the assigner's scope) in one write."""
    _require(permissions.can_assign_from(by, plan.issuer_unit))
    if plan.doc_type not in ASSIGNING_TYPES:
        raise DomainError(
            _("Chỉ chỉ thị, chương trình, kế hoạch mới giao nhiệm vụ; “%(n)s” là %(t)s.")
            % {"n": plan.number_text, "t": plan.get_doc_type_display().lower()}
        )
    title = _text(assignment.title, _("nhiệm vụ"), 500)
    expected = _text(assignment.expected_result, _("kết quả cần đạt"), 500, required=False)
    if assignment.deadline < plan.issued_on:
        raise DomainError(
            _("Thời hạn %(d)s trước ngày ban hành kế hoạch (%(p)s).")
            % {"d": assignment.deadline.strftime("%d/%m/%Y"), "p": plan.issued_on.strftime("%d/%m/%Y")}
        )
    if not 1 <= assignment.weight <= 100:
        raise DomainError(_("Trọng số phải từ 1 đến 100."))
    if not units:
        raise DomainError(_("Chưa chọn đơn vị nhận nhiệm vụ."))
    issuer_path = plan.issuer_unit.path
    outside = [
        u.name
        for u in units
        if not (
            u.path.startswith(issuer_path) and u.path != issuer_path and permissions.can_manage_unit(by, u)
        )
    ]
    if outside:
        raise DomainError(
            _("Không giao được nhiệm vụ cho đơn vị ngoài phạm vi của đơn vị ban hành: %(names)s.")
            % {"names": ", ".join(outside[:5]) + ("…" if len(outside) > 5 else "")}
        )
    taken = set(
        Task.objects.filter(plan=plan, title=title, unit__in=units).values_list("unit__name", flat=True)
    )
    if taken:
        raise DomainError(_("Nhiệm vụ này đã giao cho: %(names)s.") % {"names": ", ".join(sorted(taken)[:5])})
    # One task per unit in batches, each with its own history row and audit entry, so a task's history
    # shows its creation like any other change, and the query count does not grow with the units.
    tasks = bulk_create_with_history(
        [
            Task(
                plan=plan,
                unit=u,
                title=title,
                expected_result=expected,
                deadline=assignment.deadline,
                weight=assignment.weight,
                assigned_by=by,
            )
            for u in units
        ],
        Task,
        batch_size=BULK_BATCH,
        default_user=by,
        default_change_reason="movement.task.created",
    )
    _audit_created(tasks, plan=plan, by=by)
    log_action(
        plan,
        "movement.tasks.assigned",
        actor=by,
        data={"title": title, "units": len(units), "deadline": assignment.deadline.isoformat()},
    )
    _notify_units(
        [u.pk for u in units],
        _("%(plan)s giao nhiệm vụ: %(title)s (hạn %(d)s).")
        % {"plan": plan.number_text, "title": title, "d": assignment.deadline.strftime("%d/%m/%Y")},
        reverse("movement:document", kwargs={"pk": plan.pk}),
    )
    return tasks


def _audit_created(tasks: list[Task], *, plan: Document, by: User) -> None:
    """One `movement.task.created` entry per task, written like `log_action` would but in batches."""
    task_type = ContentType.objects.get_for_model(Task)
    unit_label = getattr(by, "audit_unit_label", "")[:255]
    username = by.get_username()[:150]
    AuditEntry.objects.bulk_create(
        (
            AuditEntry(
                actor=by,
                actor_username=username,
                actor_unit=unit_label,
                action="movement.task.created",
                target_type=task_type,
                target_id=str(task.pk),
                target_repr=str(task)[:255],
                data={
                    "plan": plan.number_text,
                    "unit": task.unit.key,
                    "deadline": task.deadline.isoformat(),
                    "weight": task.weight,
                },
            )
            for task in tasks
        ),
        batch_size=BULK_BATCH,
    )


def communes_of(province: Unit) -> list[Unit]:
    """The current communes of a province (the one action gives all of them the task)."""
    return list(Unit.objects.current().filter(parent=province, level=Unit.Level.COMMUNE).order_by("path"))


def assign_to_all_communes(plan: Document, province: Unit, *, by: User, assignment: Assignment) -> list[Task]:
    """One task to every current commune of `province`."""
    if province.level != Unit.Level.PROVINCE:
        raise DomainError(_("Chỉ giao cho toàn bộ các xã của một tỉnh, thành phố."))
    return assign_tasks(plan, communes_of(province), by=by, assignment=assignment)


@transaction.atomic
def report_progress(
    task: Task, *, by: User, percent: int, note: str = "", upload: UploadedFile | None = None
) -> ProgressReport:
    """The unit reports how far its task has come (0–100 %), optionally with a file."""
    _require(permissions.can_report_on(by, task.unit))
    if not isinstance(percent, int) or not 0 <= percent <= 100:
        raise DomainError(_("Tiến độ phải từ 0 đến 100 %."))
    task = Task.objects.select_for_update().select_related("plan").get(pk=task.pk)
    report = ProgressReport.objects.create(
        task=task,
        percent=percent,
        note=_text(note, _("nội dung báo cáo"), 5000, required=False),
        reported_by=by,
    )
    task.progress = percent
    task.last_reported_at = timezone.now()
    task.save(update_fields=["progress", "last_reported_at"])
    if upload is not None:
        _store_attachment(upload, by=by, report=report)
    log_action(task, "movement.progress.reported", actor=by, data={"percent": percent, "report": report.pk})
    return report


OVERDUE_LISTED = 3


def _overdue_message(tasks: list[Task]) -> tuple[str, str]:
    """The text and link of one user's notification about their overdue tasks."""
    tasks = sorted(tasks, key=lambda t: (t.deadline, t.pk))
    if len(tasks) == 1:
        task = tasks[0]
        message = _("Nhiệm vụ quá hạn (%(d)s): %(title)s — %(unit)s, %(plan)s.") % {
            "d": task.deadline.strftime("%d/%m/%Y"),
            "title": task.title,
            "unit": task.unit.name,
            "plan": task.plan.number_text,
        }
        return message, reverse("movement:task", kwargs={"pk": task.pk})
    listed = "; ".join(
        _("%(title)s — %(unit)s (hạn %(d)s)")
        % {"title": t.title, "unit": t.unit.name, "d": t.deadline.strftime("%d/%m/%Y")}
        for t in tasks[:OVERDUE_LISTED]
    )
    rest = len(tasks) - OVERDUE_LISTED
    message = _("%(n)s nhiệm vụ quá hạn: %(list)s") % {"n": len(tasks), "list": listed}
    if rest > 0:
        message += _("; và %(rest)s nhiệm vụ khác.") % {"rest": rest}
    units = {t.unit_id for t in tasks}
    plans = {t.plan_id for t in tasks}
    if len(units) == 1:
        link = reverse("movement:inbox", kwargs={"key": tasks[0].unit.key})
    elif len(plans) == 1:
        link = reverse("movement:document", kwargs={"pk": tasks[0].plan_id})
    else:
        link = reverse("movement:home")
    return message, link


@transaction.atomic
def notify_overdue_tasks(today: dt.date | None = None) -> int:
    """Tell each user once per run about all their newly overdue tasks (the unit's officers and the
    assigner); a task is notified only once ever. Returns how many tasks were notified now."""
    today = today or timezone.localdate()
    tasks = list(
        Task.objects.overdue(today)
        .filter(overdue_notified_at__isnull=True)
        .select_related("plan", "unit", "assigned_by")
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    if not tasks:
        return 0
    officers: dict[int, list[User]] = {}
    for a in RoleAssignment.objects.filter(
        unit_id__in={t.unit_id for t in tasks},
        role__in=UNIT_OFFICER_ROLES,
        is_active=True,
        user__is_active=True,
    ).select_related("user"):
        officers.setdefault(a.unit_id, []).append(a.user)
    per_user: dict[int, tuple[User, dict[int, Task]]] = {}
    for task in tasks:
        for user in [*officers.get(task.unit_id, []), task.assigned_by]:
            if user is not None and user.is_active:
                per_user.setdefault(user.pk, (user, {}))[1][task.pk] = task
    notify_each(
        ((user, *_overdue_message(list(own.values()))) for user, own in per_user.values()), kind="movement"
    )
    Task.objects.filter(pk__in=[t.pk for t in tasks]).update(overdue_notified_at=timezone.now())
    log_action(
        None,
        "movement.overdue.notified",
        actor_username="system",
        data={"tasks": len(tasks), "users": len(per_user)},
    )
    return len(tasks)
