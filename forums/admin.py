"""Staff see threads and posts here, but not who wrote an anonymous one.

Anonymous means anonymous to staff too: no list, filter, search, sort or change page
shows or selects by the author of an anonymous post (a filter "author = X" combined with
"anonymous = yes" would name the author as surely as a column). Staff who need to know
use the reveal page, which asks for a reason, logs it and tells the author.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, F, Q, Value, When
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from forums import permissions, services
from forums.forms import RevealForm
from forums.models import (
    Attachment,
    ForumSettings,
    ModerationAction,
    ModerationLog,
    Post,
    PostRevision,
    Report,
    Thread,
)

# Lookups that reach a person who wrote something. Named authors are no secret, but a
# lookup cannot tell named posts from anonymous ones, so none of them is allowed.
AUTHOR_FIELDS = frozenset({"author", "edited_by"})


class NoAuthorLookups:
    """Refuse URL lookups (?author=5, ?post__author__email=…) that select by an author."""

    def lookup_allowed(self, lookup, value, request=None):
        if AUTHOR_FIELDS & set(lookup.split("__")):
            return False
        return super().lookup_allowed(lookup, value, request)


def shown_author_of(post: Post) -> str:
    """The author as staff see them: "anonymous participant" for an anonymous post."""
    if post.is_anonymous:
        return _("Anonymous participant")
    return post.author.public_name if post.author else "—"


class PostRevisionInline(admin.TabularInline):
    model = PostRevision
    extra = 0
    can_delete = False
    fields = ["replaced_at", "editor", "body"]
    readonly_fields = ["replaced_at", "editor", "body"]

    @admin.display(description=_("edited by"))
    def editor(self, revision: PostRevision) -> str:
        if revision.post.is_anonymous:
            return _("Anonymous participant")
        return revision.edited_by.public_name if revision.edited_by else "—"

    def has_add_permission(self, request, obj=None):
        return False


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    can_delete = False
    readonly_fields = ["name", "content_type", "size", "is_image", "created_at"]
    exclude = ["file", "thumbnail"]


@admin.register(Thread)
class ThreadAdmin(NoAuthorLookups, admin.ModelAdmin):
    list_display = ["title", "network", "status", "is_pinned", "is_locked", "last_post_at"]
    list_filter = ["status", "is_pinned", "is_locked"]
    search_fields = ["title", "network__name"]
    list_select_related = ["network"]
    # The author of an anonymous thread is learned only through the logged reveal on its posts.
    exclude = ["author"]
    # The status follows the approval of the first post, on the site; pinning and locking
    # go through the moderation services below, so the moderation log records them.
    readonly_fields = [
        "network", "status", "is_anonymous", "last_number", "post_count", "created_at"
    ]  # fmt: skip

    def save_model(self, request, obj, form, change):
        pinned, locked = obj.is_pinned, obj.is_locked
        stored = Thread.objects.select_related("network").get(pk=obj.pk)
        obj.is_pinned, obj.is_locked = stored.is_pinned, stored.is_locked
        super().save_model(request, obj, form, change)
        if pinned != stored.is_pinned:
            services.thread_pin(thread=obj, by=request.user, pinned=pinned)
        if locked != stored.is_locked:
            services.thread_lock(thread=obj, by=request.user, locked=locked)

    def has_add_permission(self, request):
        # Threads are started by members on the site.
        return False


@admin.register(Post)
class PostAdmin(NoAuthorLookups, admin.ModelAdmin):
    list_display = ["__str__", "shown_author", "status", "created_at", "edited_at", "hidden_at"]
    list_filter = ["status", "is_anonymous"]
    search_fields = ["thread__title", "body"]
    list_select_related = ["thread", "author"]
    exclude = ["author", "search_vector", "body_html"]
    # The text is changed on the site, where edits keep revisions and moderation is
    # logged; an admin edit would bypass both (and leave the rendered HTML stale).
    readonly_fields = [
        "thread", "number", "shown_author", "reveal_link", "body", "is_anonymous", "quoted",
        "created_at", "edited_at", "hidden_by",
    ]  # fmt: skip
    inlines = [AttachmentInline, PostRevisionInline]

    @admin.display(description=_("author"))
    def shown_author(self, post: Post) -> str:
        return shown_author_of(post)

    @admin.display(description=_("reveal the author"))
    def reveal_link(self, post: Post) -> str:
        if not post.is_anonymous:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:forums_post_reveal", args=[post.pk]),
            _("Reveal the author (with a reason, logged, the author is told)"),
        )

    def get_urls(self):
        reveal = path(
            "<int:pk>/reveal/",
            self.admin_site.admin_view(self.reveal_view),
            name="forums_post_reveal",
        )
        return [reveal, *super().get_urls()]

    def reveal_view(self, request, pk: int):
        """Staff reveal an author the one way anyone may: with a reason, through the service."""
        post = get_object_or_404(Post.objects.select_related("thread__network", "author"), pk=pk)
        if not self.has_view_permission(request, post):
            raise PermissionDenied
        if not permissions.can_reveal_post_author(request.user, post):
            raise PermissionDenied
        form = RevealForm(request.POST or None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "post": post,
            "form": form,
            "title": _("Reveal the author of an anonymous post"),
        }
        if request.method == "POST" and form.is_valid():
            try:
                author = services.author_reveal(
                    post=post, by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                context.update(revealed=True, author=author)
        return TemplateResponse(request, "admin/forums/post/reveal.html", context)


@admin.register(Report)
class ReportAdmin(NoAuthorLookups, admin.ModelAdmin):
    list_display = ["post", "reporter", "created_at", "resolved_at"]
    list_filter = ["resolved_at"]
    list_select_related = ["post__thread", "reporter"]
    readonly_fields = ["post", "reporter", "reason", "created_at"]


@admin.register(ModerationLog)
class ModerationLogAdmin(NoAuthorLookups, admin.ModelAdmin):
    list_display = ["created_at", "network", "actor", "action", "thread", "reason", "revealed"]
    list_filter = ["action"]
    list_select_related = ["network", "actor", "thread"]
    readonly_fields = ["revealed"]

    def get_queryset(self, request):
        # The name a reveal asked for is read back only by whoever revealed it, in the
        # query itself, so no other staff member's page ever holds it.
        own_reveal = Q(action=ModerationAction.REVEAL, actor_id=request.user.pk)
        return (
            super()
            .get_queryset(request)
            .annotate(
                revealed_name=Case(
                    When(own_reveal, then=F("post__author__display_name")), default=Value("")
                )
            )
        )

    @admin.display(description=_("revealed author (seen only by you)"))
    def revealed(self, entry: ModerationLog) -> str:
        return getattr(entry, "revealed_name", "") or ""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(ForumSettings)
