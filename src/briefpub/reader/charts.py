"""Charts from data: a figure's CSV file read into categories and series, with its sidecar's options.

``![Oil output, kb/d](data/oil.csv "Column chart of oil output")`` is a
chart. The CSV's first column holds the categories, each further column a
series named by its header. Options sit beside it in ``data/oil.toml``::

    type = "line"              # column (default), bar, line, stacked-column, stacked-bar, pie
    x_title = "Year"
    y_title = "Thousand barrels a day"
    number_format = "#,##0"    # 0, 0.0, #,##0.00, 0%, 0.0% ...
    highlight = "2026"         # a category set apart in the accent colour

Both files are read like every input from outside: inside the project
(the sidecar too, whatever link leads to it), regular files only, bounded in
size, rows, series and label length, control characters dropped. What is
wrong with them is a :class:`ChartProblem` naming the data file and its
line; what was mended on the way is in :attr:`ChartData.warnings`. Text
stays text in every edition: nothing here or after is a formula or TeX.
"""

from __future__ import annotations

import csv
import io
import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefpub.errors import shorten
from briefpub.files import MissingFile, UnreadableFile, read_regular
from briefpub.model.briefing import CHART_TYPES, NUMBER_FORMAT, Series
from briefpub.tomllines import deep_line

MAX_DATA_BYTES = 1_000_000
"""The largest CSV (or sidecar) read."""
MAX_CATEGORIES = 500
"""The most categories (rows) a chart may have: more cannot be read off a page or a slide."""
MAX_SERIES = 12
"""The most series (columns after the first) a chart may have."""
MAX_BARS = 1_000
"""The most bars (categories times series) a bar or column chart may have: more cannot be told apart."""
MAX_SLICES = 24
"""The most slices a pie may have."""
MAX_LABEL = 60
"""The longest category or series name drawn; a longer one is cut with an ellipsis (and a warning).

Long labels are what makes a chart slow to draw: matplotlib lays every
tick label and legend entry out again and again to fit them (a 20,000-character
label took 30 s, a 60,000-character series name 75 s), and nobody reads a
label that long on a page or a slide anyway.
"""
_OPTIONS = {"type", "x_title", "y_title", "number_format", "highlight"}
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
"""Control characters no output can hold (C0 but tab and line ends, DEL, C1, two non-characters): dropped."""
_OPTION_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
"""The same and NUL, which a CSV refuses before this but a sidecar's TOML may spell ``\\u0000``."""
_LINE_BREAKS = re.compile(r"\s*[\r\n\t]+\s*")
"""Line breaks and tabs inside a (quoted) cell: a label is one line, so they become a space."""
_GROUPED = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?")
_DECIMAL_COMMA = re.compile(r"[-+]?\d+,\d+")


class ChartProblem(ValueError):
    """What is wrong with a chart's data or options: the file, the line, the message."""

    def __init__(self, path: Path, line: int | None, message: str, *, missing: bool = False) -> None:
        super().__init__(message)
        self.path, self.line, self.message = path, line, message
        self.missing = missing
        """The file is not there at all (the source then gets a did-you-mean)."""


@dataclass(frozen=True)
class ChartData:
    """A chart's data and options as read from its files, with what was dropped from them on the way."""

    category_title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    options: dict[str, str]
    warnings: tuple[tuple[Path, int, str], ...] = ()
    """Findings that did not stop the chart: (file, line, message)."""


def is_data(written: str) -> bool:
    """Whether a figure's path names data to chart (a ``.csv`` file) rather than an image."""
    return written.lower().endswith(".csv")


def sidecar(path: Path) -> Path:
    """Return where a chart's options would be: the CSV's name with ``.toml``."""
    return path.with_suffix(".toml")


