"""Re-key the units of an existing database to the official list (Công văn 1027/CTK-CSCL ngày 25/6/2025 của Cục
Thống kê): codes and names change in place, so dossiers, roles and history follow the unit, not the code."""

from django.db import migrations


def forward(apps, schema_editor):
    from cchc.org.reference import UNITS_FILE
    from cchc.org.rekey import rekey_units

    # The 2025 list by its own name: a later list shipped beside it must not change what this migration did.
    report = rekey_units(apps, actor_label="migrate org.0003", path=UNITS_FILE.with_name("units-2025.csv"))
    if any(report.values()):
        print(
            f"\n  units: {len(report['recoded'])} re-coded, {len(report['renamed'])} renamed, "
            f"{len(report['created'])} created, {len(report['unmatched'])} not in the official list"
        )
        for code, name in report["unmatched"]:
            print(f"  units: {code} {name}: not in the official list, kept and no longer marked official")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_event_content_type_index"),
        ("org", "0002_role_specialist"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop, elidable=False)]
