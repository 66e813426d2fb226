from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from core import ops
from core.dashboard import dashboard_for
from core.permissions import can_view_operations, require


def home(request: HttpRequest) -> HttpResponse:
    """The public front page; for a logged-in person, their dashboard."""
    if not request.user.is_authenticated:
        return render(request, "core/home.html")
    return render(request, "core/home.html", {"dashboard": dashboard_for(request.user)})


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility_statement.html")


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language (cookie), and the choice saved for a logged-in person."""
    response = set_language(request)
    language = request.POST.get("language")
    codes = {code for code, _name in settings.LANGUAGES}
    if request.user.is_authenticated and language in codes and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Liveness, for the load balancer: 503 only when this process cannot serve (no database).

    A broker outage does not take web processes out of service: requests survive it (the
    outbox sweep re-enqueues e-mails), and /health/ready/ reports it as degraded."""
    ok = ops.database_ok()
    return JsonResponse(
        {"status": "ok" if ok else "fail", "database": ok}, status=200 if ok else 503
    )


@never_cache
def readiness(request: HttpRequest) -> JsonResponse:
    """Readiness and status: broker, queues, beat's last tick and backlogs; "degraded" is 200."""
    if not ops.database_ok():
        return JsonResponse({"status": "fail", "database": False}, status=503)
    return JsonResponse({**ops.status(), "database": True})


@never_cache
def operations(request: HttpRequest) -> HttpResponse:
    """The staff page of what `manage.py ops_status` prints."""
    require(can_view_operations(request.user), hide=True)
    report = ops.status()
    checks = [(check, report["checks"][check.key]) for check in ops.registered_checks()]
    return render(request, "core/operations.html", {"report": report, "checks": checks})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the request that failed may be what is broken.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
