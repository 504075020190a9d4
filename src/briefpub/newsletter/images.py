"""Figures and the logo as each edition points at them: ``data:`` URLs, attached ``cid:`` parts, files.

The PDF and the web edition carry every image inside the document. An
e-mail message attaches each image once and names it by ``cid:``; the
e-mail's page for a newsletter service (``.email.html``) names the same
images as files written beside it, or under ``[email] asset_url``. Identical
images share one name, so a picture used twice is attached and written once.
"""

from __future__ import annotations

import hashlib

import jinja2

from briefpub.dataurl import data_url
from briefpub.model.briefing import Briefing, Figure

FIGURE_MAX_HEIGHT_PX = 560
"""The tallest a figure is shown, in CSS pixels (about 150 mm): a tall image never fills a page."""
CID_DOMAIN = "briefpub"
FIGURE_SCHEME = "briefpub-figure"
"""How the PDF's page names a figure: WeasyPrint asks the fetcher for its bytes, already read.

A ``data:`` URL would put every image in the page a third larger, parsed
and decoded again; named by content, an image used twice is one image.
"""


def figure_url(figure: Figure) -> str:
    """Return the address the PDF's page gives a figure: its content's hash."""
    return f"{FIGURE_SCHEME}:{hashlib.sha256(figure.data).hexdigest()}"


def asset_names(briefing: Briefing) -> dict[int, str]:
    """Return each figure's file name in an e-mail (``figure-2.png``); identical images share the first's."""
    names: dict[int, str] = {}
    first: dict[bytes, str] = {}
    for figure in briefing.figures():
        digest = hashlib.sha256(figure.data).digest()
        names[figure.number] = first.setdefault(digest, f"figure-{figure.number}.{_ending(figure)}")
    return names


def _ending(figure: Figure) -> str:
    # SVG is drawn to PNG for e-mail: many clients show no SVG.
    return "jpg" if figure.media_type == "image/jpeg" else "png"


def cid(name: str) -> str:
    """Return the Content-ID of an image attached under file name ``name``."""
    return f"{name.rpartition('.')[0]}@{CID_DOMAIN}"


@jinja2.pass_context
def figure_src(context: jinja2.runtime.Context, figure: Figure) -> str:
    """Jinja2 filter ``figure_src``: the figure's image, for the edition being rendered.

    A ``data:`` URL of the bytes read when the briefing was parsed (the web
    edition); in the PDF, a :data:`FIGURE_SCHEME` address its fetcher
    answers; in the e-mail, the ``cid:`` of the attached image, or on its page
    for a newsletter service the image's file (``asset_base`` + its name).
    """
    if not isinstance(figure, Figure):
        return ""
    edition = context.get("edition")
    if edition == "email":
        name = context.get("asset_names", {}).get(figure.number, f"figure-{figure.number}.png")
        base = context.get("asset_base")
        return f"{base}{name}" if base is not None else f"cid:{cid(name)}"
    if edition == "print":
        return figure_url(figure)
    return data_url(figure.media_type, figure.data)


def figure_width(figure: Figure, limit: int | None = None) -> int:
    """Jinja2 filter ``figure_width``: the width to show a figure at, in CSS pixels.

    Its natural width, or less where that would make it taller than
    :data:`FIGURE_MAX_HEIGHT_PX` or wider than ``limit``; the stylesheet caps
    it at the column's width.
    """
    if not isinstance(figure, Figure) or figure.height <= 0:
        return 0
    width = min(figure.width, round(figure.width * FIGURE_MAX_HEIGHT_PX / figure.height))
    return max(1, min(width, limit) if limit else width)
