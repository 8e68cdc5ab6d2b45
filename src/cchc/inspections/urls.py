from django.urls import path

from cchc.inspections.views import inspection, plans, remediation

app_name = "inspections"

urlpatterns = [
    path("", plans.plan_list, name="plan-list"),
    path("plans/new/", plans.plan_create, name="plan-create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/schedule/", plans.plan_schedule, name="plan-schedule"),
    path("plans/<int:pk>/schedule.docx", plans.plan_schedule_docx, name="plan-schedule-docx"),
    path("plans/<int:pk>/inspections/new/", plans.inspection_create, name="inspection-create"),
    path("follow-up/", remediation.follow_up, name="follow-up"),
    path("<int:pk>/", inspection.inspection_detail, name="inspection-detail"),
    path("<int:pk>/team/", plans.inspection_team, name="inspection-team"),
    path("<int:pk>/checklist/generate/", inspection.checklist_generate, name="checklist-generate"),
    path("<int:pk>/checklist/add/", inspection.checklist_add, name="checklist-add"),
    path("<int:pk>/findings/new/", inspection.finding_create, name="finding-create"),
    path("<int:pk>/notice/issue/", inspection.notice_issue, name="notice-issue"),
    path("<int:pk>/notice.<str:fmt>", inspection.notice_document, name="notice-document"),
    path("<int:pk>/remediation/", remediation.remediation, name="remediation"),
    path("<int:pk>/remediation/report/", remediation.remediation_report, name="remediation-report"),
    path(
        "<int:pk>/remediation/report.docx",
        remediation.remediation_report_docx,
        name="remediation-report-docx",
    ),
    path("<int:pk>/remediation/summary/", remediation.remediation_summary, name="remediation-summary"),
    path("items/<int:pk>/check/", inspection.item_check, name="item-check"),
    path("items/<int:pk>/evidence/", inspection.item_evidence, name="item-evidence"),
    path("evidence/<int:pk>/", inspection.item_evidence_download, name="evidence-download"),
    path("findings/<int:pk>/", inspection.finding_detail, name="finding-detail"),
    path("findings/<int:pk>/<str:action>/", remediation.remediation_action, name="remediation-action"),
]
