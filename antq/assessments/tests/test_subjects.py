import pytest

from antq.assessments.models import Subject
from antq.assessments.subjects import sync_subjects
from antq.units.models import Unit

pytestmark = pytest.mark.django_db


def test_sync_creates_one_subject_per_participant_once(sample_participants, personas):
    a1 = Unit.objects.get(key="00004")
    assert sync_subjects([a1]) == 4  # the commune, two areas, one school
    assert sync_subjects([a1]) == 0
    types = sorted(Subject.objects.filter(commune=a1).values_list("subject_type", flat=True))
    assert types == ["commune", "residential_area", "residential_area", "school"]
    assert Subject.objects.visible_to(personas["commune_b1_officer"]).count() == 0
    assert Subject.objects.visible_to(personas["province_a_officer"]).count() == 4
