"""Vietnamese first, English on request, and day-first dates in both languages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from django.urls import reverse
from django.utils import formats, translation

pytestmark = pytest.mark.django_db

ENGLISH_CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.mo"
REFORM_DAY = dt.date(2025, 7, 1)


@pytest.fixture(autouse=True)
def _compiled_catalogue() -> None:
    assert ENGLISH_CATALOGUE.exists(), "locale/en/LC_MESSAGES/django.mo is missing: run `make messages`"


def test_vietnamese_is_the_default(client_for, national_admin) -> None:
    content = client_for(national_admin).get(reverse("core:home")).content.decode()
    assert '<html lang="vi">' in content
    assert "Đơn vị, địa bàn" in content
    assert "Units and areas" not in content


def test_switching_to_english_shows_english_labels(client_for, national_admin) -> None:
    client = client_for(national_admin)
    home = reverse("core:home")
    response = client.post(reverse("set_language"), {"language": "en", "next": home})
    assert response.status_code == 302
    assert response.url == home
    content = client.get(home).content.decode()
    assert '<html lang="en">' in content
    assert "Units and areas" in content
    assert "Đơn vị, địa bàn" not in content
    # And back again.
    client.post(reverse("set_language"), {"language": "vi", "next": home})
    assert "Đơn vị, địa bàn" in client.get(home).content.decode()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_are_day_first_in_both_languages(language: str) -> None:
    moment = dt.datetime(2025, 7, 1, 14, 5, tzinfo=dt.UTC)
    template = engines["django"].from_string(
        '{{ d }}|{{ d|date:"SHORT_DATE_FORMAT" }}|{{ m|date:"SHORT_DATETIME_FORMAT" }}'
    )
    with translation.override(language):
        assert formats.date_format(REFORM_DAY) == "01/07/2025"
        # 14:05 UTC is 21:05 in Hà Nội (TIME_ZONE).
        assert template.render({"d": REFORM_DAY, "m": moment}) == "01/07/2025|01/07/2025|01/07/2025 21:05"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_commune_page_shows_day_first_dates(client_for, national_admin, language: str) -> None:
    client = client_for(national_admin)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    content = client.get(reverse("units:detail", args=["00004"])).content.decode()
    assert f'<html lang="{language}">' in content
    # Phường Ba Đình was formed on the 2025 reform day; a month-first date must not appear.
    assert "01/07/2025" in content
    assert "07/01/2025" not in content


def test_blank_choice_of_model_selects_is_vietnamese():
    """Django 6.1's empty choice ("- Select an option -") has no Vietnamese in Django: ours has it."""
    from django.db.models.fields import BLANK_CHOICE_LABEL
    from django.utils import translation

    with translation.override("vi"):
        assert str(BLANK_CHOICE_LABEL) == "— Chọn —"
    with translation.override("en"):
        assert str(BLANK_CHOICE_LABEL) == "- Select an option -"
