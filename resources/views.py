from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from core.files import download_headers, file_response
from core.permissions import require
from core.spreadsheets import XLSX_TYPE, csv_delimiter, to_csv, to_xlsx
from networks.permissions import can_see_network_name, membership_of
from networks.selectors import get_network_for_member
from resources import bank_search, permissions, selectors, services
from resources.export import localised_numbers, resources_ris, resources_table
from resources.forms import CurationForm, RatingForm, ReplaceFileForm, ResourceForm, SubmitForm

LIST_PAGE_SIZE = 20


def _keep_errors(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


def bank(request: HttpRequest) -> HttpResponse:
    filters = bank_search.BankFilters.from_query(request.GET)
    page = bank_search.bank_page(filters, request.GET.get("strona"), viewer=request.user)
    page.cards = bank_search.rendered_cards(request, page)
    template = "resources/partials/_bank_results.html" if request.htmx else "resources/bank.html"
    return render(request, template, {"bank": page, "filters": filters})


def export(request: HttpRequest, fmt: str) -> HttpResponse:
    filters = bank_search.BankFilters.from_query(request.GET)
    rows = bank_search.export_rows(filters, viewer=request.user)

    def may_see_network(network) -> bool:
        return can_see_network_name(request.user, network)

    if fmt == "ris":
        body, content_type = (
            resources_ris(rows, request.build_absolute_uri, may_see_network),
            "application/x-research-info-systems",
        )
    else:
        header, table = resources_table(rows, request.build_absolute_uri, may_see_network)
        if fmt == "xlsx":
            body, content_type = to_xlsx([(_("Materials"), [header, *table])]), XLSX_TYPE
        else:
            # With a byte-order mark and the language's separator: Polish Excel opens it right.
            body = to_csv([header, *localised_numbers(table)], delimiter=csv_delimiter())
            content_type = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    return download_headers(response, filename=f"materialy.{fmt}")


def _detail_context(request, resource, **forms) -> dict:
    page = selectors.resource_page(request.user, resource)
    rating = {
        "stars": getattr(page.my_rating, "stars", None),
        "comment": getattr(page.my_rating, "comment", ""),
    }
    return {
        "page": page,
        "resource": resource,
        "network": resource.network,
        "membership": page.membership,
        "rating_form": RatingForm(initial=rating),
        "curation_form": CurationForm(),
        "submit_form": SubmitForm(),
        **forms,
    }


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    resource = selectors.get_resource_for_user(request.user, pk)
    return render(request, "resources/resource_detail.html", _detail_context(request, resource))


@login_required
def add(request: HttpRequest, network_slug: str) -> HttpResponse:
    network = get_network_for_member(request.user, network_slug)
    require(permissions.can_add_resource(request.user, network))
    form = ResourceForm(
        request.POST or None, request.FILES or None, network=network, author=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.resource_create(
                network=network, author=request.user, **form.service_fields()
            )
        except ValidationError as error:
            _keep_errors(form, error)
        else:
            messages.success(request, _("The material has been shared with your network."))
            return redirect(resource)
    context = {"form": form, "network": network, "membership": membership_of(request.user, network)}
    return render(request, "resources/resource_form.html", context)


def _saved_text(resource) -> str:
    if resource.is_public:
        return _(
            "Your changes are waiting for review; until a curator publishes them, everyone "
            "sees the published version."
        )
    return _("The material has been saved.")


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    resource = selectors.get_resource_for_user(request.user, pk)
    require(permissions.can_edit_resource(request.user, resource))
    form = ResourceForm(
        request.POST or None,
        request.FILES or None,
        network=resource.network,
        author=resource.author,
        resource=resource,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_update(resource=resource, by=request.user, **form.service_fields())
        except ValidationError as error:
            _keep_errors(form, error)
        else:
            messages.success(request, _saved_text(resource))
            return redirect(resource)
    context = {
        "form": form,
        "resource": resource,
        "network": resource.network,
        "membership": membership_of(request.user, resource.network),
    }
    return render(request, "resources/resource_form.html", context)


@login_required
def replace_file(request: HttpRequest, file_pk: int) -> HttpResponse:
    resource_file = selectors.get_file_for_user(request.user, file_pk)
    resource = resource_file.resource
    require(permissions.can_edit_resource(request.user, resource) and resource_file.is_current)
    form = ReplaceFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.resource_file_replace(
            resource_file=resource_file, by=request.user, upload=form.cleaned_data["file"]
        )
        if resource.is_public:
            messages.success(request, _saved_text(resource))
        else:
            messages.success(
                request,
                _("The new version has replaced the file; the earlier one stays available to you."),
            )
        return redirect(resource)
    context = {
        "form": form,
        "resource_file": resource_file,
        "resource": resource,
        "network": resource.network,
        "membership": membership_of(request.user, resource.network),
    }
    return render(request, "resources/file_replace.html", context)


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    resource = selectors.get_resource_for_user(request.user, pk)
    require(permissions.can_submit_resource(request.user, resource))
    form = SubmitForm(request.POST)
    if form.is_valid():
        try:
            note = form.cleaned_data["note"]
            services.resource_submit(resource=resource, by=request.user, note=note)
        except ValidationError as error:
            form.add_error("note", error)
    if form.errors:
        context = _detail_context(request, resource, submit_form=form)
        return render(request, "resources/resource_detail.html", context, status=400)
    messages.success(request, _("The material has been submitted to the bank of good practices."))
    return redirect(resource)


@login_required
@require_POST
def curate(request: HttpRequest, pk: int) -> HttpResponse:
    resource = selectors.get_resource_for_user(request.user, pk)
    require(permissions.can_curate_resource(request.user, resource))
    form = CurationForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, resource, curation_form=form)
        return render(request, "resources/resource_detail.html", context, status=400)
    decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
    if form.cleaned_data["about"] == "changes":
        _decide_changes(request, resource, decision, comment)
    elif decision == "publish":
        services.resource_publish(resource=resource, by=request.user, comment=comment)
        messages.success(request, _("The material is now public in the bank."))
    else:
        services.resource_return(resource=resource, by=request.user, comment=comment)
        messages.success(request, _("The material has been returned to its author."))
    return redirect(resource)


def _decide_changes(request, resource, decision: str, comment: str) -> None:
    try:
        if decision == "publish":
            services.resource_changes_publish(resource=resource, by=request.user, comment=comment)
            messages.success(request, _("The changes are now public in the bank."))
        else:
            services.resource_changes_return(resource=resource, by=request.user, comment=comment)
            messages.success(request, _("The changes have been returned to the authors."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))


@login_required
@require_POST
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    resource = selectors.get_resource_for_user(request.user, pk)
    require(permissions.can_rate_resource(request.user, resource))
    form = RatingForm(request.POST)
    if form.is_valid():
        services.resource_rate(resource=resource, user=request.user, **form.cleaned_data)
        if not request.htmx:
            messages.success(request, _("Thank you for your rating."))
    if request.htmx:
        context = {"resource": resource, "rating_form": form, "saved": form.is_valid()}
        return render(request, "resources/partials/_rating.html", context)
    return redirect(resource)


@login_required
@require_POST
def bookmark(request: HttpRequest, pk: int) -> HttpResponse:
    resource = selectors.get_resource_for_user(request.user, pk)
    require(permissions.can_bookmark_resource(request.user, resource))
    bookmarked = services.bookmark_toggle(resource=resource, user=request.user)
    if request.htmx:
        return render(
            request,
            "resources/partials/_bookmark.html",
            {"resource": resource, "bookmarked": bookmarked},
        )
    return redirect(resource)


def _is_public_file(resource_file) -> bool:
    # Anyone may download it, so shared caches may keep it (earlier versions stay private).
    return resource_file.is_current and resource_file.resource.is_public


def download(request: HttpRequest, file_pk: int) -> HttpResponse:
    resource_file = selectors.get_file_for_user(request.user, file_pk)
    if resource_file.is_current:
        services.resource_download_record(
            resource_file=resource_file,
            user=request.user,
            ip_address=request.META.get("REMOTE_ADDR", ""),
        )
    return file_response(
        resource_file.file,
        filename=resource_file.name,
        content_type=resource_file.content_type,
        public=_is_public_file(resource_file),
    )


def thumbnail(request: HttpRequest, file_pk: int) -> HttpResponse:
    resource_file = selectors.get_file_for_user(request.user, file_pk)
    require(bool(resource_file.thumbnail), hide=True)
    return file_response(
        resource_file.thumbnail,
        filename="podglad.webp",
        content_type="image/webp",
        inline=True,
        public=_is_public_file(resource_file),
    )


@login_required
def network_list(request: HttpRequest, network_slug: str) -> HttpResponse:
    network = get_network_for_member(request.user, network_slug)
    page = selectors.card_page(
        request.user,
        selectors.network_resources(network),
        request.GET.get("strona"),
        size=LIST_PAGE_SIZE,
    )
    context = {
        "network": network,
        "membership": membership_of(request.user, network),
        "page_obj": page,
        "may_add": permissions.can_add_resource(request.user, network),
    }
    return render(request, "resources/network_list.html", context)


@login_required
def my_networks(request: HttpRequest) -> HttpResponse:
    page = selectors.card_page(
        request.user,
        selectors.my_networks_resources(request.user),
        request.GET.get("strona"),
        size=LIST_PAGE_SIZE,
    )
    context = {"page_obj": page, "networks": selectors.my_contribution_networks(request.user)}
    return render(request, "resources/my_networks.html", context)


@login_required
def shelf(request: HttpRequest) -> HttpResponse:
    page = selectors.card_page(
        request.user, selectors.shelf(request.user), request.GET.get("strona"), size=LIST_PAGE_SIZE
    )
    return render(request, "resources/shelf.html", {"page_obj": page})


@login_required
def curation_queue(request: HttpRequest) -> HttpResponse:
    require(permissions.can_curate_any(request.user))
    page = selectors.card_page(
        request.user,
        selectors.curation_queue(request.user),
        request.GET.get("strona"),
        size=LIST_PAGE_SIZE,
    )
    return render(request, "resources/curation_queue.html", {"page_obj": page})


def person(request: HttpRequest, user_pk: int) -> HttpResponse:
    author = get_object_or_404(User, pk=user_pk, is_active=True)
    page = selectors.card_page(
        request.user,
        selectors.given_by(request.user, author),
        request.GET.get("strona"),
        size=LIST_PAGE_SIZE,
    )
    # Someone who has given nothing the viewer may see has no page (no listing of people).
    require(page.paginator.count > 0 or author.pk == request.user.pk, hide=True)
    return render(request, "resources/person.html", {"person": author, "page_obj": page})
