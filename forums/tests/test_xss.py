"""Hostile Markdown and HTML must render inert, both stored and in the preview."""

import re

import pytest

from forums import services
from forums.tests.factories import thread_with_posts

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    '<a href="#" onclick="alert(1)">klik</a>',
    "<body onload=alert(1)>",
    '<div onmouseover="alert(1)">najedź</div>',
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](  javascript:alert(1))",
    '<a href="javascript:alert(1)">klik</a>',
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![obraz](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    "<svg><script>alert(1)</script></svg>",
    '<svg onload="alert(1)"><circle r="5"/></svg>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><img src=x onerror=alert(1)></mtext></math>",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<style>body{background:url("javascript:alert(1)")}</style>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "<<script>script>alert(1)<</script>/script>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "[x](&#106;avascript:alert(1))",
    '<form action="https://evil.example"><input name=x></form>',
]

DANGEROUS = re.compile(
    r"<\s*(script|svg|iframe|object|style|math|form|input|body)\b|\son\w+\s*=|javascript:|vbscript:|data:|style=",
    re.IGNORECASE,
)


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_input_is_stored_inert(network, member, payload):
    thread = thread_with_posts(network, member, body=f"Tekst {payload} koniec")
    html = thread.posts.get().body_html
    assert not DANGEROUS.search(html), html


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_input_is_inert_in_the_preview(network, payload):
    assert not DANGEROUS.search(services.post_preview(network=network, body=payload))


@pytest.mark.parametrize("payload", HOSTILE[:6])
def test_hostile_thread_title_and_reason_are_escaped_on_the_page(
    client, network, member, coordinator, payload
):
    thread = thread_with_posts(network, member, title=payload)
    services.post_hide(post=thread.posts.get(), by=coordinator, reason=payload)
    client.force_login(member)
    content = client.get(thread.get_absolute_url()).content.decode()
    assert payload not in content


def test_external_links_get_nofollow_noopener(network, member):
    thread = thread_with_posts(network, member, body="[strona](https://example.org)")
    assert 'rel="nofollow noopener"' in thread.posts.get().body_html


def test_mention_with_markdown_characters_cannot_inject(network, member):
    from forums.tests.factories import member_of

    member_of(network, display_name="Ala_<b>*Kot*</b>")
    thread = thread_with_posts(network, member, body="@Ala_<b>*Kot*</b> cześć")
    assert not DANGEROUS.search(thread.posts.get().body_html)
