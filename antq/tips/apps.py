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

        from django.db.models.signals import post_delete, post_save

        from antq.core.attention import Source, register_attention_source
        from antq.core.navigation import register_area_visibility
        from antq.core.notifications import register_kind
        from antq.tips import reference
        from antq.tips.models import ConsentNotice, TipCategory
        from antq.tips.permissions import is_police
        from antq.tips.queries import attention_deadlines
        from antq.units.models import Unit

        for model in (TipCategory, ConsentNotice, Unit):
            for signal in (post_save, post_delete):
                signal.connect(reference.clear, sender=model, dispatch_uid=f"tips-reference-{model.__name__}")

        register_kind("tips", _("Tin báo, tố giác, phản ánh"))
        # The inbox answers 404 to everyone but police roles: the navigation asks the same predicate.
        register_area_visibility("tips", is_police)
        register_attention_source(
            Source("tips.deadlines", _("Tin báo sắp đến hạn, quá hạn"), attention_deadlines)
        )
