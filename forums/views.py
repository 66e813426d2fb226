"""Thin views: fetch and check, call one selector or service, render or redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.files import file_response
from core.permissions import person, require
from core.search import clean_query
from forums import permissions, selectors, services
from forums.forms import (
    ForumSettingsForm,
    HideForm,
    MoveForm,
    PostEditForm,
    RejectForm,
    ReplyForm,
    ReportForm,
    RevealForm,
    ThreadForm,
)
from forums.fragments import rendered_posts
from forums.mentions import mention_suggestions, resolve_mentions
from forums.models import Attachment, ForumSettings, Report
from networks.permissions import membership_of
from networks.selectors import get_network_for_member


def _network_context(request, network, **extra) -> dict:
    return {"network": network, "membership": membership_of(request.user, network), **extra}


def _mention_notices(body: str, network) -> list[str]:
    """What to tell the author about mentions that named nobody or several people."""
    notices = []
    for problem in resolve_mentions(body, network).problems:
        if problem.ambiguous:
            names = ", ".join(person.display_name for person in problem.candidates)
            notices.append(
                _("%(mention)s could mean %(people)s: write the full name to notify one of them.")
                % {"mention": problem.written, "people": names}
            )
        else:
            notices.append(
                _("Nobody in this network is called %(mention)s: nobody was notified of it.")
                % {"mention": problem.written}
            )
    return notices


def _warn_about_mentions(request, body: str, network) -> None:
    for notice in _mention_notices(body, network):
        messages.warning(request, notice)


def _form_error(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


# --- threads -------------------------------------------------------------------------


@login_required
@require_GET
def thread_list(request: HttpRequest, network_slug: str) -> HttpResponse:
    network = get_network_for_member(request.user, network_slug)
    text = clean_query(request.GET.get("q"))
    if text:
        hits = selectors.search_posts(request.user, network, text)
        context = _network_context(request, network, hits=hits, query=text)
        return render(request, "forums/search_results.html", context)
    shown = request.GET.get("pokaz", "")
    if shown not in selectors.THREAD_LIST_VIEWS:
        shown = ""
    page = selectors.thread_list_page(request.user, network, request.GET.get("page"), shown)
    return render(request, "forums/thread_list.html", {"page": page, **vars(page)})


@login_required
def thread_create(request: HttpRequest, network_slug: str) -> HttpResponse:
    network = get_network_for_member(request.user, network_slug)
    require(permissions.can_create_thread(request.user, network))
    form = ThreadForm(request.POST or None, request.FILES or None, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_create(
                network=network,
                author=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                anonymous=form.anonymous_value(),
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            _warn_about_mentions(request, form.cleaned_data["body"], network)
            if thread.status != "published":
                messages.info(
                    request, _("Your thread will be shown once a coordinator approves it.")
                )
            return redirect(thread.get_absolute_url())
    return render(request, "forums/thread_form.html", _network_context(request, network, form=form))


@login_required
@require_GET
def thread_detail(request: HttpRequest, network_slug: str, pk: int) -> HttpResponse:
    user = person(request)
    thread = selectors.get_thread_for_member(user, network_slug, pk, reading=True)
    page = selectors.thread_page(user, thread, request.GET.get("page"))
    if page.posts:
        services.thread_mark_read(
            thread=thread,
            user=user,
            number=max(p.number for p in page.posts),
            read_before=page.last_read_number,
        )
    # Made only if the reply form's cached HTML is missing (the form's fragment).
    form = SimpleLazyObject(lambda: ReplyForm(network=thread.network))
    posts_html = rendered_posts(request, page.posts, thread.network)
    context = _network_context(
        request, thread.network, page=page, thread=thread, form=form, posts_html=posts_html
    )
    return render(request, "forums/thread_detail.html", context)


@login_required
@require_GET
def thread_first_unread(request: HttpRequest, network_slug: str, pk: int) -> HttpResponse:
    thread = selectors.get_thread_for_member(request.user, network_slug, pk)
    post = selectors.first_unread_post(request.user, thread)
    if post is None:
        return redirect(f"{thread.get_absolute_url()}?page=last#reply")
    return redirect(f"{thread.get_absolute_url()}?page={post.page}#post-{post.pk}")


@login_required
def thread_reply(request: HttpRequest, network_slug: str, pk: int) -> HttpResponse:
    thread = selectors.get_thread_for_member(request.user, network_slug, pk)
    require(permissions.can_reply_thread(request.user, thread))
    quoted = _quoted_post(request, thread)
    initial = _quote_initial(request.user, quoted)
    form = ReplyForm(
        request.POST or None, request.FILES or None, network=thread.network, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            post = services.thread_reply(
                thread=thread,
                author=request.user,
                body=form.cleaned_data["body"],
                anonymous=form.anonymous_value(),
                quoted=quoted,
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            _warn_about_mentions(request, form.cleaned_data["body"], thread.network)
            if post.is_pending:
                messages.info(request, _("Your post will be shown once a coordinator approves it."))
            return redirect(post.get_absolute_url())
    context = _network_context(request, thread.network, thread=thread, form=form, quoted=quoted)
    return render(request, "forums/post_reply.html", context)


def _quoted_post(request, thread):
    raw = request.POST.get("quoted") or request.GET.get("quote")
    if not raw or not str(raw).isdigit():
        return None
    post = get_object_or_404(thread.posts.select_related("author"), pk=int(raw))
    post.thread = thread
    require(permissions.can_quote_post(request.user, post), hide=True)
    return post


def _quote_initial(user, quoted) -> dict:
    if quoted is None:
        return {}
    # The quote goes into a post others read: never "You (anonymous participant)".
    name = selectors.public_author_label(quoted)
    lines = "\n".join(f"> {line}" for line in quoted.body.splitlines())
    intro = _("%(name)s wrote (post #%(number)s):") % {"name": name, "number": quoted.number}
    return {"body": f"> **{intro}**\n>\n{lines}\n\n", "quoted": quoted.pk}


@login_required
@require_POST
def thread_follow(request: HttpRequest, network_slug: str, pk: int) -> HttpResponse:
    thread = selectors.get_thread_for_member(request.user, network_slug, pk)
    following = services.thread_follow(
        thread=thread, user=request.user, follow=request.POST.get("follow") == "1"
    )
    if request.htmx:
        context = {"thread": thread, "is_following": following, "network": thread.network}
        return render(request, "forums/partials/_follow_button.html", context)
    return redirect(thread.get_absolute_url())


@login_required
@require_POST
def network_mark_read(request: HttpRequest, network_slug: str) -> HttpResponse:
    network = get_network_for_member(request.user, network_slug)
    services.network_mark_read(network=network, user=request.user)
    messages.success(request, _("All threads are marked as read."))
    return redirect("forums:thread_list", network_slug=network.slug)


# --- posts -----------------------------------------------------------------------------


@login_required
@require_GET
def post_permalink(request: HttpRequest, network_slug: str, pk: int) -> HttpResponse:
    post = selectors.get_post_for_member(request.user, network_slug, pk)
    return redirect(f"{post.thread.get_absolute_url()}?page={post.page}#post-{post.pk}")


@login_required
def post_edit(request: HttpRequest, network_slug: str, pk: int) -> HttpResponse:
    post = selectors.get_post_for_member(request.user, network_slug, pk)
    require(permissions.can_edit_post(request.user, post))
    with_title = post.number == 1
    initial = {"body": post.body, "title": post.thread.title}
    form = PostEditForm(request.POST or None, initial=initial, with_title=with_title)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(
                post=post,
                by=request.user,
                body=form.cleaned_data["body"],
                title=form.cleaned_data.get("title"),
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            _warn_about_mentions(request, form.cleaned_data["body"], post.thread.network)
            return redirect(post.get_absolute_url())
    context = _network_context(request, post.thread.network, post=post, form=form)
    return render(request, "forums/post_edit.html", context)


@login_required
def post_delete(request: HttpRequest, network_slug: str, pk: int) -> HttpResponse:
    post = selectors.get_post_for_member(request.user, network_slug, pk)
    require(permissions.can_delete_post(request.user, post))
    if request.method == "POST":
        services.post_delete(post=post, by=request.user)
        messages.success(request, _("Your post has been deleted."))
        return redirect(post.get_absolute_url())
    context = _network_context(request, post.thread.network, post=post)
    return render(request, "forums/post_delete.html", context)


@login_required
@require_GET
def post_history(request: HttpRequest, network_slug: str, pk: int) -> HttpResponse:
    post = selectors.get_post_for_member(request.user, network_slug, pk)
    require(permissions.can_view_post_history(request.user, post), hide=True)
    revisions = list(post.revisions.select_related("edited_by"))
    context = _network_context(request, post.thread.network, post=post, revisions=revisions)
    return render(request, "forums/post_history.html", context)


@login_required
def post_report(request: HttpRequest, network_slug: str, pk: int) -> HttpResponse:
    post = selectors.get_post_for_member(request.user, network_slug, pk)
    require(permissions.can_report_post(request.user, post))
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_report(post=post, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Thank you. The coordinators will look at the post."))
            return redirect(post.get_absolute_url())
    context = _network_context(request, post.thread.network, post=post, form=form)
    return render(request, "forums/post_report.html", context)


@login_required
@require_POST
def preview(request: HttpRequest, network_slug: str) -> HttpResponse:
    network = get_network_for_member(request.user, network_slug)
    body = request.POST.get("body", "")[:20_000]
    html = services.post_preview(network=network, body=body)
    context = {"html": html, "notices": _mention_notices(body, network)}
    return render(request, "forums/partials/_preview.html", context)


@login_required
@require_GET
def mentions(request: HttpRequest, network_slug: str) -> HttpResponse:
    network = get_network_for_member(request.user, network_slug)
    people = mention_suggestions(network, request.GET.get("q", ""))
    return render(request, "forums/partials/_mention_suggestions.html", {"people": people})


# --- attachments ---------------------------------------------------------------------


def _attachment(request, network_slug: str, pk: int) -> Attachment:
    network = get_network_for_member(request.user, network_slug)
    attachment = get_object_or_404(
        Attachment.objects.select_related("post__thread"), post__thread__network=network, pk=pk
    )
    attachment.post.thread.network = network
    require(permissions.can_download_attachment(request.user, attachment), hide=True)
    return attachment


@login_required
@require_GET
def attachment_download(request: HttpRequest, network_slug: str, pk: int) -> HttpResponse:
    attachment = _attachment(request, network_slug, pk)
    return file_response(
        attachment.file,
        filename=attachment.name,
        content_type=attachment.content_type,
        inline=attachment.is_image,
    )


@login_required
@require_GET
def attachment_thumbnail(request: HttpRequest, network_slug: str, pk: int) -> HttpResponse:
    attachment = _attachment(request, network_slug, pk)
    if not attachment.thumbnail:
        raise Http404
    return file_response(
        attachment.thumbnail,
        filename=f"thumb-{attachment.name}",
        content_type="image/webp",
        inline=True,
    )


# --- moderation --------------------------------------------------------------------------


@login_required
def moderation(request: HttpRequest, network_slug: str) -> HttpResponse:
    network = get_network_for_member(request.user, network_slug)
    require(permissions.can_moderate_network(request.user, network), hide=True)
    settings_row = ForumSettings.objects.filter(network=network).first()
    form = ForumSettingsForm(request.POST or None, instance=settings_row)
    if request.method == "POST" and form.is_valid():
        services.forum_settings_update(
            network=network,
            by=request.user,
            approve_first_posts=form.cleaned_data["approve_first_posts"],
        )
        messages.success(request, _("The discussion settings are saved."))
        return redirect("forums:moderation", network_slug=network.slug)
    page = selectors.moderation_page(request.user, network)
    context = _network_context(request, network, page=page, form=form)
    return render(request, "forums/moderation.html", context)


@login_required
@require_POST
def thread_moderate(request: HttpRequest, network_slug: str, pk: int) -> HttpResponse:
    thread = selectors.get_thread_for_member(request.user, network_slug, pk)
    action = request.POST.get("action")
    if action in ("pin", "unpin"):
        services.thread_pin(thread=thread, by=request.user, pinned=action == "pin")
    elif action in ("lock", "unlock"):
        services.thread_lock(thread=thread, by=request.user, locked=action == "lock")
    else:
        raise PermissionDenied
    return redirect(thread.get_absolute_url())


@login_required
def thread_move(request: HttpRequest, network_slug: str, pk: int) -> HttpResponse:
    thread = selectors.get_thread_for_member(request.user, network_slug, pk)
    require(permissions.can_move_thread(request.user, thread))
    networks = selectors.coordinated_networks(request.user, exclude=thread.network)
    form = MoveForm(request.POST or None, networks=networks)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["network"]
        source = thread.network
        services.thread_move(
            thread=thread, by=request.user, to_network=target, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("The thread is now in “%(name)s”.") % {"name": target.name})
        return redirect("forums:thread_list", network_slug=source.slug)
    context = _network_context(request, thread.network, thread=thread, form=form, networks=networks)
    return render(request, "forums/thread_move.html", context)


@login_required
def post_hide(request: HttpRequest, network_slug: str, pk: int) -> HttpResponse:
    post = selectors.get_post_for_member(request.user, network_slug, pk)
    require(permissions.can_hide_post(request.user, post))
    if request.method == "POST" and request.POST.get("action") == "unhide":
        services.post_unhide(post=post, by=request.user)
        return redirect(post.get_absolute_url())
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.post_hide(post=post, by=request.user, reason=form.cleaned_data["reason"])
        return redirect(post.get_absolute_url())
    context = _network_context(request, post.thread.network, post=post, form=form)
    return render(request, "forums/post_hide.html", context)


@login_required
@require_POST
def post_decide(request: HttpRequest, network_slug: str, pk: int) -> HttpResponse:
    post = selectors.get_post_for_member(request.user, network_slug, pk)
    require(permissions.can_approve_post(request.user, post))
    if request.POST.get("decision") == "approve":
        services.post_approve(post=post, by=request.user)
        messages.success(request, _("The post is approved and visible to members."))
    else:
        form = RejectForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        services.post_reject(post=post, by=request.user, reason=reason)
        messages.success(request, _("The post is rejected."))
    if request.POST.get("next") == "moderation":
        return redirect("forums:moderation", network_slug=network_slug)
    return redirect(post.get_absolute_url())


@login_required
@require_POST
def report_dismiss(request: HttpRequest, network_slug: str, pk: int) -> HttpResponse:
    network = get_network_for_member(request.user, network_slug)
    report = get_object_or_404(
        Report.objects.select_related("post__thread"), post__thread__network=network, pk=pk
    )
    report.post.thread.network = network
    require(permissions.can_moderate_network(request.user, network), hide=True)
    services.report_dismiss(report=report, by=request.user)
    return redirect("forums:moderation", network_slug=network.slug)


@login_required
def post_reveal(request: HttpRequest, network_slug: str, pk: int) -> HttpResponse:
    post = selectors.get_post_for_member(request.user, network_slug, pk)
    require(permissions.can_reveal_post_author(request.user, post))
    form = RevealForm(request.POST or None)
    context = _network_context(request, post.thread.network, post=post, form=form)
    if request.method == "POST" and form.is_valid():
        try:
            author = services.author_reveal(
                post=post, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            context.update(author=author, revealed=True)
    return render(request, "forums/post_reveal.html", context)
