"""Excel import of residential areas and organisations for one commune: template, parsing, staging.

An upload is untrusted input from the Internet side of the office. Before openpyxl sees it we cap its
size, check the zip magic bytes and sum the declared uncompressed sizes (zipfile never inflates a
member beyond its declared size, so the sum bounds the work). openpyxl then reads in read-only mode
through defusedxml, one row at a time, and stops at the row limit. Nothing is written here: the
preview is staged as JSON on disk and `confirm_import` hands it to `actions.add_participants`.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import unicodedata
import uuid
import warnings
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.escape import unescape
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from antq.core.errors import DomainError
from antq.core.text import fold, has_nul
from antq.units import actions
from antq.units.forms import validate_tax_code
from antq.units.models import Organisation, ResidentialArea, Unit

# Sheet names and headers are the file format, shared by the template and the parser; they stay
# Vietnamese whatever the interface language, so a template downloaded in English still imports.
SHEET_AREAS = "Khu dân cư"
SHEET_ORGS = "Tổ chức"
SHEET_HELP = "Hướng dẫn"
AREA_HEADERS = ("Tên khu dân cư*", "Loại*", "Số hộ")
ORG_HEADERS = ("Tên tổ chức*", "Loại*", "Cấp quản lý*", "Mã số thuế", "Địa chỉ")
AREA_COLUMNS = tuple(h.rstrip("*") for h in AREA_HEADERS)
ORG_COLUMNS = tuple(h.rstrip("*") for h in ORG_HEADERS)

Choices = Sequence[tuple[str, str | Promise]]
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and password-protected .xlsx
MAX_ZIP_MEMBERS = 1000
# Trailing rows that are empty but formatted are tolerated up to this many per allowed data row.
EMPTY_ROW_FACTOR = 10
MAX_HOUSEHOLDS = 2_147_483_647
STAGE_TTL = dt.timedelta(hours=2)
PARTICIPANTS = "participants"  # the kind of staged import this module writes
THOUSANDS = re.compile(r"^\d{1,3}([., ]\d{3})+$")


class ImportRejected(DomainError):
    """The whole file was refused (unsafe, unreadable or not our template); nothing was read into rows."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="import_rejected")


@dataclass(frozen=True)
class RowIssue:
    """One problem with one cell (or the whole row when `column` is empty)."""

    column: str
    reason: str


