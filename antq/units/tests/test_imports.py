"""Excel import of residential areas and organisations: template, dry run, confirmation, hostile files."""

from __future__ import annotations

import io
import random
import uuid
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from antq.core.models import AuditEntry
from antq.units import imports
from antq.units.models import Organisation, ResidentialArea, Unit
from conftest import COMMUNE_A1

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("units:import", args=[COMMUNE_A1])
TEMPLATE_URL = reverse("units:import_template", args=[COMMUNE_A1])


@pytest.fixture(autouse=True)
def _private_staging(settings, tmp_path: Path) -> None:
    settings.ANTQ_IMPORT_STAGING_DIR = tmp_path / "staging"


@pytest.fixture
def a1() -> Unit:
    return Unit.objects.get(key=COMMUNE_A1)


@pytest.fixture
def officer(client_for, commune_a1_officer):
    return client_for(commune_a1_officer)


@pytest.fixture
def template_bytes(a1) -> bytes:
    return imports.build_template(a1)


def fill(template: bytes, areas: list[list] = (), orgs: list[list] = ()) -> bytes:
    wb = load_workbook(io.BytesIO(template))
    for row in areas:
        wb[imports.SHEET_AREAS].append(row)
    for row in orgs:
        wb[imports.SHEET_ORGS].append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(client, content: bytes, name: str = "khu-dan-cu.xlsx"):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content)})


def participant_counts(commune: Unit) -> tuple[int, int]:
    return ResidentialArea.objects.filter(commune=commune).count(), Organisation.objects.filter(
        commune=commune
    ).count()


def staged_files(settings) -> list[Path]:
    return list(imports.staging_dir().glob("*.json"))


# --- Hand-written xlsx packages: fast, and free to be malformed ---------------------------------

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
SHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def inline_row(number: int, values: list[str]) -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'


def header_rows(headers: tuple[str, ...]) -> str:
    return inline_row(1, list(headers))


def raw_xlsx(area_rows: str | bytes, *, extra: dict[str, bytes] | None = None, doctype: bytes = b"") -> bytes:
    """A minimal two-sheet workbook written by hand; `area_rows` is the XML inside <sheetData>."""

    def sheet(headers: tuple[str, ...], rows: str | bytes, prolog: bytes = b"") -> bytes:
        body = rows.encode() if isinstance(rows, str) else rows
        return (
            b'<?xml version="1.0" encoding="UTF-8"?>'
            + prolog
            + f'<worksheet xmlns="{NS}"><sheetData>{header_rows(headers)}'.encode()
            + body
            + b"</sheetData></worksheet>"
        )

    parts = {
        "[Content_Types].xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{CT_NS}">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_CT}"/>'
            f'<Override PartName="/xl/worksheets/sheet2.xml" ContentType="{SHEET_CT}"/></Types>'
        ).encode(),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}">'
            f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ).encode(),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" xmlns:r="{REL_NS}"><sheets>'
            f'<sheet name="{imports.SHEET_AREAS}" sheetId="1" r:id="rId1"/>'
            f'<sheet name="{imports.SHEET_ORGS}" sheetId="2" r:id="rId2"/></sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}">'
            f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL_NS}/worksheet" Target="worksheets/sheet2.xml"/>'
            "</Relationships>"
        ).encode(),
        "xl/worksheets/sheet1.xml": sheet(imports.AREA_HEADERS, area_rows, doctype),
        "xl/worksheets/sheet2.xml": sheet(imports.ORG_HEADERS, ""),
        **(extra or {}),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


# --- The happy path ------------------------------------------------------------------------------


