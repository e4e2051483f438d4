from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "antq.portal"
    label = "portal"
    verbose_name = _("Cổng thông tin công cộng")

    def ready(self) -> None:
        from antq.core.audit import register_action_labels
        from antq.portal.labels import PORTAL_ACTION_LABELS

        register_action_labels(PORTAL_ACTION_LABELS)