@dataclass
class RowResult:
    """One data row of the file: what it said, what it becomes, and what is wrong with it."""

    sheet: str
    row: int
    cells: list[str]
    data: dict[str, Any] = field(default_factory=dict)
    issues: list[RowIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues

    def has_issue(self, column: str) -> bool:
        return any(i.column == column for i in self.issues)

    def add(self, column: str, reason: str) -> None:
        self.issues.append(RowIssue(column, reason))


@dataclass
class ImportResult:
    """The dry run of one file: every data row of both sheets with its status."""

    areas: list[RowResult] = field(default_factory=list)
    organisations: list[RowResult] = field(default_factory=list)

    @property
    def rows(self) -> list[RowResult]:
        return self.areas + self.organisations

    @property
    def error_rows(self) -> int:
        return sum(1 for r in self.rows if not r.ok)

    @property
    def error_count(self) -> int:
        return sum(len(r.issues) for r in self.rows)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and self.error_count == 0

    def errors(self) -> list[tuple[str, int, str, str]]:
        """(sheet, row, column, reason) of every problem, in file order."""
        return [(r.sheet, r.row, i.column, i.reason) for r in self.rows for i in r.issues]

    def area_payload(self) -> list[dict[str, Any]]:
        return [r.data for r in self.areas]

    def organisation_payload(self) -> list[dict[str, Any]]:
        return [r.data for r in self.organisations]


def column_label(header: str) -> str:
    return header.rstrip("*")


def _choice_lookup(choices: Choices, *, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Folded label or code -> stored value, so "to dan pho", "TỔ DÂN PHỐ" and "to_dan_pho" all match.

    Labels of the interface language are accepted too, beside the Vietnamese ones of the template.
    """
    lookup: dict[str, str] = {}
    for value, label in choices:
        lookup[fold(str(label))] = value
        lookup[fold(value.replace("_", " "))] = value
    for value, label in zip((v for v, _label in choices), _labels(choices), strict=True):
        lookup[fold(label)] = value
    for alias, value in (extra or {}).items():
        lookup.setdefault(fold(alias), value)
    return lookup


def _area_kinds() -> dict[str, str]:
    return _choice_lookup(ResidentialArea.Kind.choices)


def _org_kinds() -> dict[str, str]:
    return _choice_lookup(Organisation.Kind.choices)


def _managing_levels() -> dict[str, str]:
    levels = Organisation.ManagingLevel
    return _choice_lookup(
        levels.choices,
        extra={
            "Cấp xã": levels.COMMUNE,
            "Xã": levels.COMMUNE,
            "Cấp tỉnh": levels.PROVINCE,
            "Tỉnh": levels.PROVINCE,
            "Trung ương": levels.CENTRAL,
        },
    )


def _labels(choices: Choices) -> list[str]:
    """Vietnamese labels whatever the interface language: they are values of the file format."""
    with translation.override("vi"):
        return [str(label) for _value, label in choices]


def _max_length(model: type[ResidentialArea] | type[Organisation], name: str) -> int:
    length = getattr(model._meta.get_field(name), "max_length", None)
    assert isinstance(length, int)
    return length


def max_uncompressed_bytes() -> int:
    # A genuine 5,000-row file inflates to a few MB; anything far beyond that is a zip bomb. The cap also
    # bounds openpyxl's work: a sheet without a <dimension> element is parsed in full when it is opened.
    return int(settings.ANTQ_IMPORT_MAX_UNCOMPRESSED_BYTES)


# --- The template --------------------------------------------------------------------------------

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E3D")


def write_header(ws: Worksheet, headers: tuple[str, ...], widths: tuple[int, ...]) -> None:
    ws.append(list(headers))
    for index, width in enumerate(widths, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.column_dimensions[cell.column_letter].width = width
    ws.freeze_panes = "A2"


def _list_validation(labels: list[str], cells: str, title: str) -> DataValidation:
    formula = '"' + ",".join(labels) + '"'
    # Excel caps an inline list at 255 characters; our choice lists are far shorter.
    assert len(formula) <= 255 and not any("," in label for label in labels)
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",  # a warning, not a stop: the import also accepts spellings without accents.
        errorTitle=title,
        error=_("Giá trị không có trong danh sách. Nên chọn từ danh sách thả xuống."),
        showInputMessage=True,
        promptTitle=title,
        prompt=_("Chọn từ danh sách."),
    )
    validation.add(cells)
    return validation


def build_template(commune: Unit) -> bytes:
    """The .xlsx template users fill in: instructions, then one sheet per kind of participant."""
    max_rows = int(settings.ANTQ_IMPORT_MAX_ROWS)
    last = max_rows + 1
    wb = Workbook()
    help_ws = wb.active
    assert isinstance(help_ws, Worksheet)
    help_ws.title = SHEET_HELP

    areas = wb.create_sheet(SHEET_AREAS)
    write_header(areas, AREA_HEADERS, (45, 22, 12))
    areas.add_data_validation(
        _list_validation(_labels(ResidentialArea.Kind.choices), f"B2:B{last}", _("Loại khu dân cư"))
    )
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
    households.add(f"C2:C{last}")
    areas.add_data_validation(households)

    orgs = wb.create_sheet(SHEET_ORGS)
    write_header(orgs, ORG_HEADERS, (45, 20, 22, 18, 50))
    orgs.add_data_validation(
        _list_validation(_labels(Organisation.Kind.choices), f"B2:B{last}", _("Loại tổ chức"))
    )
    orgs.add_data_validation(
        _list_validation(_labels(Organisation.ManagingLevel.choices), f"C2:C{last}", _("Cấp quản lý"))
    )
    # Text format keeps the leading zero of tax codes such as 0101234567.
    orgs.column_dimensions["D"].number_format = "@"

    province = commune.parent.name if commune.parent else ""
    rows = f"{max_rows:,}".replace(",", ".")
    notes = [
        _("Đơn vị: %(name)s (mã %(code)s), %(province)s")
        % {"name": commune.name, "code": commune.code, "province": province},
        _("Tệp mẫu tạo ngày %(date)s.") % {"date": timezone.localdate().strftime("%d/%m/%Y")},
        "",
        _(
            "1. Điền khu dân cư vào trang “%(areas)s”, cơ quan, doanh nghiệp, cơ sở giáo dục vào trang "
            "“%(orgs)s”, bắt đầu từ dòng 2. Không đổi tên trang, không sửa dòng tiêu đề."
        )
        % {"areas": SHEET_AREAS, "orgs": SHEET_ORGS},
        _(
            "2. Cột có dấu * là bắt buộc. Cột “Loại” và “Cấp quản lý” chọn trong danh sách thả xuống; "
            "gõ không dấu cũng được nhận (ví dụ “to dan pho”)."
        ),
        _("3. Số hộ là số nguyên không âm, có thể để trống."),
        _(
            "4. Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số "
            "(ví dụ 0101234567-001); có thể để trống."
        ),
        _("5. Không dùng công thức. Khi sao chép từ tệp khác, hãy dán dưới dạng giá trị (Paste Values)."),
        _(
            "6. Tên không được trùng nhau trong tệp, cũng không trùng với khu dân cư, tổ chức (cùng loại) "
            "đang có của đơn vị; không phân biệt chữ hoa, chữ thường và dấu."
        ),
        _("7. Mỗi lần nhập tối đa %(rows)s dòng dữ liệu, tệp không quá %(size)s.")
        % {"rows": rows, "size": filesizeformat(settings.ANTQ_IMPORT_MAX_BYTES)},
        _(
            "8. Sau khi tải lên, hệ thống hiển thị bản xem trước. Dữ liệu chỉ được ghi khi không còn "
            "dòng lỗi và người dùng bấm “Xác nhận nhập”; có lỗi thì không dòng nào được ghi."
        ),
        "",
        _("Loại khu dân cư: %(labels)s") % {"labels": ", ".join(_labels(ResidentialArea.Kind.choices))},
        _("Loại tổ chức: %(labels)s") % {"labels": ", ".join(_labels(Organisation.Kind.choices))},
        _("Cấp quản lý: %(labels)s") % {"labels": ", ".join(_labels(Organisation.ManagingLevel.choices))},
    ]
    write_help_sheet(help_ws, _("Hướng dẫn nhập khu dân cư và tổ chức từ Excel"), notes)
    return workbook_bytes(wb)


def write_help_sheet(sheet: Worksheet, title: str, notes: list[str]) -> None:
    """The instructions sheet every import template starts with: a bold title, then one note per row."""
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    for note in notes:
        sheet.append([note])
    sheet.column_dimensions["A"].width = 120
    for row in sheet.iter_rows(min_row=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


def workbook_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- Reading a file safely -----------------------------------------------------------------------


class ExcelError(str):
    """The text of an Excel error value such as #REF! read from a cell."""


@dataclass
class RawRow:
    row: int
    values: list[Any]


def _read_upload(file: IO[bytes], name: str, max_bytes: int | None = None) -> bytes:
    if not name.lower().endswith(".xlsx"):
        raise ImportRejected(
            _("Chỉ nhận tệp Excel định dạng .xlsx. Hãy tải tệp mẫu, điền dữ liệu rồi tải lên lại.")
        )
    limit = int(settings.ANTQ_IMPORT_MAX_BYTES) if max_bytes is None else max_bytes
    size = getattr(file, "size", None)
    if isinstance(size, int) and size > limit:
        raise _too_big(limit)
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(limit + 1)
    if len(data) > limit:
        raise _too_big(limit)
    if not data:
        raise ImportRejected(_("Tệp tải lên rỗng."))
    if data.startswith(OLE_MAGIC):
        raise ImportRejected(
            _(
                "Đây là tệp Excel 97–2003 (.xls) hoặc tệp có đặt mật khẩu. "
                "Hãy lưu lại dưới dạng .xlsx, không đặt mật khẩu, rồi tải lên lại."
            )
        )
    if not data.startswith(ZIP_MAGIC):
        raise ImportRejected(
            _("Tệp không phải là bảng tính Excel .xlsx (có thể là tệp văn bản, CSV hoặc tệp bị đổi đuôi).")
        )
    return data


def _too_big(limit: int) -> ImportRejected:
    return ImportRejected(_("Tệp lớn hơn mức cho phép (%(limit)s).") % {"limit": filesizeformat(limit)})


def _check_zip(data: bytes, max_uncompressed: int | None = None) -> None:
    """Refuse corrupt archives and zip bombs from the central directory, before anything is inflated."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportRejected(_("Tệp Excel bị hỏng, không mở được.")) from exc
    if len(members) > MAX_ZIP_MEMBERS or any(m.flag_bits & 0x1 for m in members):
        raise ImportRejected(_("Tệp Excel bị hỏng hoặc có đặt mật khẩu, không mở được."))
    limit = max_uncompressed_bytes() if max_uncompressed is None else max_uncompressed
    if sum(m.file_size for m in members) > limit:
        raise ImportRejected(
            _("Nội dung tệp khi giải nén quá lớn (trên %(limit)s). Tệp có thể bị hỏng hoặc không an toàn.")
            % {"limit": filesizeformat(limit)}
        )
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise ImportRejected(_("Tệp nén này không phải là bảng tính Excel .xlsx."))


def _unreadable() -> ImportRejected:
    return ImportRejected(
        _(
            "Không đọc được nội dung tệp: tệp bị hỏng hoặc chứa ký tự không giải mã được. "
            "Hãy mở bằng Excel, lưu lại dưới dạng .xlsx rồi tải lên lại."
        )
    )


def _too_many_rows(max_rows: int) -> ImportRejected:
    return ImportRejected(
        _("Tệp có quá nhiều dòng: mỗi lần nhập tối đa %(max)s dòng dữ liệu. Hãy chia thành nhiều tệp.")
        % {"max": f"{max_rows:,}".replace(",", ".")}
    )


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _Reader:
    """Streams the two data sheets row by row, counting rows against the limit across both sheets."""

    def __init__(self, max_rows: int) -> None:
        self.max_rows = max_rows
        self.data_rows = 0

    def sheet(self, wb: Any, title: str, headers: tuple[str, ...]) -> list[RawRow]:
        return list(self.iter_sheet(wb, title, headers))

    def iter_sheet(
        self, wb: Any, title: str, headers: tuple[str, ...], size_hint: Callable[[int], None] | None = None
    ) -> Iterator[RawRow]:
        """The sheet's non-empty data rows one at a time (the header is checked before the first)."""
        if title not in wb.sheetnames:
            raise ImportRejected(
                _("Không tìm thấy trang “%(sheet)s” trong tệp. Hãy dùng tệp mẫu tải về từ hệ thống.")
                % {"sheet": title}
            )
        ws = wb[title]
        if not isinstance(ws, ReadOnlyWorksheet):
            raise _unreadable()
        if size_hint is not None:
            # The declared size only estimates progress; the rows themselves are counted as read.
            size_hint(max(int(ws.max_row or 1) - 1, 0))
        # Dimensions written by other programs can be stale; trusting them could silently drop rows.
        ws.reset_dimensions()
        rows = self._rows(ws, title, len(headers))
        first = next(rows, None)
        found = [fold(str(v or "")).rstrip("*").strip() for v in (first.values if first else [])]
        if first is None or first.row != 1 or found != [fold(column_label(h)) for h in headers]:
            raise ImportRejected(
                _("Trang “%(sheet)s” có tiêu đề cột không đúng mẫu. Dòng 1 phải là: %(headers)s.")
                % {"sheet": title, "headers": ", ".join(headers)}
            )
        physical = 0
        for raw in rows:
            physical += 1
            if all(is_empty(v) for v in raw.values):
                if physical > self.max_rows * EMPTY_ROW_FACTOR:
                    raise _too_many_rows(self.max_rows)
                continue
            self.data_rows += 1
            if self.data_rows > self.max_rows:
                raise _too_many_rows(self.max_rows)
            yield raw

    def _rows(self, ws: ReadOnlyWorksheet, title: str, width: int) -> Iterator[RawRow]:
        for number, cells in enumerate(ws.iter_rows(min_row=1, max_col=width), start=1):
            values: list[Any] = []
            for column, cell in enumerate(cells, start=1):
                if cell.data_type == "f":
                    raise ImportRejected(
                        _(
                            "Tệp chứa công thức (ô %(cell)s, trang “%(sheet)s”). Hãy sao chép và dán "
                            "dưới dạng giá trị (Paste Values) rồi tải lên lại."
                        )
                        % {"cell": f"{get_column_letter(column)}{number}", "sheet": title}
                    )
                # Error values (#REF!, #N/A) are kept apart so they are reported, not imported as names.
                value = cell.value
                if cell.data_type == "e":
                    value = ExcelError(value)
                elif isinstance(value, str):
                    # Excel writes control characters as _xHHHH_ (_x000D_ for a line break, _x0000_ NUL).
                    value = unescape(value)
                values.append(value)
            values += [None] * (width - len(values))
            yield RawRow(number, values)


def read_xlsx_upload(
    file: IO[bytes], *, max_bytes: int | None = None, max_uncompressed: int | None = None
) -> bytes:
    """The bytes of an uploaded .xlsx after the checks that need no parsing (name, size, magic, zip).

    The limits default to the settings of the small imports; a bigger import passes its own.
    """
    data = _read_upload(file, str(getattr(file, "name", "") or ""), max_bytes)
    _check_zip(data, max_uncompressed)
    return data


def stream_sheet(
    source: str | Path,
    title: str,
    headers: tuple[str, ...],
    *,
    max_rows: int,
    size_hint: Callable[[int], None] | None = None,
) -> Iterator[RawRow]:
    """Stream one sheet of an .xlsx already checked by `read_xlsx_upload`, row by row, memory bounded.

    For imports too big to hold in memory (the force's roster, 300,000 rows): the file is read from
    disk with openpyxl read-only, the header checked first; ImportRejected as `read_sheets` raises it.
    """
    reader = _Reader(max_rows)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(str(source), read_only=True, data_only=False, keep_links=False)
            try:
                yield from reader.iter_sheet(wb, title, headers, size_hint)
            finally:
                wb.close()
    except ImportRejected:
        raise
    except Exception as exc:  # hostile input can make the parser fail in any way
        raise _unreadable() from exc


def read_sheets(
    data: bytes, sheets: Sequence[tuple[str, tuple[str, ...]]], *, empty_message: str
) -> list[list[RawRow]]:
    """The non-empty data rows of each (title, headers) sheet, streamed safely; the row limit spans all."""
    max_rows = int(settings.ANTQ_IMPORT_MAX_ROWS)
    reader = _Reader(max_rows)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (styles, extensions); they do not matter here.
            warnings.simplefilter("ignore")
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
            try:
                rows = [reader.sheet(wb, title, headers) for title, headers in sheets]
            finally:
                wb.close()
    except ImportRejected:
        raise
    except Exception as exc:  # hostile input can make the parser fail in any way
        raise _unreadable() from exc
    if not any(rows):
        raise ImportRejected(empty_message)
    return rows


def _read_sheets(data: bytes) -> tuple[list[RawRow], list[RawRow]]:
    areas, orgs = read_sheets(
        data,
        [(SHEET_AREAS, AREA_HEADERS), (SHEET_ORGS, ORG_HEADERS)],
        empty_message=_(
            "Tệp không có dòng dữ liệu nào. Hãy điền khu dân cư hoặc tổ chức từ dòng 2 của trang tương ứng."
        ),
    )
    return areas, orgs


# --- Checking rows -------------------------------------------------------------------------------


def display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Đúng") if value else _("Sai")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != dt.time() else value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" for ch in text)


# What a date cell typed as text may look like (the first is the official dd/mm/yyyy).
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


class RowChecker:
    """Turns one raw row into model field values, recording a Vietnamese reason per bad cell."""

    def __init__(self, result: RowResult, raw: list[Any], headers: tuple[str, ...]) -> None:
        self.result = result
        self.raw = raw
        self.headers = headers

    def text(self, index: int, *, required: bool, max_length: int) -> str:
        column = column_label(self.headers[index])
        value = self.raw[index]
        if isinstance(value, (bool, dt.date, dt.time, dt.timedelta)):
            self.result.add(column, _("Giá trị không hợp lệ: cần nhập chữ."))
            return ""
        text = self.result.cells[index]
        if isinstance(value, ExcelError):
            self.result.add(column, _("Ô chứa giá trị lỗi của Excel (%(value)s).") % {"value": text})
            return ""
        if value is not None and has_nul(str(value)):
            self.result.add(column, _("Chứa ký tự NUL không hợp lệ."))
            return ""
        if _has_control(text):
            self.result.add(column, _("Chứa ký tự điều khiển không hợp lệ."))
            return ""
        if required and not text:
            self.result.add(column, _("Bắt buộc nhập."))
        elif len(text) > max_length:
            self.result.add(
                column, _("Dài %(length)s ký tự, tối đa %(max)s.") % {"length": len(text), "max": max_length}
            )
        return text

    def date(self, index: int, *, required: bool) -> dt.date | None:
        """A day from a date cell, an Excel serial number or text dd/mm/yyyy (also -, . or ISO)."""
        column = column_label(self.headers[index])
        value = self.raw[index]
        if is_empty(value):
            if required:
                self.result.add(column, _("Bắt buộc nhập."))
            return None
        day: dt.date | None = None
        if isinstance(value, ExcelError):
            self.result.add(column, _("Ô chứa giá trị lỗi của Excel (%(value)s).") % {"value": str(value)})
            return None
        if isinstance(value, dt.datetime):
            day = value.date() if value.time() == dt.time() else None
        elif isinstance(value, dt.date):
            day = value
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2958466:
            converted = from_excel(value)
            if isinstance(converted, dt.datetime) and converted.time() == dt.time():
                day = converted.date()
        elif isinstance(value, str):
            text = value.strip()
            for fmt in DATE_FORMATS:
                try:
                    day = dt.datetime.strptime(text, fmt).date()
                    break
                except ValueError:
                    continue
        if day is None:
            self.result.add(column, _("Ngày không hợp lệ: ghi theo dạng ngày/tháng/năm, ví dụ 15/03/2026."))
        return day

    def choice(self, index: int, lookup: dict[str, str], labels: list[str]) -> str:
        column = column_label(self.headers[index])
        text = self.text(index, required=True, max_length=100)
        if not text or self.result.has_issue(column):
            return ""
        value = lookup.get(fold(text.replace("_", " ")))
        if value is None:
            self.result.add(
                column,
                _("“%(value)s” không có trong danh sách. Chọn một trong: %(labels)s.")
                % {"value": text, "labels": ", ".join(labels)},
            )
            return ""
        return value

    def households(self, index: int) -> int | None:
        column = column_label(self.headers[index])
        value = self.raw[index]
        if is_empty(value):
            return None
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str):
            text = value.strip()
            if text.isascii() and text.isdigit():
                number = int(text)
            elif THOUSANDS.match(text):
                number = int(re.sub(r"\D", "", text))
        if number is None or number < 0 or number > MAX_HOUSEHOLDS:
            self.result.add(column, _("Số hộ phải là số nguyên không âm."))
            return None
        return number

    def tax_code(self, index: int) -> str:
        column = column_label(self.headers[index])
        value = self.raw[index]
        text = self.text(index, required=False, max_length=_max_length(Organisation, "tax_code"))
        if not text or self.result.has_issue(column):
            return ""
        try:
            return validate_tax_code(text)
        except ValidationError as exc:
            reason = " ".join(str(m) for m in exc.messages)
            if isinstance(value, (int, float)):
                reason += " " + _("Ô đang ở dạng số nên có thể đã mất số 0 ở đầu; hãy nhập dạng văn bản.")
            self.result.add(column, reason)
            return ""


