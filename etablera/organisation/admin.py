"""Django admin for the organisation: for the operators of the service (is_staff, made with `etablera
createsuperuser`), never for a municipality's staff — the admin shows every municipality at once. Persons,
households and the access log are not in the admin on purpose: every read of them must go through the selectors,
which log it (a test walks the registry)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _

from etablera.organisation.models import ApiToken, County, Membership, Municipality, Unit, User


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "county"]
    list_filter = ["county"]
    search_fields = ["code", "name"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "kind", "function", "parent", "is_active"]
    list_filter = ["kind", "function", "is_active"]
    search_fields = ["name", "municipality__name"]
    autocomplete_fields = ["municipality", "parent"]


class MembershipFormSet(BaseInlineFormSet):
    """An operator's account (staff or superuser) has no membership, and a member of a municipality is no operator:
    the admin shows every municipality, a membership one. The parent form's values are on the instance here."""

    def clean(self):
        super().clean()
        user = self.instance
        kept = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        if kept and (user.is_staff or user.is_superuser):
            raise ValidationError(
                _(
                    "Ett konto för driften (personal eller superanvändare) kan inte vara medlem i en kommuns enhet. "
                    "Ta bort medlemskapen eller ta bort kontots tillgång till administrationen."
                )
            )


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipFormSet
    extra = 1
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]

    def has_delete_permission(self, request, obj=None):
        # Deactivate instead (is_active): the log and the case records keep the user, and Django's refusal to delete
        # would list those records — tasks whose titles name household members.
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False  # tokens are issued with `etablera api_token create`, which shows the token once
