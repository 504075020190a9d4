"""The faces corporate masters use every day are measured with their own widths, or a twin scaled to them.

Never as "unknown, 20% wider": a title that fits the line in the face stays on
one line at the template's size, and one that does not is wrapped or set
smaller. Fontconfig is kept out, so a machine with the real fonts installed
measures as CI does.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefpub.deck import faces, textfit
from briefpub.deck.plan import TextPlan
from briefpub.deck.slides import plan_slides, render_slides
from briefpub.deck.textfit import Font, find_font, natural_width, packaged
from briefpub.errors import Diagnostic
from briefpub.packaged import PACKAGE_DECK
from briefpub.reader.structure import parse
from deckcheck import HAVE_LIBREOFFICE, Page, render_all, text_boxes

OWN_WIDTHS = ("Verdana", "Tahoma", "Trebuchet MS", "Georgia", "Avenir", "Avenir Next", "Bebas Neue")
"""Faces whose own widths ship: Wine's Tahoma, Debian's Bebas Neue, published tables for the others."""
SCALED = {  # face: (shipped family, upright factor, bold factor), from Capsize's published average widths
    "Segoe UI": ("Open Sans", 908 / 960, 973 / 1030),
    "Segoe UI Semibold": ("Open Sans", 937 / 960, 973 / 1030),
    "Helvetica Neue": ("Liberation Sans", 0.45 / (913 / 2048), 0.48 / (983 / 2048)),
    "Book Antiqua": ("P052", 1.0, 1.0),  # drawn on Palatino's widths; P052 is URW's Palatino
}
EXACT = {"Arial Narrow": ("Liberation Sans", 0.82), "Consolas": ("Liberation Mono", 1126 / 1229)}
WORDS = [
    "Why",
    "are",
    "the",
    "carriers",
    "staying",
    "away",
    "from",
    "the",
    "strait",
    "when",
    "insurers",
    "price",
    "every",
    "transit",
    "so",
    "high",
]


@pytest.fixture(autouse=True)
def no_fontconfig(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Measure with what ships, whatever this machine has installed."""
    monkeypatch.setattr(textfit, "_fontconfig_lookup", lambda *_args, **_kw: None)
    find_font.cache_clear()
    yield
    find_font.cache_clear()


def expected(face: str, bold: bool) -> Font:
    """Return the widths ``face`` must be measured with, built from the tables, not from find_font."""
    if face in OWN_WIDTHS:
        own = packaged(face, bold)
        assert own is not None
        return own
    family, *factors = SCALED[face] if face in SCALED else (*EXACT[face], EXACT[face][1])
    shipped = packaged(family, bold)
    assert shipped is not None
    scale = factors[1] if bold else factors[0]
    return Font(face, {cp: width * scale for cp, width in shipped.widths.items()})


@pytest.mark.parametrize("face", [*OWN_WIDTHS, *SCALED, *EXACT])
@pytest.mark.parametrize("bold", [False, True])
def test_a_title_in_the_face_is_measured_with_its_widths(face: str, bold: bool) -> None:
    font = find_font(face, bold)
    title = "Quarterly outlook: tariffs, shipping and the euro"
    assert font.width(title) == pytest.approx(expected(face, bold).width(title), rel=1e-9)
    assert "cautious guess" not in font.note
    assert font.stand_in == (face in SCALED)  # own widths and exact ones have nothing to warn of


def test_a_scaled_twin_says_what_it_is_scaled_from_and_how_close_it_is() -> None:
    note = find_font("Segoe UI").note
    assert note.startswith("Open Sans's widths x 0.946")
    assert "Capsize" in note
    assert "2%" in note
    assert "no published widths" in find_font("Gill Sans MT").note  # said as a guess, not as measured


def test_the_longest_family_start_wins() -> None:
    """Segoe UI Semibold is wider than Segoe UI; Segoe UI Light narrower."""
    text = "Quarterly outlook"
    widths = [find_font(face).width(text) for face in ("Segoe UI Light", "Segoe UI", "Segoe UI Semibold")]
    assert widths == sorted(widths)
    assert len(set(widths)) == 3


def test_every_scaled_twin_measures_with_a_shipped_family() -> None:
    for start, twin in faces.SCALED.items():
        assert twin.widths in faces.PACKAGED, start
        assert min(twin.regular, twin.bold) > 0.5, start
        assert max(twin.regular, twin.bold) < 1.5, start


