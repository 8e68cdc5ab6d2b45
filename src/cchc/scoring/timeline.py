"""The timeline verbs of assessments, for the core history page (:mod:`cchc.core.history_display`)."""

from cchc.scoring.templatetags.scoring import EVENT_LABELS as VERB_LABELS

__all__ = ["VERB_LABELS"]
