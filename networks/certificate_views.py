"""Certificates of participation: issuing, downloading one's own, and the public check."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.files import download_headers
from core.permissions import require
from networks import certificates, permissions
from networks.models import Certificate, Network


@require_POST
@login_required
def certificate_issue(request: HttpRequest, slug: str) -> HttpResponse:
    # Not through get_network_for_user: a former member of a hidden network still gets one.
    network = get_object_or_404(Network, slug=slug)
    require(permissions.can_download_certificate(request.user, network), hide=True)
    certificate = certificates.certificate_issue(user=request.user, network=network)
    return redirect("networks:certificate_download", code=certificate.code)


@never_cache
@login_required
def certificate_download(request: HttpRequest, code: str) -> HttpResponse:
    certificate = get_object_or_404(
        Certificate.objects.select_related("network"), code=code, user=request.user
    )
    require(permissions.can_download_certificate(request.user, certificate.network), hide=True)
    verify_url = request.build_absolute_uri(certificates.verify_path(certificate))
    pdf = certificates.certificate_pdf(certificate, verify_url=verify_url)
    response = HttpResponse(pdf, content_type="application/pdf")
    return download_headers(response, filename=f"zaswiadczenie-{certificate.network.slug}.pdf")


def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    certificate = Certificate.objects.filter(code=code).first()
    if certificate is None:
        raise Http404
    context = {"verification": certificates.verification_of(certificate), "code": code}
    return render(request, "networks/certificate_verify.html", context)
