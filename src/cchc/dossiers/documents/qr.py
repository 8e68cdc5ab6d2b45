"""The receipt's QR code: the public lookup URL with the dossier's unguessable token, as a PNG."""

from io import BytesIO

from django.conf import settings


def public_lookup_url(dossier, base_url: str = "") -> str:
    """``https://host/tra-cuu/qr/<public_token>/``: ``CCHC_PUBLIC_URL`` (the address citizens reach) when set,
    else ``base_url`` (the request's own address)."""
    from django.urls import NoReverseMatch, reverse

    base = getattr(settings, "CCHC_PUBLIC_URL", "") or base_url
    try:
        path = reverse("lookup:qr", args=[dossier.public_token])
    except NoReverseMatch:
        path = f"/tra-cuu/qr/{dossier.public_token}/"
    return f"{base.rstrip('/')}{path}"


def qr_png(text: str) -> bytes:
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=2)
    code.add_data(text)
    code.make(fit=True)
    buffer = BytesIO()
    code.make_image().save(buffer, format="PNG")
    return buffer.getvalue()
