"""Award forms of the movement and the money the regulations attach (domain 05 §3, §3.1).

Amounts not confirmed in the sources are stored empty with needs_verification: the national
administrator fills them in the admin.
"""

import datetime as dt

from django.db import migrations

FORMS = [
    # code, name, level, rank, collectives, individuals, once per person, basis, needs verification
    ("certificate_of_merit", "Giấy khen của Chủ tịch UBND cấp xã", "commune", 10, True, True, False,
     "Luật Thi đua, khen thưởng 2022, Điều 80 khoản 3", False),
    ("provincial_certificate_of_merit", "Bằng khen của Chủ tịch UBND cấp tỉnh", "province", 20, True, True,
     False, "Luật Thi đua, khen thưởng 2022", False),
    ("mps_certificate_of_merit", "Bằng khen của Bộ trưởng Bộ Công an", "national", 30, True, True, False,
     "Thông tư 142/2020/TT-BCA", True),
    ("mps_emulation_flag", "Cờ thi đua của Bộ Công an", "national", 40, True, False, False,
     "Thông tư 22/2025/TT-BCA", False),
    ("commemorative_medal_antq", "Kỷ niệm chương “Bảo vệ an ninh Tổ quốc”", "national", 35, False, True, True,
     "Thông tư 20/2025/TT-BCA", True),
]


def load(apps, schema_editor):
    AwardForm = apps.get_model("awards", "AwardForm")
    AwardAmount = apps.get_model("awards", "AwardAmount")
    for code, name, level, rank, coll, ind, once, basis, verify in FORMS:
        form, _ = AwardForm.objects.update_or_create(
            code=code,
            defaults={
                "name": name, "level": level, "rank": rank, "for_collectives": coll, "for_individuals": ind,
                "once_per_person": once, "legal_basis": basis, "needs_verification": verify,
            },
        )
        for recipient, allowed in (("collective", coll), ("individual", ind)):
            if allowed and not form.amounts.filter(recipient=recipient).exists():
                # NĐ 98/2023 fixes multiples for titles; for these forms the sources read so far do not.
                AwardAmount.objects.create(
                    form=form, recipient=recipient, base_salary_multiple=None, amount_vnd=None,
                    valid_from=dt.date(2024, 1, 1), source="Nghị định 98/2023/NĐ-CP (mức chưa xác minh)",
                    needs_verification=True,
                )


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
