from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản đã bị khóa."),
    }

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
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
        widget=forms.TextInput(
            attrs={"class": "form-control", "inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("Mã xác thực gồm 6 chữ số."))
        return token


class ApiTokenForm(forms.Form):
    label = forms.CharField(
        label=_("Tên gợi nhớ"), max_length=100, widget=forms.TextInput(attrs={"class": "form-control"})
    )

    def clean_label(self) -> str:
        label = self.cleaned_data["label"]
        if "\x00" in label:
            raise forms.ValidationError(_("Không được chứa ký tự NUL."))
        return label


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Người dùng hoặc đối tượng"), required=False, max_length=100)
    action = forms.CharField(label=_("Hành động"), required=False, max_length=100)
    date_from = forms.DateField(label=_("Từ ngày"), required=False, input_formats=["%d/%m/%Y"])
    date_to = forms.DateField(label=_("Đến ngày"), required=False, input_formats=["%d/%m/%Y"])

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-control form-control-sm"
            if name.startswith("date"):
                field.widget.attrs["placeholder"] = "dd/mm/yyyy"
