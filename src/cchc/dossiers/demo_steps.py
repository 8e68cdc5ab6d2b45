"""Demo of the separation of duties (docs/dossiers.md): a specialist of Phường Phan Thiết and a few dossiers
received today and carried through the services by the demo's own users, so that the desk shows a dossier
waiting for a specialist, one waiting for the leader's approval, one sent back and one approved with its
result ready for the desk to return."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cchc.dossiers import services
from cchc.org.models import Role, Unit

SPECIALIST = ("thuly.phanthiet", "Huỳnh Văn Phúc")
DESK, LEADER = "motcua.phanthiet", "chutich.phanthiet"
WARD = "22945"
#: (applicant, how far the dossier goes)
DOSSIERS = [
    ("Lê Thị Ngọc Anh", "assigned"),
    ("Phan Văn Quang", "proposed"),
    ("Võ Thị Thu Trang", "sent_back"),
    ("Đỗ Minh Khang", "approved"),
    ("Bùi Thị Hồng Nhung", "finished"),
]


def _procedure():
    from cchc.dossiers.demo import _catalogue

    catalogue = [p for p, _version, _weight in _catalogue() if p.requires_approval]
    return catalogue[0] if catalogue else None


@transaction.atomic
def load_demo_steps() -> list[tuple[str, str, str, str]]:
    """Create the specialist and the dossiers once (when the demo organisation is there); returns the
    specialist's login as (username, password, role, unit) for printing."""
    from cchc.org.demo import DEMO_PASSWORD
    from cchc.org.services import role_grant

    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=[DESK, LEADER, SPECIALIST[0]])}
    unit = Unit.objects.filter(code=WARD).first()
    procedure = _procedure()
    if unit is None or DESK not in users or LEADER not in users or procedure is None:
        return []
    specialist = users.get(SPECIALIST[0])
    if specialist is None:
        last, _, first = SPECIALIST[1].rpartition(" ")
        specialist = User.objects.create_user(
            username=SPECIALIST[0], password=DEMO_PASSWORD, first_name=first, last_name=last
        )
        role_grant(user=specialist, unit=unit, role=Role.SPECIALIST)
        _carry(unit, procedure, users[DESK], specialist, users[LEADER])
    return [(specialist.username, DEMO_PASSWORD, Role(Role.SPECIALIST).label, unit.name)]


def _carry(unit, procedure, desk, specialist, leader) -> None:
    """Receive each demo dossier and take it as far as its line says, each step by its own user."""
    received = timezone.now().replace(microsecond=0) - timedelta(hours=len(DOSSIERS) + 1)
    for offset, (applicant, stage) in enumerate(DOSSIERS):
        d = services.dossier_receive(
            receiving_unit=unit,
            procedure=procedure,
            channel="direct",
            received_at=received + timedelta(hours=offset),
            applicant_name=applicant,
            actor=desk,
        )
        d = services.dossier_assign(dossier=d, specialist=specialist, actor=desk)
        if stage == "assigned":
            continue
        d = services.dossier_propose(
            dossier=d, outcome="approved", note="Hồ sơ đủ điều kiện.", actor=specialist
        )
        if stage == "sent_back":
            services.dossier_approve(
                dossier=d, approve=False, note="Bổ sung ý kiến xác minh của tổ dân phố.", actor=leader
            )
        elif stage in ("approved", "finished"):
            d = services.dossier_approve(dossier=d, approve=True, actor=leader)
            if stage == "finished":
                services.dossier_finish(dossier=d, actor=specialist)
