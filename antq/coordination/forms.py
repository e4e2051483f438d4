"""Forms of the coordination pages: they parse what the user typed; the actions decide the rules."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from antq.coordination.models import InspectionRequest, Programme, ProgrammeParty

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
TEXT = {"class": "form-control"}


def lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class ProgrammeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại văn bản"),
        choices=Programme.Kind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    number = forms.CharField(
        label=_("Số, ký hiệu"),
        max_length=80,
        widget=forms.TextInput(attrs=TEXT),
        help_text=_("Ví dụ: 01/CTr-BCA-MTTQ, 43/CTr-BCĐ."),
    )
    title = forms.CharField(label=_("Trích yếu"), max_length=500, widget=forms.TextInput(attrs=TEXT))
    signed_on = forms.DateField(label=_("Ngày ký"), widget=DATE)
    period_from = forms.DateField(label=_("Thực hiện từ ngày"), widget=DATE)
    period_to = forms.DateField(label=_("Đến ngày"), required=False, widget=DATE)
    parties = forms.CharField(
        label=_("Các bên tham gia"),
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
        help_text=_(
            "Mỗi dòng một bên. Bên thuộc đơn vị cấp dưới ghi “mã đơn vị | tên”, "
            "ví dụ “00004 | Công an phường Ba Đình”."
        ),
    )
    content_items = forms.CharField(
        label=_("Nội dung phối hợp"),
        widget=forms.Textarea(attrs={**TEXT, "rows": 4}),
        help_text=_("Mỗi dòng một nội dung."),
    )
    deploys = forms.ModelChoiceField(
        label=_("Triển khai chương trình cấp trên"),
        queryset=Programme.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, upper: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if upper is not None:
            self.fields["deploys"].queryset = upper  # type: ignore[attr-defined]

    def party_lines(self) -> list[tuple[str, str]]:
        """(unit key or "", name) per line."""
        out = []
        for line in lines(self.cleaned_data["parties"]):
            key, sep, name = line.partition("|")
            out.append((key.strip(), name.strip()) if sep else ("", line))
        return out


FIGURE = re.compile(r"^(?P<label>.+?)\s*:\s*(?P<value>\d{1,9})$")


def parse_figures(value: str) -> dict[str, int]:
    """'Số buổi tuyên truyền: 12' per line -> {'Số buổi tuyên truyền': 12}."""
    figures: dict[str, int] = {}
    for line in lines(value):
        found = FIGURE.match(line)
        if not found:
            raise ValidationError(
                _("Dòng “%(line)s” không đúng dạng “tên chỉ tiêu: số”."), params={"line": line[:80]}
            )
        figures[found["label"]] = int(found["value"])
    return figures


class ReportForm(forms.Form):
    party = forms.ModelChoiceField(
        label=_("Bên báo cáo"),
        queryset=ProgrammeParty.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    period_from = forms.DateField(label=_("Kỳ báo cáo từ ngày"), widget=DATE)
    period_to = forms.DateField(label=_("Đến ngày"), widget=DATE)
    text = forms.CharField(label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={**TEXT, "rows": 5}))
    figures = forms.CharField(
        label=_("Số liệu"),
        required=False,
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
        help_text=_("Mỗi dòng “tên chỉ tiêu: số”, ví dụ “Số buổi tuyên truyền: 12”."),
    )

    def __init__(self, *args: Any, parties: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties  # type: ignore[attr-defined]

    def clean_figures(self) -> dict[str, int]:
        return parse_figures(self.cleaned_data.get("figures", ""))


class InspectionForm(forms.Form):
    plan_number = forms.CharField(
        label=_("Số, ký hiệu kế hoạch"),
        max_length=80,
        widget=forms.TextInput(attrs=TEXT),
        help_text=_("Ví dụ: 87/KH-BCĐ."),
    )
    title = forms.CharField(label=_("Nội dung kiểm tra"), max_length=500, widget=forms.TextInput(attrs=TEXT))
    planned_from = forms.DateField(label=_("Kiểm tra từ ngày"), widget=DATE)
    planned_to = forms.DateField(label=_("Đến ngày"), widget=DATE)
    units = forms.CharField(
        label=_("Đơn vị được kiểm tra"),
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
        help_text=_("Mã đơn vị, mỗi dòng một mã hoặc cách nhau bằng dấu phẩy, ví dụ “00004, 00008”."),
    )

    def unit_keys(self) -> list[str]:
        return [k.strip() for k in re.split(r"[\s,;]+", self.cleaned_data["units"]) if k.strip()]


REQUEST_LINE = re.compile(r"^(?P<text>.+?)\s*\|\s*(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})$")


def parse_requests(value: str) -> list[tuple[str, dt.date]]:
    """'Kiện toàn tổ bảo vệ ANTT | 31/12/2026' per line."""
    out = []
    for line in lines(value):
        found = REQUEST_LINE.match(line)
        if not found:
            raise ValidationError(
                _("Dòng “%(line)s” không đúng dạng “nội dung kiến nghị | dd/mm/yyyy”."),
                params={"line": line[:80]},
            )
        try:
            day = dt.date(int(found["year"]), int(found["month"]), int(found["day"]))
        except ValueError as error:
            raise ValidationError(
                _("Ngày trong dòng “%(line)s” không có thật."), params={"line": line[:80]}
            ) from error
        out.append((found["text"], day))
    return out


class FindingsForm(forms.Form):
    conclusion = forms.CharField(label=_("Kết luận"), widget=forms.Textarea(attrs={**TEXT, "rows": 5}))
    findings_on = forms.DateField(label=_("Ngày kết luận"), widget=DATE)
    requests = forms.CharField(
        label=_("Kiến nghị (thêm mới)"),
        required=False,
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
        help_text=_("Mỗi dòng “nội dung kiến nghị | hạn dd/mm/yyyy”."),
    )

    def clean_requests(self) -> list[tuple[str, dt.date]]:
        return parse_requests(self.cleaned_data.get("requests", ""))


class FollowUpForm(forms.Form):
    text = forms.CharField(label=_("Kết quả khắc phục"), widget=forms.Textarea(attrs={**TEXT, "rows": 4}))
    status = forms.ChoiceField(
        label=_("Tình trạng"),
        choices=[
            (s.value, s.label) for s in (InspectionRequest.Status.IN_PROGRESS, InspectionRequest.Status.DONE)
        ],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    reported_on = forms.DateField(label=_("Ngày báo cáo"), widget=DATE)


class AttachmentForm(forms.Form):
    """One file for a report; its type is decided by the action from the content."""

    file = forms.FileField(
        label=_("Tệp đính kèm"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control form-control-sm", "accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"}
        ),
    )
