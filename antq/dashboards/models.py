"""Pre-computed indicator values (the snapshot read by the dashboards, the map and the API)."""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from antq.units.models import Unit


class IndicatorSnapshot(models.Model):
    """Every registered indicator's value for one unit (its whole subtree) and one year, as last refreshed."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("Đơn vị"))
    period = models.CharField(_("Kỳ"), max_length=10)  # Period.key, e.g. "2026"
    # {indicator code: value}; percentages as decimal strings, counts as integers, unknown as null.
    values = models.JSONField(_("Giá trị"), encoder=DjangoJSONEncoder, default=dict)
    refreshed_at = models.DateTimeField(_("Cập nhật lúc"))

    class Meta:
        verbose_name = _("Số liệu chỉ số đã tổng hợp")
        verbose_name_plural = _("Số liệu chỉ số đã tổng hợp")
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="dashboards_snapshot_period_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period}"
