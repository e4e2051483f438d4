import datetime as dt

import pytest

from antq.core.errors import DomainError
from antq.core.models import AuditEntry
from antq.practices import actions
from antq.practices.models import Activity, AdvancedExample, ModelEvaluation, ModelType, PracticeModel
from antq.practices.tests.helpers import kind, model_type, register, unit
from conftest import COMMUNE_A1, COMMUNE_A2, COMMUNE_B1, PROVINCE_A

pytestmark = pytest.mark.usefixtures("catalogue")


def test_register_counts_points_groups_and_audits(commune_a1_officer):
    model = register(commune_a1_officer, COMMUNE_A1)
    assert (model.points_count, model.groups_count, model.members_count) == (3, 5, 40)
    assert model.province_id == unit(PROVINCE_A).pk
    assert model.name_folded == "to lien gia tu quan so 1"
    entry = AuditEntry.objects.for_object(model).get()
    assert entry.action == "practices.model.registered"
    assert entry.data["points"] == 3


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"points_count": 0}, "“Số điểm áp dụng” phải từ 1 trở lên."),
        ({"groups_count": -1}, "“Số tổ, nhóm thực hiện” không được là số âm."),
        ({"members_count": -5}, "“Số thành viên” không được là số âm."),
        ({"name": "  "}, "Chưa nhập “Tên mô hình”."),
        ({"started_on": dt.date(2099, 1, 1)}, "Ngày bắt đầu (01/01/2099) không được sau ngày hôm nay."),
        (
            {"recognised_on": dt.date(2025, 5, 1)},
            "Có ngày công nhận thì cần ghi số quyết định công nhận.",
        ),
    ],
)
def test_register_refuses_bad_input_and_saves_nothing(commune_a1_officer, extra, message):
    with pytest.raises(DomainError) as exc:
        register(commune_a1_officer, COMMUNE_A1, **extra)
    assert exc.value.message == message
    assert not PracticeModel.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="practices.").exists()


def test_register_outside_scope_is_refused(commune_a1_officer, steering_a1_member):
    with pytest.raises(DomainError, match="ngoài phạm vi quản lý"):
        register(commune_a1_officer, COMMUNE_B1)
    with pytest.raises(DomainError, match="ngoài phạm vi quản lý"):
        register(steering_a1_member, COMMUNE_A1)  # steering members read, they do not record
    assert not PracticeModel.objects.exists()


def test_cluster_spans_units_in_scope_and_is_visible_to_each_member(province_a_officer, commune_a1_officer):
    a2 = unit(COMMUNE_A2)
    cluster = register(
        province_a_officer,
        COMMUNE_A1,
        name="Cụm liên kết an toàn về ANTT Ba Đình – Ngọc Hà",
        model_type=model_type("security_cluster"),
        cluster_units=[a2],
    )
    assert cluster.is_cluster
    assert list(cluster.member_units.all()) == [a2]
    from antq.testing.factories import user_with_role

    a2_officer = user_with_role("a2_officer", "commune_officer", COMMUNE_A2)
    assert PracticeModel.objects.visible_to(a2_officer).filter(pk=cluster.pk).exists()
    assert PracticeModel.objects.visible_to(commune_a1_officer).filter(pk=cluster.pk).exists()


def test_cluster_with_unit_outside_scope_saves_nothing(commune_a1_officer):
    with pytest.raises(DomainError) as exc:
        register(commune_a1_officer, COMMUNE_A1, cluster_units=[unit(COMMUNE_B1)])
    assert "Phường Sài Gòn" in exc.value.message
    assert not PracticeModel.objects.exists()
    assert not PracticeModel.member_units.through.objects.exists()


def test_replication_links_to_the_origin(province_a_officer, commune_a1_officer):
    origin = register(commune_a1_officer, COMMUNE_A1)
    replica = actions.replicate_model(
        origin, by=province_a_officer, unit=unit(COMMUNE_A2), started_on=dt.date(2025, 6, 1), points_count=2
    )
    assert replica.origin == origin
    assert (replica.name, replica.model_type) == (origin.name, origin.model_type)
    assert AuditEntry.objects.for_object(replica).get().action == "practices.model.replicated"
    # A replica of the replica still links to the first model; the same unit twice is refused.
    with pytest.raises(DomainError, match="đã áp dụng"):
        actions.replicate_model(
            replica, by=province_a_officer, unit=unit(COMMUNE_A2), started_on=dt.date(2025, 7, 1)
        )
    with pytest.raises(DomainError, match="ngoài phạm vi"):
        actions.replicate_model(
            origin, by=commune_a1_officer, unit=unit(COMMUNE_A2), started_on=dt.date(2025, 7, 1)
        )


