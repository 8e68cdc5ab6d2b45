from django.urls import path

from cchc.plans.views import plans, report, tasks, work

app_name = "plans"

urlpatterns = [
    path("", plans.plan_list, name="plan-list"),
    path("new/", plans.plan_create, name="plan-create"),
    path("template.xlsx", plans.sheet_template, name="sheet-template"),
    path("<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("<int:pk>/components/", plans.plan_component_create, name="plan-component-create"),
    path("<int:pk>/<str:action>/document/", plans.plan_document, name="plan-document"),
    path("<int:pk>/tasks/new/", plans.task_create, name="task-create"),
    path("<int:pk>/export.xlsx", plans.plan_export, name="plan-export"),
    path("<int:pk>/import/", plans.plan_import, name="plan-import"),
    path("tasks/", work.task_list, name="task-list"),
    path("tasks/<int:pk>/", tasks.task_detail, name="task-detail"),
    path("tasks/<int:pk>/edit/", tasks.task_edit, name="task-edit"),
    path("tasks/<int:pk>/assign/", tasks.task_assign, name="task-assign"),
    path("tasks/<int:pk>/progress/", tasks.task_progress, name="task-progress"),
    path("tasks/<int:pk>/comment/", tasks.task_comment, name="task-comment"),
    path("tasks/<int:pk>/evidence/", tasks.task_evidence, name="task-evidence"),
    path("tasks/<int:pk>/extension/", tasks.task_extension, name="task-extension"),
    path("tasks/<int:pk>/<str:action>/", tasks.task_transition, name="task-transition"),
    path("evidence/<int:pk>/", tasks.evidence_download, name="evidence-download"),
    path("directives/new/", tasks.directive_create, name="directive-create"),
    path("mine/", work.my_work, name="my-work"),
    path("unit/", work.unit_board, name="unit-board"),
    path("overview/", work.overview, name="overview"),
    path("report/", report.report, name="report"),
]
