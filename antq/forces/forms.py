"""Forms of the force's pages (phone-first: plain inputs, dd/mm/yyyy dates typed on the number pad)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from antq.forces.actions import PersonData
from antq.forces.models import Membership, Person
from antq.units.models import ResidentialArea

NUL_MESSAGE = _("Nội dung có ký tự không hợp lệ (ký tự NUL), vui lòng nhập lại.")
DATE_MESSAGE = _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 15/03/2026.")


def date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    """A day-first text input: phones show their number pad, no date-picker script is needed."""
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


class TeamForm(StyledForm):
    residential_area = forms.ModelChoiceField(
        label=_("Địa bàn phụ trách (khu dân cư)"),
        queryset=ResidentialArea.objects.none(),
        empty_label=_("— Chọn khu dân cư —"),
    )
    name = forms.CharField(label=_("Tên tổ"), max_length=150)
    decision_number = forms.CharField(
        label=_("Số quyết định thành lập"), max_length=50, help_text=_("Quyết định của Chủ tịch UBND cấp xã.")
    )
    established_on = date_field(_("Ngày quyết định"))

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["residential_area"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = areas


class DissolveForm(StyledForm):
    dissolved_on = date_field(_("Ngày giải thể"))
    decision_ref = forms.CharField(label=_("Số quyết định giải thể"), max_length=50)
    reason = forms.CharField(label=_("Lý do"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class PersonForm(StyledForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    date_of_birth = date_field(_("Ngày sinh"))
    sex = forms.ChoiceField(label=_("Giới tính"), choices=Person.Sex.choices)
    citizen_id = forms.CharField(
        label=_("Số định danh cá nhân (căn cước)"),
        max_length=12,
        min_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"min_length": _("Số định danh cá nhân phải gồm đúng 12 chữ số.")},
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    residence_type = forms.ChoiceField(label=_("Hình thức cư trú"), choices=Person.ResidenceType.choices)
    residence_since = date_field(_("Cư trú tại địa phương từ ngày"), required=False)
    education_level = forms.ChoiceField(
        label=_("Trình độ học vấn"),
        choices=[("", _("— Chưa rõ —")), *Person.Education.choices],
        required=False,
    )
    health_certificate_on = date_field(_("Ngày cấp giấy chứng nhận sức khỏe"), required=False)
    background_check = forms.ChoiceField(label=_("Xác minh lý lịch"), choices=Person.BackgroundCheck.choices)
    previous_service = forms.ChoiceField(
        label=_("Quá trình công tác trước (ưu tiên tuyển chọn)"),
        choices=Person.PreviousService.choices,
        required=False,
    )

    def person_data(self) -> PersonData:
        data = self.cleaned_data
        values: dict[str, Any] = {name: data.get(name) or "" for name in self.PERSON_TEXT} | self._dates()
        return PersonData(**values)

    PERSON_TEXT = (
        "full_name",
        "sex",
        "citizen_id",
        "phone",
        "residence_type",
        "education_level",
        "background_check",
        "previous_service",
    )

    def _dates(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data.get(name) for name in ("date_of_birth", "residence_since", "health_certificate_on")
        }


class MemberForm(PersonForm):
    role = forms.ChoiceField(
        label=_("Chức danh"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )
    joined_on = date_field(_("Ngày công nhận"))
    decision_ref = forms.CharField(
        label=_("Số quyết định công nhận"), max_length=50, help_text=_("Quyết định của Chủ tịch UBND cấp xã.")
    )
    age_exception_decision_ref = forms.CharField(
        label=_("Số quyết định cho phép tham gia khi trên 70 tuổi"),
        max_length=50,
        required=False,
        help_text=_("Chỉ ghi khi người tham gia trên 70 tuổi."),
    )

    field_order = ["role", "joined_on", "decision_ref"]


class EndMembershipForm(StyledForm):
    ground = forms.ChoiceField(
        label=_("Căn cứ thôi tham gia"),
        choices=Membership.LeaveGround.choices,
        widget=forms.RadioSelect,
        help_text=Membership.LEAVE_FORMS,
    )
    left_on = date_field(_("Ngày thôi tham gia"))
    decision_ref = forms.CharField(label=_("Số quyết định cho thôi"), max_length=50)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ground"].widget.attrs["class"] = "form-check-input"
