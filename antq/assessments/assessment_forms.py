"""The self-assessment form: a met / not met choice and a note per TT 124 criterion, points per leaf.

Fields are built from the evaluation's rows, so the form always matches the criteria set in force.
Range and precision of points are checked by `rules.validate_points` inside the action (one message
for every bad value); the form only turns the text typed on a phone ("9,5") into a Decimal.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from antq.assessments.assessment_queries import Evaluation
from antq.assessments.registration_forms import NUL_MESSAGE

MET_CHOICES = [("1", _("Đạt")), ("0", _("Không đạt"))]


def parse_points(raw: str) -> Decimal | None:
    """Read points typed with a decimal comma or point; blank is “not scored yet”."""
    raw = raw.strip().replace(" ", "")
    if not raw:
        return None
    try:
        value = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        raise forms.ValidationError(_("Nhập điểm là một số, ví dụ 2,5.")) from None
    if not value.is_finite():
        raise forms.ValidationError(_("Nhập điểm là một số, ví dụ 2,5."))
    return value


class PointsField(forms.CharField):
    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        return parse_points(str(value or ""))


class AssessmentForm(forms.Form):
    """One field pair per manual standard criterion (met_<id>, note_<id>) and per leaf (points_<id>, …)."""

    def __init__(self, *args: Any, evaluation: Evaluation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.standard_ids: list[int] = []
        self.score_ids: list[int] = []
        for row in evaluation.standard_rows:
            if row.is_auto:
                continue
            cid = row.criterion.pk
            self.standard_ids.append(cid)
            met = row.result.met
            self.fields[f"met_{cid}"] = forms.ChoiceField(
                label=row.criterion.code,
                choices=MET_CHOICES,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                initial="" if met is None else ("1" if met else "0"),
            )
            self.fields[f"note_{cid}"] = forms.CharField(
                label=_("Minh chứng, ghi chú"),
                required=False,
                max_length=2000,
                initial=row.result.note,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
            )
        for srow in evaluation.score_rows:
            if srow.score is None:
                continue
            cid = srow.criterion.pk
            self.score_ids.append(cid)
            points = srow.score.points
            self.fields[f"points_{cid}"] = PointsField(
                label=srow.criterion.code,
                required=False,
                initial="" if points is None else f"{points:.1f}",
                widget=forms.NumberInput(
                    attrs={
                        "class": "form-control form-control-sm text-end points",
                        "step": "0.1",
                        "min": "0",
                        "max": f"{srow.criterion.max_points or 0:.1f}",
                        "inputmode": "decimal",
                        "aria-label": srow.criterion.code,
                    }
                ),
            )
            self.fields[f"snote_{cid}"] = forms.CharField(
                label=_("Ghi chú"),
                required=False,
                max_length=2000,
                initial=srow.score.note,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )
        for f in self.fields.values():
            f.error_messages["null_characters_not_allowed"] = NUL_MESSAGE

    def field_for(self, prefix: str, cid: int) -> forms.BoundField:
        return self[f"{prefix}_{cid}"]

    def standard_results(self) -> dict[int, tuple[bool | None, str]]:
        data = self.cleaned_data
        out: dict[int, tuple[bool | None, str]] = {}
        for cid in self.standard_ids:
            raw = data.get(f"met_{cid}") or ""
            out[cid] = (None if raw == "" else raw == "1", data.get(f"note_{cid}") or "")
        return out

    def scores(self) -> dict[int, tuple[Decimal | None, str]]:
        data = self.cleaned_data
        return {cid: (data.get(f"points_{cid}"), data.get(f"snote_{cid}") or "") for cid in self.score_ids}
