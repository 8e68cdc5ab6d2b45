"""Per-request audit context: the acting user and a request id on every change log row."""

import uuid

from cchc.core.audit import acting_as


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        with acting_as(getattr(request, "user", None), request_id=request.request_id):
            response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class ForbiddenMiddleware:
    """A :class:`~cchc.core.permissions.Forbidden` raised anywhere in a view is answered as HTTP 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.core.exceptions import PermissionDenied
        from django.views.defaults import permission_denied

        from cchc.core.permissions import Forbidden

        if isinstance(exception, Forbidden):
            return permission_denied(request, PermissionDenied(exception.message))
        return None
