"""The researched defaults (domain/04-festival.md §3, §5, §6): one rules row and the model programme."""

from django.db import migrations

CEREMONY = [
    ("welcome_performance", "Văn nghệ chào mừng"),
    ("flag_salute", "Chào cờ"),
    ("opening", "Tuyên bố lý do, giới thiệu đại biểu, thông qua chương trình"),
    ("commemorative_speech", "Diễn văn ôn lại truyền thống, đánh giá phong trào"),
    ("experience_exchange", "Thảo luận, trao đổi kinh nghiệm xây dựng phong trào"),
    ("commendations", "Công bố quyết định, trao khen thưởng"),
    ("guest_speech_gifts", "Đại biểu cấp trên phát biểu, tặng quà"),
    ("response_speech", "Đại diện đơn vị tổ chức phát biểu tiếp thu"),
    ("signing", "Ký kết giao ước, cam kết phối hợp bảo đảm ANTT"),
]
FESTIVITY = [
    ("performances", "Văn nghệ"),
    ("sports", "Thi đấu thể thao"),
    ("folk_games", "Trò chơi dân gian"),
    ("law_quiz", "Thi tìm hiểu pháp luật"),
    ("exhibition", "Triển lãm, trưng bày"),
    ("weapons_collection", "Tiếp nhận vũ khí, vật liệu nổ, công cụ hỗ trợ"),
]


def seed(apps, schema_editor):
    RuleSet = apps.get_model("festival", "RuleSet")
    ProgrammeItem = apps.get_model("festival", "ProgrammeItem")
    if not RuleSet.objects.exists():
        RuleSet.objects.create()
    for part, items in (("ceremony", CEREMONY), ("festivity", FESTIVITY)):
        for position, (code, name) in enumerate(items, start=1):
            ProgrammeItem.objects.update_or_create(code=code, defaults={"part": part, "name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("festival", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
