"""Shared test fixtures: the national map loaded once per database, and the named personas.

Personas (ARCHITECTURE.md): national_admin, province_a_officer (Hà Nội), commune_a1_officer
(Phường Ba Đình, Hà Nội), commune_b1_officer (a commune of Hồ Chí Minh City), anonymous.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from antq.testing.factories import (
    OrganisationFactory,
    ResidentialAreaFactory,
    totp_device,
    user_with_role,
)

PROVINCE_A = "01"  # Thành phố Hà Nội
COMMUNE_A1 = "00004"  # Phường Ba Đình
COMMUNE_A2 = "00008"  # Phường Ngọc Hà
PROVINCE_B = "79"  # Thành phố Hồ Chí Minh
COMMUNE_B1 = "26740"  # Phường Sài Gòn


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs collectstatic; tests read static files through the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Personas are created per test; a deliberately slow hasher would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_tip_reference_rows():
    # The public intake keeps categories and communes in the process (antq/tips/reference.py); a test's
    # rows are rolled back without a signal, so each test starts without the previous test's copies.
    from antq.tips import reference

    reference.clear()


# The rows the data migrations wrote (award forms, festival programme items, tip categories, criteria
# sets, …), taken once right after the test database is migrated. A transactional test (live server,
# browser) ends by flushing every table; the teardown below writes these rows back, so a test that runs
# after it in the same worker still finds the reference data the migrations promise.
_REFERENCE_DATA: list[str] = []
_NOT_REFERENCE_APPS = {"contenttypes", "auth", "sessions", "admin", "units"}


def _snapshot_reference_data() -> str:
    from django.apps import apps
    from django.core import serializers

    rows: list[Any] = []
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in _NOT_REFERENCE_APPS or meta.proxy or not meta.managed:
            continue
        rows.extend(model._default_manager.all())
    return serializers.serialize("json", rows)


def _restore_reference_data() -> None:
    from django.core import serializers
    from django.db import connection, transaction

    if not _REFERENCE_DATA:
        return
    with transaction.atomic(), connection.constraint_checks_disabled():
        for row in serializers.deserialize("json", _REFERENCE_DATA[0]):
            row.save()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connections

    from antq.units.actions import load_national_units

    # The live server answers in threads of its own; persistent connections would outlive them and
    # keep PostgreSQL from dropping the test database at the end of the session.
    for alias in connections:
        connections.settings[alias]["CONN_MAX_AGE"] = 0
    with django_db_blocker.unblock():
        _REFERENCE_DATA.append(_snapshot_reference_data())
        load_national_units()
    yield
    # The session-scoped live server may still hold a connection when pytest-django drops the test
    # database; on PostgreSQL end those sessions first so the drop cannot fail.
    with django_db_blocker.unblock():
        connection = connections["default"]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


def login(client: Client, user) -> Client:
    """Log `user` in, with a verified TOTP device when their role requires one."""
    client.force_login(user)
    if user.needs_otp:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
        session.save()
    return client


@pytest.fixture
def national_admin(db):
    return user_with_role("national_admin", "national_admin", "VN")


@pytest.fixture
def province_a_officer(db):
    return user_with_role("province_a_officer", "province_officer", PROVINCE_A)


@pytest.fixture
def commune_a1_officer(db):
    return user_with_role("commune_a1_officer", "commune_officer", COMMUNE_A1)


@pytest.fixture
def commune_b1_officer(db):
    return user_with_role("commune_b1_officer", "commune_officer", COMMUNE_B1)


@pytest.fixture
def steering_a1_member(db):
    return user_with_role("steering_a1_member", "steering_member", COMMUNE_A1)


@pytest.fixture
def tip_handler_a1(db):
    """A tip handler of Phường Ba Đình's police: the only persona who may reveal an informant (issue 7)."""
    return user_with_role("tip_handler_a1", "tip_handler", COMMUNE_A1)


@pytest.fixture
def personas(national_admin, province_a_officer, commune_a1_officer, commune_b1_officer, steering_a1_member):
    return {
        "national_admin": national_admin,
        "province_a_officer": province_a_officer,
        "commune_a1_officer": commune_a1_officer,
        "commune_b1_officer": commune_b1_officer,
        "steering_a1_member": steering_a1_member,
        "anonymous": None,
    }


@pytest.fixture
def client_for():
    """client_for(user) -> a logged-in Client (anonymous for None)."""

    def make(user) -> Client:
        client = Client()
        return login(client, user) if user is not None else client

    return make


@pytest.fixture
def sample_participants(db):
    """Two residential areas and one school in A1, one area in A2 and one in B1."""
    from antq.units.models import Unit

    a1 = Unit.objects.get(key=COMMUNE_A1)
    a2 = Unit.objects.get(key=COMMUNE_A2)
    b1 = Unit.objects.get(key=COMMUNE_B1)
    return {
        "a1_areas": [
            ResidentialAreaFactory(commune=a1, name="Tổ dân phố số 1"),
            ResidentialAreaFactory(commune=a1, name="Tổ dân phố số 2"),
        ],
        "a1_school": OrganisationFactory(commune=a1, name="Trường THCS Phan Chu Trinh"),
        "a2_area": ResidentialAreaFactory(commune=a2, name="Tổ dân phố Ngọc Hà 1"),
        "b1_area": ResidentialAreaFactory(commune=b1, name="Khu phố Bến Thành 1"),
    }


def pytest_configure(config: pytest.Config) -> None:
    # xdist registers this marker itself; --strict-markers would reject it under -p no:xdist.
    config.addinivalue_line("markers", "xdist_group(name): run these tests in one xdist worker")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Playwright drives Debian's Chromium: browser downloads are not possible here."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker and marker.kwargs.get("transaction"))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    # A transactional test (live server, browser) ends by flushing every table, the national map
    # included; load it again so the tests that run after it in this process still find it. After
    # the last test the session teardown has already destroyed the test database: leave it be.
    result = yield
    if nextitem is not None and _is_transactional(item):
        from pytest_django.plugin import blocking_manager_key

        from antq.units.actions import load_national_units

        with item.config.stash[blocking_manager_key].unblock():
            _restore_reference_data()
            load_national_units()
    return result
