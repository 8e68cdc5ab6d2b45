"""Fill the docxtpl templates of ``data/`` (built by ``build_templates.py``) with a form's context."""

from io import BytesIO
from pathlib import Path

from docx.shared import Mm

DATA = Path(__file__).resolve().parent / "data"
EMPTY_SIGNATURE = {"title": "", "note": "", "name": ""}

#: The template of each form key.
TEMPLATES = {
    "receipt": "form.docx",
    "supplement": "form.docx",
    "refusal": "form.docx",
    "apology": "form.docx",
    "stop": "form.docx",
    "tracking": "tracking.docx",
    "register": "register.docx",
}


def signature_sides(signatures: list[dict]) -> dict:
    """One signature sits on the right (the signer's place on official forms); two fill both sides."""
    return {
        "sign_left": signatures[0] if len(signatures) > 1 else EMPTY_SIGNATURE,
        "sign_right": signatures[-1] if signatures else EMPTY_SIGNATURE,
    }


def render_docx(context: dict) -> bytes:
    from docxtpl import DocxTemplate, InlineImage

    template = DocxTemplate(DATA / TEMPLATES[context["form_key"]])
    values = {**context, **signature_sides(context.get("signatures", [])), "qr": None}
    if context.get("qr_png"):
        values["qr"] = InlineImage(template, BytesIO(context["qr_png"]), width=Mm(28))
    template.render(values, autoescape=True)
    buffer = BytesIO()
    template.save(buffer)
    return buffer.getvalue()
