"""The proposal form: the nominees are typed one a line (collectives: name; individuals: name; position)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from antq.awards.actions import NomineeInput
from antq.awards.models import AwardForm, Leader, LegacyService, MedalBar, QualifyingPosition, SourceType


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ProposalForm(forms.Form):
    form = forms.ModelChoiceField(label=_("Hình thức khen thưởng"), queryset=AwardForm.objects.all())
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    # Informants of tip-offs are proposed by the tips app (with the consent record), not from this form.
    source_type = forms.ChoiceField(
        label=_("Nguồn đề nghị"), choices=[c for c in SourceType.choices if c[0] != SourceType.TIP]
    )
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


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StyledForm(forms.Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            if isinstance(f.widget, forms.CheckboxInput):
                css = "form-check-input"
            else:
                css = "form-select" if isinstance(f.widget, forms.Select) else "form-control"
            f.widget.attrs.setdefault("class", css)


class LegacyServiceForm(StyledForm):
    force = forms.ChoiceField(label=_("Lực lượng"), choices=LegacyService.Force.choices)
    start = forms.DateField(label=_("Từ ngày"), widget=DATE)
    end = forms.DateField(label=_("Đến ngày"), widget=DATE)
    doubled = forms.BooleanField(
        label=_("Ở địa bàn đặc biệt khó khăn, biên giới, hải đảo (tính hệ số 2)"), required=False
    )
    evidence = forms.CharField(label=_("Căn cứ"), max_length=255, required=False)


class BarForm(StyledForm):
    kind = forms.ChoiceField(label=_("Loại"), choices=MedalBar.Kind.choices)
    reason = forms.CharField(label=_("Lý do"), max_length=255)
    recorded_on = forms.DateField(label=_("Ngày ghi nhận"), widget=DATE)


class LiftForm(StyledForm):
    lifted_on = forms.DateField(label=_("Ngày có kết luận"), widget=DATE)


class LeaderForm(StyledForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    sex = forms.ChoiceField(label=_("Giới tính"), choices=Leader.Sex.choices)
    birth_year = forms.IntegerField(label=_("Năm sinh"), min_value=1900, max_value=2100)
    position = forms.CharField(label=_("Chức vụ hiện nay"), max_length=255)
    prior_commendation = forms.CharField(
        label=_("Khen thưởng về thành tích bảo vệ ANTQ đã nhận (số, ngày quyết định)"),
        max_length=255,
        required=False,
    )


class LeaderPositionForm(StyledForm):
    position = forms.ModelChoiceField(
        label=_("Chức vụ"), queryset=QualifyingPosition.objects.filter(active=True)
    )
    organisation = forms.CharField(label=_("Cơ quan, đơn vị"), max_length=255)
    start = forms.DateField(label=_("Từ ngày"), widget=DATE)
    end = forms.DateField(label=_("Đến ngày (để trống nếu đang giữ)"), widget=DATE, required=False)
    evidence = forms.CharField(label=_("Căn cứ (quyết định bổ nhiệm)"), max_length=255, required=False)


class FromSourceForm(StyledForm):
    form = forms.ModelChoiceField(label=_("Hình thức khen thưởng"), queryset=AwardForm.objects.all())
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    achievement = forms.CharField(label=_("Tóm tắt thành tích"), widget=forms.Textarea(attrs={"rows": 3}))
