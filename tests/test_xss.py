"""No stored text, in any field a person can write, reaches a page as markup that runs.

Every payload of the corpus below is written, through the services, into every
user-writable field of every model (tests.world: profile, network, plan, meetings,
threads and posts, moderation reasons, join request and invitation messages,
materials, surveys with their questions, explanations, options, scale labels and text
answers, notifications). Then every page of the site is rendered — walked from the URL
resolver, as anonymous, member and coordinator, the survey answer page included — and
parsed: no element or attribute that can run script, load a frame or redirect may
appear unless the site's own templates put it there, and neither may the payloads'
markers. The Markdown fields go through nh3; everything else must be autoescaped.

Payloads travel in groups (one world per group) to keep the run short; a field shorter
than a group (tags, scale labels, display names) holds the group's first payloads, so
each group starts with short ones.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from notifications.models import EmailRecord
from tests.test_fuzz import _kwargs, path_kwargs, project_routes, reached, walk
from tests.world import build_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_request_log")]

MARK = "xss"
CORPUS = [
    # Short ones first: each group's first payloads are what the short fields hold.
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert('xss')>",
    "<svg onload=alert('xss')>",
    "\"><script>alert('xss')</script>",
    "'><img src=x onerror=alert('xss')>",
    "[xss](javascript:alert('xss'))",
    "<body onload=alert('xss')>",
    # Tags and event handlers.
    "<SCRIPT SRC=//evil.example/xss.js></SCRIPT>",
    '<img src="x" onerror="alert(`xss`)">',
    "<svg><script>alert('xss')</script></svg>",
    "<math><mtext><img src=x onerror=alert('xss')></mtext></math>",
    "<input autofocus onfocus=alert('xss')>",
    "<details open ontoggle=alert('xss')>",
    "<video><source onerror=\"alert('xss')\"></video>",
    "<marquee onstart=alert('xss')>xss</marquee>",
    "<scr<script>ipt>alert('xss')</scr</script>ipt>",
    "<img src=x:alert(alt) onerror=eval(src) alt='xss'>",
    "<div onmouseover=\"alert('xss')\">xss</div>",
    # Frames, objects and documents.
    "<iframe src=\"javascript:alert('xss')\"></iframe>",
    "<iframe srcdoc=\"<script>alert('xss')</script>\"></iframe>",
    "<object data=\"javascript:alert('xss')\"></object>",
    "<embed src=\"javascript:alert('xss')\">",
    "<form action=\"javascript:alert('xss')\"><button>xss</button></form>",
    '<base href="https://evil.example/xss/">',
    '<link rel=stylesheet href="https://evil.example/xss.css">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'xss\')">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/xss">',
    # URLs.
    "<a href=\"javascript:alert('xss')\">xss</a>",
    "<a href=\"JaVaScRiPt:alert('xss')\">xss</a>",
    "<a href=\" &#14; javascript:alert('xss')\">xss</a>",
    "<a href=\"vbscript:msgbox('xss')\">xss</a>",
    "<a href=\"data:text/html,<script>alert('xss')</script>\">xss</a>",
    "[xss](JAVASCRIPT:alert('xss'))",
    "[xss](data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzJyk8L3NjcmlwdD4=)",
    "![xss](javascript:alert('xss'))",
    "[xss](&#106;avascript:alert('xss'))",
    "<https://evil.example/xss?\"onmouseover=\"alert('xss')>",
    "javascript:alert('xss')",
    # Styles.
    "<div style=\"background:url(javascript:alert('xss'))\">xss</div>",
    "<div style=\"width:expression(alert('xss'))\">xss</div>",
    "<style>@import 'https://evil.example/xss.css';</style>",
    # Breaking out of attributes, elements and scripts.
    "\" onmouseover=\"alert('xss')",
    "' onfocus='alert(`xss`)' autofocus='",
    "</textarea><script>alert('xss')</script>",
    "</title><script>alert('xss')</script>",
    "--><script>alert('xss')</script><!--",
    "</script><script>alert('xss')</script>",
    "\\u003cscript\\u003ealert('xss')\\u003c/script\\u003e",
    # htmx attributes would make requests or run code without a <script>.
    '<div hx-get="/xss/" hx-trigger="load">xss</div>',
    "<div hx-on:click=\"alert('xss')\">xss</div>",
    # Template injection: these must come out as typed, never evaluated.
    "{{ 91237|add:1 }} {% debug %} ${91237*2} {{91237*3}} #{91237*4}",
]
EVALUATED = ("91238", "182474", "273711", "364948")
GROUP_SIZE = 7
GROUPS = [CORPUS[start : start + GROUP_SIZE] for start in range(0, len(CORPUS), GROUP_SIZE)]

# Elements our own templates never use: one on a page came from stored text.
FORBIDDEN_TAGS = {
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "svg",
    "math",
    "marquee",
    "style",
    "template",
    "video",
    "audio",
    "source",
}
OUR_EMAIL_STYLE = re.compile(r"<style>\s*@media \(prefers-color-scheme: dark\).*?</style>", re.S)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "srcset"}
HX_REQUESTS = {"hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete"}
BAD_SCHEMES = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)


def _ours(url: str) -> bool:
    """Whether an htmx request goes to one of the site's own views (ours always do)."""
    try:
        resolve(urlsplit(url).path)
    except Resolver404:
        return False
    return url.startswith("/")


