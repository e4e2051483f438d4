"""Forms of the festival pages: they parse what the user typed; the actions decide the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from antq.awards.actions import NomineeInput
from antq.awards.models import AwardForm
from antq.awards.models import Decision as AwardDecision
from antq.festival.models import RESULT_COUNTS, Event, EventResult, ProgrammeItem
from antq.units.models import Organisation, ResidentialArea, Unit

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
TEXT = {"class": "form-control"}
NUMBER = {"class": "form-control", "inputmode": "numeric"}


def lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class CampaignForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), widget=forms.NumberInput(attrs=NUMBER))
    theme = forms.CharField(label=_("Chủ đề"), max_length=500, widget=forms.TextInput(attrs=TEXT))
    plan_number = forms.CharField(
        label=_("Số, ký hiệu kế hoạch"),
        max_length=80,
        widget=forms.TextInput(attrs=TEXT),
        help_text=_("Ví dụ: 87/KH-UBND."),
    )
    start_date = forms.DateField(
        label=_("Từ ngày"), required=False, widget=DATE, help_text=_("Để trống: theo quy định chung (01/7).")
    )
    end_date = forms.DateField(
        label=_("Đến ngày"), required=False, widget=DATE, help_text=_("Để trống: theo quy định chung (19/8).")
    )
    report_due = forms.DateField(label=_("Hạn báo cáo"), required=False, widget=DATE)


class EventForm(forms.Form):
    host_type = forms.ChoiceField(
        label=_("Cấp tổ chức"),
        choices=Event.HostType.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    area = forms.ModelChoiceField(
        label=_("Khu dân cư"),
        queryset=ResidentialArea.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    organisation = forms.ModelChoiceField(
        label=_("Cơ quan, doanh nghiệp, nhà trường"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    date = forms.DateField(label=_("Ngày tổ chức"), widget=DATE)
    venue = forms.CharField(label=_("Địa điểm"), max_length=255, widget=forms.TextInput(attrs=TEXT))
    ceremony_items = forms.MultipleChoiceField(
        label=_("Phần lễ"), required=False, widget=forms.CheckboxSelectMultiple
    )
    festivity_items = forms.MultipleChoiceField(
        label=_("Phần hội"), required=False, widget=forms.CheckboxSelectMultiple
    )
    extra_items = forms.CharField(
        label=_("Nội dung khác"),
        required=False,
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
        help_text=_("Mỗi dòng một nội dung."),
    )
    guests = forms.CharField(
        label=_("Khách mời"),
        required=False,
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
        help_text=_("Mỗi dòng một đại biểu."),
    )
    budget_vnd = forms.IntegerField(
        label=_("Kinh phí (đồng)"), initial=0, widget=forms.NumberInput(attrs=NUMBER)
    )
    is_anniversary_ceremony = forms.BooleanField(label=_("Tổ chức lễ kỷ niệm năm tròn"), required=False)
    is_pilot_point = forms.BooleanField(label=_("Điểm chỉ đạo, làm điểm (cấp tỉnh chọn)"), required=False)

    def __init__(self, *args: Any, commune: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area_field = self.fields["area"]
        org_field = self.fields["organisation"]
        assert isinstance(area_field, forms.ModelChoiceField) and isinstance(
            org_field, forms.ModelChoiceField
        )
        area_field.queryset = ResidentialArea.objects.filter(commune=commune, valid_to__isnull=True)
        org_field.queryset = Organisation.objects.filter(commune=commune, valid_to__isnull=True)
        items = list(ProgrammeItem.objects.values_list("part", "code", "name"))
        ceremony = self.fields["ceremony_items"]
        festivity = self.fields["festivity_items"]
        assert isinstance(ceremony, forms.MultipleChoiceField) and isinstance(
            festivity, forms.MultipleChoiceField
        )
        ceremony.choices = [(code, name) for part, code, name in items if part == ProgrammeItem.Part.CEREMONY]
        festivity.choices = [
            (code, name) for part, code, name in items if part == ProgrammeItem.Part.FESTIVITY
        ]


class ResultForm(forms.Form):
    reported_on = forms.DateField(label=_("Ngày báo cáo"), widget=DATE)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in RESULT_COUNTS:
            label = EventResult._meta.get_field(name).verbose_name  # type: ignore[union-attr]
            self.fields[name] = forms.IntegerField(
                label=label, initial=0, required=False, widget=forms.NumberInput(attrs=NUMBER)
            )

    def counts(self) -> dict[str, int]:
        return {name: self.cleaned_data.get(name) or 0 for name in RESULT_COUNTS}


def _decisions_for(commune: Unit, year: int) -> QuerySet[AwardDecision]:
    """Decisions of the host commune or a unit above it, issued in the campaign's year."""
    return (
        AwardDecision.objects.filter(
            issuer__path__in=[*commune.ancestor_paths(), commune.path], issued_on__year=year
        )
        .select_related("form", "issuer")
        .order_by("-issued_on", "-pk")
    )


class CommendationForm(forms.Form):
    """A commendation given at the event: the form, the achievement, collectives and individuals."""

    form = forms.ModelChoiceField(
        label=_("Hình thức khen thưởng"),
        queryset=AwardForm.objects.all(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    achievement = forms.CharField(
        label=_("Thành tích"), max_length=5000, widget=forms.Textarea(attrs={**TEXT, "rows": 3})
    )
    collectives = forms.CharField(
        label=_("Tập thể (mỗi dòng một tập thể)"),
        required=False,
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
    )
    individuals = forms.CharField(
        label=_("Cá nhân (mỗi dòng: họ và tên; chức vụ, đơn vị)"),
        required=False,
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
    )

    def nominees(self) -> list[NomineeInput]:
        data = self.cleaned_data
        found = [NomineeInput("collective", name) for name in lines(data.get("collectives") or "")]
        for line in lines(data.get("individuals") or ""):
            name, _sep, position = line.partition(";")
            found.append(NomineeInput("individual", name.strip(), position.strip()))
        return found


def _decision_label(decision: AwardDecision) -> str:
    return (
        f"{decision.number} · {decision.issued_on:%d/%m/%Y} · {decision.form.name} · {decision.issuer.name}"
    )


class DecisionLinkForm(forms.Form):
    """An existing commendation decision presented at the event."""

    decision = forms.ModelChoiceField(
        label=_("Quyết định khen thưởng"),
        queryset=AwardDecision.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, commune: Unit, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["decision"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _decisions_for(commune, year)
        field.label_from_instance = _decision_label  # type: ignore[method-assign,assignment]


class PhotoForm(forms.Form):
    """A photo of the point (JPEG, PNG or WebP, checked by the action from the content)."""

    file = forms.FileField(
        label=_("Ảnh"), widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": "image/*"})
    )
    caption = forms.CharField(
        label=_("Chú thích"), max_length=255, required=False, widget=forms.TextInput(attrs=TEXT)
    )
