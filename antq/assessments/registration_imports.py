"""Excel import of Q1 registrations of a commune's residential areas: template, dry run, commit.

The file is read with the hardened reader of `antq.units.imports` (size, zip-bomb, formula and row
limits, read-only streaming) and staged there between preview and confirmation. The preview repeats
the checks of `actions.register_subject` without writing; the commit calls it for every row inside one
transaction, so a row refused at that moment rolls every other row back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from antq.accounts.models import User
from antq.assessments import actions, rules, tallies
from antq.assessments.models import Cycle, CycleRule, Registration, Subject, SubjectType
from antq.assessments.subjects import sync_subjects
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.core.text import fold
from antq.units.imports import (
    RawRow,
    RowChecker,
    RowResult,
    clean_filename,
    column_label,
    display,
    load_stage_payload,
    read_sheets,
    read_xlsx_upload,
    stage_expired,
    stage_payload,
    workbook_bytes,
    write_header,
    write_help_sheet,
)
from antq.units.models import Unit

# The file format: Vietnamese whatever the interface language.
SHEET = "Đăng ký"
SHEET_HELP = "Hướng dẫn"
HEADERS = (
    "Tên khu dân cư*",
    "Ngày đăng ký*",
    "Ngày nghị quyết chi bộ",
    "Số kế hoạch",
    "Số hộ đang cư trú",
    "Số hộ ký cam kết",
    "Ghi chú",
)
COLUMNS = tuple(column_label(h) for h in HEADERS)
KIND = "registrations"


@dataclass
class RegistrationImport:
    """The dry run of one file: every data row with its problems, and which rows would be late."""

    rows: list[RowResult] = field(default_factory=list)

    @property
    def error_rows(self) -> int:
        return sum(1 for r in self.rows if not r.ok)

    @property
    def error_count(self) -> int:
        return sum(len(r.issues) for r in self.rows)

    @property
    def late_count(self) -> int:
        return sum(1 for r in self.rows if r.ok and r.data.get("is_late"))

    @property
    def ok(self) -> bool:
        return bool(self.rows) and self.error_count == 0

    def errors(self) -> list[tuple[int, str, str]]:
        """(row, column, reason) of every problem, in file order."""
        return [(r.row, i.column, i.reason) for r in self.rows for i in r.issues]


def area_subjects(commune: Unit) -> list[Subject]:
    """The commune's residential-area subjects (created if missing), by name."""
    sync_subjects([commune])
    return list(
        Subject.objects.filter(commune=commune, subject_type=SubjectType.RESIDENTIAL_AREA).order_by("name")
    )


def _unregistered(commune: Unit, cycle: Cycle) -> list[Subject]:
    registered = set(Registration.objects.filter(cycle=cycle).values_list("subject_id", flat=True))
    return [s for s in area_subjects(commune) if s.pk not in registered]


# --- The template --------------------------------------------------------------------------------


