from django.urls import path

from cchc.stats import views

app_name = "stats"

urlpatterns = [
    path("", views.report, name="report"),
    path("dossiers/", views.dossiers, name="dossiers"),
    path("compare/", views.compare, name="compare"),
    path("quality/", views.quality, name="quality"),
    path("targets/", views.targets, name="targets"),
]