def master_in(tmp_path: Path, face: str) -> Path:
    """Return the packaged master with its theme fonts set to ``face``."""
    path = tmp_path / f"{face.replace(' ', '-')}.pptx"
    with zipfile.ZipFile(PACKAGE_DECK) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename.startswith("ppt/theme/"):
                blob = blob.replace(b'<a:latin typeface="Calibri"', f'<a:latin typeface="{face}"'.encode())
            dst.writestr(info, blob)
    return path


def question_title(template: Path, question: str) -> tuple[TextPlan, list[Diagnostic]]:
    said: list[Diagnostic] = []
    deck = plan_slides(parse(f"T\n\n{question}?\n\nAnswer: Yes.\n"), master=template, warn=said.append)
    return next(s for s in deck.slides if s.role == "question").texts[0], said


def words_filling(font: Font, size: float, share: float) -> str:
    """Return the first words of :data:`WORDS` (repeated) whose line takes ``share`` of ``size`` ems."""
    words: list[str] = []
    while natural_width(" ".join([*words, WORDS[len(words) % len(WORDS)]]) + "?", font, 1) < share * size:
        words.append(WORDS[len(words) % len(WORDS)])
    return " ".join(words)


@pytest.mark.parametrize("face", [*OWN_WIDTHS, *SCALED, *EXACT])
def test_a_master_in_the_face_wraps_titles_where_the_face_does(face: str, tmp_path: Path) -> None:
    """A title that fits the line in the face stays on one line at full size; a longer one does not."""
    template = master_in(tmp_path, face)
    probe, _ = question_title(template, "Short")
    room = (probe.box.width - probe.insets[0] - probe.insets[2]) * textfit.SAFETY / probe.ceiling  # in ems
    font = expected(face, probe.bold)
    fitting, said = question_title(template, words_filling(font, room, 0.97))
    assert (fitting.size, len(fitting.lines[0])) == (probe.ceiling, 1)
    overlong, _ = question_title(template, words_filling(font, room, 1.03) + " " + WORDS[0])
    assert natural_width(overlong.paragraphs[0], font, probe.ceiling) > room * probe.ceiling
    assert overlong.size < probe.ceiling or len(overlong.lines[0]) > 1
    fonts = [d.message for d in said if "font " in d.message]
    assert all("cautious guess" not in message for message in fonts)
    assert len(fonts) == (1 if face in SCALED else 0)


CONF = Path(__file__).parent.parent / "scripts" / "35-briefpub-faces.conf"
"""The fontconfig file scripts/bootstrap installs: which installed font draws a face the machine lacks."""
TITLES = (
    "Why are Tokayev and Putin in camaraderie?",
    "What is driving Putin?",
    "What does this mean for you?",
    "Red Sea shipping after the ceasefire",
    "Why are the carriers staying away from the strait?",
    "Lithium in the Andes: who sets the price of a tonne in 2026?",
    "Quarterly outlook: tariffs, shipping and the euro",
)


def drawn_with() -> dict[str, str]:
    """Return each face the fontconfig file names, and the family it has LibreOffice draw it with."""
    from lxml import etree

    tree = etree.parse(str(CONF))
    return {
        str(alias.findtext("family")): str(alias.findtext("accept/family")) for alias in tree.iter("alias")
    }


def test_the_fontconfig_file_names_only_fonts_bootstrap_installs() -> None:
    bootstrap = (CONF.parent / "bootstrap").read_text(encoding="utf-8")
    assert "35-briefpub-faces.conf" in bootstrap
    unshipped = {family for family in drawn_with().values() if packaged(family, False) is None}
    assert unshipped == {"Inconsolata"}  # monospaced at 0.5 em: narrower than Consolas (0.55) in every glyph
    assert find_font("Consolas").width("m") == pytest.approx(0.5498, abs=1e-4)


@pytest.mark.parametrize(
    "face", sorted(face for face, family in drawn_with().items() if family != "Inconsolata")
)
@pytest.mark.parametrize("bold", [False, True])
def test_libreoffice_draws_a_face_the_machine_lacks_within_the_room_measured(face: str, bold: bool) -> None:
    """A title measured to fit one line in the face fits it as LibreOffice draws it, with the stand-in."""
    drawn = packaged(drawn_with()[face], bold)
    assert drawn is not None
    measured = find_font(face, bold)
    assert "cautious guess" not in measured.note
    for title in TITLES:
        assert drawn.width(title) * textfit.SAFETY <= measured.width(title), title


