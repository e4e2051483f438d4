from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "antq.reports"
    label = "reports"
    verbose_name = _("Báo cáo định kỳ")

    def ready(self) -> None:
        from antq.core.audit import register_action_labels
        from antq.reports.labels import REPORTS_ACTION_LABELS

        register_action_labels(REPORTS_ACTION_LABELS)