def build_template(commune: Unit, cycle: Cycle) -> bytes:
    """The .xlsx users fill in, with the names of the areas not yet registered already listed."""
    max_rows = int(settings.ANTQ_IMPORT_MAX_ROWS)
    last = max_rows + 1
    wb = Workbook()
    help_ws = wb.active
    assert isinstance(help_ws, Worksheet)
    help_ws.title = SHEET_HELP
    ws = wb.create_sheet(SHEET)
    write_header(ws, HEADERS, (40, 16, 20, 18, 16, 16, 40))
    for subject in _unregistered(commune, cycle):
        ws.append([subject.name])
    for letter in ("B", "C"):
        ws.column_dimensions[letter].number_format = "DD/MM/YYYY"
    ws.column_dimensions["D"].number_format = "@"
    households = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle=_("Số hộ"),
        error=_("Số hộ là số nguyên không âm."),
    )
    households.add(f"E2:F{last}")
    ws.add_data_validation(households)

    rule = CycleRule.objects.filter(cycle=cycle, subject_type=SubjectType.RESIDENTIAL_AREA).first()
    deadline = rule.registration_deadline.strftime("%d/%m/%Y") if rule else "—"
    province = commune.parent.name if commune.parent else ""
    notes = [
        _("Đơn vị: %(name)s (mã %(code)s), %(province)s")
        % {"name": commune.name, "code": commune.code, "province": province},
        _("Kỳ đánh giá năm %(year)s; hạn đăng ký của khu dân cư: %(deadline)s.")
        % {"year": cycle.year, "deadline": deadline},
        _("Tệp mẫu tạo ngày %(date)s.") % {"date": timezone.localdate().strftime("%d/%m/%Y")},
        "",
        _(
            "1. Trang “%(sheet)s” đã liệt kê các khu dân cư chưa đăng ký; xóa dòng của khu dân cư "
            "không đăng ký. Không đổi tên trang, không sửa dòng tiêu đề."
        )
        % {"sheet": SHEET},
        _(
            "2. Cột có dấu * là bắt buộc. Tên khu dân cư phải trùng với tên trong hệ thống "
            "(không phân biệt dấu)."
        ),
        _(
            "3. Ngày ghi theo dạng ngày/tháng/năm (ví dụ 15/03/%(year)s), trong năm %(year)s "
            "và không sau ngày hôm nay."
        )
        % {"year": cycle.year},
        _("4. Đăng ký sau hạn vẫn được ghi nhận và đánh dấu “đăng ký muộn”."),
        _("5. Số hộ là số nguyên không âm; số hộ ký cam kết không lớn hơn số hộ đang cư trú."),
        _("6. Không dùng công thức. Khi sao chép từ tệp khác, hãy dán dưới dạng giá trị (Paste Values)."),
        _("7. Mỗi lần nhập tối đa %(rows)s dòng dữ liệu, tệp không quá %(size)s.")
        % {
            "rows": f"{int(settings.ANTQ_IMPORT_MAX_ROWS):,}".replace(",", "."),
            "size": filesizeformat(settings.ANTQ_IMPORT_MAX_BYTES),
        },
        _(
            "8. Sau khi tải lên, hệ thống hiển thị bản xem trước. Dữ liệu chỉ được ghi khi không còn "
            "dòng lỗi và người dùng bấm “Xác nhận nhập”; có lỗi thì không dòng nào được ghi."
        ),
    ]
    write_help_sheet(help_ws, _("Hướng dẫn nhập đăng ký phấn đấu của khu dân cư từ Excel"), notes)
    return workbook_bytes(wb)


# --- Checking rows -------------------------------------------------------------------------------


class _Checker(RowChecker):
    def cycle_date(
        self, index: int, *, required: bool, cycle: Cycle, today: dt.date, what: str
    ) -> dt.date | None:
        """A day of the cycle's year, not after today."""
        day = self.date(index, required=required)
        column = column_label(self.headers[index])
        if day is None:
            return None
        if day.year != cycle.year:
            self.result.add(
                column, _("%(what)s phải trong năm %(year)s.") % {"what": what, "year": cycle.year}
            )
            return None
        if day > today:
            self.result.add(column, _("%(what)s không được sau ngày hôm nay.") % {"what": what})
            return None
        return day


def _check_rows(raw_rows: list[RawRow], commune: Unit, cycle: Cycle) -> list[RowResult]:
    subjects: dict[str, Subject] = {}
    for candidate in area_subjects(commune):
        subjects.setdefault(fold(candidate.name), candidate)
    registered = set(
        Registration.objects.filter(cycle=cycle, subject__commune=commune).values_list(
            "subject_id", flat=True
        )
    )
    rule = CycleRule.objects.filter(cycle=cycle, subject_type=SubjectType.RESIDENTIAL_AREA).first()
    today = timezone.localdate()
    name_column = COLUMNS[0]
    seen: dict[str, int] = {}
    results = []
    for raw in raw_rows:
        result = RowResult(SHEET, raw.row, [display(v) for v in raw.values])
        check = _Checker(result, raw.values, HEADERS)
        name = check.text(0, required=True, max_length=255)
        registered_on = check.cycle_date(1, required=True, cycle=cycle, today=today, what=_("Ngày đăng ký"))
        resolution_on = check.cycle_date(
            2, required=False, cycle=cycle, today=today, what=_("Ngày nghị quyết")
        )
        plan_ref = check.text(3, required=False, max_length=100)
        total = check.households(4)
        signed = check.households(5)
        note = check.text(6, required=False, max_length=255)
        if signed is not None and not result.has_issue(COLUMNS[4]):
            if total is None:
                result.add(COLUMNS[4], _("Nhập số hộ đang cư trú trước khi nhập số hộ ký cam kết."))
            elif signed > total:
                result.add(
                    COLUMNS[5],
                    _("Số hộ ký cam kết (%(signed)s) không được lớn hơn số hộ đang cư trú (%(total)s).")
                    % {"signed": signed, "total": total},
                )
        subject: Subject | None = None
        if name and not result.has_issue(name_column):
            key = fold(name)
            subject = subjects.get(key)
            if key in seen:
                result.add(name_column, _("Trùng tên với dòng %(row)s trong tệp.") % {"row": seen[key]})
            elif subject is None:
                result.add(
                    name_column, _("%(commune)s không có khu dân cư tên này.") % {"commune": commune.name}
                )
            elif subject.pk in registered:
                result.add(
                    name_column,
                    _("Khu dân cư này đã đăng ký trong kỳ đánh giá năm %(year)s.") % {"year": cycle.year},
                )
            seen.setdefault(key, raw.row)
        if rule is None:
            result.add(
                "", _("Kỳ đánh giá năm %(year)s chưa có quy định cho khu dân cư.") % {"year": cycle.year}
            )
        if result.ok and subject is not None and registered_on is not None and rule is not None:
            result.data = {
                "subject": subject.pk,
                "name": subject.name,
                "registered_on": registered_on.isoformat(),
                "party_resolution_on": resolution_on.isoformat() if resolution_on else None,
                "plan_ref": plan_ref,
                "households_total": total,
                "households_signed": signed,
                "note": note,
                "is_late": rules.is_late(registered_on, rule.registration_deadline),
            }
        results.append(result)
    return results


