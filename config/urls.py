from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("", include("sammen.portal.urls")),
    path("stab/", include("sammen.processes.urls")),
    path("stab/", include("sammen.insights.urls")),
    path("stab/", include("sammen.engagement.urls")),
    path("stab/", include("sammen.inputs.urls")),
    path("stab/", include("sammen.imports.urls")),
    path("stab/", include("sammen.roadmap.urls")),
    path("", include("sammen.childrens_map.urls")),
    path("", include("sammen.gjestebud.urls")),
    path("konto/logg-inn/", auth_views.LoginView.as_view(), name="login"),
    path("konto/logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
