from django.contrib import admin

from onward.readiness.models import BankApplication, IdApplication

# Read-only views for support: every change goes through the services, audited.


@admin.register(IdApplication)
class IdApplicationAdmin(admin.ModelAdmin):
    list_display = ("case", "document_type", "status", "submitted_on", "received_on")
    list_filter = ("document_type", "status")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BankApplication)
class BankApplicationAdmin(admin.ModelAdmin):
    list_display = ("case", "bank_name", "status", "submitted_on", "response_on")
    list_filter = ("status",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
