"""Every message of the Vietnamese catalogues is translated (issue 15): no empty msgstr, no fuzzy guess."""

from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "cchc"
CATALOGUES = sorted(SRC.glob("*/locale/vi/LC_MESSAGES/django.po"))


def test_every_app_has_a_vietnamese_catalogue():
    apps = {p.name for p in SRC.iterdir() if (p / "apps.py").exists()}
    assert {p.parts[-5] for p in CATALOGUES} >= apps


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_the_catalogue_has_no_untranslated_or_fuzzy_message(path):
    catalogue = polib.pofile(str(path))
    bad = [
        f"{e.msgctxt + ' | ' if e.msgctxt else ''}{e.msgid} ({'fuzzy' if 'fuzzy' in e.flags else 'empty'})"
        for e in catalogue
        if not e.obsolete and ("fuzzy" in e.flags or not e.translated())
    ]
    assert not bad, "untranslated in " + str(path.relative_to(SRC)) + ":\n" + "\n".join(bad)
