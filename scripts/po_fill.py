"""Fill empty msgstr entries of an app's Vietnamese catalogue from a JSON dict {msgid: msgstr}, compile it,
and print the msgids still untranslated.

Usage: python scripts/po_fill.py src/cchc/APP/locale/vi/LC_MESSAGES/django.po translations.json
"""

import json
import sys

import polib


def main(po_path: str, json_path: str) -> int:
    translations = json.load(open(json_path, encoding="utf-8"))
    catalogue = polib.pofile(po_path)
    catalogue.metadata["Language"] = "vi"
    for entry in catalogue:
        if not entry.msgstr and entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
        if "fuzzy" in entry.flags and entry.msgstr:
            entry.flags.remove("fuzzy")
    catalogue.save(po_path)
    catalogue.save_as_mofile(po_path[:-3] + ".mo")
    missing = [e.msgid for e in catalogue if not e.msgstr and not e.obsolete]
    print("untranslated:", json.dumps(missing, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
