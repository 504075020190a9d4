"""The reader on mutated sources, with a fixed seed: every mutant is a briefing or one clear refusal.

Mutations a writer, a copy-paste or a broken sync make: characters and
lines dropped, doubled, swapped; stray bytes, marks, labels and brackets.
Nothing may escape as another exception, and no message may run long.
"""

from __future__ import annotations

import random

from briefpub import Briefing, SourceError, parse
from conftest import FIXTURES

SEED = 20261203
MUTANTS = 400
_PIECES = [
    "Answer:",
    "Anwser:",
    "**Answer:**",
    "# ",
    "[^",
    "[^a]",
    "[^a]: note",
    "![x](",
    "*",
    "`",
    "\n\n",
    "---\n",
    "?",
    "• ",
    "1. ",
    "\u00a0",
    "\ufeff",
    "\x00",
    "\u202e",
    "https://",
    "<b>",
    "{{",
    "\t",
]


def _mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 6)):
        kind = rng.randrange(6)
        at = rng.randrange(len(lines)) if lines else 0
        if kind == 0 and lines:
            del lines[at]
        elif kind == 1 and lines:
            lines.insert(at, lines[rng.randrange(len(lines))])
        elif kind == 2 and len(lines) > 1:
            other = rng.randrange(len(lines))
            lines[at], lines[other] = lines[other], lines[at]
        elif lines:
            line = lines[at]
            cut = rng.randint(0, len(line))
            piece = rng.choice(_PIECES) if kind < 5 else line[cut : cut + rng.randint(0, 30)]
            lines[at] = line[:cut] + piece + line[cut + (rng.randint(0, 3) if kind == 4 else 0) :]
    return "\n".join(lines)


def test_every_mutant_parses_or_is_refused_in_short_lines() -> None:
    original = (FIXTURES / "ferry-strike.txt").read_text(encoding="utf-8")
    rng = random.Random(SEED)
    outcomes = {"parsed": 0, "refused": 0}
    for _ in range(MUTANTS):
        mutant = _mutate(original, rng)
        try:
            briefing = parse(mutant)
        except SourceError as refused:
            outcomes["refused"] += 1
            messages = [str(d) for d in refused.diagnostics]
        else:
            assert isinstance(briefing, Briefing)
            assert briefing.sections
            outcomes["parsed"] += 1
            messages = [str(d) for d in briefing.warnings]
        for message in messages:
            assert "\n" not in message
            assert len(message) < 400, message
    assert outcomes["parsed"] > 50, outcomes  # both paths exercised
    assert outcomes["refused"] > 20, outcomes
