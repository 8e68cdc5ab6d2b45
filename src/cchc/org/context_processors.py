from cchc.org.selectors import current_unit, units_for_switcher


def unit_context(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from cchc.org.models import unit_header_label

    unit = current_unit(request)
    return {
        "current_unit": unit,
        "current_unit_label": unit_header_label(unit) if unit else "",
        "switch_units": units_for_switcher(user),
    }
