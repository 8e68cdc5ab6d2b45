"""The one-stop forms as DOCX and PDF (DOMAIN.md §4, STYLE.md "Documents").

Public API (views, scripts and tests use only these):

- :func:`forms_for` ``(dossier) -> [FormSpec]``: the forms that apply to a dossier, in its form set;
- :func:`render_dossier_form` ``(dossier, key, fmt, *, base_url="", on=None) -> RenderedDocument``;
- :func:`render_register` ``(*, unit, dossiers, date_from, date_to, subtree, fmt, on=None)``
  ``-> RenderedDocument``.

``key`` is one of :data:`~cchc.dossiers.documents.catalogue.DOSSIER_FORMS`; ``fmt`` is ``"docx"`` or
``"pdf"``.
"""

import unicodedata
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from cchc.dossiers.documents.catalogue import DOSSIER_FORMS, REGISTER, FormSpec, form_set_on
from cchc.dossiers.documents.context import FormNotApplicable, applies, dossier_context, form_set_of

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}

__all__ = [
    "DOSSIER_FORMS",
    "FORMATS",
    "FormNotApplicable",
    "RenderedDocument",
    "forms_for",
    "render_dossier_form",
    "render_register",
]


@dataclass(frozen=True)
class RenderedDocument:
    content: bytes
    filename: str
    content_type: str


def forms_for(dossier) -> list[FormSpec]:
    return [form_set_of(dossier, key).form(key) for key in DOSSIER_FORMS if applies(dossier, key)]


def _ascii(text: str) -> str:
    """``Giấy tiếp nhận`` → ``Giay-tiep-nhan`` (file names stay ASCII, case kept)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "-".join("".join(ch if ch.isascii() and ch.isalnum() else " " for ch in plain).split())


def _render(context: dict, fmt: str) -> bytes:
    if fmt == "docx":
        from cchc.dossiers.documents.render_docx import render_docx

        return render_docx(context)
    if fmt == "pdf":
        from cchc.dossiers.documents.render_pdf import render_pdf

        return render_pdf(context)
    raise ValueError(f"unknown document format {fmt!r}")


def render_dossier_form(dossier, key: str, fmt: str, *, base_url: str = "", on: date | None = None):
    """Form ``key`` of ``dossier``; raises :class:`FormNotApplicable` when it does not apply."""
    from cchc.dossiers.documents.qr import public_lookup_url

    if fmt not in FORMATS:
        raise ValueError(f"unknown document format {fmt!r}")
    url = public_lookup_url(dossier, base_url) if key == "receipt" else ""
    context = dossier_context(dossier, key, public_url=url, on=on)
    spec = form_set_of(dossier, key).form(key)
    name = f"Mau-{spec.number}_{_ascii(spec.short_title)}_{_ascii(dossier.code)}.{fmt}"
    return RenderedDocument(_render(context, fmt), name, FORMATS[fmt])


def render_register(*, unit, dossiers, date_from: date, date_to: date, subtree: bool, fmt: str, on=None):
    """The register of ``unit`` for the period; ``dossiers`` is the user's visible queryset (scoped here)."""
    from cchc.dossiers.documents.register import register_context, register_dossiers

    if fmt not in FORMATS:
        raise ValueError(f"unknown document format {fmt!r}")
    rows = register_dossiers(dossiers, unit=unit, subtree=subtree, date_from=date_from, date_to=date_to)
    context = register_context(
        unit=unit,
        dossiers=rows,
        date_from=date_from,
        date_to=date_to,
        subtree=subtree,
        on=on or timezone.localdate(),
    )
    spec = form_set_on(date_from).form(REGISTER)
    name = (
        f"Mau-{spec.number}_So-theo-doi-ho-so_{_ascii(unit.code)}_{date_from:%Y%m%d}-{date_to:%Y%m%d}.{fmt}"
    )
    return RenderedDocument(_render(context, fmt), name, FORMATS[fmt])
