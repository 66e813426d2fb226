"""No input makes the site answer 500: every URL, every parameter a view reads, odd values.

The URL patterns are walked from the resolver, not listed by hand, so a new page is
fuzzed the day it is added; its path is filled with real objects from tests.world
(KWARGS must say which — a test fails when a pattern has no entry). Each view's
query parameters are listed in GET_PARAMS, and a second test reads the views'
source to check that the list covers every key they take from request.GET. Forms
are found by crawling the pages (every <form method="post"> with its fields); each
is posted with hostile values in its text fields (the others kept valid, so the
services are reached) and then in every field. Each POST runs in a savepoint that
is rolled back, so the world stays the same for the next request.

Bounded for time: every hostile value for views that read parameters, a short list
for the others; ~3,000 requests in all.
"""

import contextlib
import dataclasses
import inspect
import re
import time
from collections import Counter, defaultdict
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import quote_from_bytes, urljoin, urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import NoReverseMatch, Resolver404

from tests.world import build_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_request_log")]

PROJECT_APPS = (
    "core",
    "accounts",
    "notifications",
    "networks",
    "forums",
    "resources",
    "evaluation",
)

# Values each view's parameters and form fields get. Strings are sent UTF-8 encoded (lone
# surrogates as the bytes a broken encoder would send); bytes are sent as they are.
SHORT = [
    "ab\x00cd",
    b"\xff\xfe",  # not UTF-8
    "\ud800",  # a lone surrogate, encoded as the invalid bytes ED A0 80
    "ż" * 5_000,  # 10 kB
    "\u202e\u200fe\u0301\u0301 😀👍🏽‍🧑‍🏫\ufeff",  # RTL marks, combining marks, emoji, BOM
]
FULL = SHORT + [
    "",
    "'",
    '"\\%_*:*',
    "!&|()<->",
    "-1",
    "99999999999999999999",
    "1e309",
    "٣",  # an Arabic-Indic digit: str.isdigit() is True
    "2026-02-30",
    "0001-01-01",
    "9999-12-31",
]
POST_VALUES = ["ab\x00cd", b"\xff", "\u202e\u200fe\u0301 😀", "a" * 30_000]
POST_EVERY_FIELD = ["\x00", "99999999999999999999"]
# Failures another branch fixes (the lead removes an entry once it is merged).

# Query parameters each view reads (from request.GET, directly or through a form).
BANK = ["q", "type", "level", "subject", "topic", "licence", "network", "institution", "sort"]
GET_PARAMS = {
    "evaluation:annual_report": ["start", "end", "school_year"],
    "evaluation:annual_report_request": ["start", "end", "school_year"],
    "networks:meeting_email_answer": ["answer"],
    "admin_login": ["next"],
    "networks:catalogue": [
        "q",
        "topic",
        "stage",
        "institution_type",
        "voivodeship",
        "join_policy",
        "strona",
    ],
    "resources:bank": [*BANK, "strona"],
    "resources:export_csv": BANK,
    "resources:export_xlsx": BANK,
    "resources:export_ris": BANK,
    "resources:my_networks": ["strona"],
    "resources:shelf": ["strona"],
    "resources:curation_queue": ["strona"],
    "resources:person": ["strona"],
    "resources:network_list": ["strona"],
    "forums:thread_list": ["q", "pokaz", "page"],
    "forums:thread_detail": ["page"],
    "forums:thread_reply": ["quote"],
    "forums:mentions": ["q"],
    "notifications:list": ["page"],
    "evaluation:survey_compare": ["first", "second"],
    "evaluation:statistics": ["school_year", "start", "end"],
    "evaluation:statistics_export": ["school_year", "start", "end"],
    "statistics:platform": ["school_year", "start", "end"],
    "statistics:platform_export": ["school_year", "start", "end"],
    "evaluation:my_balance": ["school_year", "start", "end"],
    "account_login": ["next"],
    "account_signup": ["next"],
    "account_logout": ["next"],
    "account_reauthenticate": ["next"],
}
# Every URL also gets one parameter nobody reads, and the login redirect's.
ALWAYS = ["next", "zzz"]

ROLES = ("anonymous", "member", "coordinator")


