"""Fill a .po file's empty Polish translations from a Python dict module, then leave compiling to
compilemessages. Usage: python scripts/fill_translations.py <app>/locale/pl/LC_MESSAGES/django.po
scripts/translations/<app>.py (the module defines PL = {msgid: msgstr or [plural forms]})."""

import runpy
import sys

import polib


def main(po_path: str, table_path: str) -> int:
    return fill(po_path, runpy.run_path(table_path)["PL"])


def fill(po_path: str, table: dict, *, overwrite: bool = True) -> int:
    """Fill the Polish entries of one .po file from table; 1 if any stay empty.

    overwrite=False leaves entries that already have a translation alone (a table shared by
    every file must not undo a translation chosen for one app)."""
    po = polib.pofile(po_path)
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        if not overwrite and entry.translated():
            continue
        value = table.get(entry.msgid)
        if value is None:
            if not entry.translated():
                missing.append(entry.msgid)
            continue
        if entry.msgid_plural:
            forms = value if isinstance(value, list) else [value] * 3
            forms = forms + [forms[-1]] * (4 - len(forms))
            entry.msgstr_plural = dict(enumerate(forms[: _nplurals(po)]))
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save()
    for msgid in missing:
        print(f"untranslated in {po_path}:", msgid)
    return 1 if missing else 0


def _nplurals(po) -> int:
    header = po.metadata.get("Plural-Forms", "nplurals=3;")
    return int(header.split("nplurals=")[1].split(";")[0])


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