class Inspector(HTMLParser):
    """Collects what on a page could run script, load content or redirect."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> element")
        if tag == "script":
            source, kind = attributes.get("src"), attributes.get("type", "")
            if source is not None and not source.startswith("/static/"):
                self.problems.append(f"<script src={source!r}>")
            self._script = "json" if kind == "application/json" else "code"
        if tag == "meta" and "http-equiv" in attributes:
            self.problems.append(f"<meta http-equiv={attributes['http-equiv']!r}>")
        href = attributes.get("href") or ""
        if tag == "link" and attributes.get("rel") != "license" and not href.startswith("/static/"):
            self.problems.append(f"<link href={href!r}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
            elif name.startswith("hx-on") or name in HX_REQUESTS and not _ours(value):
                self.problems.append(f"<{tag} {name}={value!r}> not one of our htmx requests")
            elif name == "srcdoc":
                self.problems.append(f"<{tag} srcdoc>")
            elif name in URL_ATTRIBUTES and BAD_SCHEMES.match(re.sub(r"[\x00-\x20]", "", value)):
                if not (tag == "img" and value.startswith("data:image/")):
                    self.problems.append(f"<{tag} {name}={value[:60]!r}>")
            elif name == "style" and re.search(r"expression\(|javascript:|url\(", value, re.I):
                self.problems.append(f"<{tag} style={value[:60]!r}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._script == "code" and data.strip():
            self.problems.append(f"inline script {data[:60]!r}")
        elif self._script == "json" and "<" in data:
            self.problems.append(f"unescaped '<' in a JSON script {data[:60]!r}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


# The admin's own templates draw icons with <svg> and load its translations as a script;
# there a payload's <svg> is still caught by its handler and the raw-payload check.
ADMIN_OWN = ("<svg> element", "<script src='/admin/jsi18n/'>")


def problems_in(html: str, *, admin: bool = False) -> list[str]:
    inspector = Inspector()
    inspector.feed(html)
    inspector.close()
    found = [p for p in inspector.problems if not (admin and p in ADMIN_OWN)]
    found += [f"evaluated template text {number}" for number in EVALUATED if number in html]
    found += [f"raw payload {p[:50]!r}" for p in CORPUS if "<" in p and p in html]
    return found


def pages(world) -> list[tuple[str, str, dict, bool]]:
    """(role, path, query, htmx) for every page and partial that can show stored text."""
    found = []
    search = {"q": f"{MARK} alert"}
    extra = {
        "networks:catalogue": [(search, False), (search, True)],
        "resources:bank": [(search, False), (search, True)],
        "forums:thread_list": [(search, False)],
        "forums:mentions": [({"q": world.member.display_name[:3]}, True)],
        "forums:thread_reply": [({"quote": str(world.post.pk)}, False)],
        "evaluation:survey_compare": [
            ({"first": world.open_survey.pk, "second": world.closed_survey.pk}, False)
        ],
    }
    for route in project_routes():
        path = reverse(route.name, kwargs=path_kwargs(route, world))
        for role in ("anonymous", "member", "coordinator"):
            found.append((role, path, {}, False))
            for query, htmx in extra.get(route.name, []):
                found.append((role, path, query, htmx))
    return found


def admin_pages(world) -> list[tuple[str, str, dict, bool]]:
    """Staff's lists and edit pages of every model (the admin escapes, but we check)."""
    routes = [r for r in walk() if r.name.endswith(("_changelist", "_change")) and r.is_admin]
    return [("staff", reverse(r.name, kwargs=path_kwargs(r, world)), {}, False) for r in routes]


@pytest.mark.parametrize("group", range(len(GROUPS)), ids=lambda n: f"payloads{n}")
def test_stored_payloads_never_reach_a_page_as_markup(group):
    payloads = GROUPS[group]
    world = build_world(" ".join(payloads))
    world.extra["kwargs"] = _kwargs(world)
    clients = {}
    for role, person in world.people().items():
        clients[role] = Client(raise_request_exception=True)
        if person is not None:
            clients[role].force_login(person)
    failures, rendered = [], 0
    # The admin for the first group only: its pages are slow and Django escapes them itself.
    for role, path, query, htmx in pages(world) + (admin_pages(world) if group == 0 else []):
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = clients[role].get(path, query, **headers)
        if not reached(response) or not response["Content-Type"].startswith("text/html"):
            continue
        rendered += 1
        for problem in problems_in(response.content.decode(), admin=role == "staff"):
            failures.append(f"{role} {path} {query}: {problem}")
    preview = clients["member"].post(
        reverse("forums:preview", kwargs={"network_slug": world.network.slug}),
        {"body": world.text},
    )
    failures += [f"preview: {problem}" for problem in problems_in(preview.content.decode())]
    for record in EmailRecord.objects.exclude(body_html=""):
        # The layout's own dark-mode rules are the one <style> an e-mail may carry
        # (notifications/email/base.html); any other is a payload.
        html = OUR_EMAIL_STYLE.sub("", record.body_html, count=1)
        failures += [f"e-mail {record.subject!r}: {p}" for p in problems_in(html)]
    print(f"\npayloads {group}: {rendered} pages rendered, {len(payloads)} payloads")
    assert rendered > 100
    assert not failures, "\n".join(sorted(set(failures))[:80])


def test_the_corpus_is_large_and_every_group_fits_the_long_fields():
    assert len(CORPUS) >= 40
    assert all(len(" ".join(group)) <= 500 for group in GROUPS)  # a question's text, 500


def test_the_inspector_catches_what_it_looks_for():
    """Each payload, pasted raw into a page, is caught: the checks above are not blind."""
    for payload in CORPUS:
        if "<" in payload:
            assert problems_in(f"<p>{payload}</p>"), payload
    assert not problems_in('<p title="&quot;&gt;&lt;script&gt;alert(1)">x</p>')
