"""The timeline verbs of findings, for the core history page (:mod:`cchc.core.history_display`)."""

from cchc.inspections.views.inspection import EVENT_LABELS as VERB_LABELS

__all__ = ["VERB_LABELS"]
