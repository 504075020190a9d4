"""The deck: one slide per question on the user's own master, planned first, then written.

``plan_slides`` decides every slide (layout, boxes, fonts, sizes, breaks,
diagnostics) as plain data; ``render_slides`` writes that plan as a .pptx.
A section's body becomes its slide's speaker notes (paragraphs, lists, then its
sources); its first figure sits beside the answer where the master has a
layout for it, and every other figure gets a slide of its own.
"""

from __future__ import annotations

from pathlib import Path

from briefpub.cache import Cache
from briefpub.config import Brand, SlidesConfig
from briefpub.deck.emit import emit
from briefpub.deck.master import Master, Template, load_master
from briefpub.deck.paintings import Paintings
from briefpub.deck.plan import DeckPlan, plan_deck
from briefpub.deck.report import strict_objections
from briefpub.errors import RenderError, Warn
from briefpub.files import display_path
from briefpub.model.briefing import Briefing
from briefpub.packaged import PACKAGE_DECK


def plan_slides(
    briefing: Briefing,
    *,
    master: Path | None = None,
    brand: Brand | None = None,
    options: SlidesConfig | None = None,
    warn: Warn | None = None,
    template: Path | None = None,
) -> DeckPlan:
    """Return the plan of the deck for ``briefing`` on ``master`` (default: the packaged one).

    ``template`` is 0.2's name for ``master``, still taken.
    """
    return _planned(briefing, master or template, brand, options, warn)[0]


def render_slides(
    briefing: Briefing,
    *,
    master: Path | None = None,
    brand: Brand | None = None,
    options: SlidesConfig | None = None,
    warn: Warn | None = None,
    cache: Cache | None = None,
    template: Path | None = None,
) -> bytes:
    """Return the deck for ``briefing`` as .pptx bytes, on ``master`` or the packaged default.

    ``template`` is 0.2's name for ``master``, still taken.

    With ``options.strict``, a deck with text below its minimum size or continued
    on another slide is refused: one error per such slide, at its source line.
    What an earlier run painted or drew is taken from ``cache`` (:mod:`briefpub.cache`).
    """
    plan, loaded = _planned(briefing, master or template, brand, options, warn, cache)
    if options is not None and options.strict:
        objections = strict_objections(plan, display_path(briefing.source) if briefing.source else "<string>")
        if objections:
            raise RenderError(objections)
    return emit(plan, loaded.open(), briefing, brand, cache)


def template_for(master: Path | None) -> Template:
    """Return ``master`` (default: the packaged one) as read for planning, for previews.

    The master was loaded for the plan a moment before: loading it again is a lookup.
    """
    return load_master(master or PACKAGE_DECK).template


def _planned(
    briefing: Briefing,
    path: Path | None,
    brand: Brand | None,
    options: SlidesConfig | None,
    warn: Warn | None,
    cache: Cache | None = None,
) -> tuple[DeckPlan, Master]:
    master = load_master(path or PACKAGE_DECK, warn, cache)
    if master.template.surfaces is not None:  # this run's cache, or none (the master is shared)
        master.template.surfaces.store = Paintings(cache, master.digest) if cache is not None else None
    plan = plan_deck(briefing, master.template, options, brand)
    if warn is not None:
        for diagnostic in plan.diagnostics:
            warn(diagnostic)
    return plan, master
