from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.core.errors import DomainError
from cchc.core.scoping import CHANGE
from cchc.org.models import Unit
from cchc.org.selectors import current_unit, units_for_switcher
from cchc.workdays import display, services
from cchc.workdays.forms import ConfirmYearForm, DeadlineForm, EntryForm, OfficeHoursForm
from cchc.workdays.models import CalendarEntry
from cchc.workdays.selectors import (
    can_manage_any,
    can_manage_calendar,
    unconfirmed_warning,
    unconfirmed_years,
    unit_calendar,
    year_confirmation,
)

YEAR_MIN, YEAR_MAX = 2000, 2100


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or date.today().year)
    except ValueError:
        raise Http404 from None
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404
    return year


def _unit(request) -> Unit | None:
    """The unit asked for (``?unit=CODE``, 404 unless visible), else the unit in context."""
    code = (request.GET.get("unit") or "").strip()
    if code:
        return get_object_or_404(Unit.objects.visible_to(request.user), code=code)
    return current_unit(request)


def _calendar_url(year: int, unit: Unit | None) -> str:
    query = {"year": year, **({"unit": unit.code} if unit else {})}
    return f"{reverse('workdays:calendar')}?{urlencode(query)}"


def _calendar_page(request, *, year, unit, entry_form=None, hours_form=None, confirm_form=None, status=200):
    user = request.user
    confirmation = year_confirmation(year)
    year_warning = "" if confirmation else unconfirmed_warning(unconfirmed_years([year]))
    if confirm_form is None and year_warning and can_manage_calendar(user, None):
        confirm_form = ConfirmYearForm()
    uc = unit_calendar(unit)
    hours = uc.effective_hours
    can_hours = unit is not None and can_manage_calendar(user, unit)
    if hours_form is None and can_hours:
        own = display.own_office_hours(unit)
        hours_form = OfficeHoursForm(
            user=user,
            initial={
                "unit": unit.code,
                "sessions": own.sessions if own else str(hours.hours),
                "legal_basis": own.legal_basis if own else "",
            },
        )
    if entry_form is None and can_manage_any(user):
        default_scope = "" if user.is_superuser or unit is None else unit.code
        entry_form = EntryForm(user=user, initial={"unit": default_scope})
    context = {
        "year": year,
        "unit": unit,
        "months": display.year_grid(uc, year),
        "entries": display.year_entries(user, unit, uc, year),
        "hours": hours,
        "hours_unit": Unit.objects.filter(code=hours.unit_code).first() if hours.unit_code else None,
        "own_hours": display.own_office_hours(unit) if unit else None,
        "entry_form": entry_form,
        "hours_form": hours_form if can_hours else None,
        "scope_units": units_for_switcher(user),
        "today": timezone.localdate(),
        "confirmation": confirmation,
        "year_warning": year_warning,
        "confirm_form": confirm_form,
    }
    return render(request, "workdays/calendar.html", context, status=status)


@login_required
def calendar_year(request):
    return _calendar_page(request, year=_year(request), unit=_unit(request))


@login_required
@require_POST
def entry_add(request):
    if not can_manage_any(request.user):
        raise PermissionDenied
    year, unit = _year(request), _unit_from_post(request)
    form = EntryForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.calendar_entry_add(
                day=data["date"],
                kind=data["kind"],
                name=data["name"],
                legal_basis=data["legal_basis"],
                unit=data["unit"],
                actor=request.user,
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Added: %(entry)s") % {"entry": entry})
            return redirect(_calendar_url(entry.date.year, unit))
    return _calendar_page(request, year=year, unit=unit, entry_form=form, status=400)


def _unit_from_post(request) -> Unit | None:
    code = (request.POST.get("page_unit") or "").strip()
    if code:
        return get_object_or_404(Unit.objects.visible_to(request.user), code=code)
    return current_unit(request)


@login_required
@require_POST
def entry_remove(request, pk):
    entry = get_object_or_404(CalendarEntry.objects.visible_to(request.user, CHANGE), pk=pk)
    unit = _unit_from_post(request)
    try:
        services.calendar_entry_remove(entry=entry, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Removed: %(entry)s") % {"entry": entry})
    return redirect(_calendar_url(entry.date.year, unit))


@login_required
@require_POST
def office_hours(request):
    form = OfficeHoursForm(request.POST, user=request.user)
    unit = _unit_from_post(request)
    year = _year(request)
    if form.is_valid():
        target = form.cleaned_data["unit"]
        if not can_manage_calendar(request.user, target):
            raise PermissionDenied
        try:
            if request.POST.get("clear"):
                services.office_hours_clear(unit=target, actor=request.user)
            else:
                services.office_hours_set(
                    unit=target,
                    sessions=form.cleaned_data["sessions"],
                    legal_basis=form.cleaned_data["legal_basis"],
                    actor=request.user,
                )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Office hours saved."))
            return redirect(_calendar_url(year, unit))
    elif form.has_error("unit"):
        raise Http404
    return _calendar_page(request, year=year, unit=unit, hours_form=form, status=400)


@login_required
@require_POST
def year_confirm(request):
    """Confirm the year's days off against the official notice: one action, superusers only (nationwide)."""
    if not can_manage_calendar(request.user, None):
        raise PermissionDenied
    year, unit = _year(request), _unit_from_post(request)
    form = ConfirmYearForm(request.POST)
    if form.is_valid():
        try:
            services.calendar_year_confirm(year=year, notice=form.cleaned_data["notice"], actor=request.user)
        except DomainError as exc:
            form.add_error("notice", exc.message)
        else:
            messages.success(request, _("Holiday schedule of %(year)s confirmed.") % {"year": year})
            return redirect(_calendar_url(year, unit))
    return _calendar_page(request, year=year, unit=unit, confirm_form=form, status=400)


@login_required
def change_log(request):
    year = _year(request) if request.GET.get("year") else None
    return render(
        request,
        "workdays/log.html",
        {"events": display.calendar_log(request.user, year=year), "year": year},
    )


@login_required
def deadline(request):
    """Tính hạn giải quyết: works as a plain GET form; htmx asks for the result fragment only."""
    unit = current_unit(request)
    answer = None
    if "received" in request.GET:
        form = DeadlineForm(request.GET, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            answer = display.explain_due(data["unit"], data["received"], data["amount"], data["unit_of_time"])
    else:
        now = timezone.localtime()
        form = DeadlineForm(
            user=request.user,
            initial={"unit": unit.code if unit else "", "received": f"{now:%d/%m/%Y %H:%M}", "amount": "1"},
        )
    context = {"form": form, "answer": answer, "units": units_for_switcher(request.user), "unit": unit}
    template = "workdays/_deadline.html" if request.headers.get("HX-Request") else "workdays/deadline.html"
    return render(request, template, context)
