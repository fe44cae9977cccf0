from django.contrib import admin

from onward.audit import services as audit
from onward.estate.models import JobcentreArea, Organisation, PostcodeDistrict, Prison


class PrisonInline(admin.StackedInline):
    model = Prison
    can_delete = False


class JobcentreAreaInline(admin.TabularInline):
    model = JobcentreArea
    extra = 1
    autocomplete_fields = ("district",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent", "active", "source")
    list_filter = ("kind", "active", "source")
    search_fields = ("code", "name", "name_cy", "town", "postcode")
    autocomplete_fields = ("parent",)
    inlines = [PrisonInline, JobcentreAreaInline]

    def get_inlines(self, request, obj):
        if obj is None:
            return [JobcentreAreaInline]
        if obj.kind == "prison":
            return [PrisonInline]
        if obj.kind == "jobcentre":
            return [JobcentreAreaInline]
        return []

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,
            action="organisation.update" if change else "organisation.create",
            subject=obj,
            changes={name: str(form.cleaned_data.get(name)) for name in form.changed_data},
        )


@admin.register(JobcentreArea)
class JobcentreAreaAdmin(admin.ModelAdmin):
    list_display = ("jobcentre", "district")
    search_fields = ("jobcentre__name", "district__outcode")
    autocomplete_fields = ("jobcentre", "district")


@admin.register(PostcodeDistrict)
class PostcodeDistrictAdmin(admin.ModelAdmin):
    search_fields = ("outcode",)
    list_display = ("outcode", "latitude", "longitude")
