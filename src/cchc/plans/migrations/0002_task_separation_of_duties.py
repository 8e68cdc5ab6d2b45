"""Separation of duties on tasks: the unit that assigned a task from above, its confirmation of "done", the
owner's extension request. Existing tasks of a plan whose unit is above the task's unit are marked as assigned
by the plan's unit; the ones already done count as confirmed (at their done time), so past figures stay."""

import django.db.models.deletion
from django.db import migrations, models


def backfill(apps, schema_editor):
    Task = apps.get_model("plans", "Task")
    for task in Task.objects.filter(plan__isnull=False).select_related("plan__unit", "unit").iterator():
        if task.plan.unit_id == task.unit_id or not task.unit.path.startswith(task.plan.unit.path):
            continue
        task.assigned_by_id = task.plan.unit_id
        fields = ["assigned_by"]
        if task.status == "done":
            task.confirmed_at, task.confirmed_by = task.done_at, "migration"
            fields += ["confirmed_at", "confirmed_by"]
        task.save(update_fields=fields)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("org", "0002_role_specialist"),
        ("plans", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="task",
            name="assigned_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.unit",
                verbose_name="assigned by",
            ),
        ),
        migrations.AddField(
            model_name="task",
            name="confirmed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="completion confirmed at"),
        ),
        migrations.AddField(
            model_name="task",
            name="confirmed_by",
            field=models.CharField(blank=True, max_length=150, verbose_name="completion confirmed by"),
        ),
        migrations.AddField(
            model_name="task",
            name="extension_deadline",
            field=models.DateField(blank=True, null=True, verbose_name="requested new deadline"),
        ),
        migrations.AddField(
            model_name="task",
            name="extension_reason",
            field=models.TextField(blank=True, verbose_name="reason for the extension"),
        ),
        migrations.AddConstraint(
            model_name="task",
            constraint=models.CheckConstraint(
                condition=models.Q(("confirmed_at__isnull", True), ("status", "done"), _connector="OR"),
                name="task_confirmed_is_done",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
