"""The domain areas shown in the navigation. Areas not built yet say so plainly."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Area:
    slug: str
    title: str | Promise
    icon: str
    url_name: str | None  # None: not built yet, links to the "đang xây dựng" page


AREAS = (
    Area("units", _("Đơn vị, địa bàn"), "geo-alt", "units:national"),
    Area("assessments", _("Đánh giá “An toàn về ANTT”"), "clipboard-check", "assessments:home"),
    Area("forces", _("Lực lượng bảo vệ ANTT cơ sở"), "people", "forces:home"),
    Area("movement", _("Chỉ đạo, kế hoạch"), "diagram-3", "movement:home"),
    Area("coordination", _("Phối hợp, kiểm tra"), "link-45deg", "coordination:home"),
    Area("practices", _("Mô hình, điển hình, hoạt động"), "stars", "practices:overview"),
    Area("festival", _("Ngày hội và khen thưởng"), "award", "festival:home"),
    Area("tips", _("Tin báo, tố giác"), "envelope-exclamation", "tips:inbox"),
    Area("dashboards", _("Tổng hợp phong trào"), "speedometer2", "dashboards:home"),
    Area("reports", _("Báo cáo định kỳ"), "file-earmark-text", "reports:home"),
    Area("portal", _("Cổng thông tin"), "megaphone", "portal:editor_list"),
)


# Areas some users may not open at all: slug -> predicate(user), registered by the owning app in
# AppConfig.ready() with the same predicate its views use, so the link shows exactly when the page
# would answer (core knows no domain). Areas without a predicate are shown to everyone.
AREA_VISIBILITY: dict[str, Callable[[Any], bool]] = {}


def register_area_visibility(slug: str, predicate: Callable[[Any], bool]) -> None:
    AREA_VISIBILITY[slug] = predicate


def area_visible(area: Area, user: Any) -> bool:
    predicate = AREA_VISIBILITY.get(area.slug)
    return predicate is None or bool(predicate(user))


@dataclass(frozen=True)
class UnitLink:
    """A link another app offers on a commune's page; the URL takes the commune key."""

    title: str | Promise
    icon: str
    url_name: str


# Filled by the apps in AppConfig.ready(); the units app shows them without knowing the apps.
COMMUNE_LINKS: list[UnitLink] = []


def register_commune_link(link: UnitLink) -> None:
    if link not in COMMUNE_LINKS:
        COMMUNE_LINKS.append(link)
