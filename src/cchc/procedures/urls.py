from django.urls import path

from cchc.procedures import views

app_name = "procedures"

urlpatterns = [
    path("", views.procedure_list, name="list"),
    path("export.<str:fmt>", views.procedure_export, name="export"),
    path("<str:code>/", views.procedure_detail, name="detail"),
]
