"""Excel import and export of the force's roster, up to national scale (300,000 rows), in the background.

The upload is checked by the hardened reader of `antq.units.imports` (size, zip bomb, formulas), kept in
the private staging directory, and processed by the db_worker (`tasks.run_roster_import`) in two steps:

1. the dry run reads the file row by row (openpyxl read-only), checks every row and writes nothing;
2. after the user confirms, the commit reads it again, checks every row again (the roster may have
   changed meanwhile) and writes in batches inside ONE transaction: any refused row, or a crash,
   rolls everything back, so nothing is ever half-written.

Each row goes through `actions.check_member`, the same checks as the form (`actions.add_member`):
the file-specific parts (cell types, duplicates inside the file, scope of the commune) are here.
Memory stays bounded: rows are streamed, checked and written per batch; only the citizen IDs seen
(for duplicates) and the teams of the scope (preloaded in one query) are kept for the whole file.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, Max, Value, When
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from antq.accounts.models import User
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.core.text import fold
from antq.forces import actions
from antq.forces.models import Membership, Person, RosterImport, Team
from antq.forces.permissions import can_manage_forces
from antq.forces.tallies import recompute_force_tallies
from antq.units.imports import (
    ImportRejected,
    RawRow,
    RowChecker,
    RowResult,
    _choice_lookup,
    _labels,
    column_label,
    display,
    is_empty,
    staging_dir,
    stream_sheet,
    workbook_bytes,
    write_header,
    write_help_sheet,
)
from antq.units.models import Unit

logger = logging.getLogger(__name__)

# The file format: Vietnamese whatever the interface language.
SHEET = "Danh sách"
SHEET_HELP = "Hướng dẫn"
HEADERS = (
    "Mã xã",
    "Tổ*",
    "Họ và tên*",
    "Ngày sinh*",
    "Giới tính*",
    "Số định danh cá nhân*",
    "Số điện thoại",
    "Hình thức cư trú*",
    "Cư trú từ ngày",
    "Trình độ học vấn",
    "Ngày giấy chứng nhận sức khỏe",
    "Thẩm tra lý lịch",
    "Đã từng phục vụ",
    "Chức danh*",
    "Ngày công nhận*",
    "Số quyết định công nhận*",
    "Số quyết định cho phép trên 70 tuổi",
)
WIDTHS = (10, 30, 28, 13, 10, 18, 14, 14, 13, 30, 14, 20, 34, 12, 13, 18, 18)
COLUMNS = tuple(column_label(h) for h in HEADERS)
(
    C_COMMUNE,
    C_TEAM,
    C_NAME,
    C_BIRTH,
    C_SEX,
    C_CID,
    C_PHONE,
    C_RESIDENCE,
    C_RESIDENCE_SINCE,
    C_EDUCATION,
    C_HEALTH,
    C_BACKGROUND,
    C_SERVICE,
    C_ROLE,
    C_JOINED,
    C_DECISION,
    C_EXCEPTION,
) = range(len(HEADERS))
# DomainError codes of `actions.check_member` -> the column they are about.
CODE_COLUMNS = {
    "full_name": C_NAME,
    "citizen_id": C_CID,
    "phone": C_PHONE,
    "date_of_birth": C_BIRTH,
    "residence_since": C_RESIDENCE_SINCE,
    "health_certificate_on": C_HEALTH,
    "role": C_ROLE,
    "joined_on": C_JOINED,
    "join_decision_ref": C_DECISION,
    "age_exception_decision_ref": C_EXCEPTION,
    "already_member": C_CID,
    "team": C_TEAM,
}
BATCH = 2000
SAMPLE = 200  # errors and warning rows kept on the job for the page; the full list is in the Excel report
ERROR_HEADERS = ("Dòng", "Cột", "Lý do")


def max_rows() -> int:
    return int(settings.ANTQ_ROSTER_IMPORT_MAX_ROWS)


def limits() -> dict[str, str]:
    return {
        "max_rows": f"{max_rows():,}".replace(",", "."),
        "max_size": filesizeformat(settings.ANTQ_ROSTER_IMPORT_MAX_BYTES),
    }


# --- Choices (Vietnamese labels of the file; codes and unaccented spellings accepted) ---------------


def _lookups() -> dict[int, tuple[dict[str, str], list[str]]]:
    background = Person.BackgroundCheck
    service = [c for c in Person.PreviousService.choices if c[0]]
    return {
        C_SEX: (_choice_lookup(Person.Sex.choices), _labels(Person.Sex.choices)),
        C_RESIDENCE: (_choice_lookup(Person.ResidenceType.choices), _labels(Person.ResidenceType.choices)),
        C_EDUCATION: (_choice_lookup(Person.Education.choices), _labels(Person.Education.choices)),
        C_BACKGROUND: (
            _choice_lookup(background.choices, extra={"Đạt": background.CLEAR}),
            _labels(background.choices),
        ),
        C_SERVICE: (_choice_lookup(service, extra={"Không": ""}), _labels(service)),
        C_ROLE: (_choice_lookup(Membership.Role.choices), _labels(Membership.Role.choices)),
    }


# --- The template --------------------------------------------------------------------------------


def build_template(unit: Unit, teams: Iterable[Team]) -> bytes:
    """The .xlsx users fill in: instructions with the teams of the unit, then the roster sheet."""
    wb = Workbook()
    help_ws = wb.active
    assert isinstance(help_ws, Worksheet)
    help_ws.title = SHEET_HELP
    ws = wb.create_sheet(SHEET)
    write_header(ws, HEADERS, WIDTHS)
    for letter in ("D", "I", "K", "O"):
        ws.column_dimensions[letter].number_format = "DD/MM/YYYY"
    for letter in ("A", "F", "G", "P", "Q"):
        ws.column_dimensions[letter].number_format = "@"
    if unit.level == Unit.Level.COMMUNE:
        where = _("Đơn vị: %(name)s (mã xã %(code)s).") % {"name": unit.name, "code": unit.code}
        commune_note = _("1. Cột “Mã xã” có thể để trống: mọi dòng thuộc %(name)s.") % {"name": unit.name}
    else:
        where = _("Đơn vị: %(name)s.") % {"name": unit.name}
        commune_note = _(
            "1. Cột “Mã xã” bắt buộc: mã đơn vị hành chính của xã, phường, đặc khu (5 chữ số) thuộc %(name)s."
        ) % {"name": unit.name}
    lookups = _lookups()
    notes = [
        where,
        _("Tệp mẫu tạo ngày %(date)s.") % {"date": timezone.localdate().strftime("%d/%m/%Y")},
        "",
        commune_note,
        _(
            "2. Cột “Tổ” ghi tên tổ bảo vệ ANTT đang hoạt động của xã (hoặc tên khu dân cư mà tổ phụ trách); "
            "không phân biệt dấu, chữ hoa."
        ),
        _("3. Cột có dấu * là bắt buộc. Ngày ghi theo dạng ngày/tháng/năm (ví dụ 15/03/2024)."),
        _(
            "4. Số định danh cá nhân gồm đúng 12 chữ số; nhập dạng văn bản để giữ số 0 ở đầu. "
            "Mỗi số chỉ xuất hiện một lần trong tệp, và người đang là thành viên một tổ khác "
            "phải được cho thôi tham gia trước."
        ),
        _(
            "5. Người chưa đủ 18 tuổi, trên 70 tuổi mà không có số quyết định cho phép, hoặc thẩm tra "
            "lý lịch không đạt thì không được ghi. Thiếu ngày cư trú, trình độ học vấn, giấy chứng nhận "
            "sức khỏe hoặc chưa thẩm tra lý lịch chỉ là cảnh báo."
        ),
        _("6. Không dùng công thức. Khi sao chép từ tệp khác, hãy dán dưới dạng giá trị (Paste Values)."),
        _("7. Mỗi lần nhập tối đa %(rows)s dòng dữ liệu, tệp không quá %(size)s.")
        % {"rows": limits()["max_rows"], "size": limits()["max_size"]},
        _(
            "8. Tệp lớn được xử lý nền: trang hiển thị tiến độ, bạn có thể làm việc khác. Sau khi kiểm tra, "
            "bấm “Xác nhận nhập”; có lỗi thì không dòng nào được ghi."
        ),
        "",
        _("Giới tính: %(labels)s") % {"labels": ", ".join(lookups[C_SEX][1])},
        _("Hình thức cư trú: %(labels)s") % {"labels": ", ".join(lookups[C_RESIDENCE][1])},
        _("Trình độ học vấn: %(labels)s") % {"labels": "; ".join(lookups[C_EDUCATION][1])},
        _("Thẩm tra lý lịch: %(labels)s") % {"labels": "; ".join(lookups[C_BACKGROUND][1])},
        _("Đã từng phục vụ: %(labels)s") % {"labels": "; ".join(lookups[C_SERVICE][1])},
        _("Chức danh: %(labels)s") % {"labels": ", ".join(lookups[C_ROLE][1])},
        "",
        _("Các tổ đang hoạt động:"),
    ]
    notes += [f"{t.commune.code} · {t.name} · {t.residential_area.name}" for t in teams]
    write_help_sheet(help_ws, _("Hướng dẫn nhập danh sách tổ bảo vệ ANTT từ Excel"), notes)
    return workbook_bytes(wb)


# --- Checking one row ----------------------------------------------------------------------------


class _Checker(RowChecker):
    def optional_choice(self, index: int, lookup: dict[str, str], labels: list[str], default: str) -> str:
        if is_empty(self.raw[index]):
            return default
        return self.choice(index, lookup, labels)

    def citizen_id(self, index: int) -> str:
        value = self.raw[index]
        if isinstance(value, int) and not isinstance(value, bool):
            # A number cell loses leading zeros; the 12-digit check below tells the user.
            return str(value)
        return self.text(index, required=True, max_length=40).replace(" ", "")


@dataclass
class _Candidate:
    """A row whose cells parsed: what `actions.check_member` needs, and the team it joins."""

    result: RowResult
    team: _TeamRef
    commune: _CommuneRef
    person: actions.PersonData
    role: str
    joined_on: dt.date
    decision_ref: str
    exception_ref: str


@dataclass(frozen=True)
class _CommuneRef:
    pk: int
    code: str
    name: str
    difficult_area: bool
    allowed: bool


@dataclass(frozen=True)
class _TeamRef:
    pk: int
    facts: actions.TeamFacts


@dataclass
class Outcome:
    """Counts of one pass over the file, the first errors and warnings, and how much was written."""

    total_rows: int = 0
    error_rows: int = 0
    error_count: int = 0
    warning_rows: int = 0
    warnings: Counter[str] = field(default_factory=Counter)
    errors_sample: list[dict[str, Any]] = field(default_factory=list)
    people_created: int = 0
    people_updated: int = 0
    memberships_created: int = 0

    @property
    def ok(self) -> bool:
        return self.total_rows > 0 and self.error_rows == 0


class _Rollback(Exception):
    """Raised inside the write transaction when a row is refused, so that nothing stays written."""


class RosterProcessor:
    """One pass over the rows of a roster file for a unit and a user: check, and write if asked."""

    def __init__(
        self,
        unit: Unit,
        user: User,
        *,
        write: bool,
        progress: Callable[[int], None] | None = None,
        on_error: Callable[[int, str, str], None] | None = None,
    ) -> None:
        self.unit = unit
        self.user = user
        self.write = write
        self.progress = progress
        self.on_error = on_error
        self.outcome = Outcome()
        self.lookups = _lookups()
        self.seen: dict[str, int] = {}
        self.known_elsewhere: dict[str, bool] = {}
        # Communes that received members: their overview tallies are recomputed before the commit ends.
        self.touched: set[int] = set()
        self._load_scope()

    def _load_scope(self) -> None:
        """Communes and active teams of the unit's subtree, one query each (no query per row)."""
        communes = Unit.objects.current().filter(level=Unit.Level.COMMUNE, path__startswith=self.unit.path)
        self.communes: dict[str, _CommuneRef] = {}
        for c in communes.only("pk", "code", "name", "difficult_area", "path", "valid_to", "level"):
            self.communes[c.code] = _CommuneRef(
                c.pk, c.code, c.name, c.difficult_area, can_manage_forces(self.user, c)
            )
        self.by_pk = {c.pk: c for c in self.communes.values()}
        teams = Team.objects.active().filter(commune__path__startswith=self.unit.path)
        self.teams: dict[tuple[int, str], _TeamRef] = {}
        areas: dict[tuple[int, str], list[_TeamRef]] = {}
        for pk, commune_id, name, name_folded, established_on, area_name in teams.values_list(
            "pk", "commune_id", "name", "name_folded", "established_on", "residential_area__name"
        ):
            commune = self.by_pk.get(commune_id)
            if commune is None:
                continue
            ref = _TeamRef(
                pk, actions.TeamFacts(name, commune_id, established_on, commune.difficult_area, True)
            )
            self.teams[(commune_id, name_folded)] = ref
            areas.setdefault((commune_id, fold(area_name)), []).append(ref)
        # An area name identifies a team only when one active team serves it.
        self.area_teams = {key: refs[0] for key, refs in areas.items() if len(refs) == 1}

    # -- the pass ------------------------------------------------------------------------------

    def run(self, rows: Iterable[RawRow]) -> Outcome:
        batch: list[_Candidate] = []
        for raw in rows:
            self.outcome.total_rows += 1
            candidate = self._parse(raw)
            if candidate is not None:
                batch.append(candidate)
            if len(batch) >= BATCH:
                self._flush(batch)
                batch = []
            if self.progress is not None and self.outcome.total_rows % BATCH == 0:
                self.progress(self.outcome.total_rows)
        self._flush(batch)
        if self.progress is not None:
            self.progress(self.outcome.total_rows)
        return self.outcome

    def _record(self, result: RowResult) -> None:
        if result.ok:
            return
        self.outcome.error_rows += 1
        self.outcome.error_count += len(result.issues)
        for issue in result.issues:
            if len(self.outcome.errors_sample) < SAMPLE:
                self.outcome.errors_sample.append(
                    {"row": result.row, "column": issue.column, "reason": issue.reason}
                )
            if self.on_error is not None:
                self.on_error(result.row, issue.column, issue.reason)

    def _parse(self, raw: RawRow) -> _Candidate | None:
        result = RowResult(SHEET, raw.row, [display(v) for v in raw.values])
        check = _Checker(result, raw.values, HEADERS)
        lookups = self.lookups
        commune = self._commune(check, result)
        team_text = check.text(C_TEAM, required=True, max_length=150)
        full_name = check.text(C_NAME, required=True, max_length=150)
        birth = check.date(C_BIRTH, required=True)
        sex = check.choice(C_SEX, *lookups[C_SEX])
        citizen_id = check.citizen_id(C_CID)
        phone = check.text(C_PHONE, required=False, max_length=20)
        residence = check.choice(C_RESIDENCE, *lookups[C_RESIDENCE])
        residence_since = check.date(C_RESIDENCE_SINCE, required=False)
        education = check.optional_choice(C_EDUCATION, *lookups[C_EDUCATION], "")
        health = check.date(C_HEALTH, required=False)
        background = check.optional_choice(
            C_BACKGROUND, *lookups[C_BACKGROUND], Person.BackgroundCheck.PENDING
        )
        service = check.optional_choice(C_SERVICE, *lookups[C_SERVICE], "")
        role = check.choice(C_ROLE, *lookups[C_ROLE])
        joined_on = check.date(C_JOINED, required=True)
        decision = check.text(C_DECISION, required=True, max_length=actions.REF_MAX)
        exception = check.text(C_EXCEPTION, required=False, max_length=actions.REF_MAX)
        team: _TeamRef | None = None
        if commune is not None and team_text and not result.has_issue(COLUMNS[C_TEAM]):
            key = (commune.pk, fold(team_text))
            team = self.teams.get(key) or self.area_teams.get(key)
            if team is None:
                result.add(
                    COLUMNS[C_TEAM],
                    _("%(commune)s không có tổ đang hoạt động tên “%(team)s”.")
                    % {"commune": commune.name, "team": team_text},
                )
        if citizen_id and len(citizen_id) == 12 and citizen_id.isdigit():
            first = self.seen.setdefault(citizen_id, raw.row)
            if first != raw.row:
                result.add(
                    COLUMNS[C_CID],
                    _("Số định danh cá nhân trùng với dòng %(row)s trong tệp.") % {"row": first},
                )
        if not result.ok or commune is None or team is None or birth is None or joined_on is None:
            if result.ok:  # pragma: no cover - every missing value above records an issue
                result.add("", _("Dòng không hợp lệ."))
            self._record(result)
            return None
        person = actions.PersonData(
            full_name=full_name,
            date_of_birth=birth,
            sex=sex,
            citizen_id=citizen_id,
            residence_type=residence,
            phone=phone,
            residence_since=residence_since,
            education_level=education,
            health_certificate_on=health,
            background_check=background,
            previous_service=service,
        )
        return _Candidate(result, team, commune, person, role, joined_on, decision, exception)

    def _commune(self, check: _Checker, result: RowResult) -> _CommuneRef | None:
        column = COLUMNS[C_COMMUNE]
        code = check.text(C_COMMUNE, required=False, max_length=10)
        raw = check.raw[C_COMMUNE]
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            code = code.zfill(5)  # a number cell drops the leading zero of 00004
        if not code:
            if self.unit.level == Unit.Level.COMMUNE:
                code = self.unit.code
            elif not result.has_issue(column):
                result.add(column, _("Bắt buộc nhập khi nhập cho cấp tỉnh hoặc toàn quốc."))
                return None
        if result.has_issue(column):
            return None
        commune = self.communes.get(code)
        if commune is None:
            if code not in self.known_elsewhere:  # one query per distinct unknown code, not per row
                self.known_elsewhere[code] = Unit.objects.filter(level=Unit.Level.COMMUNE, code=code).exists()
            if self.known_elsewhere[code]:
                result.add(
                    column,
                    _("Xã mã %(code)s không thuộc %(unit)s (ngoài phạm vi của bạn).")
                    % {"code": code, "unit": self.unit.name},
                )
            else:
                result.add(column, _("Không có xã, phường, đặc khu mã %(code)s.") % {"code": code})
            return None
        if not commune.allowed:
            result.add(column, _("Bạn không có quyền ghi danh sách của %(name)s.") % {"name": commune.name})
            return None
        return commune

    # -- per batch: the facts of the database, the shared checks, the writes --------------------

    def _citizens(self, cids: list[str]) -> tuple[dict[str, int], dict[str, actions.CitizenFacts]]:
        existing = dict(Person.objects.filter(citizen_id__in=cids).values_list("citizen_id", "pk"))
        facts: dict[str, actions.CitizenFacts] = {}
        if not existing:
            return existing, facts
        active = {
            cid: (team_name, commune_id)
            for cid, team_name, commune_id in Membership.objects.active()
            .filter(person__citizen_id__in=cids)
            .values_list("person__citizen_id", "team__name", "team__commune_id")
        }
        last_left = dict(
            Membership.objects.filter(person__citizen_id__in=cids, left_on__isnull=False)
            .values("person__citizen_id")
            .annotate(last=Max("left_on"))
            .values_list("person__citizen_id", "last")
        )
        for cid in existing:
            name, commune_id = active.get(cid, (None, None))
            facts[cid] = actions.CitizenFacts(name, commune_id, last_left.get(cid))
        return existing, facts

    def _flush(self, batch: list[_Candidate]) -> None:
        if not batch:
            return
        existing, facts = self._citizens([c.person.citizen_id for c in batch])
        accepted: list[tuple[_Candidate, actions.CheckedMember]] = []
        for c in batch:
            try:
                checked = actions.check_member(
                    c.team.facts,
                    person=c.person,
                    role=c.role,
                    joined_on=c.joined_on,
                    decision_ref=c.decision_ref,
                    age_exception_decision_ref=c.exception_ref,
                    citizen=facts.get(c.person.citizen_id),
                )
            except DomainError as exc:
                index = CODE_COLUMNS.get(exc.code)
                c.result.add(COLUMNS[index] if index is not None else "", exc.message)
                self._record(c.result)
                continue
            if checked.warnings:
                self.outcome.warning_rows += 1
                self.outcome.warnings.update(p.message for p in checked.warnings)
            accepted.append((c, checked))
        if self.write and self.outcome.error_rows == 0:
            self._write(accepted, existing)

    def _write(
        self, accepted: list[tuple[_Candidate, actions.CheckedMember]], existing: dict[str, int]
    ) -> None:
        new_people: list[Person] = []
        old_people: list[Person] = []
        now = timezone.now()
        for c, checked in accepted:
            values = vars(checked.person)
            person = Person(commune_id=c.commune.pk, name_folded=fold(values["full_name"]), **values)
            pk = existing.get(person.citizen_id)
            if pk is None:
                new_people.append(person)
            else:
                person.pk = pk
                person.updated_at = now  # bulk_update does not run auto_now
                old_people.append(person)
        if new_people:
            bulk_create_with_history(new_people, Person, batch_size=BATCH, default_user=self.user)
        if old_people:
            names = ["commune", "name_folded", "updated_at", *vars(accepted[0][1].person)]
            bulk_update_with_history(old_people, Person, names, batch_size=BATCH, default_user=self.user)
        by_cid = {p.citizen_id: p for p in new_people + old_people}
        memberships = [
            Membership(
                team_id=c.team.pk,
                person=by_cid[checked.person.citizen_id],
                role=checked.role,
                joined_on=checked.joined_on,
                join_decision_ref=checked.decision_ref,
                age_exception_decision_ref=checked.age_exception_decision_ref,
            )
            for c, checked in accepted
        ]
        bulk_create_with_history(memberships, Membership, batch_size=BATCH, default_user=self.user)
        self.touched.update(c.commune.pk for c, _checked in accepted)
        self.outcome.people_created += len(new_people)
        self.outcome.people_updated += len(old_people)
        self.outcome.memberships_created += len(memberships)


