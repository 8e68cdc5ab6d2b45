"""Administration site: administrators (role ``admin`` or superusers) may edit the catalogue by hand."""

from django.contrib import admin

from cchc.procedures.models import Procedure, ProcedureVersion
from cchc.procedures.selectors import can_change_catalogue


class _AdminsOnly:
    def has_add_permission(self, request, *args):
        return can_change_catalogue(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return can_change_catalogue(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return can_change_catalogue(request.user) and super().has_delete_permission(request, obj)


class VersionInline(_AdminsOnly, admin.StackedInline):
    model = ProcedureVersion
    extra = 0


@admin.register(Procedure)
class ProcedureAdmin(_AdminsOnly, admin.ModelAdmin):
    list_display = ["code", "name", "field", "level", "requires_approval"]
    list_filter = ["level", "requires_approval", "field"]
    search_fields = ["code", "name"]
    readonly_fields = ["source", "created_at"]
    inlines = [VersionInline]
