from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.utils.translation import gettext_lazy as _

from config.api import api

admin.site.site_header = _("ANTQ — Quản trị hệ thống")
admin.site.site_title = _("ANTQ quản trị")
admin.site.index_title = _("Dữ liệu nghiệp vụ")

urlpatterns: list[URLPattern | URLResolver] = [
    # First: the API's requests (public intake included) then skip the page routes' long lists.
    path("api/v1/", api.urls),
    path("", include("antq.core.urls")),
    path("tai-khoan/", include("antq.accounts.urls")),
    path("don-vi/", include("antq.units.urls")),
    path("danh-gia/", include("antq.assessments.urls")),
    path("luc-luong/", include("antq.forces.urls")),
    path("phoi-hop/", include("antq.coordination.urls")),
    path("chi-dao/", include("antq.movement.urls")),
    path("mo-hinh/", include("antq.practices.urls")),
    path("khen-thuong/", include("antq.awards.urls")),
    path("ngay-hoi/", include("antq.festival.urls")),
    path("tong-hop/", include("antq.dashboards.urls")),
    path("bao-cao/", include("antq.reports.urls")),
    path("cong-dong/", include("antq.portal.urls")),
    path("tin-bao/", include("antq.tips.urls")),
    path("", include("antq.tips.public_urls")),
    path("captcha/", include("captcha.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
]

if settings.DEBUG:  # pragma: no cover
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
