"""Forms of the registration board and the disqualifying events (phone-first: short, plain inputs)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antq.assessments.models import DisqualifyingEvent, Subject, SubjectType

NUL_MESSAGE = _("Nội dung có ký tự không hợp lệ (ký tự NUL), vui lòng nhập lại.")
DATE_MESSAGE = _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 15/03/2026.")


def date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    """A day-first text input: phones show their own keyboard, no date picker script is needed."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"],
        error_messages={"invalid": DATE_MESSAGE},
        widget=forms.DateInput(
            format="%d/%m/%Y",
            attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off", "inputmode": "numeric"},
        ),
    )


class StyledForm(forms.Form):
    """Bootstrap classes on every widget and a Vietnamese message for NUL bytes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            css = "form-select" if isinstance(f.widget, forms.Select) else "form-control"
            f.widget.attrs.setdefault("class", css)
            f.error_messages["null_characters_not_allowed"] = NUL_MESSAGE


class RegistrationForm(StyledForm):
    registered_on = date_field(_("Ngày đăng ký"))
    party_resolution_on = date_field(_("Ngày nghị quyết của chi bộ/đảng ủy"), required=False)
    plan_ref = forms.CharField(label=_("Số kế hoạch"), max_length=100, required=False)
    households_total = forms.IntegerField(
        label=_("Số hộ đang cư trú"), min_value=0, required=False, widget=forms.NumberInput()
    )
    households_signed = forms.IntegerField(
        label=_("Số hộ ký cam kết"),
        min_value=0,
        required=False,
        help_text=_("Tiêu chí KDC-1: 100% hộ gia đình đang cư trú đăng ký tham gia."),
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args: Any, subject: Subject, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if subject.subject_type != SubjectType.RESIDENTIAL_AREA:
            del self.fields["households_total"]
            del self.fields["households_signed"]
        else:
            for name in ("households_total", "households_signed"):
                self.fields[name].widget.attrs["inputmode"] = "numeric"
        if not self.is_bound and "registered_on" not in self.initial:
            self.initial["registered_on"] = timezone.localdate()

    def action_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "registered_on": data["registered_on"],
            "party_resolution_on": data.get("party_resolution_on"),
            "plan_ref": data.get("plan_ref", ""),
            "households_total": data.get("households_total"),
            "households_signed": data.get("households_signed"),
            "note": data.get("note", ""),
        }


class SubjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_subject_type_display()})"


class EventForm(StyledForm):
    subject = SubjectChoiceField(
        label=_("Đối tượng"), queryset=Subject.objects.none(), empty_label=_("— Chọn đối tượng —")
    )
    occurred_on = date_field(_("Ngày xảy ra"))
    category = forms.ChoiceField(label=_("Loại vụ việc"), choices=DisqualifyingEvent.Category.choices)
    description = forms.CharField(label=_("Mô tả"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, subjects: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["subject"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = subjects