def parse_workbook(file: IO[bytes], commune: Unit, cycle: Cycle) -> RegistrationImport:
    """Dry run: check an uploaded file against the template, the commune and the cycle; writes nothing.

    Raises ImportRejected (one Vietnamese message) when the file itself is unacceptable.
    """
    (raw_rows,) = read_sheets(
        read_xlsx_upload(file),
        [(SHEET, HEADERS)],
        empty_message=_("Tệp không có dòng dữ liệu nào. Hãy điền đăng ký từ dòng 2 của trang “%(sheet)s”.")
        % {"sheet": SHEET},
    )
    return RegistrationImport(rows=_check_rows(raw_rows, commune, cycle))


# --- Between preview and confirmation ------------------------------------------------------------


@dataclass
class StagedRegistrations:
    token: str
    filename: str
    created: dt.datetime
    year: int
    rows: list[dict[str, Any]]

    @property
    def expired(self) -> bool:
        return stage_expired(self.created)


def stage(result: RegistrationImport, *, user_id: int, commune: Unit, cycle: Cycle, filename: str) -> str:
    rows = [{"row": r.row, **r.data} for r in result.rows]
    return stage_payload(
        KIND, {"year": cycle.year, "rows": rows}, user_id=user_id, commune=commune, filename=filename
    )


def load_staged(token: str, *, user_id: int, commune: Unit, cycle: Cycle) -> StagedRegistrations | None:
    payload = load_stage_payload(token, KIND, user_id=user_id, commune=commune)
    if payload is None or payload.get("year") != cycle.year:
        return None
    try:
        return StagedRegistrations(
            token=token,
            filename=clean_filename(payload["filename"]),
            created=payload["created"],
            year=int(payload["year"]),
            rows=list(payload["rows"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@transaction.atomic
def confirm_import(
    staged: StagedRegistrations, commune: Unit, cycle: Cycle, *, by: User
) -> list[Registration]:
    """Register every staged row in one transaction; any refusal rolls all of them back."""
    subjects = {s.pk: s for s in area_subjects(commune)}
    with tallies.deferred():  # the commune is counted again once, not once per row
        created = _register_rows(staged, subjects, cycle, by=by)
    log_action(
        commune,
        "assessments.registrations.imported",
        actor=by,
        data={"cycle": cycle.year, "file": staged.filename, "count": len(created)},
    )
    return created


def _register_rows(
    staged: StagedRegistrations, subjects: dict[int, Subject], cycle: Cycle, *, by: User
) -> list[Registration]:
    created = []
    for row in staged.rows:
        subject = subjects.get(int(row["subject"]))
        if subject is None:
            raise DomainError(
                _("Dòng %(row)s: khu dân cư “%(name)s” không còn thuộc đơn vị.")
                % {"row": row["row"], "name": row["name"]}
            )
        registered_on = _day(row["registered_on"])
        assert registered_on is not None
        try:
            created.append(
                actions.register_subject(
                    subject,
                    cycle,
                    by=by,
                    registered_on=registered_on,
                    party_resolution_on=_day(row["party_resolution_on"]),
                    plan_ref=row["plan_ref"],
                    households_total=row["households_total"],
                    households_signed=row["households_signed"],
                    note=row["note"],
                )
            )
        except DomainError as exc:
            raise DomainError(
                _("Dòng %(row)s: %(reason)s") % {"row": row["row"], "reason": exc.message}
            ) from exc
    return created