# --- Files of a job (private staging directory, never served directly) ---------------------------


def upload_path(job: RosterImport) -> Path:
    return staging_dir() / f"roster-{job.token}.xlsx"


def errors_path(job: RosterImport) -> Path:
    return staging_dir() / f"roster-{job.token}-errors.xlsx"


def progress_path(job: RosterImport) -> Path:
    return staging_dir() / f"roster-{job.token}.progress"


def save_upload(data: bytes, *, unit: Unit, user: User, filename: str) -> RosterImport:
    """Keep a checked upload on disk and record its job (queued for the dry run)."""
    directory = staging_dir()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    _remove_stale(directory)
    job = RosterImport(unit=unit, created_by=user, filename=filename, token=uuid.uuid4().hex)
    fd = os.open(upload_path(job), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    job.save()
    return job


def _remove_stale(directory: Path) -> None:
    cutoff = time.time() - 7 * 24 * 3600
    for path in directory.glob("roster-*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue


def read_progress(job: RosterImport) -> dict[str, int]:
    try:
        data = json.loads(progress_path(job).read_text(encoding="utf-8"))
        return {"processed": int(data["processed"]), "total": int(data["total"])}
    except (OSError, ValueError, KeyError, TypeError):
        return {"processed": 0, "total": job.total_rows}


def _write_progress(job: RosterImport, processed: int, total: int) -> None:
    # A file, not the job row: during the commit the database work is one open transaction, and
    # another connection would not see an update of the job row before it ends.
    path = progress_path(job)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"processed": processed, "total": total}), encoding="utf-8")
    os.replace(tmp, path)


