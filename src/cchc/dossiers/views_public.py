"""The public status lookup (no login): a citizen types the dossier code, or scans the receipt's QR code,
and reads the status, the dates and the timeline in plain words, with the applicant's name masked.

Rate-limited per client address (:mod:`cchc.dossiers.throttle`); over the limit the answer is a 429 page.
"""

from django.shortcuts import render

from cchc.dossiers import selectors, throttle


def _throttled(request):
    response = render(
        request, "dossiers/public_throttled.html", {"minutes": max(throttle.window() // 60, 1)}, status=429
    )
    response["Retry-After"] = str(throttle.window())
    return response


def _status_page(request, dossier, *, code: str = "", status: int = 200):
    context = {"code": code, "dossier": dossier, "asked": True}
    if dossier is not None:
        context.update(
            masked_name=selectors.mask_name(dossier.applicant_name),
            timeline=selectors.public_timeline(dossier),
        )
    return render(request, "dossiers/public_lookup.html", context, status=status)


def lookup(request):
    code = request.GET.get("ma", "").strip()[:64]
    if not code:
        return render(request, "dossiers/public_lookup.html", {"code": "", "asked": False})
    if not throttle.allow(request):
        return _throttled(request)
    dossier = selectors.public_dossier(code=code)
    return _status_page(request, dossier, code=code, status=200 if dossier is not None else 404)


def by_token(request, token):
    if not throttle.allow(request):
        return _throttled(request)
    dossier = selectors.public_dossier(token=token[:64])
    return _status_page(request, dossier, status=200 if dossier is not None else 404)
