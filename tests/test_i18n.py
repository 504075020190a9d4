"""The words briefpub adds, in the briefing's language, and the direction it is written in."""

from __future__ import annotations

import datetime

import pytest

from briefpub import i18n
from briefpub.config import Brand, PdfConfig
from briefpub.newsletter.page import page_css, render_html
from briefpub.reader.structure import parse


@pytest.mark.parametrize(
    ("lang", "key_points", "footer"),
    [
        ("en", "Key points", "Page {page} of {pages}"),
        ("fr-CA", "Points clés", "Page {page} sur {pages}"),
        ("pt_BR", "Pontos-chave", "Página {page} de {pages}"),
        ("zh", "要点", "第 {page} 页，共 {pages} 页"),
        ("ar", "النقاط الرئيسية", "صفحة {page} من {pages}"),
        ("xx", "Key points", "Page {page} of {pages}"),
    ],
)
def test_labels_follow_the_base_language(lang: str, key_points: str, footer: str) -> None:
    labels = i18n.labels(lang)
    assert (labels.key_points, labels.page_of) == (key_points, footer)


@pytest.mark.parametrize(
    ("lang", "rtl"), [("ar", True), ("he-IL", True), ("fa", True), ("en", False), ("tr", False)]
)
def test_direction(lang: str, rtl: bool) -> None:
    assert i18n.is_rtl(lang) is rtl
    page = render_html(parse(f"---\nlang: {lang}\n---\nT\n\nQ?\n\nAnswer: A.\n"))
    assert f'dir="{"rtl" if rtl else "ltr"}"' in page


def test_text_direction_is_told_by_the_first_strong_character() -> None:
    assert i18n.starts_rtl("«ما هو» the question")
    assert not i18n.starts_rtl("123 The question ما")
    assert not i18n.starts_rtl("")


def test_page_footer_puts_numbers_where_the_language_does() -> None:
    briefing = parse("---\nlang: zh\n---\nT\n\nQ?\n\nAnswer: A.\n")
    css = page_css(briefing, Brand(), PdfConfig())
    assert '@bottom-right { content: "第 " counter(page) " 页，共 " counter(pages) " 页"; }' in css


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "November 23, 2026"),
        ("de", "23. November 2026"),
        ("fr", "23 novembre 2026"),
        ("x-unknown", "2026-11-23"),
    ],
)
def test_dates_are_written_as_readers_expect(lang: str, expected: str) -> None:
    assert i18n.format_date(datetime.date(2026, 11, 23), lang) == expected


def test_names_are_joined_with_the_language_s_and() -> None:
    assert i18n.join_names(["A", "B", "C"], "de") == "A, B und C"
    assert i18n.join_names(["A"], "fr") == "A"
    assert i18n.join_names([], "en") == ""


def test_the_packaged_date_formats_write_what_babel_writes() -> None:
    """Every locale of the table, against Babel itself: a Babel upgrade that changes CLDR shows here."""
    from babel import Locale
    from babel.dates import format_date as babel_format

    table = i18n._date_formats()["locales"]
    assert len(table) > 1000
    dates = [datetime.date(2026, 11, 30), datetime.date(2024, 2, 9), datetime.date(987, 7, 1)]
    for identifier in table:
        locale = Locale.parse(identifier)
        for date in dates:
            assert i18n.format_date(date, identifier) == babel_format(date, "long", locale=locale), identifier
    for month in range(1, 13):
        date = datetime.date(2026, month, 1)
        assert i18n.format_date(date, "de") == babel_format(date, "long", locale="de")


def test_a_language_tag_the_table_lacks_goes_through_babel() -> None:
    date = datetime.date(2026, 11, 30)
    assert "EN" not in i18n._date_formats()["locales"]
    assert i18n.format_date(date, "EN") == "November 30, 2026"  # Babel reads tags in any case
    assert i18n.format_date(date, "zz-Unknown") == "2026-11-30"
