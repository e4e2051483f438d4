"""Units API: the map and the participants of a commune, read through visible_to(user)."""

from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import field_validator

from antq.accounts.api import ERROR_RESPONSES, api_user
from antq.core.text import MAX_SEARCH_LENGTH, has_nul
from antq.units.models import Organisation, ResidentialArea, Unit

router = Router()

ERRORS = ERROR_RESPONSES


def _no_nul(value: Any) -> Any:
    # PostgreSQL refuses NUL bytes in text: answer 422 before the value reaches a query.
    if isinstance(value, str) and has_nul(value):
        raise ValueError(_("Không được chứa ký tự NUL."))
    return value


class UnitOut(Schema):
    code: str = Field(..., alias="key")
    official_code: str = Field(..., alias="code")
    name: str
    level: str
    kind: str
    parent_code: str | None = None
    is_legacy: bool
    valid_from: str | None = None
    valid_to: str | None = None

    @staticmethod
    def resolve_parent_code(obj: Unit) -> str | None:
        return obj.parent.key if obj.parent_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_valid_from(obj: Unit) -> str | None:
        return obj.valid_from.strftime("%d/%m/%Y") if obj.valid_from else None

    @staticmethod
    def resolve_valid_to(obj: Unit) -> str | None:
        return obj.valid_to.strftime("%d/%m/%Y") if obj.valid_to else None


class UnitFilter(Schema):
    level: Unit.Level | None = None
    parent: Annotated[str | None, Field(max_length=20)] = None
    q: Annotated[str | None, Field(max_length=MAX_SEARCH_LENGTH)] = None
    legacy: bool = False

    _nul = field_validator("level", "parent", "q", mode="before")(_no_nul)


class ResidentialAreaOut(Schema):
    id: int
    name: str
    kind: str
    household_count: int | None


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    managing_level: str
    tax_code: str
    address: str


@router.get("/", response={200: list[UnitOut], **ERRORS}, summary="Danh sách đơn vị")
@paginate(LimitOffsetPagination)
def list_units(request: HttpRequest, filters: Query[UnitFilter]) -> QuerySet[Unit]:
    units = (
        Unit.objects.visible_to(api_user(request)).select_related("parent").filter(is_legacy=filters.legacy)
    )
    if not filters.legacy:
        units = units.current()
    if filters.level:
        units = units.filter(level=filters.level)
    if filters.parent:
        units = units.filter(parent__key=filters.parent)
    if filters.q:
        units = units.search(filters.q)
    return units.order_by("path")


def _visible_unit(request: HttpRequest, code: str) -> Unit:
    if len(code) > 20 or has_nul(code):
        raise Http404
    return get_object_or_404(Unit.objects.visible_to(api_user(request)).select_related("parent"), key=code)


@router.get("/{code}", response={200: UnitOut, **ERRORS}, summary="Một đơn vị")
def get_unit(request: HttpRequest, code: str) -> Unit:
    return _visible_unit(request, code)


@router.get(
    "/{code}/residential-areas",
    response={200: list[ResidentialAreaOut], **ERRORS},
    summary="Khu dân cư của xã",
)
@paginate(LimitOffsetPagination)
def list_residential_areas(request: HttpRequest, code: str) -> QuerySet[ResidentialArea]:
    commune = _visible_unit(request, code)
    return (
        ResidentialArea.objects.visible_to(api_user(request))
        .current()
        .filter(commune=commune)
        .order_by("name")
    )


@router.get(
    "/{code}/organisations",
    response={200: list[OrganisationOut], **ERRORS},
    summary="Cơ quan, doanh nghiệp, trường",
)
@paginate(LimitOffsetPagination)
def list_organisations(request: HttpRequest, code: str) -> QuerySet[Organisation]:
    commune = _visible_unit(request, code)
    return (
        Organisation.objects.visible_to(api_user(request)).current().filter(commune=commune).order_by("name")
    )
