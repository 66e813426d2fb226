"""Text filters for user content rendered from Markdown."""

from django import template
from django.utils.text import Truncator

from core.markdown import plain_text

register = template.Library()


@register.filter
def excerpt(html: str, words: int = 30) -> str:
    """The first words of rendered Markdown as plain text, list items kept apart with "•"
    (striptags would run "<li>a</li><li>b</li>" together into "ab")."""
    text = " ".join(plain_text(html).splitlines())
    return Truncator(text).words(int(words), truncate="…")
