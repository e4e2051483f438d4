"""Forms of the movement pages: they parse input; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from antq.movement.models import CommitteeRole, LinkKind


class StyledForm(forms.Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            if isinstance(f.widget, forms.CheckboxInput):
                css = "form-check-input"
            else:
                css = "form-select" if isinstance(f.widget, forms.Select) else "form-control"
            f.widget.attrs.setdefault("class", css)


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CommitteeForm(StyledForm):
    name = forms.CharField(label=_("Tên Ban Chỉ đạo"), max_length=255)
    decision_number = forms.CharField(label=_("Số, ký hiệu quyết định"), max_length=80)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DATE)
    is_consolidation = forms.BooleanField(label=_("Quyết định kiện toàn"), required=False)
    standing_office = forms.CharField(label=_("Cơ quan thường trực"), max_length=255, required=False)


class MemberForm(StyledForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    position = forms.CharField(label=_("Chức vụ"), max_length=150)
    agency = forms.CharField(label=_("Cơ quan"), max_length=255)
    role = forms.ChoiceField(label=_("Chức danh trong Ban"), choices=CommitteeRole.choices)
    joined_on = forms.DateField(label=_("Ngày tham gia"), widget=DATE, required=False)


class EndMembershipForm(StyledForm):
    left_on = forms.DateField(label=_("Ngày thôi tham gia"), widget=DATE)


class DocumentForm(StyledForm):
    number_text = forms.CharField(label=_("Số, ký hiệu"), max_length=80, help_text=_("Ví dụ: 87/KH-BCĐ"))
    issued_on = forms.DateField(label=_("Ngày ban hành"), widget=DATE)
    issuing_body = forms.CharField(label=_("Cơ quan ban hành"), max_length=255)
    subject = forms.CharField(label=_("Trích yếu"), max_length=500)


class AttachmentForm(StyledForm):
    file = forms.FileField(label=_("Tệp đính kèm"))


class LinkForm(StyledForm):
    kind = forms.ChoiceField(label=_("Quan hệ"), choices=LinkKind.choices)
    target = forms.IntegerField(label=_("Văn bản liên quan"), widget=forms.Select)


class AssignForm(StyledForm):
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=500)
    expected_result = forms.CharField(label=_("Kết quả cần đạt"), max_length=500, required=False)
    deadline = forms.DateField(label=_("Thời hạn"), widget=DATE)
    weight = forms.IntegerField(label=_("Trọng số"), min_value=1, max_value=100, initial=1)
    target = forms.ChoiceField(label=_("Giao cho"))


class ProgressForm(StyledForm):
    percent = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)
    note = forms.CharField(
        label=_("Nội dung báo cáo"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    file = forms.FileField(label=_("Tệp đính kèm"), required=False)