def _area_rows(raw_rows: list[RawRow], commune: Unit) -> list[RowResult]:
    kinds, labels = _area_kinds(), _labels(ResidentialArea.Kind.choices)
    taken = set(
        ResidentialArea.objects.current().filter(commune=commune).values_list("name_folded", flat=True)
    )
    seen: dict[str, int] = {}
    name_column = column_label(AREA_HEADERS[0])
    results = []
    for raw in raw_rows:
        result = RowResult(SHEET_AREAS, raw.row, [display(v) for v in raw.values])
        check = RowChecker(result, raw.values, AREA_HEADERS)
        name = check.text(0, required=True, max_length=_max_length(ResidentialArea, "name"))
        kind = check.choice(1, kinds, labels)
        households = check.households(2)
        key = fold(name)
        if name and not result.has_issue(name_column):
            if key in seen:
                result.add(name_column, _("Trùng tên với dòng %(row)s trong tệp.") % {"row": seen[key]})
            elif key in taken:
                result.add(
                    name_column, _("%(commune)s đã có khu dân cư tên này.") % {"commune": commune.name}
                )
            seen.setdefault(key, raw.row)
        if result.ok:
            result.data = {"name": name, "kind": kind, "household_count": households}
        results.append(result)
    return results


def _organisation_rows(raw_rows: list[RawRow], commune: Unit) -> list[RowResult]:
    kinds, kind_labels = _org_kinds(), _labels(Organisation.Kind.choices)
    levels, level_labels = _managing_levels(), _labels(Organisation.ManagingLevel.choices)
    taken = set(Organisation.objects.current().filter(commune=commune).values_list("kind", "name_folded"))
    seen: dict[tuple[str, str], int] = {}
    name_column = column_label(ORG_HEADERS[0])
    results = []
    for raw in raw_rows:
        result = RowResult(SHEET_ORGS, raw.row, [display(v) for v in raw.values])
        check = RowChecker(result, raw.values, ORG_HEADERS)
        name = check.text(0, required=True, max_length=_max_length(Organisation, "name"))
        kind = check.choice(1, kinds, kind_labels)
        level = check.choice(2, levels, level_labels)
        tax_code = check.tax_code(3)
        address = check.text(4, required=False, max_length=_max_length(Organisation, "address"))
        key = (kind, fold(name))
        # The database allows one current organisation per (kind, name); the same rule applies in the file.
        if name and kind and not result.has_issue(name_column):
            if key in seen:
                result.add(
                    name_column, _("Trùng tên, cùng loại với dòng %(row)s trong tệp.") % {"row": seen[key]}
                )
            elif key in taken:
                result.add(
                    name_column,
                    _("%(commune)s đã có tổ chức cùng loại, cùng tên.") % {"commune": commune.name},
                )
            seen.setdefault(key, raw.row)
        if result.ok:
            result.data = {
                "name": name,
                "kind": kind,
                "managing_level": level,
                "tax_code": tax_code,
                "address": address,
            }
        results.append(result)
    return results


