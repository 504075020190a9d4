"""The fit report: what ``briefpub check --fit`` shows of a deck plan, slide by slide.

Read before a client meeting: which text is set below its minimum size, which
list runs over several slides, how full each box is.
"""

from __future__ import annotations

from briefpub.deck.plan import DeckPlan, SlidePlan, TextPlan
from briefpub.errors import Diagnostic


def fit_report(plan: DeckPlan, source: str) -> list[str]:
    """Return the report's lines: a heading, then one line per slide."""
    size = f"; answers at {plan.answer_size:g} pt" if plan.answer_size else ""
    lines = [f"{source}: {len(plan.slides)} slides on {plan.template}{size}"]
    for number, slide in enumerate(plan.slides, 1):
        where = f"line {slide.line}" if slide.line is not None else ""
        texts = "; ".join([*(_text(text) for text in slide.texts), *_extras(slide), *_smaller(slide, plan)])
        flags = _flags(slide)
        lines.append(
            f"  {number:>3}  {slide.role:<10} {slide.layout[:24]!r:<26} {where:<9} {texts}"
            + (f"  [{', '.join(flags)}]" if flags else "")
        )
    return lines


def strict_failures(plan: DeckPlan) -> int:
    """Return how many slides ``--strict`` objects to: text below its minimum, or a continued list."""
    return sum(1 for slide in plan.slides if _flags(slide))


def strict_objections(plan: DeckPlan, source: str) -> list[Diagnostic]:
    """Return one error per slide ``--strict`` objects to, at the source line it comes from."""
    return [
        Diagnostic(
            source,
            slide.line,
            f"slide {number} ({slide.role.replace('_', ' ')}): {', '.join(_flags(slide))} (--strict)",
        )
        for number, slide in enumerate(plan.slides, 1)
        if _flags(slide)
    ]


def _text(text: TextPlan) -> str:
    kind = "title" if text.heading else "text"
    clear = f", clear of {', '.join(repr(name) for name in text.avoided)}" if text.avoided else ""
    return (
        f"{kind} {text.size:g}/{text.ceiling:g} pt (min {text.minimum:g}), "
        f"{text.lines_used}/{text.lines_available} lines{clear}"
    )


def _extras(slide: SlidePlan) -> list[str]:
    """Return what else the slide shows: its figure's size or its table's, its caption's and source line's."""
    out = []
    if slide.figure is not None:
        box = slide.figure.box
        out.append(f"figure {slide.figure.number} {box.width / 72:.1f} x {box.height / 72:.1f} in")
    if slide.table is not None:
        table = slide.table
        out.append(
            f"table {table.number} {len(table.rows) - 1} rows x {len(table.columns)} columns "
            f"at {table.size:g} pt"
        )
    out += [f"{aside.kind} {aside.size:g} pt, {len(aside.lines)} line(s)" for aside in slide.asides]
    return out


def _smaller(slide: SlidePlan, plan: DeckPlan) -> list[str]:
    """Name an answer set smaller than the deck's one size for answers: it needed less to fit."""
    answer = next((text for text in slide.texts if not text.heading), None)  # a caption comes after
    answers = [answer] if slide.role == "question" and answer is not None else []
    return [
        f"answer smaller than the deck's {plan.answer_size:g} pt"
        for text in answers
        if plan.answer_size and text.size < plan.answer_size
    ]


def _flags(slide: SlidePlan) -> list[str]:
    flags = [f"{'title' if t.heading else 'text'} below minimum" for t in slide.texts if t.below_minimum]
    if slide.part is not None:
        flags.append(f"continued {slide.part[0]}/{slide.part[1]}")
    return flags
