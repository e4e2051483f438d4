"""Password rules with Vietnamese messages.

Django's own validators are used as they are; only their texts are restated here, because
Django 6.1 changed some message ids (e.g. the minimum-length one) and its Vietnamese catalogue no
longer translates them, so officers saw English errors on the password pages.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    """Refuse a password too close to the username, name or e-mail address."""

    def get_error_message(self) -> str:
        return _("Mật khẩu quá giống với %(verbose_name)s.")

    def get_help_text(self) -> str:
        return _("Mật khẩu không được quá giống tên đăng nhập, họ tên hoặc thư điện tử.")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Refuse a password shorter than `min_length` characters."""

    def get_error_message(self) -> str:
        return _("Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return _("Mật khẩu phải có ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    """Refuse a password from the list of 20,000 commonly used ones."""

    def get_error_message(self) -> str:
        return _("Mật khẩu này quá phổ biến, dễ bị đoán.")

    def get_help_text(self) -> str:
        return _("Mật khẩu không được là mật khẩu phổ biến.")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    """Refuse a password made of digits only."""

    def get_error_message(self) -> str:
        return _("Mật khẩu không được chỉ gồm chữ số.")

    def get_help_text(self) -> str:
        return _("Mật khẩu không được chỉ gồm chữ số.")