def _kwargs(w) -> dict:
    """Which object fills each URL's path; anything not listed needs no arguments."""
    net, fnet = {"slug": w.network.slug}, {"network_slug": w.network.slug}
    meeting = {**net, "pk": w.meeting.pk}
    thread, reply = {**fnet, "pk": w.thread.pk}, {**fnet, "pk": w.reply.pk}
    draft, open_, closed = (
        {**fnet, "pk": survey.pk} for survey in (w.draft_survey, w.open_survey, w.closed_survey)
    )
    question = {**draft, "question_id": w.draft_survey.questions.order_by("pk")[1].pk}
    resource, file = {"pk": w.resource.pk}, {"file_pk": w.resource_file.pk}
    table = {
        "notifications:open": {"pk": w.notification.pk},
        "notifications:unsubscribe": {"token": w.unsubscribe_token},
        "networks:invitation": {"token": w.invitation.token},
        "networks:person": {"pk": w.member.pk},
        "networks:calendar_feed": {"token": w.calendar_token},
        "networks:member_role": {**net, "pk": w.membership.pk},
        "networks:member_remove": {**net, "pk": w.membership.pk},
        "networks:request_decide": {**net, "pk": w.join_request.pk},
        "networks:invitation_revoke": {**net, "pk": w.invitation.pk},
        "networks:goal_edit": {**net, "pk": w.goal.pk},
        "networks:outcome_comment": {**net, "pk": w.outcome.pk},
        "networks:goal_delete": {**net, "pk": w.goal.pk},
        "networks:activity_edit": {**net, "pk": w.activity.pk},
        "networks:activity_delete": {**net, "pk": w.activity.pk},
        "networks:meeting_link_remove": {**meeting, "link_pk": w.link.pk},
        "networks:meeting_rsvp": {**net, "pk": w.upcoming_meeting.pk},
        "forums:report_dismiss": {**fnet, "pk": w.report.pk},
        "forums:post_decide": {**fnet, "pk": w.pending_post.pk},
        "forums:post_reveal": {**fnet, "pk": w.anonymous_post.pk},
        "forums:attachment": {**fnet, "pk": w.attachment.pk},
        "forums:attachment_thumbnail": {**fnet, "pk": w.attachment.pk},
        "certificate_verify": {"code": w.certificate_code},
        "networks:certificate_download": {"code": w.certificate_code},
        "evaluation:annual_report_download": {**fnet, "pk": w.annual_report_pk},
        "evaluation:survey_answer": open_,
        "evaluation:survey_close": open_,
        "evaluation:survey_results": closed,
        "evaluation:survey_export": {**closed, "fmt": "csv"},
        "evaluation:statistics_export": {**fnet, "fmt": "csv"},
        "statistics:platform_export": {"fmt": "csv"},
        "evaluation:question_edit": question,
        "evaluation:question_move": question,
        "evaluation:question_delete": question,
        "resources:person": {"user_pk": w.member.pk},
        "resources:submit": {"pk": w.draft_resource.pk},
        "resources:curate": {"pk": w.submitted_resource.pk},
        "help:guide": {"slug": "koordynator"},
        "accounts:data_export_download": {"pk": 1},
        "inbound:webhook": {"provider": "postmark"},
        "inbound:webhook_mime": {"provider": "mailgun"},
        # Signed links: a forged token must be refused without a server error.
        "networks:meeting_email_answer": {"token": "forged.token"},
        "evaluation:survey_email_answer": {**open_, "token": "forged.token"},
        "networks:stage_task_tick": {**net, "key": "recruitment"},
        "networks:goal_agree": {**net, "pk": w.goal.pk},
        "networks:poll": {**net, "pk": 1},
        "networks:poll_choose": {**net, "pk": 1},
    }
    by_prefix = [
        ("networks:meeting", meeting),
        ("networks:", net),
        ("forums:thread_", thread),
        ("forums:post_", reply),
        ("forums:", fnet),
        ("evaluation:survey_", draft),
        ("evaluation:", fnet),
        ("resources:network_list", fnet),
        ("resources:add", fnet),
        ("resources:download", file),
        ("resources:thumbnail", file),
        ("resources:replace_file", file),
        ("resources:", resource),
    ]
    return table, by_prefix


@dataclasses.dataclass
class Route:
    name: str
    pattern: URLPattern
    route: str
    callback: object
    converters: dict  # argument name -> converter, the including patterns' as well

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:")

    @property
    def is_project(self) -> bool:
        module = getattr(inspect.unwrap(self.callback), "__module__", "")
        return module.split(".")[0] in PROJECT_APPS


def _arguments(pattern) -> dict:
    converters = dict(getattr(pattern, "converters", {}))
    for name in re.compile(pattern.regex.pattern).groupindex:
        converters.setdefault(name, None)
    return converters


