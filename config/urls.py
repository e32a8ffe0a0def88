from django.contrib import admin
from django.urls import include, path

from sammen.accounts import views as accounts_views
from sammen.accounts.forms import AdminLoginForm, LoginForm

admin.site.login_form = AdminLoginForm

# A database that cannot be reached answers 503 with Retry-After, not 500.
handler500 = "sammen.core.views.server_error"

urlpatterns = [
    path("", include("sammen.core.ops_urls")),
    path("", include("sammen.portal.urls")),
    path("stab/", include("sammen.processes.urls")),
    path("stab/", include("sammen.insights.urls")),
    path("stab/", include("sammen.engagement.urls")),
    path("stab/", include("sammen.inputs.urls")),
    path("stab/", include("sammen.imports.urls")),
    path("", include("sammen.documents.urls")),
    path("stab/", include("sammen.roadmap.urls")),
    path("stab/", include("sammen.analysis.urls")),
    path("", include("sammen.childrens_map.urls")),
    path("", include("sammen.gjestebud.urls")),
    path("", include("sammen.opinions.urls")),
    path("", include("sammen.opendata.urls")),
    path(
        "konto/logg-inn/",
        accounts_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("konto/logg-ut/", accounts_views.logout, name="logout"),
    path("konto/", include("sammen.accounts.urls")),
    path("", include("sammen.roadmap.workshop_urls")),
    path("stab/", include("sammen.documents.hearing_urls")),
    path("stab/", include("sammen.accounts.staff_urls")),
    path("stab/", include("sammen.api.staff_urls")),
    path("api/v1/", include("sammen.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
