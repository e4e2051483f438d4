"""Forms of the public intake (with captcha) and of the officers' actions."""

from __future__ import annotations

from typing import Any

from captcha.fields import CaptchaField
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from antq.tips.models import ConsentNotice, DataSubjectRequest, Tip, TipCategory
from antq.units.models import Unit

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
CRIME_KINDS = [(k.value, k.label) for k in (Tip.Kind.CRIME_DENUNCIATION, Tip.Kind.CRIME_REPORT)]
FEEDBACK_KINDS = [(k.value, k.label) for k in (Tip.Kind.FEEDBACK, Tip.Kind.RECOMMENDATION)]


def bootstrap(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget (the public layout has no other form styling)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect):
            continue  # its attrs would also land on the wrapping <div>, drawn as one big checkbox
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        elif not isinstance(widget, forms.HiddenInput):
            widget.attrs.setdefault("class", "form-control")


class Styled(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/*,video/*,audio/mpeg,.pdf,.docx"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class PublicTipForm(Styled):
    """A citizen's tip or feedback: what, when, where; optionally who (with consent); a captcha."""

    kind = forms.ChoiceField(label=_("Loại tin"), choices=CRIME_KINDS, widget=forms.RadioSelect)
    category = forms.ModelChoiceField(
        label=_("Lĩnh vực"),
        queryset=TipCategory.objects.none(),
        to_field_name="code",
        empty_label=_("— Chọn lĩnh vực —"),
    )
    province = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố"),
        queryset=Unit.objects.current().filter(level=Unit.Level.PROVINCE, is_legacy=False).order_by("name"),
        to_field_name="key",
        empty_label=_("— Chọn tỉnh, thành phố —"),
    )
    commune = forms.ChoiceField(label=_("Xã, phường, đặc khu"), choices=[("", "—")])  # filled per province
    address = forms.CharField(label=_("Địa chỉ, nơi xảy ra (nếu biết)"), max_length=255, required=False)
    occurred_on = forms.DateField(
        label=_("Ngày xảy ra (nếu biết)"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    summary = forms.CharField(
        label=_("Nội dung"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=settings.ANTQ_TIPS_TEXT_MAX,
        help_text=_("Mô tả sự việc: ai, làm gì, ở đâu, khi nào. Không cần ghi tên của bạn."),
    )
    latitude = forms.FloatField(label=_("Vĩ độ"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(label=_("Kinh độ"), required=False, min_value=-180, max_value=180)
    attachments = MultipleFileField(label=_("Ảnh, video, tài liệu"), required=False)
    identified = forms.BooleanField(label=_("Tôi muốn để lại thông tin liên hệ"), required=False)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    contact_address = forms.CharField(label=_("Địa chỉ liên hệ"), max_length=255, required=False)
    id_number = forms.CharField(label=_("Số định danh cá nhân"), max_length=12, required=False)
    protection_requested = forms.BooleanField(label=_("Tôi đề nghị được bảo vệ"), required=False)
    consent = forms.BooleanField(
        label=_("Tôi đã đọc và đồng ý với thông báo xử lý dữ liệu cá nhân"), required=False
    )
    consent_version = forms.CharField(widget=forms.HiddenInput, required=False)
    captcha = CaptchaField(label=_("Mã kiểm tra"))

    def __init__(self, *args: Any, feedback: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ChoiceField)
        kind_field.choices = FEEDBACK_KINDS if feedback else CRIME_KINDS
        category = self.fields["category"]
        assert isinstance(category, forms.ModelChoiceField)
        category.queryset = TipCategory.objects.filter(is_active=True, for_feedback=feedback)
        self.notice = ConsentNotice.objects.filter(is_current=True).first()
        self.fields["consent_version"].initial = self.notice.version if self.notice else ""
        province_key = self.data.get("province") if self.is_bound else None
        commune = self.fields["commune"]
        assert isinstance(commune, forms.ChoiceField)
        commune.choices = [("", "—"), *commune_choices(province_key)]
        self.fields["province"].widget.attrs.update(
            {"hx-get": reverse("tips_public:communes"), "hx-target": "#id_commune", "hx-trigger": "change"}
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("identified"):
            if not data.get("full_name"):
                self.add_error("full_name", _("Hãy nhập họ và tên, hoặc bỏ chọn để gửi ẩn danh."))
            if not data.get("consent"):
                self.add_error("consent", _("Cần đồng ý với thông báo xử lý dữ liệu cá nhân."))
        return data


def commune_choices(province_key: str | None) -> list[tuple[str, str]]:
    if not province_key or len(province_key) > 20:
        return []
    return list(
        Unit.objects.current()
        .filter(level=Unit.Level.COMMUNE, is_legacy=False, parent__key=province_key)
        .order_by("name")
        .values_list("key", "name")
    )


class FollowForm(Styled):
    """The tracking code and its secret, with a captcha: the only way a citizen opens a tip."""

    code = forms.CharField(label=_("Mã theo dõi"), max_length=20)
    secret = forms.CharField(label=_("Mật mã"), max_length=40, widget=forms.PasswordInput(render_value=False))
    captcha = CaptchaField(label=_("Mã kiểm tra"))


class CitizenMessageForm(Styled):
    code = forms.CharField(widget=forms.HiddenInput, max_length=20)
    secret = forms.CharField(widget=forms.HiddenInput, max_length=40)
    body = forms.CharField(
        label=_("Trao đổi thêm"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=settings.ANTQ_TIPS_TEXT_MAX,
    )
    attachments = MultipleFileField(label=_("Thêm ảnh, tài liệu"), required=False)


class DataRequestForm(Styled):
    code = forms.CharField(widget=forms.HiddenInput, max_length=20)
    secret = forms.CharField(widget=forms.HiddenInput, max_length=40)
    kind = forms.ChoiceField(label=_("Yêu cầu"), choices=DataSubjectRequest.Kind.choices)
    details = forms.CharField(
        label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )


# --- Officers -------------------------------------------------------------------------------------


class InboxFilterForm(Styled):
    q = forms.CharField(label=_("Tìm"), max_length=100, required=False)
    trang_thai = forms.ChoiceField(
        label=_("Trạng thái"), choices=[("", _("Tất cả")), *Tip.Status.choices], required=False
    )
    loai = forms.ChoiceField(label=_("Loại"), choices=[("", _("Tất cả")), *Tip.Kind.choices], required=False)
    han = forms.ChoiceField(
        label=_("Thời hạn"),
        choices=[
            ("", _("Tất cả")),
            ("mo", _("Đang giải quyết")),
            ("qua-han", _("Quá hạn")),
            ("sap-han", _("Sắp đến hạn")),
        ],
        required=False,
    )


class MessageForm(Styled):
    body = forms.CharField(
        label=_("Trả lời người gửi"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=settings.ANTQ_TIPS_TEXT_MAX,
    )


class VerifyForm(Styled):
    register_no = forms.CharField(label=_("Số sổ tiếp nhận"), max_length=50, required=False)


class ExtendForm(Styled):
    months = forms.IntegerField(label=_("Số tháng gia hạn"), min_value=1, max_value=2, initial=2)
    basis = forms.CharField(label=_("Căn cứ (quyết định gia hạn của Viện kiểm sát)"), max_length=255)


class OutcomeForm(Styled):
    status = forms.ChoiceField(label=_("Kết quả"), choices=[])
    outcome = forms.CharField(
        label=_("Nội dung kết quả"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=settings.ANTQ_TIPS_TEXT_MAX,
    )
    outcome_on = forms.DateField(
        label=_("Ngày"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, tip: Tip, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        statuses = (
            [*Tip.OUTCOMES, Tip.Status.CLOSED] if tip.is_crime else [Tip.Status.ANSWERED, Tip.Status.CLOSED]
        )
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s.value, s.label) for s in statuses]


class TransferForm(Styled):
    to_unit = forms.CharField(label=_("Mã đơn vị nhận (xã, phường hoặc tỉnh)"), max_length=20)
    reason = forms.CharField(
        label=_("Lý do chuyển"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class DuplicateForm(Styled):
    of = forms.IntegerField(label=_("Trùng với tin"), min_value=1)


class RevealForm(Styled):
    reason = forms.CharField(
        label=_("Lý do xem danh tính"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500
    )


class ResolveRequestForm(Styled):
    done = forms.BooleanField(label=_("Chấp nhận yêu cầu"), required=False)
    result = forms.CharField(
        label=_("Kết quả xử lý"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
