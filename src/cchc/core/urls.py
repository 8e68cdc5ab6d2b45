from django.urls import path

from cchc.core import views

app_name = "core"

urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("history/<str:app_label>/<str:model_name>/<str:pk>/", views.history, name="history"),
]
