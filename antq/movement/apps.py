from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MovementConfig(AppConfig):
    name = "antq.movement"
    label = "movement"
    verbose_name = _("Chỉ đạo, kế hoạch phong trào")

    def ready(self) -> None:
        from antq.core.audit import register_action_labels
        from antq.core.navigation import UnitLink, register_commune_link
        from antq.movement.labels import MOVEMENT_ACTION_LABELS

        register_action_labels(MOVEMENT_ACTION_LABELS)
        register_commune_link(UnitLink(_("Cấp trên giao cho đơn vị"), "list-check", "movement:inbox"))

        from antq.core.attention import Source, register_attention_source
        from antq.movement.queries import attention_tasks

        register_attention_source(Source("movement.tasks", _("Nhiệm vụ cấp trên giao"), attention_tasks))