def walk(patterns=None, prefix: str = "", namespace: str = "", converters=None):
    """Every URL pattern of the project (resolver.url_patterns, recursively), with its name."""
    converters = converters or {}
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        arguments = {**converters, **_arguments(entry.pattern)}
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            ns = f"{namespace}:{inner}".strip(":") if inner else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns, arguments)
        else:
            name = f"{namespace}:{entry.name}".strip(":") if entry.name else ""
            yield Route(name, entry, prefix + str(entry.pattern), entry.callback, arguments)


def path_kwargs(route: Route, world) -> dict | None:
    """The kwargs that reverse the route to a real object; None if the route takes none."""
    names = list(route.converters)
    if not names:
        return {}
    if route.is_admin:
        return _admin_kwargs(route, names, world)
    if not route.is_project:  # allauth's keys: any value reaches the view's "invalid link" page
        return {name: "1" if name == "uidb36" else "abc-def" for name in names}
    table, by_prefix = world.extra["kwargs"]
    if route.name in table:
        return table[route.name]
    for prefix, kwargs in by_prefix:
        if route.name.startswith(prefix) and set(names) <= set(kwargs):
            return {name: kwargs[name] for name in names}
    return None


def _admin_kwargs(route, names, world) -> dict:
    model_admin = getattr(route.callback, "model_admin", None)
    values = {"app_label": "networks", "content_type_id": "1", "url": "nie-ma/"}
    if model_admin is not None:
        first = model_admin.model._default_manager.order_by("pk").first()
        values["object_id"] = first.pk if first else 1
        values["id"] = values["object_id"]
    else:
        values["object_id"] = world.member.pk
    return {name: values.get(name, "1") for name in names}


def encode(value) -> str:
    raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
    return quote_from_bytes(raw, safe="")


def query_string(params: dict) -> str:
    return "&".join(f"{encode(key)}={encode(value)}" for key, value in params.items())


class FormCollector(HTMLParser):
    """The POST forms of a page: action and fields (name -> (kind, default value))."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "fields": {}}
            self.forms.append(self._form)
        if self._form is None or not attrs.get("name"):
            return
        fields, name = self._form["fields"], attrs["name"]
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attrs or name not in fields:
                    fields[name] = (kind, attrs.get("value", "on"))
            elif kind not in ("submit", "button", "image", "reset"):
                fields[name] = (kind, attrs.get("value") or "")
        elif tag == "button" and attrs.get("value") is not None:
            fields.setdefault(name, ("button", attrs["value"]))
        elif tag == "textarea":
            self._textarea = name
            fields[name] = ("textarea", "")
        elif tag == "select":
            self._select = name
            fields[name] = ("select", "")
        elif tag == "option" and self._select:
            pass

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            kind, value = self._form["fields"][self._textarea]
            self._form["fields"][self._textarea] = (kind, value + data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


class _OptionCollector(HTMLParser):
    """Fills each select's default: its selected option, or the first with a value."""

    def __init__(self, forms):
        super().__init__()
        self.forms, self._select, self._index = forms, None, -1

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._index += 1
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and 0 <= self._index < len(self.forms):
            fields = self.forms[self._index]["fields"]
            kind, value = fields.get(self._select, ("select", ""))
            option = attrs.get("value", "")
            if "selected" in attrs or (not value and option):
                fields[self._select] = (kind, option)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def collect_forms(html: str, page_url: str) -> list[tuple[str, dict]]:
    parser = FormCollector()
    parser.feed(html)
    _OptionCollector(parser.forms).feed(html)
    found = []
    for form in parser.forms:
        path = urlsplit(urljoin(page_url, form["action"])).path
        found.append((path, form["fields"]))
    return found


TEXT_KINDS = {"text", "textarea", "search", "email", "url", "tel", "password", None}


class Fuzzer:
    def __init__(self, world, role: str):
        self.world, self.role = world, role
        self.client = Client(raise_request_exception=False)
        person = world.people()[role]
        if person is not None:
            self.client.force_login(person)
        self.cookies = SimpleCookie(self.client.cookies.output(header="", sep="\n"))
        self.failures: list[str] = []
        self.counts: Counter = Counter()
        self.forms: dict[str, dict] = defaultdict(dict)
        self.reached_posts: set[str] = set()

    def check(self, method: str, url: str, response, note: str = "") -> None:
        self.counts[method] += 1
        if response.status_code >= 500:
            error = getattr(response, "exc_info", None)
            reason = f"{error[0].__name__}: {str(error[1])[:160]}" if error else ""
            self.failures.append(f"{self.role} {method} {url[:160]} {note} -> {reason}")

    def get(self, path: str, params: dict, *, htmx: bool = False):
        extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = self.client.get(path, QUERY_STRING=query_string(params), **extra)
        self.check("GET", f"{path}?{query_string(params)}", response)
        content_type = response.get("Content-Type", "")
        if response.status_code == 200 and content_type.startswith("text/html") and not params:
            for action, fields in collect_forms(response.content.decode(), path):
                self.forms[action].update(fields)
        return response

    def post(self, path: str, data: dict, note: str):
        body = query_string(data)
        with transaction.atomic():
            response = self.client.post(
                path, body, content_type="application/x-www-form-urlencoded"
            )
            transaction.set_rollback(True)
        self.check("POST", path, response, note)
        # A POST may log out or rotate the session; the next request starts as before.
        self.client.cookies = SimpleCookie(self.cookies.output(header="", sep="\n"))
        return response


