import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the national unit list once per session; each test then runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        from cchc.org.services import load_official_units

        load_official_units()


@pytest.fixture
def province(db):
    from cchc.org.models import Unit

    return Unit.objects.get(code="68")


@pytest.fixture
def ward_a(db):
    from cchc.org.models import Unit

    return Unit.objects.get(code="22945")  # Phường Phan Thiết


@pytest.fixture
def ward_b(db):
    from cchc.org.models import Unit

    return Unit.objects.get(code="22933")  # Phường Hàm Thắng
