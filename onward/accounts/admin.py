"""The administrators' screens for users. Changes made here are audited like any other."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.core.exceptions import ValidationError

from onward.accounts.models import ApiToken, User
from onward.accounts.services import _check_role_fits_organisation
from onward.audit import services as audit


class RoleFitsOrganisationMixin:
    def clean(self):
        cleaned = super().clean()
        role, organisation = cleaned.get("role"), cleaned.get("organisation")
        if role and organisation:
            try:
                _check_role_fits_organisation(role, organisation)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    self.add_error(field, messages)
        elif not role or not organisation:
            raise forms.ValidationError("Every user needs a role and an organisation.")
        return cleaned


class OnwardUserCreationForm(RoleFitsOrganisationMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "role", "organisation")


class OnwardUserChangeForm(RoleFitsOrganisationMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = OnwardUserChangeForm
    add_form = OnwardUserCreationForm
    list_display = ("username", "first_name", "last_name", "role", "organisation", "is_active", "last_login")
    list_filter = ("role", "is_active", "organisation__kind")
    search_fields = ("username", "first_name", "last_name", "email", "organisation__code", "organisation__name")
    autocomplete_fields = ("organisation",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "email")}),
        ("Work", {"fields": ("role", "organisation", "is_active")}),
        # Set by each sign-in through the provider (docs/adr/0018), so shown, not edited here.
        ("Single sign-on", {"fields": ("identity_provider", "identity_subject", "caseloads")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "role", "organisation", "password1", "password2")}),
    )
    readonly_fields = ("last_login", "date_joined", "identity_provider", "identity_subject", "caseloads")

    def save_model(self, request, obj, form, change):
        obj.is_staff = obj.is_superuser = obj.role == "administrator"
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,
            action="user.update" if change else "user.create",
            subject=obj,
            changes={name: str(form.cleaned_data.get(name)) for name in form.changed_data if "password" not in name},
        )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "prefix", "key_hash", "created_at", "last_used_at")
    fields = ("user", "prefix", "created_at", "last_used_at", "revoked_at")

    def has_add_permission(self, request):
        # Tokens are issued with `createuser --token`, which shows the key once.
        return False
