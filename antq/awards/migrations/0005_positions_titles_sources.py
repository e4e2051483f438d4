"""Data for the leaders' medal rule, the certificate titles and the new source kinds.

Qualifying positions (TT 20/2025/TT-BCA, domain 05 §5.2: leaders of Party committees, governments,
mass and socio-political organisations from commune level up, of public schools with legal
personality, of enterprises; positions from department/board level upward). The sources read so far
summarise the circular, so every row is flagged needs_verification: the national administrator edits
the list in the admin. Old source codes ("cycle", "ranking", ...) become "<app>.<record>".
"""

from django.db import migrations

BASIS = "Thông tư 20/2025/TT-BCA (đối tượng là cán bộ lãnh đạo)"
POSITIONS = [
    ("party_committee", "Bí thư, Phó Bí thư cấp ủy từ cấp xã trở lên"),
    ("peoples_committee", "Chủ tịch, Phó Chủ tịch Ủy ban nhân dân từ cấp xã trở lên"),
    ("peoples_council", "Chủ tịch, Phó Chủ tịch Hội đồng nhân dân từ cấp xã trở lên"),
    ("front_mass_org", "Chủ tịch, Phó Chủ tịch Ủy ban MTTQ, người đứng đầu, cấp phó tổ chức chính trị - xã hội từ cấp xã trở lên"),
    ("department_head", "Trưởng, Phó phòng, ban và tương đương trở lên"),
    ("school_head", "Hiệu trưởng, Phó Hiệu trưởng cơ sở giáo dục công lập có tư cách pháp nhân"),
    ("enterprise_head", "Người đứng đầu, cấp phó doanh nghiệp, tập đoàn kinh tế, tổng công ty nhà nước"),
]
TITLES = {
    "certificate_of_merit": "GIẤY KHEN",
    "provincial_certificate_of_merit": "BẰNG KHEN",
    "mps_certificate_of_merit": "BẰNG KHEN",
}
SOURCES = {
    "cycle": "assessments.decision",
    "ranking": "forces.ranking",
    "example": "practices.example",
    "festival": "festival.event",
}


def load(apps, schema_editor):
    QualifyingPosition = apps.get_model("awards", "QualifyingPosition")
    AwardForm = apps.get_model("awards", "AwardForm")
    Proposal = apps.get_model("awards", "Proposal")
    for code, name in POSITIONS:
        QualifyingPosition.objects.update_or_create(
            code=code, defaults={"name": name, "legal_basis": BASIS, "needs_verification": True}
        )
    for code, title in TITLES.items():
        AwardForm.objects.filter(code=code, certificate_title="").update(certificate_title=title)
    for old, new in SOURCES.items():
        Proposal.objects.filter(source_type=old).update(source_type=new)


def unload(apps, schema_editor):
    Proposal = apps.get_model("awards", "Proposal")
    for old, new in SOURCES.items():
        Proposal.objects.filter(source_type=new).update(source_type=old)


class Migration(migrations.Migration):
    dependencies = [("awards", "0004_leaders_sources_certificates")]
    operations = [migrations.RunPython(load, unload)]
