from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from forums import services
from forums.models import (
    Attachment,
    ForumSettings,
    ModerationLog,
    Post,
    PostRevision,
    Report,
    Thread,
)


class PostRevisionInline(admin.TabularInline):
    model = PostRevision
    extra = 0
    can_delete = False
    readonly_fields = ["replaced_at", "edited_by", "body"]
    exclude = ["body_html"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    can_delete = False
    readonly_fields = ["name", "content_type", "size", "is_image", "created_at"]
    exclude = ["file", "thumbnail"]


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
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
class PostAdmin(admin.ModelAdmin):
    list_display = ["__str__", "shown_author", "status", "created_at", "edited_at", "hidden_at"]
    list_filter = ["status", "is_anonymous"]
    search_fields = ["thread__title", "body"]
    list_select_related = ["thread", "author"]
    exclude = ["author", "search_vector"]
    # The text is changed on the site, where edits keep revisions and moderation is
    # logged; an admin edit would bypass both (and leave the rendered HTML stale).
    readonly_fields = [
        "thread", "number", "body", "is_anonymous", "quoted", "created_at", "edited_at"
    ]  # fmt: skip
    inlines = [AttachmentInline, PostRevisionInline]
    actions = ["reveal_authors"]

    @admin.display(description=_("author"))
    def shown_author(self, post: Post) -> str:
        if post.is_anonymous:
            return _("Anonymous participant")
        return post.author.public_name if post.author else "—"

    @admin.action(description=_("Reveal the authors of the selected anonymous posts (logged)"))
    def reveal_authors(self, request, queryset):
        for post in queryset.filter(is_anonymous=True).select_related("thread__network", "author"):
            author = services.author_reveal(post=post, by=request.user, reason="admin")
            name = f"{author.public_name} <{author.email}>" if author else "—"
            self.message_user(request, f"{post}: {name}", messages.INFO)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["post", "reporter", "created_at", "resolved_at"]
    list_filter = ["resolved_at"]
    list_select_related = ["post__thread", "reporter"]
    readonly_fields = ["post", "reporter", "reason", "created_at"]


@admin.register(ModerationLog)
class ModerationLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "network", "actor", "action", "thread", "reason"]
    list_filter = ["action"]
    list_select_related = ["network", "actor", "thread"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(ForumSettings)
