"""How an e-mail looks in a mail client: styles inlined, threads grouped.

Mail clients drop or ignore <style> (Gmail in many views, Outlook.com, most webmail,
Polish ones included), so the stylesheet of the e-mail templates is written once in
notifications/email/base.html and moved into style="" attributes when the e-mail is
built. Only what cannot be inlined stays in <style>: the dark-mode @media rules, which
the clients that honour them (Apple Mail, Outlook for Mac and iOS, Thunderbird) read
from there, while the others keep the inline light colours.
"""

import re
from urllib.parse import urlsplit

import css_inline
from django.conf import settings

# load_remote_stylesheets=False: an e-mail never fetches anything while it is built.
_inliner = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
_THREAD_KEY = re.compile(r"^[a-z0-9][a-z0-9.-]*$")


def html_inline(html: str) -> str:
    """The HTML with its <style> rules moved into style attributes (@media rules kept)."""
    if not html:
        return html
    return _inliner.inline(html)


def thread_reference(thread: str) -> str:
    """The Message-ID-like reference every e-mail about one thing (a meeting, a thread of
    posts) points to, so that the reader's client shows them as one conversation."""
    if not _THREAD_KEY.match(thread):
        raise ValueError(f"A thread key is lowercase letters, digits, dots and dashes: {thread!r}")
    domain = urlsplit(settings.SITE_URL).hostname or "sieci.invalid"
    return f"<sieci.{thread}@{domain}>"


def thread_headers(thread: str) -> dict[str, str]:
    """In-Reply-To and References naming the thread's reference: Thunderbird, Apple Mail and
    Gmail group by References; Outlook by the subject."""
    if not thread:
        return {}
    reference = thread_reference(thread)
    return {"In-Reply-To": reference, "References": reference}
