import csv
import io

import pytest

from cchc.dossiers.exporting import dossiers_for_export, export_rows
from cchc.dossiers.importing import import_dossiers
from cchc.dossiers.interchange import COLUMNS, csv_text
from cchc.dossiers.models import Dossier
from cchc.org.models import Unit

pytestmark = pytest.mark.django_db


def exported(unit_code="68", subtree=True, **kwargs):
    unit = Unit.objects.get(code=unit_code)
    text = csv_text(export_rows(dossiers_for_export(unit=unit, subtree=subtree, **kwargs)))
    return text, list(csv.DictReader(io.StringIO(text)))


def test_export_writes_every_column_in_order_sorted_by_received_then_code(examples_dir):
    import_dossiers(path=examples_dir / "dossiers-example.csv")
    text, rows = exported()
    assert text.splitlines()[0].split(",") == list(COLUMNS)
    assert len(rows) == 20
    assert [r["received_at"] for r in rows] == sorted(r["received_at"] for r in rows)
    ex2 = next(r for r in rows if r["code"] == "EX-002")
    assert ex2["processing_days"] == "0.5" and ex2["channel"] == "online" and ex2["paid_online"] == "1"
    assert ex2["received_at"] == "2025-01-06T16:30:00+07:00" and ex2["due_at"] == "2025-01-07T11:00:00+07:00"
    assert ex2["fee_vnd"] == "2000" and ex2["outcome"] == "approved" and ex2["stopped_at"] == ""
    assert all(r["due_at"] for r in rows)
    ex1 = next(r for r in rows if r["code"] == "EX-001")
    assert ex1["processing_days"] == "0"


def test_export_filters_on_the_local_receipt_date_and_unit(examples_dir):
    from datetime import date

    import_dossiers(path=examples_dir / "dossiers-example.csv")
    _, rows = exported("22960", subtree=False, date_from=date(2025, 3, 5), date_to=date(2025, 3, 8))
    assert [r["code"] for r in rows] == ["EX-020", "EX-014"]  # EX-020 is 02:00Z = 09:00 local on 5/3


def test_importing_an_export_again_changes_nothing(examples_dir, tmp_path):
    import_dossiers(path=examples_dir / "dossiers-example.csv")
    text, _ = exported()
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    before = list(Dossier.objects.order_by("code").values())
    result = import_dossiers(path=path)
    assert (result.updated, result.unchanged) == (0, 20)
    assert list(Dossier.objects.order_by("code").values()) == before
    text_again, _ = exported()
    assert text_again == text
