"""Keep one Subject row per participant: the commune itself, its residential areas and organisations."""

from __future__ import annotations

from django.db import transaction

from antq.assessments import tallies
from antq.assessments.models import ManagingLevel, Subject, SubjectType
from antq.units.models import Organisation, ResidentialArea, Unit

ORG_SUBJECT_TYPE = {
    Organisation.Kind.AGENCY: SubjectType.AGENCY,
    Organisation.Kind.ENTERPRISE: SubjectType.ENTERPRISE,
    Organisation.Kind.SCHOOL: SubjectType.SCHOOL,
}


@transaction.atomic  # the new subjects and their count in the overview tallies, together
def sync_subjects(communes: list[Unit]) -> int:
    """Create the missing subjects of `communes` in bulk (names refreshed); returns how many were created."""
    ids = [c.pk for c in communes]
    have_units = set(Subject.objects.filter(unit_id__in=ids).values_list("unit_id", flat=True))
    have_areas = set(
        Subject.objects.filter(residential_area__commune_id__in=ids).values_list(
            "residential_area_id", flat=True
        )
    )
    have_orgs = set(
        Subject.objects.filter(organisation__commune_id__in=ids).values_list("organisation_id", flat=True)
    )
    new: list[Subject] = []
    for commune in communes:
        if commune.pk not in have_units:
            new.append(
                Subject(
                    subject_type=SubjectType.COMMUNE,
                    commune=commune,
                    unit=commune,
                    managing_level=ManagingLevel.PROVINCE,
                    name=commune.name,
                )
            )
    for area in ResidentialArea.objects.current().filter(commune_id__in=ids).exclude(pk__in=have_areas):
        new.append(
            Subject(
                subject_type=SubjectType.RESIDENTIAL_AREA,
                commune_id=area.commune_id,
                residential_area=area,
                managing_level=ManagingLevel.COMMUNE,
                name=area.name,
            )
        )
    for org in Organisation.objects.current().filter(commune_id__in=ids).exclude(pk__in=have_orgs):
        new.append(
            Subject(
                subject_type=ORG_SUBJECT_TYPE[Organisation.Kind(org.kind)],
                commune_id=org.commune_id,
                organisation=org,
                managing_level=org.managing_level,
                name=org.name,
            )
        )
    Subject.objects.bulk_create(new, batch_size=5000)
    if new:
        tallies.refresh_subject_tallies({s.commune_id for s in new})
    return len(new)