def test_evaluation_once_a_year_and_dissolution(commune_a1_officer):
    model = register(commune_a1_officer, COMMUNE_A1)
    actions.evaluate_model(
        model, by=commune_a1_officer, year=2025, rating="effective", evaluated_on=dt.date(2025, 11, 20)
    )
    model.refresh_from_db()
    assert (model.rating, model.rated_year, model.status) == ("effective", 2025, "active")
    with pytest.raises(DomainError, match="đã được đánh giá năm 2025"):
        actions.evaluate_model(
            model,
            by=commune_a1_officer,
            year=2025,
            rating="to_consolidate",
            evaluated_on=dt.date(2025, 12, 1),
        )
    with pytest.raises(DomainError, match="Năm đánh giá"):
        actions.evaluate_model(
            model, by=commune_a1_officer, year=2024, rating="effective", evaluated_on=dt.date(2025, 1, 1)
        )
    actions.evaluate_model(
        model, by=commune_a1_officer, year=2026, rating="dissolved", evaluated_on=dt.date(2026, 11, 1)
    )
    model.refresh_from_db()
    assert (model.rating, model.status) == ("dissolved", "dissolved")
    assert ModelEvaluation.objects.filter(model=model).count() == 2
    with pytest.raises(DomainError, match="đã giải thể"):
        actions.replicate_model(
            model, by=commune_a1_officer, unit=unit(COMMUNE_A1), started_on=dt.date(2026, 11, 2)
        )
    labels = list(AuditEntry.objects.for_object(model).values_list("action", flat=True))
    assert labels.count("practices.model.evaluated") == 2


def test_examples_keep_individuals_out_of_the_audit_log(commune_a1_officer):
    example = actions.record_example(
        unit(COMMUNE_A1),
        by=commune_a1_officer,
        kind="individual",
        name="Nguyễn Văn An",
        position="Tổ trưởng",
        achievement="Vận động 2 đối tượng ra đầu thú.",
        recognition_ref="12/QĐ-UBND",
        recognised_on=dt.date(2026, 1, 5),
        level="province",
    )
    entry = AuditEntry.objects.for_object(example).get()
    assert "Nguyễn Văn An" not in str(entry.data)
    with pytest.raises(DomainError, match="Chưa nhập “Số quyết định”"):
        actions.record_example(
            unit(COMMUNE_A1),
            by=commune_a1_officer,
            kind="collective",
            name="Tổ 1",
            achievement="x",
            recognition_ref=" ",
            recognised_on=dt.date(2026, 1, 5),
            level="commune",
        )
    assert AdvancedExample.objects.count() == 1


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"participants": -3}, "“Số người tham dự” không được là số âm."),
        ({"result_count": -1}, "“Kết quả (số lượng)” không được là số âm."),
        ({"held_on": dt.date(2099, 5, 1)}, "Ngày tổ chức (01/05/2099) không được sau ngày hôm nay."),
        ({"title": ""}, "Chưa nhập “Nội dung”."),
    ],
)
def test_activity_bad_input(commune_a1_officer, extra, message):
    data = {
        "kind": kind(),
        "held_on": dt.date(2026, 3, 1),
        "title": "Tuyên truyền phòng, chống ma túy",
        "participants": 50,
    }
    data.update(extra)
    with pytest.raises(DomainError) as exc:
        actions.record_activity(unit(COMMUNE_A1), by=commune_a1_officer, **data)
    assert exc.value.message == message
    assert not Activity.objects.exists()


def test_province_adds_its_own_model_type(province_a_officer, commune_a1_officer, national_admin):
    added = actions.add_model_type(by=province_a_officer, name="Khu phố bình yên", province=unit(PROVINCE_A))
    assert added.province.key == PROVINCE_A
    assert ModelType.objects.for_unit(unit(COMMUNE_A1)).filter(pk=added.pk).exists()
    assert not ModelType.objects.for_unit(unit(COMMUNE_B1)).filter(pk=added.pk).exists()
    # Sài Gòn cannot use Hà Nội's type; a commune officer cannot extend the catalogue.
    from antq.testing.factories import user_with_role

    b_province = user_with_role("p79", "province_officer", "79")
    with pytest.raises(DomainError, match="không có trong danh mục"):
        register(b_province, COMMUNE_B1, model_type=added)
    with pytest.raises(DomainError):
        actions.add_model_type(by=commune_a1_officer, name="Mô hình khác", province=unit(PROVINCE_A))
    with pytest.raises(DomainError, match="đã có loại mô hình"):
        actions.add_model_type(by=national_admin, name="to, nhom lien gia tu quan ve ANTT")
