"""The one domain error that views, the CLI and the API turn into the same clear answer."""


class DomainError(Exception):
    """A business rule was violated. ``message`` is Vietnamese text meant for the user."""

    def __init__(self, code: str, message: str, *, field: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message
