from django.contrib import admin

from resources import services
from resources.models import Bookmark, CurationEvent, Rating, Resource, ResourceFile, Subject


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}


class ResourceFileInline(admin.TabularInline):
    model = ResourceFile
    fk_name = "resource"
    extra = 0
    fields = ["name", "kind", "size", "is_current", "created_at"]
    readonly_fields = fields
    can_delete = False


class CurationEventInline(admin.TabularInline):
    model = CurationEvent
    extra = 0
    fields = ["action", "by", "comment", "created_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "network", "author", "resource_type", "status", "download_count"]
    list_filter = ["status", "resource_type", "licence"]
    search_fields = ["title", "author__email", "network__name"]
    list_select_related = ["network", "author"]
    raw_id_fields = ["network", "author", "co_authors", "curated_by", "topic"]
    readonly_fields = ["download_count", "rating_count", "rating_average", "created_at"]
    inlines = [ResourceFileInline, CurationEventInline]

    def save_related(self, request, form, formsets, change):
        # After the subjects are saved: they are part of the search document.
        super().save_related(request, form, formsets, change)
        services.resource_derived_refresh(form.instance)


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["resource", "user", "stars", "updated_at"]
    raw_id_fields = ["resource", "user"]


@admin.register(Bookmark)
class BookmarkAdmin(admin.ModelAdmin):
    list_display = ["resource", "user", "created_at"]
    raw_id_fields = ["resource", "user"]
