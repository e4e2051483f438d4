from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "antq.dashboards"
    label = "dashboards"
    verbose_name = _("Bảng điều hành")

    def ready(self) -> None:
        from antq.core.audit import register_action_labels

        register_action_labels(
            {
                "dashboards.exported": _("Xuất Excel tổng hợp phong trào"),
                "dashboards.board.exported": _("Xuất Excel bảng chỉ số"),
            }
        )
