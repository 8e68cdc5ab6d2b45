"""The plan report page of a unit and year (the same figures as ``cchc report plan``) and its XLSX."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cchc.plans import report as plan_report
from cchc.plans.areas import area_label
from cchc.plans.views.common import download, year_param
from cchc.plans.views.work import _unit_param


@login_required
def report(request):
    unit = _unit_param(request)
    year = year_param(request)
    data = plan_report.plan_report(unit, year, with_ids=True)
    if request.GET.get("format") == "xlsx":
        for row in data["by_owner"]:
            del row["person_id"]
        return download(plan_report.as_xlsx(data, unit.name), f"bao-cao-ke-hoach-{unit.code}-{year}.xlsx")
    for row in data["by_area"]:
        row["label"] = area_label(row["area"])
    return render(request, "plans/report.html", {"unit": unit, "year": year, "report": data})
