from django.urls import path

from cchc.org import views

app_name = "org"

urlpatterns = [
    path("units/", views.unit_list, name="unit-list"),
    path("units/<str:code>/", views.unit_detail, name="unit-detail"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("switch-unit/", views.switch_unit, name="switch-unit"),
]
