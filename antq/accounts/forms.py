from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản đã bị khóa."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Mã xác thực 6 số"),
        min_length=6,
        max_length=6,
        error_messages={
            "required": _("Vui lòng nhập mã xác thực."),
            "min_length": _("Mã xác thực gồm 6 chữ số."),
            "max_length": _("Mã xác thực gồm 6 chữ số."),
        },
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": True,
            }
        ),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("Mã xác thực gồm 6 chữ số."))
        return token


# Django's own NUL-byte message has no Vietnamese translation; every text field here uses this one.
NO_NUL = {"null_characters_not_allowed": _("Không được chứa ký tự NUL.")}


class ApiTokenForm(forms.Form):
    label = forms.CharField(
        label=_("Tên gợi nhớ"),
        max_length=100,
        error_messages=NO_NUL,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class AuditFilterForm(forms.Form):
    DATE_ERRORS = {"invalid": _("Nhập ngày theo dạng dd/mm/yyyy.")}

    q = forms.CharField(
        label=_("Người dùng hoặc đối tượng"), required=False, max_length=100, error_messages=NO_NUL
    )
    action = forms.CharField(label=_("Hành động"), required=False, max_length=100, error_messages=NO_NUL)
    date_from = forms.DateField(
        label=_("Từ ngày"), required=False, input_formats=["%d/%m/%Y"], error_messages=DATE_ERRORS
    )
    date_to = forms.DateField(
        label=_("Đến ngày"), required=False, input_formats=["%d/%m/%Y"], error_messages=DATE_ERRORS
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-control form-control-sm"
            if name.startswith("date"):
                field.widget.attrs["placeholder"] = "dd/mm/yyyy"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Ngày bắt đầu phải trước ngày kết thúc."))
        return data