def parse_workbook(file: IO[bytes], commune: Unit) -> ImportResult:
    """Dry run: check a whole uploaded file against the template and the commune; writes nothing.

    Raises ImportRejected (one Vietnamese message) when the file itself is unacceptable; otherwise
    returns every data row with its problems.
    """
    area_rows, org_rows = _read_sheets(read_xlsx_upload(file))
    return ImportResult(
        areas=_area_rows(area_rows, commune), organisations=_organisation_rows(org_rows, commune)
    )


# --- Between preview and confirmation ------------------------------------------------------------


@dataclass
class StagedImport:
    """A checked file waiting for the user's confirmation, owned by one user for one commune."""

    token: str
    user_id: int
    commune_id: int
    filename: str
    created: dt.datetime
    residential_areas: list[dict[str, Any]]
    organisations: list[dict[str, Any]]

    @property
    def expired(self) -> bool:
        return stage_expired(self.created)


def staging_dir() -> Path:
    return Path(settings.ANTQ_IMPORT_STAGING_DIR)


def _stage_path(token: str) -> Path | None:
    try:
        parsed = uuid.UUID(token, version=4)
    except (ValueError, TypeError, AttributeError):
        return None
    if parsed.hex != token:
        return None
    return staging_dir() / f"{parsed.hex}.json"


