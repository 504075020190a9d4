"""What only the writer can make accessible: `briefpub check --a11y` reads a briefing as a screen reader does.

briefpub tags, names and colours every edition itself (see the README's
accessibility table), but some things come from the source and only its
writer can mend them: an image needs words for those who cannot see it, a
link needs text that says where it leads when read out of its sentence, a
table needs a header row that names its columns. Each finding is a
``FILE:LINE: message`` that says what to write instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from briefpub import i18n
from briefpub.errors import Diagnostic
from briefpub.files import display_path
from briefpub.model.briefing import Block, Briefing, Chart, Figure, ListBlock, Table, inlines_of
from briefpub.model.richtext import Emphasis, Inline, Link, Strong, plain_text
from briefpub.reader.decode import DEFAULT_MAX_BYTES

VAGUE_LINK_TEXTS = frozenset(
    {
        "here",
        "click here",
        "click",
        "this",
        "this link",
        "link",
        "this page",
        "read more",
        "more",
        "learn more",
        "see here",
        "go",
        "ici",
        "cliquez ici",
        "lien",
        "hier",
        "klicken sie hier",
        "aquí",
        "haga clic aquí",
        "qui",
        "clicca qui",
    }
)
"""Link texts that say nothing of where a link leads (a screen reader lists links by their text)."""
LONG_BARE_ADDRESS = 40
"""A bare address this long, outside the notes, is read out character by character: text would help."""
_NUMBER = re.compile(r"[-+−]?[$€£¥]?\(?\d[\d,.\s']*\)?\s?%?")
_YEAR = re.compile(r"(1[89]|20)\d\d")
"""Years name columns often: a header row of years is a header row."""
_FILE_NAME = re.compile(r"^[\w.-]+\.(png|jpe?g|gif|svg|webp|csv)$", re.I)
_LATIN_LANGUAGES = {"en", "fr", "de", "es", "it", "pt", "nl", "pl", "tr", "sv", "da", "no", "fi", "cs", "ro"}


def accessibility_problems(
    briefing: Briefing, text: str | None = None, where: str | None = None
) -> list[Diagnostic]:
    """Return what the writer of ``briefing`` should fix for readers who cannot see or scan the page.

    ``text`` is the source as read (for the lines of links, which the model
    does not keep); without it a link is placed at the line of what holds it.
    ``where`` names the file in messages (else the briefing's source).
    """
    where = where or (display_path(briefing.source) if briefing.source else "<string>")
    lines = text.splitlines() if text is not None else []
    found: list[tuple[int, str]] = []
    found += _language(briefing)
    for block, _ in _blocks(briefing):
        if isinstance(block, Figure | Chart):
            found += _figure(block)
        elif isinstance(block, Table):
            found += _table(block)
        elif isinstance(block, ListBlock):
            found += [(block.line, f"list item {n} {why}") for n, why in _list_items(block)]
    found += _links(briefing, lines)
    return [Diagnostic(where, line or None, message) for line, message in sorted(found, key=lambda f: f[0])]


def _blocks(briefing: Briefing) -> Iterator[tuple[Block, int]]:
    for block in briefing.introduction:
        yield block, 0
    for section in briefing.sections:
        for block in section.body:
            yield block, section.line


def _figure(figure: Figure | Chart) -> list[tuple[int, str]]:
    what = "chart" if isinstance(figure, Chart) else "figure"
    alt = " ".join(figure.alt.split())
    caption = " ".join(plain_text(inlines_of(figure.caption)).split())
    example = f'![{caption or "Caption"}]({figure.written} "what the {what} shows, in a sentence")'
    if not alt:
        return [(figure.line, f"{what} {figure.number} has no alt text: write it in quotes, {example}")]
    if _FILE_NAME.match(alt):
        return [
            (figure.line, f"{what} {figure.number}'s alt text is a file name ({alt!r}): say what it shows")
        ]
    if isinstance(figure, Figure) and alt == caption:
        return [
            (
                figure.line,
                f"figure {figure.number}'s alt text is only its caption: a screen reader hears the caption "
                f"twice and nothing of the image; say what it shows, {example}",
            )
        ]
    return []


def _table(table: Table) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    header = [plain_text(inlines_of(cell)).strip() for cell in table.header]
    empty = [str(n) for n, cell in enumerate(header, 1) if not cell]
    if len(empty) == len(header):
        found.append(
            (
                table.line,
                f"table {table.number} has no header row (its first row is empty): name each column "
                "in the first row, as a screen reader announces it with every cell",
            )
        )
    elif empty:
        columns = ", ".join(empty)
        found.append(
            (
                table.line,
                f"table {table.number}: the header of column{'s' if len(empty) > 1 else ''} {columns} "
                "is empty; name what the column holds (a screen reader announces it with every cell)",
            )
        )
    written = [cell for cell in header if cell]
    if len(written) > 1 and all(_NUMBER.fullmatch(cell) and not _YEAR.fullmatch(cell) for cell in written):
        found.append(
            (
                table.line,
                f"table {table.number}'s header row holds only numbers: is it a row of data? The first row "
                "of a table is its header: put the columns' names there",
            )
        )
    if not plain_text(inlines_of(table.caption)).strip():
        found.append(
            (
                table.line,
                f"table {table.number} has no caption: add a 'Table: …' line after it, so that a screen "
                "reader's list of tables says what each one holds",
            )
        )
    return found


def _list_items(block: ListBlock) -> Iterator[tuple[int, str]]:
    for number, item in enumerate(block.items, 1):
        text = plain_text(inlines_of(item)).strip()
        if not any(char.isalnum() for char in text):
            yield number, "has no words (only marks or symbols): a screen reader reads out nothing"
        elif re.fullmatch(r"!\[[^\]]*\]\([^)]*\)", text):
            yield (
                number,
                "is only an image: images go in a paragraph of their own, with a caption and alt text",
            )


def _links(briefing: Briefing, lines: list[str]) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    used: set[tuple[int, str]] = set()
    notes = {id(note.text) for note in briefing.footnotes}
    for text, line in _texts(briefing):
        for link in _each_link(inlines_of(text)):
            shown = " ".join(plain_text(link.children).split())
            at = _line_of(lines, link, shown, used) or line
            key = shown.casefold().strip(" .:!…»«\"'")
            if key in VAGUE_LINK_TEXTS:
                found.append(
                    (
                        at,
                        f"link text {shown!r} says nothing out of its sentence (screen readers list links "
                        f"by their text): say where it leads, [the 2026 annual report]({_short(link.href)})",
                    )
                )
            elif (
                shown in (link.href, link.href.removeprefix("mailto:"))
                and len(shown) >= LONG_BARE_ADDRESS
                and id(text) not in notes
            ):
                found.append(
                    (
                        at,
                        f"a bare address as link text ({_short(shown)}) is read out character by character: "
                        "write [a few words saying what it is](…), or move it to a footnote",
                    )
                )
    return found


def _texts(briefing: Briefing) -> Iterator[tuple[str, int]]:
    """Yield every text that may hold links, with the line of what holds it (0 when unknown)."""
    yield briefing.title, 0
    for point in briefing.key_points:
        yield point, 0
    for block, line in _blocks(briefing):
        for text in _block_texts(block):
            yield text, getattr(block, "line", 0) or line
    for section in briefing.sections:
        yield section.question, section.line
        yield section.answer, section.line
    for note in briefing.footnotes:
        yield note.text, note.line


def _block_texts(block: Block) -> Iterator[str]:
    if isinstance(block, ListBlock):
        yield from block.items
    elif isinstance(block, Figure | Chart):
        yield block.caption
    elif isinstance(block, Table):
        yield block.caption
        yield from block.header
        for row in block.rows:
            yield from row
    else:
        yield block


def _each_link(inlines: tuple[Inline, ...]) -> Iterator[Link]:
    for node in inlines:
        if isinstance(node, Link):
            yield node
        elif isinstance(node, Emphasis | Strong):
            yield from _each_link(node.children)


def _line_of(lines: list[str], link: Link, shown: str, used: set[tuple[int, str]]) -> int:
    """Return the first line not yet used that holds the link as written (``](href)`` or the address)."""
    needles = [f"]({link.href})", f"<{link.href}>", link.href]
    for needle in needles:
        for number, line in enumerate(lines, 1):
            if needle in line and (number, needle) not in used and (needle != link.href or shown in line):
                used.add((number, needle))
                return number
    return 0


def _language(briefing: Briefing) -> list[tuple[int, str]]:
    """Say when the briefing is in another script than its ``lang``: a screen reader would mispronounce it."""
    lang = briefing.meta.lang
    if i18n.base_language(lang) not in _LATIN_LANGUAGES:
        return []
    letters = [char for text in briefing.texts() for char in plain_text(inlines_of(text)) if char.isalpha()]
    if len(letters) < 40:
        return []
    latin = sum(1 for char in letters if unicodedata.name(char, "").startswith("LATIN"))
    if latin / len(letters) >= 0.5:
        return []
    return [
        (
            1,
            f"the briefing is written mostly in a non-Latin script but its language is {lang!r}: "
            "screen readers would read it in that language's voice; set lang: in the front matter "
            "(ar, ru, zh, …)",
        )
    ]


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"


def check_file(
    path: Path, briefing: Briefing, where: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[Diagnostic]:
    """Return :func:`accessibility_problems` for ``briefing`` as read from ``path`` (its links' lines placed).

    The source was read and checked by the parse (a regular file, bounded);
    it is read again only for the lines, at most as much as the parse took.
    """
    try:
        with path.open("rb") as file:
            text = file.read(max_bytes).decode("utf-8", errors="replace")
    except OSError:
        text = None
    return accessibility_problems(briefing, text, where)
