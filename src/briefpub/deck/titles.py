"""Slide titles a screen reader can tell apart: each slide's title is unique across the deck.

PowerPoint's accessibility checker reports two slides with one title, since
a screen reader's list of slides then names two places alike. A table or an
answer continued over several slides is titled "… (cont.)" on its second
slide and "… (cont. 2)", "… (cont. 3)" on the ones after it: the second
continuation, the third (the label localised); titles that still repeat (two questions asked alike) are told
apart by the emitter with the slide's number among them (``(2)``).
"""

from __future__ import annotations

from briefpub.i18n import Labels


def continued(labels: Labels, number: int) -> str:
    """Return the label after the title of the ``number``-th slide (from 2) of a continued table or answer."""
    return labels.continued if number <= 2 else f"{labels.continued} {number - 1}"


def title_key(words: str) -> str:
    """Return what makes two titles the same to a listener: their words, whatever the spacing or case."""
    return " ".join(words.split()).casefold()