def clean_filename(name: str) -> str:
    """A file name safe to show and to record: no control characters, no path, at most 100 characters."""
    name = os.path.basename(name.replace("\\", "/"))
    return "".join(ch for ch in name if unicodedata.category(ch) != "Cc")[:100]


def stage_payload(kind: str, rows: dict[str, Any], *, user_id: int, commune: Unit, filename: str) -> str:
    """Keep checked rows of any import `kind` on disk (private to the server); returns the token."""
    directory = staging_dir()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    _remove_stale(directory)
    token = uuid.uuid4().hex
    payload = {
        "version": 1,
        "kind": kind,
        "user_id": user_id,
        "commune_id": commune.pk,
        "filename": clean_filename(filename),
        "created": timezone.now().isoformat(),
        **rows,
    }
    fd = os.open(directory / f"{token}.json", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False)
    return token


def load_stage_payload(token: str, kind: str, *, user_id: int, commune: Unit) -> dict[str, Any] | None:
    """The staged payload `token` of this import kind if it belongs to this user and commune, else None."""
    path = _stage_path(token)
    if path is None or not path.is_file():
        return None
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        owner, commune_id = int(payload["user_id"]), int(payload["commune_id"])
        payload["created"] = dt.datetime.fromisoformat(payload["created"])
        payload["filename"] = str(payload["filename"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(payload, dict) or payload.get("kind") != kind:
        return None
    if owner != user_id or commune_id != commune.pk:
        return None
    return payload


def stage_expired(created: dt.datetime) -> bool:
    return timezone.now() - created > STAGE_TTL


def stage(result: ImportResult, *, user_id: int, commune: Unit, filename: str) -> str:
    """Keep the checked rows on disk (private to the server) and return the token of the preview."""
    return stage_payload(
        PARTICIPANTS,
        {"residential_areas": result.area_payload(), "organisations": result.organisation_payload()},
        user_id=user_id,
        commune=commune,
        filename=filename,
    )


def _remove_stale(directory: Path) -> None:
    cutoff = (timezone.now() - STAGE_TTL * 12).timestamp()
    for path in directory.glob("*.json"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue  # another worker removed it first


def load_staged(token: str, *, user_id: int, commune: Unit) -> StagedImport | None:
    """The staged preview `token` if it belongs to this user and commune, else None."""
    payload = load_stage_payload(token, PARTICIPANTS, user_id=user_id, commune=commune)
    if payload is None:
        return None
    try:
        return StagedImport(
            token=token,
            user_id=user_id,
            commune_id=commune.pk,
            filename=payload["filename"],
            created=payload["created"],
            residential_areas=list(payload["residential_areas"]),
            organisations=list(payload["organisations"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def discard(token: str) -> None:
    path = _stage_path(token)
    if path is not None:
        path.unlink(missing_ok=True)


def _conflicts(staged: StagedImport, commune: Unit) -> list[str]:
    areas = set(
        ResidentialArea.objects.current().filter(commune=commune).values_list("name_folded", flat=True)
    )
    orgs = set(Organisation.objects.current().filter(commune=commune).values_list("kind", "name_folded"))
    names = [row["name"] for row in staged.residential_areas if fold(row["name"]) in areas]
    names += [row["name"] for row in staged.organisations if (row["kind"], fold(row["name"])) in orgs]
    return names


def confirm_import(staged: StagedImport, commune: Unit, *, by: Any) -> tuple[int, int]:
    """Write a staged preview (all or nothing); refuses if the commune gained a clashing name meanwhile."""
    clashes = _conflicts(staged, commune)
    if clashes:
        shown = ", ".join(clashes[:10]) + ("…" if len(clashes) > 10 else "")
        raise DomainError(
            _(
                "Trong lúc chờ xác nhận, đơn vị đã có khu dân cư, tổ chức trùng tên: %(names)s. "
                "Không dòng nào được ghi; hãy sửa tệp và tải lên lại."
            )
            % {"names": shown}
        )
    try:
        return actions.add_participants(
            commune,
            residential_areas=staged.residential_areas,
            organisations=staged.organisations,
            by=by,
            source=f"excel:{staged.filename}",
        )
    except IntegrityError as exc:
        # Another user added the same name between our check and the insert.
        raise DomainError(
            _(
                "Dữ liệu của đơn vị vừa thay đổi (trùng tên khu dân cư hoặc tổ chức). "
                "Không dòng nào được ghi; hãy tải tệp lên lại để kiểm tra."
            )
        ) from exc