def load(path: Path, root: Path) -> ChartData:
    """Return the data of the CSV at ``path`` and the options of its sidecar (if there is one).

    ``path`` is the CSV, already found inside the project ``root``; the
    sidecar must be there too (a link to a file outside is refused).
    """
    found: list[tuple[Path, int, str]] = []
    text = _without_controls(path, _read_text(path), found)
    delimiter = _delimiter(text)
    rows = _rows(path, text, delimiter)
    options = _options(_inside(sidecar(path), root), found) if _present(sidecar(path)) else {}
    header_line, header = rows[0]
    if len(header) < 2:
        raise ChartProblem(path, header_line, "the header needs a category column and at least one series")
    if len(header) - 1 > MAX_SERIES:
        raise ChartProblem(path, header_line, f"{len(header) - 1} series; at most {MAX_SERIES}")
    body = rows[1:]
    if not body:
        raise ChartProblem(path, header_line, "no rows of data under the header")
    if len(body) > MAX_CATEGORIES:
        raise ChartProblem(path, body[MAX_CATEGORIES][0], f"more than {MAX_CATEGORIES} rows of data")
    semicolons = delimiter == ";"
    columns: list[list[float | None]] = [[] for _ in header[1:]]
    percent = False
    for number, cells in body:
        if len(cells) != len(header):
            raise ChartProblem(path, number, f"this row has {len(cells)} cells and the header {len(header)}")
        for column, cell in enumerate(cells[1:]):
            value, is_percent = _number(cell, semicolons)
            if value is None and cell.strip():
                raise ChartProblem(
                    path,
                    number,
                    f"{shorten(cell, 30)!r} in column {shorten(header[column + 1], 30)!r} is not a number",
                )
            percent = percent or is_percent
            columns[column].append(value)
    if all(value is None for column in columns for value in column):
        raise ChartProblem(path, header_line, "no values: every cell under the header is empty")
    if percent and "number_format" not in options:
        options["number_format"] = "0%"
    chart_type = options.get("type", "column")
    bars = len(body) * len(columns)
    if chart_type not in ("line", "pie") and bars > MAX_BARS:
        raise ChartProblem(
            path,
            header_line,
            f"{bars:,} bars; a bar or column chart shows at most {MAX_BARS:,} "
            '(rows times series): use type = "line", or fewer rows',
        )
    if chart_type == "pie" and len(body) > MAX_SLICES:
        raise ChartProblem(path, body[MAX_SLICES][0], f"more than {MAX_SLICES} slices for a pie")
    if chart_type == "pie":
        if len(columns) != 1:
            raise ChartProblem(
                path, header_line, f"a pie chart shows one series; this data has {len(columns)}"
            )
        if any(value is not None and value < 0 for value in columns[0]):
            raise ChartProblem(path, header_line, "a pie chart cannot show negative values")
        if not any(columns[0]):
            raise ChartProblem(path, header_line, "a pie chart needs a value above zero")
    categories = tuple(cells[0] for _, cells in body)
    if options.get("highlight") and options["highlight"] not in categories:
        raise ChartProblem(
            sidecar(path),
            _line_of(sidecar(path), "highlight"),
            f"highlight {shorten(options['highlight'], 30)!r} is not one of the data's categories",
        )
    names, categories = _shortened(path, rows, options, found)
    return ChartData(
        category_title=names[0],
        categories=categories,
        series=tuple(Series(name, tuple(values)) for name, values in zip(names[1:], columns, strict=True)),
        options=options,
        warnings=tuple(found),
    )


def _shortened(
    path: Path, rows: list[tuple[int, list[str]]], options: dict[str, str], found: list[tuple[Path, int, str]]
) -> tuple[list[str], tuple[str, ...]]:
    """Return the header's names and the categories cut to :data:`MAX_LABEL`, the highlight with them."""
    (header_line, header), body = rows[0], rows[1:]
    if any(len(name) > MAX_LABEL for name in header):
        found.append((path, header_line, f"names longer than {MAX_LABEL} characters are shortened"))
    long = [number for number, cells in body if len(cells[0]) > MAX_LABEL]
    if long:
        message = f"{len(long)} labels longer than {MAX_LABEL} characters are shortened (from here)"
        found.append((path, long[0], message))
    if options.get("highlight"):
        options["highlight"] = shorten(options["highlight"], MAX_LABEL)
    return [shorten(name, MAX_LABEL) for name in header], tuple(shorten(c[0], MAX_LABEL) for _, c in body)


def _present(path: Path) -> bool:
    """Whether a file (or a link, even one that leads nowhere) is at ``path``."""
    return path.is_symlink() or path.exists()


def _inside(path: Path, root: Path) -> Path:
    """Return ``path`` if it (after every link) lies inside the project ``root``; else refuse it."""
    if not path.resolve().is_relative_to(root.resolve()):
        raise ChartProblem(path, None, "is outside the project folder (a link out of it?)")
    return path


