import pytest

from core.markdown import plain_text, render_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="vbscript:msgbox(1)">x</a>',
    '<svg onload="alert(1)"><circle r="5"/></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<a href="https://ok.example" onclick="alert(1)">x</a>',
    "![x](javascript:alert(1))",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<object data='x.swf'></object><embed src='x.swf'>",
    '<form action="https://evil.example"><input name=a></form>',
    "<div onmouseover='alert(1)'>najedź</div>",
]


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_input_renders_inert(source):
    html = render_markdown(source).lower()
    for forbidden in (
        "<script",
        "onerror",
        "onload",
        "onclick",
        "onmouseover",
        "javascript:",
        "vbscript:",
        "data:text",
        "<svg",
        "<iframe",
        "<object",
        "<embed",
        "<form",
        "<style",
        "style=",
    ):
        assert forbidden not in html, (source, html)


def test_markdown_formatting_survives():
    html = render_markdown("**Ważne**: zobacz [materiał](https://example.org/a)\n\n- jeden\n- dwa")
    assert "<strong>Ważne</strong>" in html
    assert '<a href="https://example.org/a" rel="nofollow noopener">materiał</a>' in html
    assert "<li>jeden</li>" in html


def test_plain_text_is_escaped():
    assert "&lt;b&gt;" in render_markdown("`<b>`")


def test_plain_text_keeps_list_items_apart_and_unescapes():
    html = render_markdown("Cele:\n\n- gry planszowe\n- zabawy & ruch\n\nKoniec **tekstu**.")
    assert plain_text(html) == "Cele:\n• gry planszowe\n• zabawy & ruch\nKoniec tekstu."


def test_the_excerpt_filter_marks_list_items_on_one_line():
    from core.templatetags.text import excerpt

    html = render_markdown("Cele:\n\n- gry\n- zabawy\n- ruch")
    assert excerpt(html, 3) == "Cele: • gry…"
    assert excerpt(html) == "Cele: • gry • zabawy • ruch"


def test_one_text_leaves_nothing_behind_for_the_next():
    # The converter is reused: a link defined in one post must not resolve in another's.
    first = render_markdown("[strona][s]\n\n[s]: https://example.org/")
    assert 'href="https://example.org/"' in first
    assert "example.org" not in render_markdown("[strona][s]")
