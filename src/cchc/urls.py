from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from cchc.org import views as org_views

urlpatterns = [
    path("", org_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("org/", include("cchc.org.urls")),
    path("calendar/", include("cchc.workdays.urls")),
    path("procedures/", include("cchc.procedures.urls")),
    path("dossiers/", include("cchc.dossiers.urls")),
    path("tra-cuu/", include("cchc.dossiers.urls_public")),
    path("plans/", include("cchc.plans.urls")),
    path("stats/", include("cchc.stats.urls")),
    path("scoring/", include("cchc.scoring.urls")),
    path("inspections/", include("cchc.inspections.urls")),
    path("", include("cchc.core.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
