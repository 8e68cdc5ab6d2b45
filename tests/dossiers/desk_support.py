"""Helpers of the desk tests: instants in local time and dossiers received through the service.

``receive`` uses, unless told otherwise, a procedure that needs no leader's approval, so that the tests of
the legally fixed transitions (finish, refuse...) need not walk the approval steps; the steps have their own
tests (test_desk_steps.py)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType

from cchc.core.models import ChangeLog, Event
from cchc.core.permissions import system_actor
from cchc.dossiers import services
from cchc.dossiers.models import Dossier
from tests.factories import procedure_with_version

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=VN)  # a past Monday without holidays around it
SYSTEM = system_actor("test")


def at(year, month, day, hour=9, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


def receive(unit, *, days=3, procedure=None, received_at=MONDAY, **kwargs) -> Dossier:
    """A dossier received at ``unit`` by ``actor`` (the system by default) for a procedure of ``days`` working
    days (without approval unless ``requires_approval=True``)."""
    if procedure is None:
        procedure = procedure_with_version(
            processing_days=days,
            fee_vnd=kwargs.pop("version_fee", 20000),
            requires_approval=kwargs.pop("requires_approval", False),
        )
    values = {"channel": "direct", "applicant_name": "Nguyễn Văn An", "applicant_phone": "0912 345 678"}
    values.update(kwargs)
    return services.dossier_receive(
        receiving_unit=unit,
        procedure=procedure,
        received_at=received_at,
        actor=values.pop("actor", SYSTEM),
        **values,
    )


def state(dossier) -> dict:
    """Everything stored about a dossier, its events and its change log (to prove nothing changed)."""
    ct = ContentType.objects.get_for_model(Dossier)
    return {
        "row": Dossier.objects.filter(pk=dossier.pk).values().get(),
        "events": Event.objects.filter(content_type=ct, object_id=str(dossier.pk)).count(),
        "changes": ChangeLog.objects.filter(content_type=ct, object_id=str(dossier.pk)).count(),
        "transfers": dossier.transfers.count(),
        "steps": dossier.steps.count(),
    }


def verbs(dossier) -> list[str]:
    ct = ContentType.objects.get_for_model(Dossier)
    return list(
        Event.objects.filter(content_type=ct, object_id=str(dossier.pk))
        .order_by("at", "id")
        .values_list("verb", flat=True)
    )
