"""Forms of the practices pages: plain inputs, dd/mm/yyyy dates, counts that refuse negatives."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antq.practices.models import ActivityKind, AdvancedExample, ModelType, PracticeModel

NUL_MESSAGE = _("Nội dung có ký tự không hợp lệ (ký tự NUL), vui lòng nhập lại.")
DATE_MESSAGE = _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 15/03/2026.")
NEGATIVE_MESSAGE = _("Không được nhập số âm.")


def date_field(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"],
        error_messages={"invalid": DATE_MESSAGE},
        widget=forms.DateInput(
            format="%d/%m/%Y",
            attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off", "inputmode": "numeric"},
        ),
    )


def count_field(label: Any, *, minimum: int = 0, initial: int = 0) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        initial=initial,
        min_value=minimum,
        max_value=10_000_000,
        error_messages={"min_value": NEGATIVE_MESSAGE if minimum == 0 else _("Phải từ 1 trở lên.")},
    )


class StyledForm(forms.Form):
    """Bootstrap classes on every widget and a Vietnamese message for NUL bytes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            css = "form-select" if isinstance(f.widget, forms.Select) else "form-control"
            if isinstance(f.widget, forms.CheckboxInput):
                css = "form-check-input"
            f.widget.attrs.setdefault("class", css)
            f.error_messages["null_characters_not_allowed"] = NUL_MESSAGE


