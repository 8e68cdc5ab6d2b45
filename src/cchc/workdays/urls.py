from django.urls import path

from cchc.workdays import views

app_name = "workdays"

urlpatterns = [
    path("", views.calendar_year, name="calendar"),
    path("entries/add/", views.entry_add, name="entry-add"),
    path("entries/<int:pk>/remove/", views.entry_remove, name="entry-remove"),
    path("office-hours/", views.office_hours, name="office-hours"),
    path("confirm-year/", views.year_confirm, name="year-confirm"),
    path("log/", views.change_log, name="log"),
    path("deadline/", views.deadline, name="deadline"),
]
