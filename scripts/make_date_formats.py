"""Regenerate src/briefpub/locale/date-formats.json from Babel's CLDR data.

A dated briefing shows its date written out in its language ("30 November
2026", "30. November 2026"). Babel knows how, but importing it and loading a
locale's data costs a cold ``pdf`` or ``slides`` about a tenth of a second.
This table holds, per locale, the tokens of CLDR's long date pattern and the
month names it uses, so ``briefpub.i18n.format_date`` writes the same text
without Babel; a locale whose pattern needs more (eras, abbreviated months)
is left out, and Babel formats it. tests/test_i18n.py checks every entry
against Babel, so a Babel upgrade that changes CLDR data fails there until
this is run again:  .venv/bin/python scripts/make_date_formats.py
"""

from __future__ import annotations

import json
from pathlib import Path

import babel
from babel import Locale, localedata
from babel.dates import tokenize_pattern

OUT = Path(__file__).resolve().parent.parent / "src" / "briefpub" / "locale" / "date-formats.json"
FIELDS = {("y", n) for n in range(1, 5)} | {("M", 1), ("M", 2), ("M", 4), ("d", 1), ("d", 2)}
"""The fields briefpub.i18n writes itself: years, numeric and wide month names, days."""


def main() -> None:
    months: list[list[str]] = []
    locales: dict[str, list[object]] = {}
    for identifier in sorted(localedata.locale_identifiers()):
        locale = Locale.parse(identifier)
        tokens: list[object] = []
        for kind, value in tokenize_pattern(locale.date_formats["long"].pattern):
            if kind == "chars":
                tokens.append(value)
            elif tuple(value) in FIELDS:
                tokens.append(list(value))
            else:
                break
        else:
            names = [locale.months["format"]["wide"][month] for month in range(1, 13)]
            if names not in months:
                months.append(names)
            locales[identifier] = [tokens, months.index(names)]
    data = {"babel": babel.__version__, "months": months, "locales": locales}
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {OUT}: {len(locales)} locales, {len(months)} sets of month names")


if __name__ == "__main__":
    main()
