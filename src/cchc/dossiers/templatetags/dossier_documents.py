"""``{% document_links dossier as links %}``: the forms of a dossier with their PDF and DOCX addresses."""

from dataclasses import dataclass

from django import template
from django.urls import reverse

from cchc.dossiers.documents import forms_for
from cchc.dossiers.documents.catalogue import FormSpec

register = template.Library()


@dataclass(frozen=True)
class DocumentLink:
    spec: FormSpec
    pdf: str
    docx: str


@register.simple_tag
def document_links(dossier) -> list[DocumentLink]:
    return [
        DocumentLink(
            spec,
            reverse("dossiers:document", args=[dossier.code, spec.key]),
            reverse("dossiers:document-docx", args=[dossier.code, spec.key]),
        )
        for spec in forms_for(dossier)
    ]
