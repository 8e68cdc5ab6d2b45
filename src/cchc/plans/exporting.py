"""The task sheet of a plan (export): the import columns, then status, progress, overdue and evidence
count."""

from datetime import date

from django.db.models import Count

from cchc.plans.models import Evidence, Plan, Task
from cchc.plans.selectors import overdue_task_ids
from cchc.plans.tasksheet import export_bytes, export_rows


def plan_sheet(plan: Plan, *, on: date, as_xlsx: bool, tasks=None) -> bytes:
    """``tasks`` defaults to all the plan's tasks (pass a user's visible subset from the web)."""
    tasks = (tasks if tasks is not None else Task.objects.all()).filter(plan=plan)
    tasks = (
        tasks.select_related("parent", "unit", "owner")
        .prefetch_related("collaborators")
        .order_by("order", "pk")
    )
    counts = dict(
        Evidence.objects.filter(task__plan=plan)
        .values("task")
        .annotate(n=Count("pk"))
        .values_list("task", "n")
    )
    rows = export_rows(tasks, overdue_ids=overdue_task_ids(tasks, on=on), evidence_counts=counts)
    return export_bytes(rows, as_xlsx=as_xlsx)
