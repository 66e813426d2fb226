"""The thread page's posts, each rendered once per version of the post and kind of reader.

A rendered post is cached (core.fragments) under a key made of everything its HTML is made
of: the post's own fields (text, status, edit, hide and delete times, the hiding reason,
the quoted post's number), its author as this reader sees them, its attachments, the
network it is in (its URLs), the language, time zone and code version, and the reader's
per-post capabilities (`permissions.PostCapabilities`), whether the post is new to them
and whether it is their own anonymous post. An edit, a hide, an approval, a move, a
changed attachment or a renamed author gives a new key, so nothing has to be deleted for
readers to see a change at once, whichever process, admin page or shell made it.

What one reader must never see of another stays out of the HTML that is shared: the
CSRF token of the forms (a secret placeholder, replaced for each reader) and the author
of an anonymous post (neither rendered nor hashed into the key; the reader sees
"anonymous participant", or "You (anonymous participant)" when it is theirs, which the key
tells apart).
"""

from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from core import fragments
from forums.models import Post

POST_TEMPLATE = "forums/partials/_post.html"
# Rendered posts are found again by their content; an entry nobody asks for expires.
TIMEOUT = 7 * 24 * 60 * 60

# Post fields the rendered post shows (through the key below) and those it does not; a test
# makes every new field of Post take a side.
RENDERED_FIELDS = {
    "id",
    "thread",
    "number",
    "author",
    "is_anonymous",
    "body_html",
    "quoted",
    "status",
    "created_at",
    "edited_at",
    "deleted_at",
    "hidden_at",
    "hidden_reason",
}
NOT_RENDERED_FIELDS = {"body", "hidden_by", "search_vector"}

# A number no post will reach, reversed in place of a post's id and then replaced by it.
_PK = 987_654_321_987


class PostUrls:
    """The URLs of the posts of one network: each name reversed once, then filled in per post."""

    def __init__(self, network_slug: str):
        self.network_slug = network_slug
        self._parts: dict[str, tuple[str, str]] = {}

    def __call__(self, name: str, pk: int) -> str:
        parts = self._parts.get(name)
        if parts is None:
            kwargs = {"pk": _PK}
            if name.startswith("forums:"):
                kwargs["network_slug"] = self.network_slug
            prefix, _sentinel, suffix = reverse(name, kwargs=kwargs).rpartition(str(_PK))
            parts = self._parts[name] = (prefix, suffix)
        return f"{parts[0]}{pk}{parts[1]}"


def _attachments(post: Post, urls: PostUrls) -> list[dict]:
    return [
        {
            **attachment,
            "url": urls("forums:attachment", attachment["pk"]),
            "thumbnail_url": urls("forums:attachment_thumbnail", attachment["pk"]),
        }
        for attachment in post.attachment_rows or ()
    ]


def _post_urls(post: Post, urls: PostUrls) -> dict:
    pk = post.pk
    return {
        "author": urls("networks:person", post.author_id) if post.author_id else "",
        "permalink": urls("forums:post_permalink", pk),
        "quoted": urls("forums:post_permalink", post.quoted_id) if post.quoted_id else "",
        "quote": f"{urls('forums:thread_reply', post.thread_id)}?quote={pk}",
        "edit": urls("forums:post_edit", pk),
        "delete": urls("forums:post_delete", pk),
        "history": urls("forums:post_history", pk),
        "report": urls("forums:post_report", pk),
        "hide": urls("forums:post_hide", pk),
        "decide": urls("forums:post_decide", pk),
        "reveal": urls("forums:post_reveal", pk),
    }


def _author_shown(post: Post) -> tuple:
    """The author as the HTML shows them: for an anonymous post nothing that names them."""
    author = post.author
    erased = author is not None and author.is_erased
    if post.is_anonymous:
        return ("anonymous", post.author_label, erased)
    return (post.author_id, post.author_label, erased)


def post_key(post: Post, page_hasher) -> str:
    """The cache key of one post as one reader sees it (see the module's docstring)."""
    own = (
        post.thread_id,
        post.number,
        post.status,
        post.is_anonymous,
        _author_shown(post),
        post.created_at,
        post.edited_at,
        post.deleted_at,
        post.hidden_at,
        post.hidden_reason,
        post.quoted_id,
        post.quoted_number,
        post.attachment_rows,
        post.capabilities.key,
        post.is_new,
    )
    digest = page_hasher.copy()
    digest.update(repr(own).encode())
    digest.update(post.body_html.encode())
    return f"forums:post:{post.pk}:{digest.hexdigest()}"


def _render(post: Post, network, urls: PostUrls) -> str:
    context = {
        "post": post,
        "may": post.capabilities,
        "urls": _post_urls(post, urls),
        "attachments": _attachments(post, urls),
        "network": network,
        "csrf_token": fragments.csrf_placeholder(),
    }
    return get_template(POST_TEMPLATE).render(context)


def rendered_posts(request, posts: list[Post], network) -> list[SafeString]:
    """The posts of a thread page as HTML, from the cache where it holds them (one round trip),
    rendered and stored where it does not."""
    if not posts:
        return []
    page_hasher = fragments.key_hasher("forums.post", network.slug)
    keys = [post_key(post, page_hasher) for post in posts]
    found = fragments.get_many(keys)
    missing = {}
    urls = PostUrls(network.slug)
    for post, key in zip(posts, keys, strict=True):
        if key not in found:
            found[key] = missing[key] = _render(post, network, urls)
    if missing:
        fragments.set_many(missing, TIMEOUT)
    # Our template's output (rendered above, or by another process from the same key).
    return [mark_safe(fragments.fill_csrf(found[key], lambda: get_token(request))) for key in keys]  # noqa: S308
