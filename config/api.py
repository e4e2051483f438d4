"""The REST API under /api/v1/: each app contributes a router."""

from typing import Any

from django.urls import include, path
from ninja import NinjaAPI
from ninja.openapi.urls import get_openapi_urls, get_root_url

from antq.accounts.api import ApiTokenAuth, install_error_handlers
from antq.assessments.api import router as assessments_router
from antq.awards.api import router as awards_router
from antq.coordination.api import router as coordination_router
from antq.dashboards.api import router as dashboards_router
from antq.festival.api import router as festival_router
from antq.forces.api import router as forces_router
from antq.forces.ranking_api import router as forces_ranking_router
from antq.movement.api import router as movement_router
from antq.portal.api import router as portal_router
from antq.practices.api import router as practices_router
from antq.reports.api import router as reports_router
from antq.tips.api import public as tips_public_router
from antq.tips.api import router as tips_router
from antq.units.api import router as units_router


class GroupedNinjaAPI(NinjaAPI):
    """NinjaAPI whose URL patterns are grouped by router prefix.

    django-ninja lists every operation in one flat list, so Django tried about 150 patterns in turn
    before reaching the last routers (the public tip submission among them: 0.3 ms of its CPU,
    benchmarks/tips.py). Grouped under one `include()` per router, a request is matched against the
    prefixes first, then against its own router's operations only. Names and routes are unchanged
    (antq/tests/test_scope_walk.py walks every operation).
    """

    def _get_urls(self) -> list[Any]:
        result: list[Any] = get_openapi_urls(self)
        for bound in self._get_bound_routers():
            prefix = bound.prefix.strip("/")
            patterns = list(bound.urls_paths(""))
            result.append(path(f"{prefix}/" if prefix else "", include(patterns)))
        result.append(get_root_url(self))
        return result


api = GroupedNinjaAPI(
    title="ANTQ API",
    version="1.0",
    description="API của hệ thống quản lý phong trào toàn dân bảo vệ an ninh Tổ quốc.",
    auth=ApiTokenAuth(),
    urls_namespace="api",
)
install_error_handlers(api)
# The citizens' public router first: the busiest public endpoint is matched after one prefix.
api.add_router("/tips/public/", tips_public_router, tags=["Tố giác, phản ánh (công khai)"])
api.add_router("/units/", units_router, tags=["Đơn vị"])
api.add_router("/assessments/", assessments_router, tags=["Đánh giá An toàn về ANTT"])
api.add_router("/forces/", forces_router, tags=["Lực lượng bảo vệ ANTT cơ sở"])
api.add_router("/forces/", forces_ranking_router, tags=["Xếp loại tổ bảo vệ ANTT"])
api.add_router("/coordination/", coordination_router, tags=["Phối hợp, kiểm tra"])
api.add_router("/festival/", festival_router, tags=["Ngày hội toàn dân bảo vệ ANTQ"])
api.add_router("/movement/", movement_router, tags=["Chỉ đạo, kế hoạch"])
api.add_router("/practices/", practices_router, tags=["Mô hình, điển hình, hoạt động"])
api.add_router("/awards/", awards_router, tags=["Khen thưởng"])
api.add_router("/dashboards/", dashboards_router, tags=["Bảng điều hành"])
api.add_router("/reports/", reports_router, tags=["Báo cáo định kỳ"])
api.add_router("/portal/", portal_router, tags=["Cổng thông tin công cộng"])

api.add_router("/tips/", tips_router, tags=["Tin báo, tố giác"])
