"""Seed the package calendar (holidays.VN, 2015-2035) with the schema, so that every database that has the
calendar table also has the public holidays, whether or not ``cchc setup`` ran. ``cchc setup`` re-syncs it."""

import uuid

from django.db import migrations

YEARS = range(2015, 2036)


def seed(apps, schema_editor):
    from cchc.workdays.package import package_legal_basis, package_rows

    CalendarEntry = apps.get_model("workdays", "CalendarEntry")
    CalendarVersion = apps.get_model("workdays", "CalendarVersion")
    existing = set(CalendarEntry.objects.filter(source="package").values_list("date", flat=True))
    basis = package_legal_basis()
    CalendarEntry.objects.bulk_create(
        [
            CalendarEntry(date=day, kind=kind, name=name, legal_basis=basis, source="package")
            for day, (kind, name) in package_rows(YEARS).items()
            if day not in existing
        ],
        batch_size=500,
    )
    CalendarVersion.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
