from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "antq.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản và phân quyền")

    def ready(self) -> None:
        from antq.accounts import signals  # noqa: F401
        from antq.core.audit import register_action_labels

        register_action_labels(
            {
                "accounts.login": _("Đăng nhập"),
                "accounts.logout": _("Đăng xuất"),
                "accounts.login_failed": _("Đăng nhập sai"),
                "accounts.role.assigned": _("Giao quyền"),
                "accounts.role.revoked": _("Thu hồi quyền"),
                "accounts.totp.enrolled": _("Bật xác thực hai lớp"),
                "accounts.totp.failed": _("Nhập sai mã xác thực"),
                "accounts.api_token.issued": _("Cấp khóa API"),
                "accounts.api_token.revoked": _("Thu hồi khóa API"),
                "accounts.password.changed": _("Đổi mật khẩu"),
            }
        )
