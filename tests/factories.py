"""factory-boy factories shared by the tests."""

from datetime import date, timedelta

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


class ProcedureFactory(factory.django.DjangoModelFactory):
    """A catalogue entry; its versions come from ProcedureVersionFactory (``procedure_with_version``)."""

    class Meta:
        model = "procedures.Procedure"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"9.{n:06d}")
    name = factory.Sequence(lambda n: f"Thủ tục thử nghiệm {n}")
    field = "Hộ tịch"
    level = "commune"


class ProcedureVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "procedures.ProcedureVersion"

    procedure = factory.SubFactory(ProcedureFactory)
    processing_days = 3


def procedure_with_version(**kwargs):
    """A procedure with one open-ended version; version fields (processing_days, fee_vnd...) go in kwargs."""
    own = {k: kwargs.pop(k) for k in ("code", "name", "field", "level", "requires_approval") if k in kwargs}
    return ProcedureVersionFactory(procedure=ProcedureFactory(**own), **kwargs).procedure


class CalendarEntryFactory(factory.django.DjangoModelFactory):
    """An administrator's calendar entry (a local closure of ``unit`` unless told otherwise)."""

    class Meta:
        model = "workdays.CalendarEntry"

    date = factory.Sequence(lambda n: date(2031, 3, 3) + timedelta(weeks=n % 40))  # Mondays from 3/3/2031
    kind = "local_closure"
    name = factory.Sequence(lambda n: f"Nghỉ thử nghiệm {n}")
    legal_basis = "Công điện thử nghiệm"
    source = "admin"


class UnitOfficeHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workdays.UnitOfficeHours"

    sessions = "07:00-11:00, 13:30-17:30"


def dossier_for(unit, *, code=None, **values):
    """A dossier received by ``unit`` through the model (derived fields computed on save)."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from cchc.dossiers.models import Dossier
    from cchc.procedures.models import Procedure

    received = values.pop("received_at", datetime(2025, 3, 3, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    defaults = {
        "procedure": Procedure.objects.get(code="1.001193"),
        "channel": "direct",
        "received_at": received,
        "due_at": received + timedelta(days=1),
        "field": "Hộ tịch",
        "processing_days": 1,
    }
    defaults.update(values)
    code = code or f"HS-{unit.code}-{Dossier.objects.count() + 1}"
    return Dossier.objects.create(code=code, receiving_unit=unit, **defaults)


class PlanFactory(factory.django.DjangoModelFactory):
    """An annual PAR plan (``cchc.plans``); pass ``unit``."""

    class Meta:
        model = "plans.Plan"
        django_get_or_create = ("unit", "year", "parent")

    year = 2026
    parent = None
    title = factory.Sequence(lambda n: f"Kế hoạch CCHC thử nghiệm {n}")


class TaskFactory(factory.django.DjangoModelFactory):
    """A plan task; its responsible unit defaults to the plan's unit."""

    class Meta:
        model = "plans.Task"
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory, unit=factory.SelfAttribute("..unit"))
    unit = factory.LazyAttribute(lambda o: o.plan.unit)
    title = factory.Sequence(lambda n: f"Nhiệm vụ thử nghiệm {n}")
    area = "1"
    order = factory.Sequence(lambda n: n + 1)
