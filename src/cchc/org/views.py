from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from cchc.core.errors import DomainError
from cchc.core.permissions import can, require
from cchc.org import selectors, services
from cchc.org.forms import PersonForm
from cchc.org.models import Person, Unit


@login_required
def home(request):
    unit = selectors.current_unit(request)
    units = Unit.objects.visible_to(request.user)
    context = {"unit": unit}
    if unit is not None:
        subtree = units.filter(path__startswith=unit.path, valid_to__isnull=True)
        context.update(
            subtree_count=subtree.count(),
            people_count=Person.objects.visible_to(request.user)
            .filter(unit__path__startswith=unit.path)
            .count(),
            vacancies=selectors.vacancy_total(subtree),
        )
    return render(request, "org/home.html", context)


@login_required
def unit_list(request):
    include_history = request.GET.get("history") == "1"
    query = request.GET.get("q", "").strip()
    roots = selectors.unit_tree(request.user, include_history=include_history, query=query)
    return render(
        request, "org/unit_list.html", {"roots": roots, "include_history": include_history, "query": query}
    )


@login_required
def unit_detail(request, code):
    unit = get_object_or_404(Unit.objects.visible_to(request.user).select_related("parent"), code=code)
    children = Unit.objects.visible_to(request.user).filter(parent=unit).order_by("valid_to", "name")
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": unit,
            "children": children,
            "people": selectors.unit_people(unit),
            "staffing": selectors.unit_staffing(unit),
            "successors": unit.successors.all(),
            "predecessors": unit.predecessors.all(),
        },
    )


@login_required
def person_detail(request, pk):
    person = get_object_or_404(Person.objects.visible_to(request.user).select_related("unit"), pk=pk)
    can_change = can(request.user, "org.person.change", person)
    assignments = person.assignments.select_related("position__unit")
    return render(
        request,
        "org/person_detail.html",
        {"person": person, "assignments": assignments, "can_change": can_change},
    )


@login_required
def person_edit(request, pk):
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    require(request.user, "org.person.change", person)
    form = PersonForm(request.POST or None, instance=Person.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                person=person, actor=request.user, **{f: form.cleaned_data[f] for f in form.Meta.fields}
            )
        except DomainError as exc:
            form.add_error(exc.field, exc.message)
        else:
            return redirect("org:person-detail", pk=person.pk)
    return render(request, "org/person_edit.html", {"person": person, "form": form})


@login_required
@require_POST
def switch_unit(request):
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=request.POST.get("unit"))
    request.session[selectors.SESSION_UNIT_KEY] = unit.pk
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "home"
    return redirect(target)
