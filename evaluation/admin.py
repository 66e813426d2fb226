"""Admin: surveys and their questions, and the platform-wide statistics page for staff.

Answers, the sealed pool and anonymous drafts are deliberately not registered: an
anonymous answer names nobody, and the admin offers no view that could be read
beside the list of who answered.
"""

from django.contrib import admin
from django.template.response import TemplateResponse

from evaluation import statistics
from evaluation.forms import PeriodForm
from evaluation.models import Participation, PlatformStatistics, Question, Survey


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "kind", "text", "required", "key"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "network",
        "purpose",
        "is_anonymous",
        "opens_at",
        "closes_at",
        "response_count",
    ]
    list_filter = ["purpose", "is_anonymous"]
    search_fields = ["title", "network__name"]
    raw_id_fields = ["network", "meeting", "created_by"]
    readonly_fields = [
        "response_count",
        "published_at",
        "opening_notified_at",
        "results_notified_at",
        "reminders_planned_at",
        "released_at",
        "withheld",
    ]
    inlines = [QuestionInline]

    def get_readonly_fields(self, request, obj=None):
        # Anonymity is a promise made to those who answered: it never changes once published.
        if obj is not None and obj.is_published:
            locked = [*self.readonly_fields, "is_anonymous", "min_responses", "opens_at"]
            if obj.released_at is not None:
                # Released at closing: answers arriving after a reopening would stand out.
                locked.append("closes_at")
            return locked
        return self.readonly_fields


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    """Who has answered (never what: for anonymous surveys that is not stored with the person).

    Listed by survey and person, never in the order people answered: the key is random
    and there is no time to sort by.
    """

    list_display = ["survey", "user", "submitted"]
    ordering = ["-survey__opens_at", "survey", "user__display_name", "user__email"]
    list_filter = ["submitted"]
    raw_id_fields = ["survey", "user"]
    fields = ["survey", "user", "submitted"]
    readonly_fields = ["survey", "user", "submitted"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(PlatformStatistics)
class PlatformStatisticsAdmin(admin.ModelAdmin):
    """Activity of the whole platform for a chosen period, with each network's totals."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_staff

    def changelist_view(self, request, extra_context=None):
        form = PeriodForm(request.GET or None)
        start, end = form.period()
        stats = statistics.activity_statistics(network=None, start=start, end=end)
        per_network = statistics.per_network_totals(start=start, end=end)
        context = {
            **self.admin_site.each_context(request),
            "title": self.model._meta.verbose_name_plural,
            "opts": self.model._meta,
            "form": form,
            "stats": stats,
            "chart": stats.chart_data(),
            "per_network": per_network,
        }
        return TemplateResponse(request, "admin/evaluation/platform_statistics.html", context)
