from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "antq.core"
    label = "core"
    verbose_name = _("Hệ thống")

    def ready(self) -> None:
        from antq.core.audit import register_action_labels
        from antq.core.notifications import register_kind

        register_action_labels({"core.notification_preferences.changed": _("Thay đổi tùy chọn thông báo")})
        for code, label in (
            ("assessments", _("Đánh giá, công nhận “An toàn về ANTT”")),
            ("forces", _("Lực lượng bảo vệ ANTT, xếp loại")),
            ("movement", _("Chỉ đạo, nhiệm vụ")),
            ("coordination", _("Phối hợp, kiểm tra")),
        ):
            register_kind(code, label)
