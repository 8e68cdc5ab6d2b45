"""The PDF font: Liberation Serif (metric-compatible with Times New Roman) with the Vietnamese letters.

Debian ships two versions: ``fonts-liberation`` 1.x, which lacks most precomposed Vietnamese letters (ệ, ư,
ơ...), and ``fonts-liberation2`` 2.x, which has them. The PDFs name the files of the first folder whose
regular face covers Vietnamese (``CCHC_PDF_FONT_DIR`` first when set), so that fontconfig's choice between the
two versions, or a fallback to another family for missing letters, cannot change the look of a form.
"""

from functools import lru_cache
from pathlib import Path

from django.conf import settings

FAMILY = "Liberation Serif"  # the files named here win over fontconfig's choice
FOLDERS = ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation")
FACES = {
    ("normal", "normal"): "LiberationSerif-Regular.ttf",
    ("bold", "normal"): "LiberationSerif-Bold.ttf",
    ("normal", "italic"): "LiberationSerif-Italic.ttf",
    ("bold", "italic"): "LiberationSerif-BoldItalic.ttf",
}
PROBE = "ệƯơẫỹĐ"


def covers_vietnamese(path: Path) -> bool:
    from fontTools.ttLib import TTFont

    try:
        cmap = TTFont(str(path), lazy=True).getBestCmap()
    except Exception:
        return False
    return all(ord(ch) in cmap for ch in PROBE)


def font_folder() -> Path | None:
    """The first folder with a Liberation Serif that has the Vietnamese letters, if any."""
    configured = getattr(settings, "CCHC_PDF_FONT_DIR", "")
    for folder in ([configured] if configured else []) + list(FOLDERS):
        regular = Path(folder) / FACES[("normal", "normal")]
        if regular.is_file() and covers_vietnamese(regular):
            return Path(folder)
    return None


@lru_cache(maxsize=1)
def font_faces_css() -> str:
    """``@font-face`` rules of :data:`FAMILY` (empty when no suitable file is installed: the PDF then falls
    back to fontconfig's "Liberation Serif")."""
    folder = font_folder()
    if folder is None:
        return ""
    rules = []
    for (weight, style), name in FACES.items():
        path = folder / name
        if path.is_file():
            rules.append(
                f'@font-face {{ font-family: "{FAMILY}"; src: url("{path.as_uri()}"); '
                f"font-weight: {weight}; font-style: {style}; }}"
            )
    return "\n".join(rules)
