"""Default categories and the first personal-data notice; both editable in the back office."""

import datetime

from django.db import migrations

CATEGORIES = [
    ("ma-tuy", "Ma túy", False),
    ("trom-cuop", "Trộm cắp, cướp giật tài sản", False),
    ("lua-dao", "Lừa đảo, chiếm đoạt tài sản (kể cả trên mạng)", False),
    ("co-bac", "Cờ bạc, cá độ, tín dụng đen", False),
    ("bao-luc", "Cố ý gây thương tích, gây rối, bạo lực", False),
    ("vu-khi", "Vũ khí, vật liệu nổ, pháo", False),
    ("mua-ban-nguoi", "Mua bán người", False),
    ("moi-truong", "Môi trường, an toàn thực phẩm", False),
    ("khac", "Tội phạm khác", False),
    ("an-ninh-trat-tu", "An ninh, trật tự ở địa bàn", True),
    ("giao-thong", "Trật tự an toàn giao thông", True),
    ("tieng-on", "Tiếng ồn, tụ tập gây mất trật tự", True),
    ("thai-do-can-bo", "Thái độ, tác phong của cán bộ", True),
    ("phan-anh-khac", "Phản ánh, kiến nghị khác", True),
]

NOTICE = {
    "version": "2026-01",
    "purpose": (
        "Tiếp nhận, phân loại, kiểm tra, xác minh và giải quyết tố giác, tin báo về tội phạm, phản ánh, "
        "kiến nghị; liên hệ lại với bạn khi cần và thông báo kết quả; bảo vệ bạn khi có đề nghị."
    ),
    "data_types": (
        "Dữ liệu cá nhân cơ bản bạn tự cung cấp: họ và tên, số điện thoại, thư điện tử, địa chỉ liên hệ, "
        "số định danh cá nhân. Dữ liệu này được mã hóa và lưu riêng, không gắn với địa chỉ mạng hay thiết bị."
    ),
    "controller": (
        "Bộ Công an (Cục Xây dựng phong trào bảo vệ an ninh Tổ quốc) và Công an xã, phường, đặc khu, "
        "Công an tỉnh, thành phố tiếp nhận tin của bạn."
    ),
    "rights": (
        "Theo Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15: được biết, đồng ý hoặc không đồng ý, rút lại sự "
        "đồng ý, xem, chỉnh sửa, yêu cầu xóa dữ liệu; đề nghị giữ bí mật và bảo vệ theo Bộ luật Tố tụng hình "
        "sự. Nghĩa vụ: cung cấp thông tin trung thực; người cố ý tố giác sai sự thật phải chịu trách nhiệm "
        "theo pháp luật."
    ),
    "published_on": datetime.date(2026, 1, 1),
    "is_current": True,
}


def forwards(apps, schema_editor):
    TipCategory = apps.get_model("tips", "TipCategory")
    ConsentNotice = apps.get_model("tips", "ConsentNotice")
    for order, (code, name, for_feedback) in enumerate(CATEGORIES):
        TipCategory.objects.get_or_create(
            code=code, defaults={"name": name, "for_feedback": for_feedback, "order": order}
        )
    ConsentNotice.objects.get_or_create(version=NOTICE["version"], defaults=NOTICE)


class Migration(migrations.Migration):
    dependencies = [("tips", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