def _without_controls(path: Path, text: str, found: list[tuple[Path, int, str]]) -> str:
    """Return ``text`` without control characters, with a warning for each line that held some."""
    if not _CONTROL.search(text):
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        if _CONTROL.search(line):
            codes = sorted({f"U+{ord(c):04X}" for c in _CONTROL.findall(line)})
            found.append((path, number, f"dropped control characters ({', '.join(codes[:5])})"))
            lines[number - 1] = _CONTROL.sub("", line)
    return "\n".join(lines)


def _read_text(path: Path) -> str:
    try:
        data = read_regular(path, MAX_DATA_BYTES)
    except MissingFile:
        raise ChartProblem(path, None, "does not exist", missing=True) from None
    except UnreadableFile as exc:
        raise ChartProblem(path, None, str(exc)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ChartProblem(path, line, "this line is not UTF-8 text; save the file as UTF-8") from None


def _delimiter(text: str) -> str:
    """Return the CSV's delimiter: the comma, or a semicolon or tab where the header has more of them."""
    first = text.lstrip().split("\n", 1)[0]
    counts = {delimiter: first.count(delimiter) for delimiter in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def _rows(path: Path, text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """Return the CSV's non-blank rows with their line numbers, each cell stripped."""
    if "\x00" in text:
        raise ChartProblem(
            path, text[: text.index("\x00")].count("\n") + 1, "a NUL character: not a CSV file"
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        start = 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((start, [_LINE_BREAKS.sub(" ", cell.strip()) for cell in cells]))
            start = reader.line_num + 1
            if len(rows) > MAX_CATEGORIES + 1:
                break
    except csv.Error as exc:
        raise ChartProblem(path, reader.line_num, f"not CSV: {exc}") from None
    if not rows:
        raise ChartProblem(path, 1, "the file holds no data")
    return rows


def _number(cell: str, semicolons: bool) -> tuple[float | None, bool]:
    """Return a cell's value (None for empty or not a number) and whether it was a percentage."""
    text = cell.strip().replace("\u2212", "-").replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if not text:
        return None, False
    percent = text.endswith("%")
    text = text.rstrip("%")
    if _GROUPED.fullmatch(text):
        text = text.replace(",", "")
    elif semicolons and _DECIMAL_COMMA.fullmatch(text):
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None, False
    if not math.isfinite(value) or abs(value) > 1e15:
        return None, False
    return (value / 100 if percent else value), percent


def _options(path: Path, found: list[tuple[Path, int, str]]) -> dict[str, str]:
    """Return the sidecar's options, each checked; an unknown key or a wrong value names its line."""
    text = _read_text(path)
    try:
        values: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"\(at line (\d+)", str(exc))
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
        end = max(1, len(text.splitlines()))  # where tomllib says "at end of document"
        raise ChartProblem(path, int(at[1]) if at else end, f"not TOML: {message}") from None
    except RecursionError:
        raise ChartProblem(path, deep_line(text), "arrays or tables nested too deeply") from None
    options: dict[str, str] = {}
    for key, given in values.items():
        line = _line_of(path, key, text)
        if key not in _OPTIONS:
            raise ChartProblem(
                path, line, f"unknown option {shorten(key, 30)!r}; known: {', '.join(sorted(_OPTIONS))}"
            )
        if not isinstance(given, str | int) or isinstance(given, bool):
            raise ChartProblem(path, line, f"{key} must be text")
        value = str(given)
        if _OPTION_CONTROL.search(value) or _LINE_BREAKS.search(value):
            found.append((path, line or 1, f"{key}: dropped control characters and line breaks"))
            value = _LINE_BREAKS.sub(" ", _OPTION_CONTROL.sub("", value)).strip()
        if len(value) > 200:
            raise ChartProblem(path, line, f"{key} is longer than 200 characters")
        if key == "type" and value not in CHART_TYPES:
            raise ChartProblem(
                path, line, f"type {shorten(value, 30)!r} is not one of {', '.join(CHART_TYPES)}"
            )
        if key == "number_format" and not NUMBER_FORMAT.fullmatch(value):
            raise ChartProblem(
                path, line, f"number_format {shorten(value, 30)!r}: use 0, 0.0, #,##0, #,##0.00, 0% or 0.0%"
            )
        options[key] = value
    return options


def _line_of(path: Path, key: str, text: str | None = None) -> int | None:
    """Return the line of the sidecar where ``key`` is set, for a message about its value."""
    text = _read_text(path) if text is None else text
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=", line):
            return number
    return None
