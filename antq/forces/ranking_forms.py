"""Forms of the ranking pages: the decision, reopening, a team's task counts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from antq.forces.forms import StyledForm, date_field
from antq.forces.ranking_actions import DEFAULT_SYMBOL
from antq.forces.ranking_models import TaskGroup


class DecisionForm(StyledForm):
    number = forms.IntegerField(
        label=_("Số quyết định"),
        min_value=1,
        max_value=999_999,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    symbol = forms.CharField(label=_("Ký hiệu"), max_length=30, initial=DEFAULT_SYMBOL)
    decided_on = date_field(_("Ngày quyết định"))
    signer_name = forms.CharField(label=_("Người ký (Chủ tịch UBND)"), max_length=150)
    signer_title = forms.CharField(
        label=_("Quyền hạn, chức vụ người ký"),
        max_length=150,
        required=False,
        help_text=_("Để trống: “TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH”. Ví dụ khác: “KT. CHỦ TỊCH / PHÓ CHỦ TỊCH”."),
    )


class ReopenForm(StyledForm):
    reason = forms.CharField(
        label=_("Lý do mở lại"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class TaskCountsForm(StyledForm):
    """Assigned and completed tasks for each of the six task groups."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for group, label in TaskGroup.choices:
            self.fields[f"assigned_{group}"] = forms.IntegerField(
                label=_("%(group)s — được giao") % {"group": label}, min_value=0, max_value=100_000, initial=0
            )
            self.fields[f"done_{group}"] = forms.IntegerField(
                label=_("%(group)s — hoàn thành") % {"group": label},
                min_value=0,
                max_value=100_000,
                initial=0,
            )
        for f in self.fields.values():
            f.widget.attrs.update({"class": "form-control", "inputmode": "numeric"})

    def counts(self) -> dict[int, tuple[int, int]]:
        data = self.cleaned_data
        return {group: (data[f"assigned_{group}"], data[f"done_{group}"]) for group in TaskGroup.values}
