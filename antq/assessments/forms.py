"""Forms of the cycle and catalogue pages (national administrator)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from antq.assessments.models import CriteriaSet, CycleRule, MovementClass

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
NUL_MESSAGE = _("Nội dung có ký tự không hợp lệ (ký tự NUL), vui lòng nhập lại.")
MAX_CRITERION_TEXT = 4000


def _date(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        error_messages={
            "invalid": _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 31/03/2027."),
            "required": _("Hãy nhập ngày."),
        },
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
        ),
    )


def _points(label: Any, *, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_value=100,
        max_digits=4,
        decimal_places=1,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "invalid": _("Nhập một số, ví dụ 3 hoặc 2,5."),
            "min_value": _("Điểm không được âm."),
            "max_value": _("Điểm không được vượt 100."),
            "max_decimal_places": _("Điểm có nhiều nhất một chữ số thập phân."),
            "max_digits": _("Điểm không được vượt 100."),
            "max_whole_digits": _("Điểm không được vượt 100."),
        },
    )


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select")
            else:
                field.widget.attrs.setdefault("class", "form-control")


class CycleOpenForm(StyledForm):
    year = forms.IntegerField(
        label=_("Năm"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": _("Nhập năm bằng số, ví dụ 2027."),
            "min_value": _("Năm phải từ 2000 đến 2100."),
            "max_value": _("Năm phải từ 2000 đến 2100."),
            "required": _("Hãy nhập năm."),
        },
    )


class CycleRuleForm(StyledForm):
    window_start = _date(_("Kỳ đánh giá từ"))
    window_end = _date(_("Kỳ đánh giá đến"))
    registration_deadline = _date(_("Hạn đăng ký phấn đấu"))
    decision_deadline = _date(_("Hạn hoàn thành xét, công nhận"))
    standard_set = forms.ModelChoiceField(
        label=_("Bộ tiêu chuẩn TT 124"), queryset=CriteriaSet.objects.none(), required=False
    )
    score_sheet = forms.ModelChoiceField(
        label=_("Bảng chấm điểm QĐ 510"), queryset=CriteriaSet.objects.none(), required=False
    )

    def __init__(self, *args: Any, rule: CycleRule, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "window_start": rule.window_start,
                "window_end": rule.window_end,
                "registration_deadline": rule.registration_deadline,
                "decision_deadline": rule.decision_deadline,
                "standard_set": rule.standard_set_id,
                "score_sheet": rule.score_sheet_id,
            },
        )
        super().__init__(*args, **kwargs)
        sets = CriteriaSet.objects.filter(subject_type=rule.subject_type).order_by("code", "-version")
        self.fields["standard_set"].queryset = sets.filter(kind=CriteriaSet.Kind.STANDARD)  # type: ignore[attr-defined]
        self.fields["score_sheet"].queryset = sets.filter(kind=CriteriaSet.Kind.SCORE_SHEET)  # type: ignore[attr-defined]


class CriterionForm(StyledForm):
    text = forms.CharField(
        label=_("Nội dung"),
        max_length=MAX_CRITERION_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Nội dung tiêu chí không được để trống."),
            "max_length": _("Nội dung tiêu chí không quá %(limit_value)d ký tự (hiện có %(show_value)d)."),
            "null_characters_not_allowed": NUL_MESSAGE,
        },
    )
    max_points = _points(_("Điểm tối đa"))
    confirm = forms.BooleanField(
        label=_("Đã đối chiếu với văn bản gốc: bỏ dấu “cần xác minh”"), required=False
    )

    def __init__(self, *args: Any, with_points: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_points:
            del self.fields["max_points"]


class ThresholdsForm(StyledForm):
    confirm = forms.BooleanField(
        label=_("Đã đối chiếu với văn bản gốc: bỏ dấu “cần xác minh” của các ngưỡng đã nhập"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        confirm = self.fields.pop("confirm")
        for value, label in MovementClass.choices:
            self.fields[value] = _points(_("Điểm tối thiểu mức “%(c)s”") % {"c": label})
        self.fields["confirm"] = confirm
        for field in self.fields.values():
            if not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-control")
            else:
                field.widget.attrs.setdefault("class", "form-check-input")
