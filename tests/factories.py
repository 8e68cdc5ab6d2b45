"""factory-boy factories shared by the tests."""

import factory
from django.contrib.auth import get_user_model

from cchc.org.models import Person, Position, PositionAssignment, Role, RoleAssignment, Unit, UnitKind


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"T-{n:04d}")
    name = factory.Sequence(lambda n: f"Phòng thử nghiệm {n}")
    kind = UnitKind.OFFICE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "mật-khẩu-thử-1")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.PAR_OFFICER


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    title = "Công chức"


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    title = factory.Sequence(lambda n: f"Chức danh {n}")
    quota = 1


class PositionAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PositionAssignment

    position = factory.SubFactory(PositionFactory)
    person = factory.SubFactory(PersonFactory)


def user_with_role(unit, role=Role.PAR_OFFICER, **kwargs):
    user = UserFactory(**kwargs)
    RoleAssignmentFactory(user=user, unit=unit, role=role)
    return user
