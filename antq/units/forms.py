import re

from django import forms
from django.utils.translation import gettext_lazy as _

from antq.units.models import Organisation, ResidentialArea

TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")


class BootstrapMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class ResidentialAreaForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ResidentialArea
        fields = ["name", "kind", "household_count"]


def validate_tax_code(value: str) -> str:
    value = value.strip()
    if value and not TAX_CODE.match(value):
        raise forms.ValidationError(
            _("Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số.")
        )
    return value


class OrganisationForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "managing_level", "tax_code", "address"]

    def clean_tax_code(self) -> str:
        return validate_tax_code(self.cleaned_data.get("tax_code", ""))