def reached(response) -> bool:
    """Whether the view went past its checks: refused (401-405) or sent to log in, it read nothing."""
    if 401 <= response.status_code <= 405:
        return False
    return not (response.status_code == 302 and "/accounts/login/" in response["Location"])


def fuzz_get(fuzzer: Fuzzer, routes: list[Route]) -> None:
    for route in routes:
        kwargs = path_kwargs(route, fuzzer.world)
        path = reverse(route.name, kwargs=kwargs)
        for variant in path_variants(route, kwargs):
            fuzzer.get(variant, {})
        params = GET_PARAMS.get(route.name, [])
        # The parameter nobody reads, so even a refused request meets odd input once.
        if not reached(fuzzer.get(path, dict.fromkeys(ALWAYS, SHORT[0]))):
            continue
        fuzzer.get(path, {})
        if not params:  # nothing more to vary; its htmx branch, if any, once
            fuzzer.get(path, {}, htmx=True)
            continue
        for number, value in enumerate(FULL):
            fuzzer.get(path, dict.fromkeys([*params, *ALWAYS], value), htmx=number % 2 == 1)
        for param in params:  # each alone: one bad value must not hide another's effect
            for value in SHORT[:2]:
                fuzzer.get(path, {param: value})


def path_variants(route: Route, kwargs: dict) -> list[str]:
    """The route with an argument replaced by a value of the right shape that finds nothing."""
    variants = []
    for name, converter in route.converters.items():
        odd = {
            "IntConverter": ["99999999999999999999"],
            "StringConverter": ["\x00", "'", "ż" * 300],
            "PathConverter": ["\x00/'"],
        }.get(type(converter).__name__, [])
        for value in odd:
            with contextlib.suppress(NoReverseMatch):  # a value the route refuses is no variant
                variants.append(reverse(route.name, kwargs={**kwargs, name: value}))
    return variants[:2]


def fuzz_post(fuzzer: Fuzzer, routes: list[Route], post_keys: dict[str, set[str]]) -> None:
    for route in routes:
        path = reverse(route.name, kwargs=path_kwargs(route, fuzzer.world))
        fields = dict(fuzzer.forms.get(path, {}))
        for key in post_keys.get(route.name, ()):
            fields.setdefault(key, ("text", ""))
        fields.pop("csrfmiddlewaretoken", None)
        if not fields:
            fields = {"zzz": ("text", "")}
        defaults = {name: value for name, (kind, value) in fields.items() if kind != "file"}
        texts = [name for name, (kind, _value) in fields.items() if kind in TEXT_KINDS]
        first = fuzzer.post(path, {**defaults, **dict.fromkeys(texts, POST_VALUES[0])}, "text")
        if not reached(first):
            continue
        fuzzer.reached_posts.add(route.name)
        for value in POST_VALUES[1:]:
            fuzzer.post(path, {**defaults, **dict.fromkeys(texts, value)}, "text fields")
        for value in POST_EVERY_FIELD:
            fuzzer.post(path, dict.fromkeys(defaults or ["zzz"], value), "every field")


def project_routes() -> list[Route]:
    routes = [route for route in walk() if not route.is_admin and route.name]
    return [route for route in routes if route.name != "health"]


def view_source(callback) -> str:
    """The view's source and that of the module's own helpers it calls (one level)."""
    view = inspect.unwrap(callback)
    module = inspect.getmodule(view)
    source = inspect.getsource(view)
    for name in set(re.findall(r"\b(_?\w+)\(", source)):
        helper = getattr(module, name, None)
        if inspect.isfunction(helper) and helper.__module__ == module.__name__:
            source += inspect.getsource(helper)
    return source


