"""``briefpub check --a11y``: what the writer must fix in the source, each at its line."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from briefpub import parse
from briefpub.a11y import accessibility_problems, check_file
from conftest import Run

SOURCE = """---
lang: en
---
A briefing with things to fix

• See [here](https://example.com/report) for more.
• Read https://example.com/a/very/long/address/that/goes/on/and/on.html now.

Why?

Answer: Because.

![Transits](transits.png)

![Transits by month](transits.png "Bar chart: transits fell by two thirds from 2023 to 2024")

![Transits per month](transits.csv)

| | 2024 | 2025 |
|--|--|--|
| Oil | 1 | 2 |

Table: Output by year

| 1.5 | 2.5 |
|--|--|
| 3 | 4 |

Table: Numbers

- ok
- ***

Another one, [click here](https://example.com/x).[^1]

[^1]: Source: https://example.com/a/very/long/address/that/goes/on/and/on.html
"""


def project(folder: Path, text: str = SOURCE) -> Path:
    (folder / "source").mkdir()
    Image.new("RGB", (400, 300), (20, 54, 93)).save(folder / "source" / "transits.png")
    (folder / "source" / "transits.csv").write_text("Month,Transits\nJan,1200\nFeb,1350\n", encoding="utf-8")
    source = folder / "source" / "fix.txt"
    source.write_text(text, encoding="utf-8")
    return source


def test_each_problem_is_named_at_its_line(tmp_path: Path) -> None:
    source = project(tmp_path)
    problems = check_file(source, parse(source), "source/fix.txt")
    found = [(p.line, p.message.split(":")[0].split(" (")[0]) for p in problems]
    assert found == [
        (6, "link text 'here' says nothing out of its sentence"),
        (7, "a bare address as link text"),
        (13, "figure 1's alt text is only its caption"),
        (19, "table 1"),
        (25, "table 2's header row holds only numbers"),
        (31, "list item 2 has no words"),
        (34, "link text 'click here' says nothing out of its sentence"),
    ]
    assert all(str(p).startswith(f"source/fix.txt:{p.line}: ") for p in problems)
    # The figure with alt text, the chart (its data is a table in every edition), a long address in a
    # footnote (a source, where addresses belong) and a header row of years are all fine.
    assert "the header of column 1 is empty" in problems[3].message


def test_a_briefing_in_another_script_than_its_language_is_told(tmp_path: Path) -> None:
    text = (
        "Заголовок\n\nПочему это важно для всех нас сегодня?\n\n"
        "Answer: Потому что так решили в министерстве.\n"
    )
    source = tmp_path / "ru.txt"
    source.write_text(text, encoding="utf-8")
    (problem,) = accessibility_problems(parse(source), text)
    assert "its language is 'en'" in problem.message
    source.write_text("---\nlang: ru\n---\n" + text, encoding="utf-8")
    assert accessibility_problems(parse(source)) == []


def test_check_a11y_lists_them_and_fails(run: Run, tmp_path: Path) -> None:
    project(tmp_path)
    done = run("check", "--a11y", cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert len(lines) == 7
    assert lines[0].startswith("source/fix.txt:6: link text 'here'")
    clean = run("check", cwd=tmp_path)  # without --a11y, check says nothing of them
    assert clean.returncode == 0, clean.stderr


def test_a_briefing_with_nothing_to_fix_passes(run: Run, tmp_path: Path) -> None:
    project(
        tmp_path,
        "Fine\n\nWhy?\n\nAnswer: Because.\n\n"
        '![Transits](transits.png "A bar chart: transits fell by two thirds")\n\n'
        "See [the report](https://example.com/report).\n",
    )
    done = run("check", "--a11y", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == "ok: 1 briefing\n"
