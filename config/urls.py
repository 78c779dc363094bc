from django.contrib.auth import views as auth_views
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.i18n import set_language

from magistrat.core import export_views
from magistrat.core.journal import journal
from magistrat.organizations import profile
from magistrat.organizations.views import home

urlpatterns = [
    path("", home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
    path("profile/", profile.profile, name="profile"),
    path("profile/tokens/", profile.token_add, name="token_add"),
    path("profile/tokens/<int:pk>/revoke/", profile.token_remove, name="token_revoke"),
    path("journal/", journal, name="journal"),
    path("exports/<int:pk>/", export_views.export_job, name="export_job"),
    path("exports/<int:pk>/download/", export_views.export_job_download, name="export_job_download"),
    path("language/", set_language, name="set_language"),
    # Browsers and tools that ask for /favicon.ico on pages without a <link rel="icon">.
    path("favicon.ico", lambda request: HttpResponsePermanentRedirect(static("magistrat/favicon.svg"))),
    path("healthz", lambda request: HttpResponse("ok", content_type="text/plain"), name="healthz"),
    path("", include("magistrat.organizations.urls")),
    path("", include("magistrat.inventory.urls")),
    path("", include("magistrat.grants.urls")),
    path("api/v1/", include("magistrat.api.urls")),
]