class ModelForm(StyledForm):
    model_type = forms.ModelChoiceField(
        label=_("Loại mô hình"), queryset=ModelType.objects.none(), empty_label=_("— Chọn loại mô hình —")
    )
    name = forms.CharField(label=_("Tên mô hình"), max_length=255)
    started_on = date_field(_("Ngày bắt đầu"))
    points_count = count_field(_("Số điểm áp dụng"), minimum=1, initial=1)
    groups_count = count_field(_("Số tổ, nhóm thực hiện"))
    members_count = count_field(_("Số thành viên"))
    leaders = forms.CharField(
        label=_("Người phụ trách"),
        max_length=255,
        required=False,
        help_text=_("Chỉ ghi họ tên, chức vụ; không ghi số định danh, địa chỉ, điện thoại."),
    )
    description = forms.CharField(
        label=_("Mô tả ngắn"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    recognised_on = date_field(_("Ngày công nhận"), required=False)
    recognition_ref = forms.CharField(label=_("Số quyết định công nhận"), max_length=50, required=False)
    cluster_codes = forms.CharField(
        label=_("Cụm liên kết: mã các xã, phường tham gia"),
        max_length=2000,
        required=False,
        help_text=_(
            "Để trống nếu không phải cụm liên kết. Nhập mã đơn vị, cách nhau bởi dấu phẩy, "
            "ví dụ 00004, 00008."
        ),
    )

    def __init__(self, *args: Any, types: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["model_type"].queryset = types  # type: ignore[attr-defined]

    def cluster_keys(self) -> list[str]:
        raw = self.cleaned_data.get("cluster_codes", "")
        return [part.strip() for part in raw.replace(";", ",").split(",") if part.strip()]


class ReplicateForm(StyledForm):
    unit_code = forms.CharField(label=_("Mã xã, phường áp dụng"), max_length=20)
    started_on = date_field(_("Ngày áp dụng"))
    points_count = count_field(_("Số điểm áp dụng"), minimum=1, initial=1)
    groups_count = count_field(_("Số tổ, nhóm thực hiện"))
    members_count = count_field(_("Số thành viên"))
    leaders = forms.CharField(label=_("Người phụ trách"), max_length=255, required=False)


def _year_choices() -> list[tuple[int, int]]:
    this = timezone.localdate().year
    return [(y, y) for y in range(this, this - 6, -1)]


class EvaluationForm(StyledForm):
    year = forms.TypedChoiceField(label=_("Năm đánh giá"), coerce=int, choices=_year_choices)
    rating = forms.ChoiceField(label=_("Kết quả"), choices=PracticeModel.Rating.choices)
    evaluated_on = date_field(_("Ngày đánh giá"))
    note = forms.CharField(label=_("Nhận xét"), max_length=500, required=False)


class ExampleForm(StyledForm):
    kind = forms.ChoiceField(label=_("Loại"), choices=AdvancedExample.Kind.choices)
    name = forms.CharField(label=_("Tên tập thể, cá nhân"), max_length=200)
    position = forms.CharField(
        label=_("Chức vụ, nơi công tác"),
        max_length=200,
        required=False,
        help_text=_("Với cá nhân chỉ ghi họ tên và chức vụ; không ghi ngày sinh, số định danh, địa chỉ."),
    )
    achievement = forms.CharField(
        label=_("Thành tích"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    recognition_ref = forms.CharField(label=_("Số quyết định"), max_length=50)
    recognised_on = date_field(_("Ngày quyết định"))
    level = forms.ChoiceField(label=_("Cấp công nhận, khen thưởng"), choices=AdvancedExample.Level.choices)


class ActivityForm(StyledForm):
    kind = forms.ModelChoiceField(
        label=_("Loại hoạt động"),
        queryset=ActivityKind.objects.filter(is_active=True),
        empty_label=_("— Chọn loại hoạt động —"),
    )
    held_on = date_field(_("Ngày tổ chức"))
    title = forms.CharField(label=_("Nội dung"), max_length=255)
    participants = count_field(_("Số người tham dự"))
    result_count = count_field(_("Kết quả (số lượng)"))
    result_text = forms.CharField(
        label=_("Kết quả"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_held_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["held_on"]
        return day


class ModelTypeForm(StyledForm):
    name = forms.CharField(label=_("Tên loại mô hình"), max_length=200)
    source = forms.CharField(label=_("Nguồn, căn cứ"), max_length=200, required=False)


class ModelEditForm(StyledForm):
    model_type = forms.ModelChoiceField(label=_("Loại mô hình"), queryset=ModelType.objects.none())
    name = forms.CharField(label=_("Tên mô hình"), max_length=255)
    started_on = date_field(_("Ngày bắt đầu"))
    points_count = count_field(_("Số điểm áp dụng"), minimum=1, initial=1)
    groups_count = count_field(_("Số tổ, nhóm thực hiện"))
    members_count = count_field(_("Số thành viên"))
    leaders = forms.CharField(
        label=_("Người phụ trách"),
        max_length=255,
        required=False,
        help_text=_("Chỉ ghi họ tên, chức vụ; không ghi số định danh, địa chỉ, điện thoại."),
    )
    description = forms.CharField(
        label=_("Mô tả ngắn"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    status = forms.ChoiceField(label=_("Trạng thái"), choices=PracticeModel.Status.choices)
    cluster_codes = forms.CharField(
        label=_("Cụm liên kết: mã các xã, phường tham gia"),
        max_length=2000,
        required=False,
        help_text=_("Mã đơn vị, cách nhau bởi dấu phẩy (không kể đơn vị đăng ký)."),
    )

    def __init__(self, *args: Any, types: Any, cluster: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["model_type"].queryset = types  # type: ignore[attr-defined]
        if not cluster:
            del self.fields["cluster_codes"]

    def cluster_keys(self) -> list[str]:
        raw = self.cleaned_data.get("cluster_codes", "")
        return [part.strip() for part in raw.replace(";", ",").split(",") if part.strip()]


class HandoverForm(StyledForm):
    year = forms.IntegerField(label=_("Năm nhận thường trực"), min_value=2000, max_value=2100)
    to_unit = forms.ChoiceField(label=_("Đơn vị nhận thường trực"))
    decision_number = forms.CharField(
        label=_("Số, ký hiệu văn bản"), max_length=80, help_text=_("Ví dụ: 12/QĐ-UBND")
    )
    decided_on = date_field(_("Ngày văn bản"))

    def __init__(self, *args: Any, units: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].choices = [(u.key, f"{u.name} ({u.key})") for u in units]  # type: ignore[attr-defined]
