from django.urls import path

from cchc.dossiers import views

app_name = "dossiers"

# Fixed paths first; the patterns that start with a dossier code (``<str:code>/``) stay last, since a code
# would otherwise swallow a fixed path such as ``import/``.
urlpatterns = [
    path("", views.dossier_list, name="list"),
    path("export.csv", views.dossier_export, name="export"),
    path("new/", views.dossier_new, name="new"),
    path("new/preview/", views.intake_preview, name="intake-preview"),
    path("<str:code>/act/<str:action>/", views.dossier_action, name="action"),
    path("<str:code>/", views.dossier_detail, name="detail"),
]

# Documents, web import and consistency audit (views_documents, views_import, views_audit): their fixed paths
# go in front of the code patterns above.
from cchc.dossiers import views_audit, views_documents, views_import  # noqa: E402

urlpatterns = [
    path("import/", views_import.import_page, name="import"),
    path("import/<int:pk>/", views_import.import_detail, name="import-detail"),
    path("import/<int:pk>/status/", views_import.import_status, name="import-status"),
    path("import/<int:pk>/confirm/", views_import.import_confirm, name="import-confirm"),
    path("import/<int:pk>/retry/", views_import.import_retry, name="import-retry"),
    path("import/<int:pk>/rejected.csv", views_import.import_rejects, name="import-rejects"),
    path("import/<int:pk>/discard/", views_import.import_discard, name="import-discard"),
    path("audit/", views_audit.audit, name="audit"),
    path("register/", views_documents.register, name="register"),
    path(
        "<str:code>/documents/<slug:form>.pdf",
        views_documents.dossier_document,
        {"ext": "pdf"},
        name="document",
    ),
    path(
        "<str:code>/documents/<slug:form>.docx",
        views_documents.dossier_document,
        {"ext": "docx"},
        name="document-docx",
    ),
    path("<str:code>/explain-due/", views_audit.explain_due, name="explain-due"),
    *urlpatterns,
]
