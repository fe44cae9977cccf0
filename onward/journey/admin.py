"""Administrators set each prison's own timings until local agreements are stored in Onward."""

from django.contrib import admin

from onward.audit import services as audit
from onward.journey.models import LocalTiming, PrisonJourneySettings
from onward.journey.services import touchpoints_replan_all


class ReplanOnSave:
    """A timing change moves that prison's due dates: replan them so worklists agree at once."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,
            action="journey.local_timing.save",
            subject=obj,
            changes={name: str(form.cleaned_data.get(name)) for name in form.changed_data},
        )
        touchpoints_replan_all(prison_id=obj.prison_id)


@admin.register(PrisonJourneySettings)
class PrisonJourneySettingsAdmin(ReplanOnSave, admin.ModelAdmin):
    list_display = ("prison", "starts_uc_claims_in_custody")
    autocomplete_fields = ("prison",)


@admin.register(LocalTiming)
class LocalTimingAdmin(ReplanOnSave, admin.ModelAdmin):
    list_display = ("prison", "code", "which", "anchor", "months", "weeks", "working_days")
    list_filter = ("code", "which")
    autocomplete_fields = ("prison",)
