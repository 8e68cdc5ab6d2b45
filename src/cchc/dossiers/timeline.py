"""Words for the dossier timeline: what officers read on the dossier page, and the plain Vietnamese sentences
citizens read on the public status page (no officer names, no notes)."""

from django.utils.translation import gettext_lazy as _

#: Event verbs written by the desk services, the import and the calendar hook, with the officer's label.
VERB_LABELS = {
    "received": _("Received"),
    "imported": _("Imported"),
    "import_updated": _("Updated by an import"),
    "supplement_requested": _("Supplement requested"),
    "supplement_completed": _("Supplement received"),
    "transferred": _("Handed over"),
    "assigned": _("Assigned to a specialist"),
    "proposed": _("Submitted for approval"),
    "approved": _("Approved by a leader"),
    "sent_back": _("Sent back to the specialist"),
    "finished": _("Result ready"),
    "returned": _("Result returned"),
    "refused": _("Refused"),
    "withdrawn": _("Withdrawn"),
    "apology_sent": _("Apology and new date sent"),
    "paid_online": _("Paid online"),
    "rated": _("Rated by the applicant"),
    "due_recomputed": _("Due date recomputed"),
}

#: What a citizen reads for each verb; verbs not listed are not shown publicly.
PUBLIC_TEXT = {
    "received": _("Your dossier was received."),
    "imported": _("Your dossier was recorded."),
    "supplement_requested": _("You were asked to supplement your dossier."),
    "supplement_completed": _("Your supplement was received; processing continues."),
    "transferred": _("Your dossier was passed to the office that handles it."),
    "assigned": _("An officer was assigned to handle your dossier."),
    "finished": _("The result is ready."),
    "returned": _("The result was handed over."),
    "refused": _("Your dossier was refused; the letter gives the reason."),
    "withdrawn": _("Your dossier was withdrawn."),
    "apology_sent": _("The office apologised for the delay and set a new date."),
    "paid_online": _("The fee was paid online."),
    "due_recomputed": _("The return date was recomputed after a change of the working calendar."),
}


def verb_label(verb: str) -> str:
    return VERB_LABELS.get(verb, verb)
