"""The public status lookup, mounted at ``/tra-cuu/`` (no login)."""

from django.urls import path

from cchc.dossiers import views_public

app_name = "lookup"

urlpatterns = [
    path("", views_public.lookup, name="lookup"),
    path("qr/<str:token>/", views_public.by_token, name="qr"),
]
