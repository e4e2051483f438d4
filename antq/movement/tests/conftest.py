import datetime as dt

import pytest

from antq.movement import actions
from antq.units.models import Unit
from conftest import PROVINCE_A

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def hanoi(db):
    return Unit.objects.get(key=PROVINCE_A)


@pytest.fixture
def plan(province_a_officer, hanoi):
    return actions.register_document(
        hanoi,
        by=province_a_officer,
        number_text="656/KH-UBND",
        issued_on=dt.date(2026, 2, 10),
        subject="Kế hoạch thực hiện phong trào toàn dân bảo vệ ANTQ",
        issuing_body="Ủy ban nhân dân Thành phố Hà Nội",
    )


@pytest.fixture
def hanoi_tasks(plan, province_a_officer, hanoi):
    return actions.assign_to_all_communes(
        plan,
        hanoi,
        by=province_a_officer,
        assignment=actions.Assignment(
            "Kiện toàn Ban Chỉ đạo cấp xã", dt.date(2026, 3, 31), "Quyết định kiện toàn"
        ),
    )