@pytest.mark.parametrize(
    ("face", "shipped", "factor"),
    [
        ("Segoe UI Bold", "Open Sans", 973 / 960),  # a weight named as the family: upright runs are bold
        ("Open Sans SemiBold", "Open Sans", 995 / 960),
        ("Montserrat Medium", "Montserrat", 511 / 503),
        ("Source Sans Pro Semibold", "Source Sans 3", 431 / 418),
        ("Lato Black", "Lato", 909 / 871),
        ("Helvetica Neue Light", "Liberation Sans", 0.433 / (913 / 2048)),
    ],
)
def test_a_weight_named_as_a_family_is_measured_at_that_weight(
    face: str, shipped: str, factor: float
) -> None:
    """Capsize's average width of the weight over the shipped table's: a semibold is not set as a regular."""
    table = packaged(shipped, False)
    assert table is not None
    text = "Quarterly outlook"
    assert find_font(face).width(text) == pytest.approx(table.width(text) * factor, rel=1e-9)


DRAWN_FACES = ("Calibri Light", "Century Gothic", "Verdana", "Tahoma", "Segoe UI", "Trebuchet MS", "Georgia")
"""Faces LibreOffice draws with a stand-in the fontconfig file names (Tahoma: Wine's own)."""


def test_a_brand_face_the_pdf_sets_in_a_stand_in_is_named_with_it() -> None:
    """The PDF's warning names the font WeasyPrint really sets: Georgia's stand-in, not the default serif."""
    from briefpub.config import Brand
    from briefpub.newsletter.pdf import render_pdf

    installed = Path("/etc/fonts/conf.d") / CONF.name
    assert installed.is_file(), f"run scripts/bootstrap: {installed} is not installed"
    said: list[Diagnostic] = []
    render_pdf(parse("T\n\nQ?\n\nAnswer: A.\n"), brand=Brand(font_body="Georgia"), warn=said.append)
    assert [d.message.split(": ", 1)[1] for d in said] == [
        "the PDF falls back to 'Caladea' (serif); install it or name another"
    ]


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, Path, list[Page]]]:
    """Return, per face, a title filling 99% of its line as measured, its deck, and LibreOffice's pages."""
    if not HAVE_LIBREOFFICE:
        pytest.skip("LibreOffice is not installed")
    assert CONF.with_name("bootstrap").is_file()
    installed = Path("/etc/fonts/conf.d") / CONF.name
    assert installed.is_file(), f"run scripts/bootstrap: {installed} is not installed"
    folder = tmp_path_factory.mktemp("drawn")
    decks: dict[str, tuple[str, Path]] = {}
    for face in DRAWN_FACES:
        template = master_in(folder, face)
        probe, _ = question_title(template, "Short")
        room = (probe.box.width - probe.insets[0] - probe.insets[2]) * textfit.SAFETY / probe.ceiling
        title = words_filling(find_font(face, probe.bold), room, 0.99) + "?"
        deck = folder / f"{face.replace(' ', '-')}-deck.pptx"
        deck.write_bytes(render_slides(parse(f"T\n\n{title}\n\nAnswer: Yes.\n"), master=template))
        decks[face] = (title, deck)
    pages = render_all([deck for _, deck in decks.values()])
    return {
        face: (title, deck, page) for (face, (title, deck)), page in zip(decks.items(), pages, strict=True)
    }


@pytest.mark.parametrize("face", DRAWN_FACES)
def test_libreoffice_draws_a_title_measured_to_fill_its_line_on_one_line(
    face: str, drawn: dict[str, tuple[str, Path, list[Page]]]
) -> None:
    """Noto Sans, fontconfig's default, would run Calibri Light's full line onto two (15% wider)."""
    title, deck, pages = drawn[face]
    words = [word for word in pages[1].words if word.text in title.split()]
    assert " ".join(word.text for word in words) == title
    assert max(word.y0 for word in words) - min(word.y0 for word in words) < 2, "the title wrapped"
    (box,) = [box for box in text_boxes(deck)[1] if box[1] <= words[0].y0 <= box[3]]
    assert box[0] - 1.5 <= min(word.x0 for word in words)
    assert max(word.x1 for word in words) <= box[2] + 1.5


@pytest.mark.parametrize(
    "family", ["-V", "--help", "Foo-Bar", "A:weight=bold", "X,DejaVu Sans", "back\\slash"]
)
def test_a_family_from_a_master_is_asked_of_fontconfig_as_one_name(family: str) -> None:
    """A master's font name went into fc-match as it was: '-V' was an option, 'X,DejaVu Sans' two families."""
    from briefpub import fontconfig

    names, _ = fontconfig.match(f"{fontconfig.escaped(family)}:weight=regular")
    assert names, "fc-match answered nothing"
    assert not any("version" in name.lower() for name in names)
    assert not fontconfig.has(names, "DejaVu Sans") or family != "X,DejaVu Sans"
