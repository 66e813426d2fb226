from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views
from accounts.views import admin_login
from core import views as core_views
from networks import certificate_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("deklaracja-dostepnosci/", core_views.accessibility_statement, name="accessibility"),
    path("prywatnosc/", account_views.privacy_notice, name="privacy"),
    path("pomoc/", include("core.help_urls")),
    path("jezyk/", core_views.switch_language, name="switch_language"),
    path("health/", core_views.health, name="health"),
    path("health/ready/", core_views.readiness, name="readiness"),
    path("ops/", core_views.operations, name="operations"),
    path("accounts/", include("allauth.urls")),
    path("profil/", include("accounts.urls")),
    path("powiadomienia/", include("notifications.urls")),
    # Providers' inbound e-mail webhooks (replies by e-mail), see notifications.inbound.
    path("poczta/przychodzaca/", include("notifications.inbound.urls")),
    path(
        "zaswiadczenie/<slug:code>/",
        certificate_views.certificate_verify,
        name="certificate_verify",
    ),
    path("sieci/", include("networks.urls")),
    path("sieci/<slug:network_slug>/dyskusje/", include("forums.urls")),
    path("sieci/<slug:network_slug>/ewaluacja/", include("evaluation.urls")),
    path("materialy/", include("resources.urls")),
    path("statystyki/", include("evaluation.platform_urls")),
    # Before the admin's own login, which has no attempt limit: see accounts.views.admin_login.
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
]

if settings.PROMETHEUS_METRICS:
    from django_prometheus.exports import ExportToDjangoView

    from core.metrics import register_collectors

    register_collectors()
    urlpatterns.append(path("metrics/", ExportToDjangoView, name="metrics"))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
