"""State changes of the map: loading the official units, re-organisations, participants."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.core.text import fold
from antq.units.models import Organisation, ResidentialArea, Unit, UnitSuccession
from antq.units.national_map import LEGACY_END, REFORM_DATE, SOURCE, read_national_map


@dataclass
class LoadStats:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    links_created: int = 0


LEVEL_ORDER = ("national", "province", "district", "commune")


@transaction.atomic
def load_national_units(*, by: Any = None) -> LoadStats:
    """Create or update every official unit and 2025 succession link; running it again changes nothing."""
    national_map = read_national_map()
    stats = LoadStats()
    existing = {u.key: u for u in Unit.objects.all()}
    to_update: list[Unit] = []
    # Parents-first, one bulk insert per level: a few statements for 14,000 units.
    for level in LEVEL_ORDER:
        to_create: list[Unit] = []
        for row in (r for r in national_map.units if r.level == level):
            unit = existing.get(row.key)
            if unit is None:
                parent = existing[row.parent_key] if row.parent_key else None
                unit = Unit(
                    key=row.key,
                    code=row.code,
                    name=row.name,
                    name_folded=fold(row.name),
                    level=row.level,
                    kind=row.kind,
                    parent=parent,
                    is_legacy=row.legacy,
                    valid_from=None if row.legacy else REFORM_DATE,
                    valid_to=LEGACY_END if row.legacy else None,
                    path=Unit.build_path(parent, row.code, legacy=row.legacy),
                )
                existing[row.key] = unit
                to_create.append(unit)
            elif unit.name != row.name or unit.kind != row.kind:
                unit.name, unit.name_folded, unit.kind = row.name, fold(row.name), row.kind
                to_update.append(unit)
            else:
                stats.unchanged += 1
        Unit.objects.bulk_create(to_create, batch_size=2000)
        stats.created += len(to_create)
    Unit.objects.bulk_update(to_update, ["name", "name_folded", "kind"], batch_size=1000)
    stats.updated = len(to_update)

    ids = {key: unit.pk for key, unit in existing.items()}
    have = set(UnitSuccession.objects.values_list("predecessor_id", "successor_id"))
    new_links = []
    for old_key, new_key, partial in national_map.links:
        old_id, new_id = ids.get(old_key), ids.get(new_key)
        if old_id is None or new_id is None or (old_id, new_id) in have:
            continue
        have.add((old_id, new_id))
        new_links.append(
            UnitSuccession(
                predecessor_id=old_id,
                successor_id=new_id,
                effective_date=REFORM_DATE,
                partial=partial,
                source=SOURCE,
            )
        )
    UnitSuccession.objects.bulk_create(new_links, batch_size=2000)
    stats.links_created = len(new_links)
    if stats.created or stats.updated or stats.links_created:
        log_action(None, "units.national_map.loaded", actor=by, data=stats.__dict__)
    return stats


def _conflicting_names(
    model: type[ResidentialArea] | type[Organisation], moving: Any, target: Unit
) -> list[str]:
    taken = set(model.objects.current().filter(commune=target).values_list("name_folded", flat=True))
    return sorted({obj.name for obj in moving if obj.name_folded in taken})


@transaction.atomic
def merge_units(
    predecessors: list[Unit], successor: Unit, *, effective: dt.date, by: Any = None, source: str = ""
) -> Unit:
    """Retire `predecessors` the day before `effective`, hand their territory and participants to `successor`.

    Communes pass on their residential areas and organisations; provinces pass on their communes
    (paths of the whole subtree are rewritten in one UPDATE per predecessor).
    """
    from django.db.models import F, Value
    from django.db.models.functions import Concat, Length, Substr

    successor = Unit.objects.select_for_update().get(pk=successor.pk)
    if not successor.is_current or successor.is_legacy:
        raise DomainError(_("Đơn vị kế thừa phải là đơn vị đang hiệu lực."))
    if not predecessors:
        raise DomainError(_("Cần chọn ít nhất một đơn vị bị sắp xếp."))
    for unit in predecessors:
        if unit.pk == successor.pk:
            raise DomainError(_("Đơn vị kế thừa không thể đồng thời là đơn vị bị sắp xếp."))
        if not unit.is_current or unit.level != successor.level:
            raise DomainError(
                _("“%(name)s” không cùng cấp với đơn vị kế thừa hoặc đã hết hiệu lực.") % {"name": unit.name}
            )
        if successor.valid_from and effective <= successor.valid_from:
            raise DomainError(_("Ngày hiệu lực phải sau ngày đơn vị kế thừa được thành lập."))
    retired_on = effective - dt.timedelta(days=1)
    moved = {"residential_areas": 0, "organisations": 0, "communes": 0}
    for unit in predecessors:
        if unit.level == Unit.Level.COMMUNE:
            areas = ResidentialArea.objects.current().filter(commune=unit)
            orgs = Organisation.objects.current().filter(commune=unit)
            clashes = _conflicting_names(ResidentialArea, areas, successor) + _conflicting_names(
                Organisation, orgs, successor
            )
            if clashes:
                raise DomainError(
                    _("Trùng tên tại đơn vị kế thừa, cần đổi tên trước khi sắp xếp: %(names)s")
                    % {"names": ", ".join(clashes)}
                )
            moved["residential_areas"] += areas.update(commune=successor)
            moved["organisations"] += orgs.update(commune=successor)
        elif unit.level == Unit.Level.PROVINCE:
            old_prefix = unit.path
            subtree = Unit.objects.filter(path__startswith=old_prefix).exclude(pk=unit.pk)
            moved["communes"] += Unit.objects.filter(parent=unit).update(parent=successor)
            subtree.update(
                path=Concat(Value(successor.path), Substr(F("path"), Length(Value(old_prefix)) + 1))
            )
        else:
            raise DomainError(_("Chỉ sắp xếp được đơn vị cấp tỉnh hoặc cấp xã."))
        unit.valid_to = retired_on
        unit._change_reason = "merge_units"  # type: ignore[attr-defined]
        unit.save(update_fields=["valid_to"])
        UnitSuccession.objects.get_or_create(
            predecessor=unit,
            successor=successor,
            defaults={"effective_date": effective, "partial": False, "source": source[:255]},
        )
    log_action(
        successor,
        "units.unit.merged",
        actor=by,
        data={"predecessors": [u.key for u in predecessors], "effective": effective.isoformat(), **moved},
    )
    return successor


@transaction.atomic
def add_participants(
    commune: Unit,
    *,
    residential_areas: list[dict[str, Any]],
    organisations: list[dict[str, Any]],
    by: Any,
    source: str = "",
) -> tuple[int, int]:
    """Create residential areas and organisations of `commune` in one transaction (all or nothing)."""
    if commune.level != Unit.Level.COMMUNE or not commune.is_current:
        raise DomainError(_("Chỉ thêm được khu dân cư, tổ chức cho xã, phường, đặc khu đang hiệu lực."))
    areas = [
        ResidentialArea(commune=commune, name_folded=fold(row["name"]), **row) for row in residential_areas
    ]
    orgs = [Organisation(commune=commune, name_folded=fold(row["name"]), **row) for row in organisations]
    ResidentialArea.objects.bulk_create(areas, batch_size=1000)
    Organisation.objects.bulk_create(orgs, batch_size=1000)
    log_action(
        commune,
        "units.participants.imported",
        actor=by,
        data={"residential_areas": len(areas), "organisations": len(orgs), "source": source},
    )
    return len(areas), len(orgs)


@transaction.atomic
def save_residential_area(area: ResidentialArea, *, by: Any) -> ResidentialArea:
    """Create or change one residential area; the history keeps every earlier version."""
    created = area.pk is None
    if (
        ResidentialArea.objects.current()
        .filter(commune=area.commune, name_folded=fold(area.name))
        .exclude(pk=area.pk)
        .exists()
    ):
        raise DomainError(_("Xã đã có khu dân cư tên “%(name)s”.") % {"name": area.name})
    area.save()
    log_action(
        area, "units.residential_area.created" if created else "units.residential_area.updated", actor=by
    )
    return area


@transaction.atomic
def save_organisation(org: Organisation, *, by: Any) -> Organisation:
    """Create or change one organisation; the history keeps every earlier version."""
    created = org.pk is None
    if (
        Organisation.objects.current()
        .filter(commune=org.commune, kind=org.kind, name_folded=fold(org.name))
        .exclude(pk=org.pk)
        .exists()
    ):
        raise DomainError(_("Xã đã có tổ chức tên “%(name)s”.") % {"name": org.name})
    org.save()
    log_action(org, "units.organisation.created" if created else "units.organisation.updated", actor=by)
    return org