class _ErrorReport:
    """The downloadable list of every error, written while the rows stream by (write-only workbook).

    The workbook is created at the first error and always saved (a write-only sheet left unsaved
    leaves its writer open).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.wb: Workbook | None = None
        self.ws: Any = None
        path.unlink(missing_ok=True)  # the report of an earlier pass

    def add(self, row: int, column: str, reason: str) -> None:
        if self.wb is None:
            self.wb = Workbook(write_only=True)
            self.ws = self.wb.create_sheet(_("Lỗi"))
            self.ws.append(list(ERROR_HEADERS))
        self.ws.append([row, column, reason])

    def save(self) -> None:
        if self.wb is not None:
            self.wb.save(self.path)
            self.wb = None


# --- The job -------------------------------------------------------------------------------------


def failed_message() -> str:
    return _(
        "Lỗi hệ thống khi xử lý tệp; không dòng nào được ghi. Hãy thử lại, nếu vẫn lỗi hãy báo quản trị "
        "hệ thống."
    )


def enqueue(job: RosterImport) -> None:
    """Hand the job to the background worker once the current transaction has committed."""
    from antq.forces.tasks import run_roster_import

    transaction.on_commit(lambda: run_roster_import.enqueue(job.pk))


def confirm(job: RosterImport, *, by: User) -> None:
    """Queue the commit of a checked job; refuses unless the dry run found no error."""
    job = RosterImport.objects.select_for_update().get(pk=job.pk)
    if job.status != RosterImport.Status.READY:
        raise DomainError(_("Chỉ xác nhận được tệp đã kiểm tra không có lỗi."))
    job.phase = RosterImport.Phase.COMMIT
    job.status = RosterImport.Status.QUEUED
    job.save(update_fields=["phase", "status"])
    enqueue(job)


def run_job(job_id: int) -> str:
    """Run the queued step of a job (dry run or commit); the job row records how it ended."""
    job = RosterImport.objects.select_related("unit", "created_by").get(pk=job_id)
    if job.status != RosterImport.Status.QUEUED:
        return job.status
    job.status = RosterImport.Status.RUNNING
    job.started_at = timezone.now()
    job.message = ""
    job.save(update_fields=["status", "started_at", "message"])
    try:
        outcome = _process(job)
    except ImportRejected as exc:
        _finish(job, RosterImport.Status.REJECTED, exc.message)
    except Exception:
        logger.exception("roster import %s failed", job.pk)
        _finish(job, RosterImport.Status.FAILED, failed_message())
    else:
        _store(job, outcome)
        if not outcome.ok:
            status = RosterImport.Status.REJECTED
            message = _("Có %(rows)s dòng lỗi: không dòng nào được ghi. Hãy sửa tệp và tải lên lại.") % {
                "rows": outcome.error_rows
            }
        elif job.phase == RosterImport.Phase.CHECK:
            status, message = RosterImport.Status.READY, ""
        else:
            status = RosterImport.Status.DONE
            message = _("Đã ghi %(n)s thành viên.") % {"n": outcome.memberships_created}
        _finish(job, status, message)
    return job.status


def _store(job: RosterImport, outcome: Outcome) -> None:
    job.total_rows = outcome.total_rows
    job.error_rows = outcome.error_rows
    job.error_count = outcome.error_count
    job.warning_rows = outcome.warning_rows
    job.errors_sample = outcome.errors_sample
    job.warnings_summary = dict(outcome.warnings.most_common())
    job.people_created = outcome.people_created
    job.people_updated = outcome.people_updated
    job.memberships_created = outcome.memberships_created


def _finish(job: RosterImport, status: str, message: str) -> None:
    job.status = status
    job.message = message
    job.finished_at = timezone.now()
    job.save()
    progress_path(job).unlink(missing_ok=True)
    if status != RosterImport.Status.READY:
        upload_path(job).unlink(missing_ok=True)  # personal data: kept no longer than needed


def _process(job: RosterImport) -> Outcome:
    total = job.total_rows

    def hint(declared: int) -> None:
        nonlocal total
        total = total or declared

    def progress(processed: int) -> None:
        _write_progress(job, processed, max(total, processed))

    report = _ErrorReport(errors_path(job))
    try:
        return _pass(job, report, hint, progress)
    finally:
        report.save()


def _pass(
    job: RosterImport, report: _ErrorReport, hint: Callable[[int], None], progress: Callable[[int], None]
) -> Outcome:
    write = job.phase == RosterImport.Phase.COMMIT
    rows = stream_sheet(upload_path(job), SHEET, HEADERS, max_rows=max_rows(), size_hint=hint)
    processor = RosterProcessor(job.unit, job.created_by, write=write, progress=progress, on_error=report.add)
    if not write:
        outcome = processor.run(rows)
    else:
        try:
            with transaction.atomic():
                # Checking goes on after a refused row so that the report lists every error; writing
                # stops at the first one (see _flush) and the transaction rolls back.
                outcome = processor.run(rows)
                if not outcome.ok:
                    raise _Rollback
                # The bulk writes bypass add_member: recount the overview of the communes they touched.
                recompute_force_tallies(processor.touched)
                log_action(
                    job.unit,
                    "forces.roster.imported",
                    actor=job.created_by,
                    data={
                        "job": job.pk,
                        "file": job.filename,
                        "rows": outcome.total_rows,
                        "memberships": outcome.memberships_created,
                        "people_created": outcome.people_created,
                        "people_updated": outcome.people_updated,
                    },
                )
        except _Rollback:
            outcome = processor.outcome
        except IntegrityError as exc:
            logger.warning("roster import %s: %s", job.pk, exc)
            raise ImportRejected(
                _(
                    "Danh sách vừa thay đổi trong lúc ghi (một số định danh cá nhân vừa được ghi nhận ở tổ "
                    "khác). Không dòng nào được ghi; hãy tải tệp lên lại để kiểm tra."
                )
            ) from exc
    if outcome.total_rows == 0:
        raise ImportRejected(
            _("Tệp không có dòng dữ liệu nào. Hãy điền danh sách từ dòng 2 của trang “%(sheet)s”.")
            % {"sheet": SHEET}
        )
    return outcome


# --- Export --------------------------------------------------------------------------------------

EXPORT_HEADERS = ("Tỉnh", "Xã", "Mã xã", "Tổ", "Khu dân cư", "Chức danh", "Ngày công nhận", "Số quyết định")
PERSONAL_HEADERS = (
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số định danh cá nhân",
    "Số điện thoại",
    "Hình thức cư trú",
    "Cư trú từ ngày",
    "Trình độ học vấn",
    "Ngày giấy chứng nhận sức khỏe",
    "Thẩm tra lý lịch",
    "Đã từng phục vụ",
)


def _day(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def export_roster(unit: Unit, *, personal: bool) -> bytes:
    """The active members of a commune or a province as .xlsx, streamed; personal columns if allowed."""
    memberships = (
        Membership.objects.active()
        .filter(team__commune__path__startswith=unit.path)
        .annotate(
            role_rank=Case(
                When(role=Membership.Role.LEADER, then=Value(0)),
                When(role=Membership.Role.DEPUTY, then=Value(1)),
                default=Value(2),
            )
        )
        .order_by("team__commune__path", "team__name", "role_rank", "person__name_folded", "pk")
    )
    fields = [
        "team__commune__parent__name",
        "team__commune__name",
        "team__commune__code",
        "team__name",
        "team__residential_area__name",
        "role",
        "joined_on",
        "join_decision_ref",
    ]
    personal_fields = [
        "person__full_name",
        "person__date_of_birth",
        "person__sex",
        "person__citizen_id",
        "person__phone",
        "person__residence_type",
        "person__residence_since",
        "person__education_level",
        "person__health_certificate_on",
        "person__background_check",
        "person__previous_service",
    ]
    labels = {
        "role": dict(Membership.Role.choices),
        "person__sex": dict(Person.Sex.choices),
        "person__residence_type": dict(Person.ResidenceType.choices),
        "person__education_level": dict(Person.Education.choices),
        "person__background_check": dict(Person.BackgroundCheck.choices),
        "person__previous_service": dict(Person.PreviousService.choices),
    }
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Danh sách"))
    headers = list(EXPORT_HEADERS) + (list(PERSONAL_HEADERS) if personal else [])
    ws.append(headers)
    names = fields + (personal_fields if personal else [])
    for values in memberships.values_list(*names).iterator(chunk_size=BATCH):
        row: list[Any] = []
        for name, value in zip(names, values, strict=True):
            if name in labels:
                row.append(str(labels[name].get(value, value)) if value else "")
            elif isinstance(value, dt.date):
                row.append(_day(value))
            else:
                row.append(value if value is not None else "")
        ws.append(row)
    return workbook_bytes(wb)
