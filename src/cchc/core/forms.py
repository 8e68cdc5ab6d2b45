"""Form pieces shared by every app."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker (``<input type="date">``), which sends and shows ISO dates (YYYY-MM-DD)."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)
