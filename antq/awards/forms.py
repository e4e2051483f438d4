"""The proposal form: the nominees are typed one a line (collectives: name; individuals: name; position)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from antq.awards.actions import NomineeInput
from antq.awards.models import AwardForm, SourceType


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ProposalForm(forms.Form):
    form = forms.ModelChoiceField(label=_("Hình thức khen thưởng"), queryset=AwardForm.objects.all())
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    source_type = forms.ChoiceField(label=_("Nguồn đề nghị"), choices=SourceType.choices)
    source_id = forms.IntegerField(label=_("Mã bản ghi nguồn (nếu có)"), required=False, min_value=1)
    achievement = forms.CharField(label=_("Tóm tắt thành tích"), widget=forms.Textarea(attrs={"rows": 3}))
    collectives = forms.CharField(
        label=_("Tập thể (mỗi dòng một tập thể)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    individuals = forms.CharField(
        label=_("Cá nhân (mỗi dòng: họ và tên; chức vụ, đơn vị)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["year"].initial = dt.date.today().year
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-select" if name in ("form", "source_type") else "form-control"

    def nominees(self) -> list[NomineeInput]:
        data = self.cleaned_data
        found = [NomineeInput("collective", name) for name in _lines(data.get("collectives") or "")]
        for line in _lines(data.get("individuals") or ""):
            name, _sep, position = line.partition(";")
            found.append(NomineeInput("individual", name.strip(), position.strip()))
        return found
