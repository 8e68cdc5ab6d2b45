"""The hook other apps use to follow calendar changes.

``calendar_changed`` is sent by every service that adds or removes a calendar entry (and by the package
re-sync of ``cchc setup`` for each date the package changed), with keyword arguments:

- ``date``: the changed local date (``datetime.date``);
- ``unit_path``: the path of the unit subtree the change applies to (``"/68/"``), or ``None`` when it is
  nationwide (every unit);
- ``action``: ``"added"``, ``"removed"`` or ``"package"``;
- ``entry``: the :class:`~cchc.workdays.models.CalendarEntry` (for ``"removed"``, the deleted instance).

It is sent inside the service's transaction, after the table and the calendar version have changed, so
:func:`cchc.workdays.selectors.calendar_for` already returns the new calendar. A receiver recomputes the
computed (not imported) due instants of the units in ``unit_path``'s subtree whose span contains ``date``
(:func:`cchc.workdays.engine.span_contains_date`), logs what it moved, and returns the number of due instants
it moved (or ``None``); the sum is recorded on the calendar's change-log event. An exception in a
receiver rolls the whole change back. Example (the dossiers app)::

    from cchc.workdays.signals import calendar_changed

    @receiver(calendar_changed, dispatch_uid="dossiers_recompute_due")
    def recompute_due(sender, *, date, unit_path, **kwargs):
        ...
        return moved
"""

from django.dispatch import Signal

calendar_changed = Signal()


def total_moved(responses) -> int:
    """Sum of the integer answers of the receivers."""
    return sum(r for _, r in responses if isinstance(r, int) and not isinstance(r, bool))
