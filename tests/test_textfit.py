"""Measuring and wrapping slide text the way PowerPoint and LibreOffice lay it out."""

from __future__ import annotations

import pytest

from briefpub.deck import textfit
from briefpub.deck.textfit import Face, carlito, find_font, fit_size, packaged, text_height, wrap

FONT = carlito(False)


def test_wrap_keeps_every_character_in_order() -> None:
    text = "The carriers see the ceasefire as fragile and the cost of a wrong bet as larger than the savings."
    lines = wrap(text, FONT, 24, 400)
    assert len(lines) > 1
    assert " ".join(lines) == text
    assert all(FONT.width(line) * 24 <= 400 for line in lines)


def test_a_word_longer_than_the_line_breaks_between_characters() -> None:
    lines = wrap("x" * 300, FONT, 24, 300)
    assert "".join(lines) == "x" * 300
    assert all(FONT.width(line) * 24 <= 300 for line in lines)


def test_no_break_space_joins_words() -> None:
    lines = wrap("a b\u00a0c d " * 20, FONT, 20, 200)
    assert all("b\u00a0c" in line or "b" not in line for line in lines)


def test_cjk_closing_marks_never_start_a_line() -> None:
    text = "这是一个很长的中文答案，用于测试换行。" * 8
    lines = wrap(text, FONT, 20, 300)
    assert not any(line.startswith(("，", "。")) for line in lines)
    assert "".join(lines) == text


def test_fit_size_is_the_largest_that_fits() -> None:
    paragraphs = ["A sentence of moderate length that needs a few lines in a narrow box."] * 3
    size = fit_size(paragraphs, FONT, 300, 200, 40, 8)
    assert size is not None
    assert text_height(paragraphs, FONT, size, 300) <= 200
    assert text_height(paragraphs, FONT, size + 1, 300) > 200
    assert fit_size(paragraphs * 50, FONT, 300, 200, 40, 8) is None


def test_unknown_font_is_a_wider_stand_in() -> None:
    unknown = find_font("No Such Font Family")
    assert unknown.stand_in
    assert unknown.width("Hello") > FONT.width("Hello")
    assert not find_font("Calibri").stand_in


def test_bold_runs_are_measured_in_the_bold_face() -> None:
    regular, bold = Face(carlito(False)), Face(carlito(True))
    text = "Tariffs stay until the end of the decade, at least " * 4
    plain = wrap(text, regular, 20, 400)
    strong = wrap(((text, bold),), regular, 20, 400)
    assert len(strong) > len(plain)  # Carlito Bold is wider: the same words need more lines
    assert " ".join(strong).split() == text.split()


def test_a_word_split_between_runs_stays_one_word() -> None:
    regular, bold = Face(carlito(False)), Face(carlito(True))
    lines = wrap((("aaaa Escal", bold), ("ation bbbb", regular)), regular, 20, 120)
    assert any("Escalation" in line for line in lines)
    assert "".join(lines).replace(" ", "") == "aaaaEscalationbbbb"


def test_a_face_with_no_twin_is_measured_with_its_named_stand_in() -> None:
    segoe = find_font("Segoe UI", bold=True)
    assert segoe.stand_in
    assert "Open Sans's widths" in segoe.note
    open_sans = packaged("Open Sans", True)
    assert open_sans is not None
    text = "Quarterly outlook"
    assert segoe.width(text) == pytest.approx(open_sans.width(text) * 973 / 1030)
    unknown = find_font("No Such Font Family")
    assert "a cautious guess" in unknown.note


def test_metric_twins_ship_so_they_measure_alike_without_the_fonts() -> None:
    """Arial is Liberation Sans whether the machine has it or not: the widths ship."""
    for family, twin in (
        ("Arial", "Liberation Sans"),
        ("Cambria", "Caladea"),
        ("Times New Roman", "Liberation Serif"),
    ):
        shipped = packaged(twin, False)
        assert shipped is not None
        assert find_font(family).name == twin
        assert (
            abs(find_font(family).width("Moderate outlook, 12%") - shipped.width("Moderate outlook, 12%"))
            < 1e-9
        )


@pytest.mark.parametrize(
    ("family", "measured_with"),
    [
        ("Calibri Light", "Carlito"),
        ("Century Gothic", "URW Gothic"),
        ("Palatino", "P052"),
        ("Bebas Neue Regular", "Bebas Neue"),
        ("Montserrat", "Montserrat"),
        ("Roboto", "Roboto"),
        ("Open Sans", "Open Sans"),
        ("Lato", "Lato"),
        ("Source Sans Pro", "Source Sans 3"),
        ("Source Sans 3", "Source Sans 3"),
    ],
)
def test_faces_a_desk_uses_every_day_are_measured_with_their_own_widths(
    family: str, measured_with: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a machine without these fonts they are measured with shipped widths, never "unknown, +20%"."""
    monkeypatch.setattr(textfit, "_fontconfig_lookup", lambda *_args, **_kw: None)
    find_font.cache_clear()
    try:
        font = find_font(family)
        shipped = packaged(measured_with, False)
        assert shipped is not None
        assert not font.stand_in
        assert font.width("Quarterly outlook, 12%") == pytest.approx(shipped.width("Quarterly outlook, 12%"))
        bold = find_font(family, bold=True)
        assert bold.width("Quarterly outlook") > font.width("Quarterly outlook")
    finally:
        find_font.cache_clear()


def test_a_weight_of_a_shipped_face_is_measured_with_that_face() -> None:
    medium = find_font("Montserrat Medium")
    regular = packaged("Montserrat", False)
    assert regular is not None
    assert "Montserrat's widths x 1.02 (its own design at another weight" in medium.note
    assert medium.width("Outlook") > regular.width("Outlook")  # cautious: heavier weights are wider


def test_both_weights_of_a_shipped_family_come_from_one_reading_of_its_file() -> None:
    textfit.packaged.cache_clear()
    textfit._metrics.cache_clear()
    regular, bold = textfit.packaged("Carlito", False), textfit.packaged("Carlito", True)
    assert regular is not None
    assert bold is not None
    assert regular.width("Moderate outlook") < bold.width("Moderate outlook")
    assert textfit._metrics.cache_info().misses == 1