def read_keys(callback, where: str) -> set[str]:
    """The keys a view reads from request.GET or request.POST, directly or through a form."""
    view = inspect.unwrap(callback)
    module = inspect.getmodule(view)
    source = view_source(callback)
    keys = set(re.findall(rf'request\.{where}\.get\(\s*"(\w+)"', source))
    keys |= set(re.findall(rf'request\.{where}\[\s*"(\w+)"\s*\]', source))
    for target in re.findall(rf"([\w.]+)\(\s*request\.{where}\b(?!\.)", source):
        owner = module
        for part in target.split(".")[:-1] if target.endswith("from_query") else target.split("."):
            owner = getattr(owner, part, None)
        if inspect.isclass(owner) and hasattr(owner, "base_fields"):
            keys |= set(owner.base_fields)
        elif dataclasses.is_dataclass(owner):
            keys |= {f.name for f in dataclasses.fields(owner)}
        elif owner is None:
            raise AssertionError(f"cannot tell which keys {target} reads in {view.__name__}")
    return keys


@pytest.fixture
def world(db):
    built = build_world()
    built.extra["kwargs"] = _kwargs(built)
    return built


@pytest.fixture
def no_input_middleware(settings):
    """The views themselves must cope; the middleware that answers 400 first is only a belt."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "RejectUnusableInput" not in m]


def test_every_project_route_has_real_objects_for_its_path(world):
    missing = [route.name for route in walk() if path_kwargs(route, world) is None]
    assert not missing, f"add these URL names to _kwargs in tests/test_fuzz.py: {missing}"


def test_every_query_parameter_a_view_reads_is_fuzzed():
    uncovered = {}
    for route in project_routes():
        if not route.is_project:
            continue
        unread = read_keys(route.callback, "GET") - set(GET_PARAMS.get(route.name, []))
        if unread:
            uncovered[route.name] = sorted(unread)
    assert not uncovered, f"add these to GET_PARAMS in tests/test_fuzz.py: {uncovered}"


@pytest.mark.parametrize("role", ROLES)
def test_no_query_string_or_form_input_makes_a_server_error(world, role, no_input_middleware):
    started = time.monotonic()
    fuzzer = Fuzzer(world, role)
    routes = project_routes()
    fuzz_get(fuzzer, routes)
    if role != "anonymous":
        post_keys = {r.name: read_keys(r.callback, "POST") for r in routes if r.is_project}
        fuzz_post(fuzzer, routes, post_keys)
    print(
        f"\n{role}: {len(routes)} URL patterns, {fuzzer.counts['GET']} GET and "
        f"{fuzzer.counts['POST']} POST requests ({len(fuzzer.reached_posts)} form endpoints "
        f"reached) in {time.monotonic() - started:.1f} s"
    )
    assert not fuzzer.failures, "\n".join(fuzzer.failures[:60])


def test_the_admin_answers_odd_searches_sorts_and_pages_without_a_server_error(world):
    fuzzer = Fuzzer(world, "staff")
    routes = [route for route in walk() if route.is_admin and route.name]
    for route in routes:
        path = reverse(route.name, kwargs=path_kwargs(route, world))
        fuzzer.get(path, {})
        if route.name.endswith("_changelist"):
            for value in SHORT:
                fuzzer.get(path, {"q": value, "o": value, "p": value})
    print(f"\nadmin: {len(routes)} URL patterns, {fuzzer.counts['GET']} GET requests")
    assert not fuzzer.failures, "\n".join(fuzzer.failures[:60])


def test_unusable_urls_are_refused_before_any_view(world, client):
    """With the middleware in place, a NUL or a non-UTF-8 query string is a 400 everywhere."""
    client.force_login(world.member)
    for route in project_routes():
        path = reverse(route.name, kwargs=path_kwargs(route, world))
        for value in ("\x00", b"\xff\xfe"):
            response = client.get(path, QUERY_STRING=query_string({"q": value}))
            assert response.status_code == 400, path


def test_resolver_walk_reaches_every_route_with_its_real_view(world):
    """The walk is the resolver's own: every reversed path resolves back to the same view."""
    for route in walk():
        if not route.name:
            continue
        path = reverse(route.name, kwargs=path_kwargs(route, world))
        try:
            match = resolve(path)
        except Resolver404:  # pragma: no cover - the assertion below explains
            match = None
        if route.name == "admin:login":  # the site's login guards the admin (accounts.views)
            assert match.func.__name__ == "admin_login"
            continue
        assert match is not None and match.func == route.callback, route.name
    assert settings.ROOT_URLCONF == "config.urls"
