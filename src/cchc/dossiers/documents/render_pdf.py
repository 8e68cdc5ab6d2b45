"""Render a form's context to PDF with WeasyPrint (HTML templates under ``templates/dossiers/documents/pdf``).

The PDF uses Liberation Serif 2 (Debian's ``fonts-liberation2``: metric-compatible with Times New Roman, with
the Vietnamese letters; see :mod:`.fonts`); Times New Roman itself cannot be shipped.
"""

import base64

from django.template.loader import render_to_string

from cchc.core.pdf_fonts import font_faces_css
from cchc.dossiers.documents.render_docx import signature_sides

TEMPLATES = {
    "receipt": "form",
    "supplement": "form",
    "refusal": "form",
    "apology": "form",
    "stop": "form",
    "tracking": "tracking",
    "register": "register",
}


def render_html(context: dict) -> str:
    sides = signature_sides(context.get("signatures", []))
    values = {
        **context,
        **sides,
        "sign_sides": [sides["sign_left"], sides["sign_right"]],
        "font_faces": font_faces_css(),
    }
    if context.get("qr_png"):
        values["qr_data_uri"] = "data:image/png;base64," + base64.b64encode(context["qr_png"]).decode("ascii")
    return render_to_string(f"dossiers/documents/pdf/{TEMPLATES[context['form_key']]}.html", values)


def render_pdf(context: dict) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(context)).write_pdf()
