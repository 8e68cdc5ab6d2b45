from django.urls import path

from cchc.scoring import views

app_name = "scoring"

urlpatterns = [
    path("", views.framework_list, name="framework-list"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence-download"),
    path("<str:code>/", views.framework_detail, name="framework-detail"),
    path("<str:code>/framework.yaml", views.framework_export, name="framework-export"),
    path("<str:code>/ranking/", views.ranking, name="ranking"),
    path("<str:code>/ranking.xlsx", views.ranking_xlsx, name="ranking-xlsx"),
    path("<str:code>/ranking.docx", views.ranking_docx, name="ranking-docx"),
    path("<str:code>/start/", views.assessment_start, name="assessment-start"),
    path("<str:code>/finalise/", views.finalise_many, name="finalise-many"),
    path("<str:code>/evidence-rule/", views.framework_evidence_rule, name="evidence-rule"),
    path("<str:code>/<str:unit_code>/", views.assessment, name="assessment"),
    path("<str:code>/<str:unit_code>/lost/", views.lost_points, name="lost-points"),
    path(
        "<str:code>/<str:unit_code>/lost/<str:criterion_code>/task/",
        views.recovery_task,
        name="recovery-task",
    ),
    path(
        "<str:code>/<str:unit_code>/leaf/<str:criterion_code>/self/",
        views.leaf_self_assess,
        name="leaf-self",
    ),
    path(
        "<str:code>/<str:unit_code>/leaf/<str:criterion_code>/evidence/",
        views.leaf_evidence,
        name="leaf-evidence",
    ),
    path(
        "<str:code>/<str:unit_code>/leaf/<str:criterion_code>/appraise/",
        views.leaf_appraise,
        name="leaf-appraise",
    ),
    path(
        "<str:code>/<str:unit_code>/leaf/<str:criterion_code>/respond/",
        views.leaf_respond,
        name="leaf-respond",
    ),
    path("<str:code>/<str:unit_code>/<str:action>/", views.assessment_action, name="assessment-action"),
]
