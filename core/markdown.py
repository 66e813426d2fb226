"""User text: Markdown rendered once, then sanitised with nh3 (Ammonia).

Store the result; never render user Markdown on every view.
"""

import threading
from html.parser import HTMLParser

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
# No javascript:, data: or vbscript: URLs — only these schemes survive.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


# One converter per thread, reset between texts (Python-Markdown's own advice): building one
# loads its four extensions each time.
_converters = threading.local()


def _converter() -> markdown_lib.Markdown:
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown_lib.Markdown(
            extensions=["fenced_code", "tables", "sane_lists", "nl2br"], output_format="html"
        )
    return converter


def render_markdown(text: str) -> str:
    """Turn Markdown into HTML that is safe to store and show as is."""
    html = _converter().reset().convert(text or "")
    return sanitise_html(html)


def sanitise_html(html: str) -> str:
    """Keep only harmless tags; links get rel="nofollow noopener"."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener",
        strip_comments=True,
    )


class _TextCollector(HTMLParser):
    """Gathers the text of rendered Markdown, starting a new line at each block and
    marking list items, so that a list does not run together into one sentence."""

    BLOCKS = {"p", "br", "hr", "blockquote", "pre", "h2", "h3", "h4", "h5", "h6", "tr", "ul", "ol"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self.parts.append("\n• ")
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self.BLOCKS or tag == "li":
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def plain_text(html: str) -> str:
    """Rendered Markdown as plain text: one line per paragraph, "• " before list items."""
    collector = _TextCollector()
    collector.feed(html or "")
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).splitlines())
    return "\n".join(line for line in lines if line)
