"""Factories for tests: users with roles, residential areas, organisations."""

from typing import cast

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from antq.accounts.models import RoleAssignment, User
from antq.units.models import Organisation, ResidentialArea, Unit

TEST_PASSWORD = "Mat-khau-thu-nghiem-2026"  # noqa: S105 (test personas only)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"canbo{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


def user_with_role(username: str, role: str, unit_key: str) -> User:
    user = cast(User, UserFactory(username=username))
    RoleAssignment.objects.create(user=user, role=role, unit=Unit.objects.get(key=unit_key))
    return user


def totp_device(user: User) -> TOTPDevice:
    device, _ = TOTPDevice.objects.get_or_create(user=user, defaults={"name": "test", "confirmed": True})
    return device


class ResidentialAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResidentialArea

    name = factory.Sequence(lambda n: f"Tổ dân phố số {n}")
    kind = ResidentialArea.Kind.TO_DAN_PHO
    household_count = 120


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Trường THCS Đoàn Kết {n}")
    kind = Organisation.Kind.SCHOOL
