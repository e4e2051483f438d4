from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TipsConfig(AppConfig):
    name = "antq.tips"
    label = "tips"
    verbose_name = _("Tin báo, tố giác, phản ánh")

    def ready(self) -> None:
        from antq.core.audit import register_action_labels
        from antq.tips.labels import TIPS_ACTION_LABELS

        register_action_labels(TIPS_ACTION_LABELS)
