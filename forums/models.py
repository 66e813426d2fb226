"""Threads and posts inside a network, their attachments, read state, following and moderation."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.files import private_storage
from networks.models import Network

POSTS_PER_PAGE = 30


class PostStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    PENDING = "pending", _("Waiting for approval")
    REJECTED = "rejected", _("Rejected")


class Thread(models.Model):
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="threads", verbose_name=_("network")
    )
    title = models.CharField(_("title"), max_length=200)
    # The first post's author, repeated so a thread waiting for approval is shown to them;
    # for an anonymous thread it says no more than that post's own author column does.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="forum_threads",
        verbose_name=_("author"),
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    # A thread whose first post waits for approval is seen only by its author and the coordinators.
    status = models.CharField(
        _("status"), max_length=16, choices=PostStatus.choices, default=PostStatus.PUBLISHED
    )
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_post_at = models.DateTimeField(_("last activity"), default=timezone.now)
    # The number given to the newest post; posts are numbered 1, 2, 3… and never renumbered,
    # so a post's page (and its permalink) never changes.
    last_number = models.PositiveIntegerField(default=0)
    # Published posts, kept with F() by the services (deleted and hidden ones still count:
    # they keep their place in the thread).
    post_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-is_pinned", "-last_post_at", "-pk"]
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        indexes = [models.Index(fields=["network", "-is_pinned", "-last_post_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "forums:thread_detail", kwargs={"network_slug": self.network.slug, "pk": self.pk}
        )

    @property
    def page_count(self) -> int:
        return max(1, -(-self.last_number // POSTS_PER_PAGE))


class Post(models.Model):
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("thread")
    )
    number = models.PositiveIntegerField(_("number"))
    # Kept for anonymous posts too: the author edits and deletes their post, sees it as
    # theirs and is told of a reveal. This column (with Thread.author) is the one place a
    # reader of the database finds who wrote an anonymous post; every other table
    # (activity log, revisions, notifications, read state, following) leaves the author
    # out or keeps only the day. Nothing shown on the site or in the admin reads it for an
    # anonymous post except for its author and the logged reveal (docs/anonymity.md).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="forum_posts",
        verbose_name=_("author"),
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    body = models.TextField(_("text"), max_length=20_000)
    # Rendered and sanitised once, when written; shown as is.
    body_html = models.TextField(editable=False)
    quoted = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quoted post"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PostStatus.choices, default=PostStatus.PUBLISHED
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.CharField(_("reason"), max_length=500, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["number"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.UniqueConstraint(fields=["thread", "number"], name="one_post_per_number")
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="forums_post_search_idx"),
            models.Index(fields=["created_at"], name="forums_post_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.thread} #{self.number}"

    def get_absolute_url(self) -> str:
        return reverse(
            "forums:post_permalink",
            kwargs={"network_slug": self.thread.network.slug, "pk": self.pk},
        )

    @property
    def page(self) -> int:
        return (self.number - 1) // POSTS_PER_PAGE + 1

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_pending(self) -> bool:
        return self.status == PostStatus.PENDING

    @property
    def is_published(self) -> bool:
        return self.status == PostStatus.PUBLISHED


class PostRevision(models.Model):
    """The text a post had before an edit; moderators see the history."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    body_html = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # When this text was replaced by a newer one.
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-replaced_at", "-pk"]
        verbose_name = _("earlier version")
        verbose_name_plural = _("earlier versions")

    def __str__(self) -> str:
        return f"{self.post} @ {self.replaced_at:%Y-%m-%d %H:%M}"


def attachment_path(instance, filename: str) -> str:
    return f"forums/{timezone.now():%Y/%m}/{filename}"


class Attachment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    # Attachments are for the network's members only: private storage, served by a view.
    file = models.FileField(upload_to=attachment_path, storage=private_storage, max_length=300)
    thumbnail = models.FileField(
        upload_to=attachment_path, storage=private_storage, max_length=300, blank=True
    )
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(default=0)
    is_image = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class ReadState(models.Model):
    """How far one person has read one thread (the highest post number they have seen)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_states")
    last_read_number = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="one_read_state_per_thread")
        ]

    def __str__(self) -> str:
        return f"{self.user} read {self.thread} to #{self.last_read_number}"


class Subscription(models.Model):
    """A person follows a thread and is notified of replies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_subscriptions"
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="subscriptions")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="one_subscription_per_thread")
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.thread}"


class ForumSettings(models.Model):
    """A network's discussion settings that the coordinators choose."""

    network = models.OneToOneField(Network, on_delete=models.CASCADE, related_name="forum_settings")
    approve_first_posts = models.BooleanField(
        _("approve new members' first posts"),
        default=False,
        help_text=_(
            "A member's first post is shown to others only after a coordinator approves it."
        ),
    )

    class Meta:
        verbose_name = _("discussion settings")
        verbose_name_plural = _("discussion settings")

    def __str__(self) -> str:
        return str(self.network)


class Report(models.Model):
    """A member tells the coordinators that a post breaks the network's rules."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("what is wrong"), max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=Q(resolved_at__isnull=True),
                name="one_open_report_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.post}: {self.reason[:40]}"


class ModerationAction(models.TextChoices):
    PIN = "pin", _("Pinned the thread")
    UNPIN = "unpin", _("Unpinned the thread")
    LOCK = "lock", _("Locked the thread")
    UNLOCK = "unlock", _("Unlocked the thread")
    HIDE = "hide", _("Hid a post")
    UNHIDE = "unhide", _("Showed a hidden post again")
    MOVE_OUT = "move_out", _("Moved the thread to another network")
    MOVE_IN = "move_in", _("Moved the thread here from another network")
    APPROVE = "approve", _("Approved a post")
    REJECT = "reject", _("Rejected a post")
    REVEAL = "reveal", _("Revealed the author of an anonymous post")
    DISMISS_REPORT = "dismiss_report", _("Dismissed a report")
    SETTINGS = "settings", _("Changed the discussion settings")


class ModerationLog(models.Model):
    """Every moderation action, who took it and why."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(
        Thread, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    post = models.ForeignKey(
        Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=24, choices=ModerationAction.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    details = models.CharField(_("details"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d})"


class ThreadVersion(models.Model):
    """A number that changes whenever anything a thread's posts show may have changed: one
    of its posts or their attachments written, or the name of one of their authors.

    Kept by the database's triggers (migration 0004), never by Django, so that no change
    escapes it, whichever service, admin page, bulk update or shell made it, and no save of
    a thread loaded earlier can put an older number back. The number comes from one
    sequence: it never repeats, so a page of posts cached under it can never be stale.
    No foreign key: the triggers write it while a thread's posts are being deleted.
    """

    thread_id = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.thread_id}: {self.version}"
