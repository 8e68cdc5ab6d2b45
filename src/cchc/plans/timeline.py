"""The timeline verbs of plans and tasks, for the core history page (:mod:`cchc.core.history_display`)."""

from cchc.plans.templatetags.plans import EVENT_LABELS as VERB_LABELS

__all__ = ["VERB_LABELS"]
