"""Forms of the portal: the editor's article form and file upload, and the public comment form."""

from __future__ import annotations

from typing import Any

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.utils.translation import gettext_lazy as _

from antq.portal.models import Article, ArticleFile
from antq.units.models import Unit


class StyledForm(forms.Form):
    """Bootstrap classes on every widget (templates render the fields one by one)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, CaptchaTextInput):
                widget.attrs.setdefault("class", "form-control")


class ArticleForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("Đơn vị đăng tin"), queryset=Unit.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label=_("Loại tin"), choices=Article.Kind.choices)
    title = forms.CharField(label=_("Tiêu đề"), max_length=255)
    summary = forms.CharField(
        label=_("Tóm tắt"), max_length=600, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    body = forms.CharField(
        label=_("Nội dung"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Văn bản thuần: mỗi đoạn cách nhau một dòng trống. Không dùng mã HTML."),
    )

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("level", "name")


class FileForm(StyledForm):
    role = forms.ChoiceField(label=_("Loại tệp"), choices=ArticleFile.Role.choices)
    file = forms.FileField(label=_("Tệp"), help_text=_("Ảnh JPEG/PNG, PDF, Word (.docx) hoặc Excel (.xlsx)."))


class WithdrawForm(StyledForm):
    reason = forms.CharField(label=_("Lý do gỡ bài"), max_length=500, required=False)


class CommentForm(StyledForm):
    name = forms.CharField(label=_("Tên của bạn (không bắt buộc)"), max_length=80, required=False)
    body = forms.CharField(label=_("Bình luận"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    captcha = CaptchaField(
        label=_("Mã xác nhận"),
        help_text=_("Nhập các ký tự trong ảnh."),
        widget=CaptchaTextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )


class SearchForm(StyledForm):
    q = forms.CharField(label=_("Tìm theo tiêu đề"), max_length=100, required=False)
