"""Demo content of the portal: a news editor of Hà Nội and articles of Hà Nội and Ba Đình (one draft)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from antq.accounts.demo import DEMO_PASSWORD
from antq.accounts.models import Role, RoleAssignment, User
from antq.portal import actions
from antq.portal.models import Article
from antq.units.models import Unit

EDITOR = "bientap.hanoi"


@dataclass(frozen=True)
class DemoArticle:
    unit_key: str
    kind: str
    title: str
    summary: str
    body: str
    publish: bool = True
    comments: tuple[tuple[str, str, bool], ...] = ()  # (name, text, approved)


ARTICLES = (
    DemoArticle(
        "01",
        Article.Kind.NEWS,
        "Hà Nội phát động đợt cao điểm tấn công, trấn áp tội phạm dịp cuối năm",
        "Công an thành phố Hà Nội triển khai đợt cao điểm bảo đảm an ninh, trật tự phục vụ Tết Nguyên đán, "
        "đề nghị người dân tích cực cung cấp thông tin về tội phạm.",
        "Thực hiện kế hoạch của Ban Chỉ đạo phong trào toàn dân bảo vệ an ninh Tổ quốc thành phố, Công an "
        "thành phố Hà Nội phát động đợt cao điểm tấn công, trấn áp các loại tội phạm từ ngày 01/12 đến hết "
        "tháng Giêng.\n\nLực lượng Công an xã, phường tăng cường tuần tra tại các khu dân cư, chợ, bến xe; "
        "phối hợp với tổ bảo vệ an ninh, trật tự ở cơ sở nắm chắc tình hình địa bàn.\n\nNgười dân phát hiện "
        "hành vi vi phạm pháp luật có thể báo ngay cho Công an xã, phường, gọi 113 hoặc gửi tố giác trên "
        "Cổng thông tin này. Danh tính người tố giác được giữ bí mật theo quy định của pháp luật.",
        comments=(
            ("Nguyễn Hoàng", "Rất cần thiết, khu phố tôi đã có tổ tuần tra buổi tối.", True),
            ("", "Mong Công an phường tăng cường kiểm tra khu vực chợ đêm.", False),
        ),
    ),
    DemoArticle(
        "01",
        Article.Kind.ANNOUNCEMENT,
        "Thông báo lịch tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2026",
        "Các xã, phường, khu dân cư của thành phố tổ chức Ngày hội từ tháng 7 đến ngày 19/8/2026.",
        "Ban Chỉ đạo phong trào thành phố thông báo: Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2026 được "
        "tổ chức tại các khu dân cư, xã, phường, cơ quan, doanh nghiệp, nhà trường trong khoảng thời gian "
        "từ tháng 7 đến ngày 19/8/2026.\n\nLịch cụ thể của từng điểm được đăng tại mục “Ngày hội sắp diễn "
        "ra” của Cổng thông tin. Kính mời nhân dân tham dự.",
    ),
    DemoArticle(
        "00004",
        Article.Kind.NEWS,
        "Phường Ba Đình ra mắt mô hình “Camera an ninh khu phố”",
        "Sau ba tháng thí điểm, 12 tổ dân phố của phường Ba Đình đã lắp đặt camera "
        "kết nối với Công an phường.",
        "Ngày 15/10, Công an phường Ba Đình phối hợp Ủy ban Mặt trận Tổ quốc phường ra mắt mô hình “Camera "
        "an ninh khu phố”.\n\nMô hình do nhân dân đóng góp kinh phí, lắp đặt tại các ngõ, ngách và nơi công "
        "cộng; hình ảnh được lưu trữ để phục vụ phòng ngừa, điều tra tội phạm.\n\nTrong thời gian thí điểm, "
        "camera đã giúp làm rõ 3 vụ trộm cắp tài sản và 2 vụ gây rối trật tự công cộng.",
        comments=(("Lê Thu", "Khu phố chúng tôi cũng muốn tham gia mô hình này.", True),),
    ),
    DemoArticle(
        "00004",
        Article.Kind.ANNOUNCEMENT,
        "Cảnh báo thủ đoạn lừa đảo giả danh cán bộ Công an qua điện thoại",
        "Công an phường Ba Đình đề nghị người dân không chuyển tiền theo yêu cầu qua điện thoại.",
        "Thời gian gần đây xuất hiện các cuộc gọi giả danh cán bộ Công an thông báo người dân liên quan vụ "
        "án, yêu cầu chuyển tiền để “xác minh”.\n\nCông an không làm việc qua điện thoại và không yêu cầu "
        "chuyển tiền. Khi nhận được cuộc gọi như vậy, hãy báo ngay cho Công an phường hoặc gọi 113.",
    ),
    DemoArticle(
        "00004",
        Article.Kind.NEWS,
        "Tổng kết phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2026 (bản nháp)",
        "",
        "Bản nháp báo cáo tổng kết, chưa đăng.",
        publish=False,
    ),
)


def ensure_editor() -> User:
    """The demo news editor of Hà Nội (password as the other demo accounts, no TOTP needed)."""
    user, created = User.objects.get_or_create(username=EDITOR, defaults={"full_name": "Vũ Thị Mai"})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    RoleAssignment.objects.update_or_create(
        user=user, role=Role.NEWS_EDITOR, unit=Unit.objects.get(key="01"), defaults={"is_active": True}
    )
    return User.objects.get(pk=user.pk)  # fresh: active_roles is cached on the instance


@transaction.atomic
def seed_portal_demo() -> int:
    """Create the demo editor and articles through the actions; a second run adds nothing."""
    editor = ensure_editor()
    added = 0
    for item in ARTICLES:
        unit = Unit.objects.get(key=item.unit_key)
        if Article.objects.filter(unit=unit, title=item.title).exists():
            continue
        article = actions.create_article(
            unit=unit, by=editor, title=item.title, summary=item.summary, body=item.body, kind=item.kind
        )
        if item.publish:
            actions.publish_article(article, by=editor)
        for name, text, approved in item.comments:
            comment = actions.post_comment(article, name=name, body=text)
            if approved:
                actions.approve_comment(comment, by=editor)
        added += 1
    return added