def test_template_round_trip(officer, commune_a1_officer, a1, settings):
    response = officer.get(TEMPLATE_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == imports.XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    assert (
        AuditEntry.objects.for_object(a1)
        .filter(action="units.import_template.downloaded", actor=commune_a1_officer)
        .exists()
    )

    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == [imports.SHEET_HELP, imports.SHEET_AREAS, imports.SHEET_ORGS]
    areas_ws, orgs_ws = wb[imports.SHEET_AREAS], wb[imports.SHEET_ORGS]
    assert [c.value for c in areas_ws[1]] == list(imports.AREA_HEADERS)
    assert [c.value for c in orgs_ws[1]] == list(imports.ORG_HEADERS)
    assert all(c.font.b for c in orgs_ws[1])
    assert areas_ws.column_dimensions["A"].width > 30
    kind_lists = [dv.formula1 for dv in areas_ws.data_validations.dataValidation if dv.type == "list"]
    assert kind_lists and "Tổ dân phố" in kind_lists[0]
    org_lists = " ".join(dv.formula1 for dv in orgs_ws.data_validations.dataValidation)
    assert "Doanh nghiệp" in org_lists and "Cấp tỉnh quản lý" in org_lists
    assert "Phường Ba Đình" in " ".join(str(c.value) for c in wb[imports.SHEET_HELP]["A"])

    content = fill(
        response.content,
        areas=[["Tổ dân phố số 7", "Tổ dân phố", 215], ["Khu phố Hòa Bình", "Khu phố", None]],
        orgs=[
            ["Công ty TNHH Ánh Dương", "Doanh nghiệp", "Cấp xã quản lý", "0101234567", "12 Đội Cấn"],
            ["Trường Tiểu học Ba Đình", "Cơ sở giáo dục", "Cấp tỉnh quản lý", "", ""],
        ],
    )
    preview = upload(officer, content, "ba-dinh.xlsx")
    assert preview.status_code == 200
    result = preview.context["result"]
    assert result.errors() == [] and result.ok
    html = preview.content.decode()
    assert "Xác nhận nhập" in html and "Tổ dân phố số 7" in html and "Công ty TNHH Ánh Dương" in html
    assert participant_counts(a1) == (0, 0)  # a dry run writes nothing

    confirm = officer.post(IMPORT_URL, {"token": preview.context["token"]})
    assert confirm.status_code == 302 and confirm.url == reverse("units:detail", args=[COMMUNE_A1])
    area = ResidentialArea.objects.get(commune=a1, name="Tổ dân phố số 7")
    assert area.kind == ResidentialArea.Kind.TO_DAN_PHO and area.household_count == 215
    assert ResidentialArea.objects.get(commune=a1, name="Khu phố Hòa Bình").household_count is None
    company = Organisation.objects.get(commune=a1, name="Công ty TNHH Ánh Dương")
    assert (company.kind, company.managing_level, company.tax_code) == ("enterprise", "commune", "0101234567")
    assert participant_counts(a1) == (2, 2)
    entry = AuditEntry.objects.for_object(a1).get(action="units.participants.imported")
    assert entry.data["residential_areas"] == 2 and entry.data["source"] == "excel:ba-dinh.xlsx"
    assert staged_files(settings) == []
    page = officer.get(confirm.url)
    assert "Đã nhập 2 khu dân cư và 2 tổ chức" in page.content.decode()


def test_accent_insensitive_labels(officer, a1, template_bytes):
    content = fill(
        template_bytes,
        areas=[["Tổ 1", "to dan pho", 10], ["Thôn Đông", "THÔN", "1.250"], ["Khu 3", "khu_pho", 3.0]],
        orgs=[
            ["Công ty A", "doanh nghiep", "cap tinh quan ly", "0101234567-001", ""],
            ["UBND phường", "co quan", "Cấp xã", "", ""],
            ["Trường THPT B", "Co so giao duc", "trung uong", "", ""],
        ],
    )
    response = upload(officer, content)
    result = response.context["result"]
    assert result.errors() == []
    assert [r.data["kind"] for r in result.areas] == ["to_dan_pho", "thon", "khu_pho"]
    assert [r.data["household_count"] for r in result.areas] == [10, 1250, 3]
    assert [(r.data["kind"], r.data["managing_level"]) for r in result.organisations] == [
        ("enterprise", "province"),
        ("agency", "commune"),
        ("school", "central"),
    ]


# --- Row errors ----------------------------------------------------------------------------------


def test_row_errors_list_row_column_and_reason(officer, a1, template_bytes, settings):
    content = fill(
        template_bytes,
        areas=[
            ["Tổ dân phố số 1", "Tổ dân phố", 100],  # row 2: fine
            ["", "Thôn", 5],  # row 3: no name
            ["Xóm Chùa", "Xóm", 5],  # row 4: unknown kind
            ["Tổ 9", "Tổ dân phố", -3],  # row 5: negative households
            ["Tổ 10", "Tổ dân phố", "nhiều"],  # row 6: not a number
            ["X" * 151, "Thôn", 1],  # row 7: too long
        ],
        orgs=[
            ["Công ty B", "Doanh nghiệp", "Cấp xã quản lý", "12345", ""],  # row 2: bad tax code
            ["Công ty C", "Doanh nghiệp", "", "", ""],  # row 3: managing level missing
        ],
    )
    response = upload(officer, content)
    assert response.status_code == 200
    result = response.context["result"]
    errors = {(sheet, row, column): reason for sheet, row, column, reason in result.errors()}
    areas, orgs = imports.SHEET_AREAS, imports.SHEET_ORGS
    assert errors[(areas, 3, "Tên khu dân cư")] == "Bắt buộc nhập."
    assert "“Xóm” không có trong danh sách" in errors[(areas, 4, "Loại")]
    assert errors[(areas, 5, "Số hộ")] == "Số hộ phải là số nguyên không âm."
    assert errors[(areas, 6, "Số hộ")] == "Số hộ phải là số nguyên không âm."
    assert errors[(areas, 7, "Tên khu dân cư")] == "Dài 151 ký tự, tối đa 150."
    assert "Mã số thuế gồm 10 chữ số" in errors[(orgs, 2, "Mã số thuế")]
    assert errors[(orgs, 3, "Cấp quản lý")] == "Bắt buộc nhập."
    assert len(errors) == 7 and result.areas[0].ok
    html = response.content.decode()
    assert "Danh sách lỗi" in html and "Xác nhận nhập" not in html
    assert "Số hộ phải là số nguyên không âm." in html
    assert response.context["token"] == ""
    assert staged_files(settings) == [] and participant_counts(a1) == (0, 0)


def test_duplicates_in_file_and_against_commune(officer, a1, template_bytes, sample_participants):
    content = fill(
        template_bytes,
        areas=[
            ["to dan pho so 1", "Tổ dân phố", 1],  # row 2: A1 already has "Tổ dân phố số 1"
            ["Thôn Mới", "Thôn", 1],  # row 3
            ["THON MOI", "Thôn", 1],  # row 4: same as row 3 without accents
        ],
        orgs=[
            ["Trường THCS Phan Chu Trinh", "Cơ sở giáo dục", "Cấp xã quản lý", "", ""],  # row 2: exists
            [
                "Trường THCS Phan Chu Trinh",
                "Doanh nghiệp",
                "Cấp xã quản lý",
                "",
                "",
            ],  # row 3: other kind, fine
            ["Công ty Đông Á", "Doanh nghiệp", "Cấp xã quản lý", "", ""],  # row 4
            ["cong ty dong a", "doanh nghiep", "Cấp xã quản lý", "", ""],  # row 5: duplicate of row 4
        ],
    )
    before = participant_counts(a1)
    result = upload(officer, content).context["result"]
    errors = {(sheet, row): reason for sheet, row, _column, reason in result.errors()}
    assert errors == {
        (imports.SHEET_AREAS, 2): "Phường Ba Đình đã có khu dân cư tên này.",
        (imports.SHEET_AREAS, 4): "Trùng tên với dòng 3 trong tệp.",
        (imports.SHEET_ORGS, 2): "Phường Ba Đình đã có tổ chức cùng loại, cùng tên.",
        (imports.SHEET_ORGS, 5): "Trùng tên, cùng loại với dòng 4 trong tệp.",
    }
    assert participant_counts(a1) == before


def test_control_characters_refused(officer, a1):
    content = raw_xlsx(
        inline_row(2, ["Tổ_x0000_1", "Thôn", "3"]) + inline_row(3, ["Tổ 2_x0007_", "Thôn", "3"])
    )
    result = upload(officer, content).context["result"]
    assert [(row, reason) for _s, row, _c, reason in result.errors()] == [
        (2, "Chứa ký tự NUL không hợp lệ."),
        (3, "Chứa ký tự điều khiển không hợp lệ."),
    ]


# --- Whole files refused -------------------------------------------------------------------------


def zip_bomb() -> bytes:
    """A valid-looking workbook carrying 60 MB of zeros that deflate to a few dozen KB."""
    return raw_xlsx(
        inline_row(2, ["Tổ 1", "Thôn", "1"]), extra={"xl/media/image1.bin": bytes(60 * 1024 * 1024)}
    )


def million_rows() -> bytes:
    # Rows without r= attributes are legal and as short as a data row gets: 1,000,000 of them inflate
    # to 26 MB, past the uncompressed cap, so openpyxl never starts on them.
    return raw_xlsx("<row><c><v>1</v></c></row>" * 1_000_000)


def one_row_too_many() -> bytes:
    # Under the uncompressed cap: the streaming reader has to count and stop at the 5,001st data row.
    return raw_xlsx("".join(inline_row(n, [f"Tổ {n}", "Thôn"]) for n in range(2, 5003)))


def with_formula(template: bytes) -> bytes:
    return fill(template, areas=[["Tổ 1", "Thôn", "=1+1"]])


def wrong_headers() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = imports.SHEET_AREAS
    ws.append(["Tên", "Kiểu", "Hộ"])
    wb.create_sheet(imports.SHEET_ORGS).append(list(imports.ORG_HEADERS))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def blank_workbook() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


REJECTIONS = {
    "txt renamed": (
        lambda t: "Danh sách khu dân cư\nTổ 1, Thôn\n".encode(),
        "a.xlsx",
        "không phải là bảng tính",
    ),
    "random bytes": (lambda t: random.Random(7).randbytes(4096), "b.xlsx", "không phải là bảng tính"),
    "csv": (
        lambda t: "Tên khu dân cư,Loại\nTổ 1,Thôn\n".encode(),
        "c.csv",
        "Chỉ nhận tệp Excel định dạng .xlsx",
    ),
    "csv renamed": (lambda t: b"name,kind\nTo 1,thon\n", "c.xlsx", "không phải là bảng tính"),
    "old xls": (lambda t: imports.OLE_MAGIC + bytes(1000), "d.xlsx", "Excel 97–2003"),
    "empty file": (lambda t: b"", "e.xlsx", "Tệp tải lên rỗng"),
    "corrupt zip": (lambda t: t[: len(t) // 2], "f.xlsx", "bị hỏng"),
    "formula": (with_formula, "g.xlsx", "Tệp chứa công thức (ô C2"),
    "zip bomb": (lambda t: zip_bomb(), "h.xlsx", "khi giải nén quá lớn"),
    "million rows": (lambda t: million_rows(), "i.xlsx", "Nội dung tệp khi giải nén quá lớn"),
    "5,001 rows": (lambda t: one_row_too_many(), "i.xlsx", "quá nhiều dòng: mỗi lần nhập tối đa 5.000 dòng"),
    "blank workbook": (lambda t: blank_workbook(), "j.xlsx", "Không tìm thấy trang “Khu dân cư”"),
    "no data rows": (lambda t: t, "k.xlsx", "Tệp không có dòng dữ liệu nào"),
    "wrong headers": (lambda t: wrong_headers(), "l.xlsx", "có tiêu đề cột không đúng mẫu"),
    "undecodable": (
        lambda t: raw_xlsx(b'<row r="2"><c t="inlineStr"><is><t>T\xff\xfe</t></is></c></row>'),
        "m.xlsx",
        "Không đọc được nội dung tệp",
    ),
    "zip not xlsx": (lambda t: _plain_zip(), "n.xlsx", "không phải là bảng tính Excel"),
    "entity expansion": (lambda t: billion_laughs(), "o.xlsx", "Không đọc được nội dung tệp"),
}


def billion_laughs() -> bytes:
    entities = b'<!ENTITY a0 "ha">' + b"".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">'.encode() for i in range(1, 10)
    )
    doctype = b"<!DOCTYPE worksheet [" + entities + b"]>"
    return raw_xlsx('<row r="2"><c t="inlineStr"><is><t>&a9;</t></is></c></row>', doctype=doctype)


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "xin chào")
    return out.getvalue()


@pytest.mark.parametrize("case", REJECTIONS, ids=list(REJECTIONS))
def test_hostile_or_malformed_files_are_refused_with_one_message(case, officer, a1, template_bytes, settings):
    build, name, message = REJECTIONS[case]
    response = upload(officer, build(template_bytes), name)
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1 and message in errors[0], errors
    assert message in response.content.decode()
    assert participant_counts(a1) == (0, 0) and staged_files(settings) == []


def test_file_over_size_limit(officer, a1, settings):
    content = b"PK\x03\x04" + bytes(settings.ANTQ_IMPORT_MAX_BYTES)
    errors = upload(officer, content).context["form"].errors["file"]
    assert errors == ["Tệp lớn hơn mức cho phép (5,0\xa0MB)."]
    assert participant_counts(a1) == (0, 0)


def test_no_file_chosen(officer):
    response = officer.post(IMPORT_URL, {})
    assert response.context["form"].errors["file"] == ["Hãy chọn tệp Excel cần nhập."]


# --- Permissions and tokens ----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["commune_b1_officer", "steering_a1_member"])
def test_other_users_get_404_on_every_import_page(persona, request, client_for, template_bytes, a1):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(IMPORT_URL).status_code == 404
    assert client.get(TEMPLATE_URL).status_code == 404
    content = fill(template_bytes, areas=[["Tổ 1", "Thôn", 1]])
    assert upload(client, content).status_code == 404
    assert client.post(IMPORT_URL, {"token": uuid.uuid4().hex}).status_code == 404
    assert not AuditEntry.objects.filter(action="units.import_template.downloaded").exists()
    assert participant_counts(a1) == (0, 0)


def test_upload_page_for_editors(client_for, province_a_officer, commune_a1_officer):
    for user in (province_a_officer, commune_a1_officer):
        response = client_for(user).get(IMPORT_URL)
        assert response.status_code == 200
        html = response.content.decode()
        assert TEMPLATE_URL in html and 'enctype="multipart/form-data"' in html


def test_anonymous_is_sent_to_login(client):
    assert client.get(IMPORT_URL).status_code == 302
    assert client.get(TEMPLATE_URL).status_code == 302


@pytest.fixture
def staged_token(officer, template_bytes) -> str:
    content = fill(
        template_bytes,
        areas=[["Tổ dân phố 21", "Tổ dân phố", 40]],
        orgs=[["Công ty Hưng Thịnh", "Doanh nghiệp", "Cấp xã quản lý", "", ""]],
    )
    token = upload(officer, content).context["token"]
    assert token
    return token


@pytest.mark.parametrize(
    "token", ["", "../../etc/passwd", "not-a-uuid", "e74d7803c6924234bb042b5da6d01704", "0" * 32]
)
def test_confirm_with_unknown_or_tampered_token_is_404(token, officer, staged_token, a1):
    assert officer.post(IMPORT_URL, {"token": token}).status_code == 404
    assert participant_counts(a1) == (0, 0)


def test_token_belongs_to_its_user(staged_token, client_for, province_a_officer, a1):
    assert client_for(province_a_officer).post(IMPORT_URL, {"token": staged_token}).status_code == 404
    assert participant_counts(a1) == (0, 0)


def test_confirm_refuses_when_commune_gained_the_same_name(officer, staged_token, a1, settings):
    ResidentialArea.objects.create(commune=a1, name="Tổ dân phố 21", kind="to_dan_pho")
    response = officer.post(IMPORT_URL, {"token": staged_token}, follow=True)
    assert response.redirect_chain[-1][0] == IMPORT_URL
    assert "đơn vị đã có khu dân cư, tổ chức trùng tên: Tổ dân phố 21" in response.content.decode()
    assert participant_counts(a1) == (1, 0)
    assert staged_files(settings) == []
    assert officer.post(IMPORT_URL, {"token": staged_token}).status_code == 404  # used up


def test_confirm_turns_a_race_on_the_unique_constraint_into_a_message(officer, staged_token, a1, monkeypatch):
    # A concurrent insert after our check: only the database constraint notices.
    monkeypatch.setattr(imports, "_conflicts", lambda staged, commune: [])
    Organisation.objects.create(commune=a1, name="Công ty Hưng Thịnh", kind="enterprise")
    response = officer.post(IMPORT_URL, {"token": staged_token}, follow=True)
    assert "Dữ liệu của đơn vị vừa thay đổi" in response.content.decode()
    assert participant_counts(a1) == (0, 1)
    assert not AuditEntry.objects.filter(action="units.participants.imported").exists()


def test_expired_preview(officer, staged_token, a1, monkeypatch):
    monkeypatch.setattr(imports, "STAGE_TTL", imports.dt.timedelta(seconds=-1))
    response = officer.post(IMPORT_URL, {"token": staged_token}, follow=True)
    assert "Bản xem trước đã hết hạn" in response.content.decode()
    assert participant_counts(a1) == (0, 0)
