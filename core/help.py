"""Help at /pomoc/: short illustrated guides, one per role, for people new to such platforms.

The guides are templates under core/templates/core/help/; their screenshots are
PNGs under static/help/<language>/, taken from the real pages by
scripts/help_screenshots.py (run it again when a page changes much).
"""

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str
    summary: str

    @property
    def template(self) -> str:
        return f"core/help/guide_{self.slug.replace('-', '_')}.html"


GUIDES = (
    Guide(
        "pierwsze-kroki",
        _("First steps: your account"),
        _("Create an account, answer an invitation, fill in your profile."),
    ),
    Guide(
        "koordynator",
        _("For coordinators: running a network"),
        _("Create a network, invite people and lead it through its stages."),
    ),
    Guide(
        "nauczyciel",
        _("For teachers: discussing and sharing"),
        _("Join a network, write in a thread, share a material."),
    ),
    Guide(
        "bibliotekarz",
        _("For librarians: using the bank"),
        _("Search the bank of good practices, download, rate and save materials."),
    ),
)
GUIDES_BY_SLUG = {guide.slug: guide for guide in GUIDES}


@require_GET
def help_index(request: HttpRequest) -> HttpResponse:
    return render(request, "core/help/index.html", {"guides": GUIDES})


@require_GET
def help_guide(request: HttpRequest, slug: str) -> HttpResponse:
    guide = GUIDES_BY_SLUG.get(slug)
    if guide is None:
        raise Http404
    others = [other for other in GUIDES if other.slug != slug]
    return render(request, guide.template, {"guide": guide, "others": others})
