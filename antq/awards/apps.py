from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "antq.awards"
    label = "awards"
    verbose_name = _("Khen thưởng")

    def ready(self) -> None:
        from antq.awards.labels import AWARDS_ACTION_LABELS
        from antq.core.audit import register_action_labels
        from antq.core.navigation import UnitLink, register_commune_link

        register_action_labels(AWARDS_ACTION_LABELS)
        register_commune_link(UnitLink(_("Đề nghị khen thưởng"), "award", "awards:unit"))
