"""Which layout of the master each kind of slide uses, found by name or by the boxes it has.

A role (title, key points, agenda, question, a question beside its figure)
takes the layout named for it, or mapped in ``[slides.layouts]``; a
template without a figure layout of that name is searched for one whose
boxes would do. Every layout is judged from its boxes alone: one that cannot
hold two lines of text at the minimum size is refused before any slide is made.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefpub.config import SlidesConfig
from briefpub.deck.cover import cover_for
from briefpub.deck.master import DEFAULT_LAYOUTS, OPTIONAL_ROLES, Layout, Placeholder, Template
from briefpub.deck.textfit import DESCENT_ALLOWANCE, LINE_SPACING
from briefpub.errors import Diagnostic, TemplateError, did_you_mean

MIN_TEXT_LINES = 2
"""A layout whose text box cannot hold this many lines at the minimum size is refused for a role."""
MIN_TEXT_EMS = 12
"""Nor one narrower than this many ems at the minimum size."""
TITLE_LIKE = 1.25
"""A layout found by its boxes for a question beside its figure sets its title this near the question's."""
MIN_PICTURE_SHARE = 0.25
"""A layout found by its boxes for a question beside its figure has a picture box this share of the slide."""

REFERENCE_WIDTH = 960.0
"""The slide width (13.33 in, in points) the minimum and secondary sizes are given for."""
SMALLEST_SCALE = 0.75
"""The least those sizes are scaled by: a 4:3 slide 10 in wide, shown full-screen, reads as a 13.33 in one."""


def size_scale(width: float) -> float:
    """Return how much the minimum and secondary sizes are scaled on a slide ``width`` points wide.

    In proportion to the width, as a slide is projected at the screen's width:
    a 20 in slide's 12 pt caption reads as 8 pt, a 10 in slide's 15 pt title
    as 20 pt. Never below :data:`SMALLEST_SCALE` (a narrower slide is shown no
    larger than a 4:3 one of the screen's height). Rounded to a hundredth: a
    13.33 in slide a few EMU short of 960 pt keeps the sizes as given.
    """
    return max(SMALLEST_SCALE, round(width / REFERENCE_WIDTH, 2))


def choose_layouts(template: Template, options: SlidesConfig) -> dict[str, Layout]:
    """Return the layout of each role; report every unknown, ambiguous or unsuitable one together."""
    roles = [
        role
        for role in DEFAULT_LAYOUTS
        if role not in OPTIONAL_ROLES and (role != "agenda" or options.agenda)
    ]
    if not template.layouts:  # said once, not once per role
        raise TemplateError.at(template.display, None, "the master has no slide layouts at all")
    chosen: dict[str, Layout] = {}
    problems: list[Diagnostic] = []

    def problem(role: str, message: str) -> Diagnostic:
        """Said at the mapping's line in ``briefpub.toml`` where the role is mapped, else of the template."""
        if role in options.mapped_at:
            file, line = options.mapped_at[role]
            return Diagnostic(file, line, f"slides.layouts.{role}: {message}")
        return Diagnostic(template.display, None, message)

    for role in roles:
        layout, missing = layout_for(
            template, role, options.layouts.get(role), _fitting(template, role, options, None)
        )
        if role == "title" and (layout is not None or role not in options.layouts):
            # A cover without a title box takes the title in its clear area (deck.cover).
            cover = cover_for(template, options, layout, role in options.layouts)
            if cover is not None:
                chosen[role] = cover
                continue
        if layout is None:
            problems.append(problem(role, missing))
            continue
        unsuitable = suitability(layout, role, options, size_scale(template.width))
        if unsuitable:
            fits = _fitting(template, role, options, layout.master)
            hint = f"; layouts that fit: {', '.join(repr(f) for f in fits[:6])}" if fits else ""
            problems.append(
                problem(
                    role,
                    f"layout {layout.name!r} cannot hold {role.replace('_', ' ')} slides: {unsuitable}{hint} "
                    f'(map one in briefpub.toml: [slides.layouts] {role} = "...")',
                )
            )
        else:
            chosen[role] = layout
    if problems:
        raise TemplateError(problems)
    return chosen


def _fitting(template: Template, role: str, options: SlidesConfig, master: int | None) -> list[str]:
    """Return the names of the layouts that can hold ``role``, those of ``master`` first.

    For the title slide, layouts made for one (a centred title or a subtitle
    box) come first: most layouts have a title, and only those are the answer.
    """

    def order(layout: Layout) -> tuple[bool, bool]:
        made_for_it = role == "title" and any(p.kind in ("ctrTitle", "subTitle") for p in layout.placeholders)
        return (not made_for_it, master is not None and layout.master != master)

    ordered = sorted(template.layouts, key=order)
    scale = size_scale(template.width)
    return [template.name_of(other) for other in ordered if not suitability(other, role, options, scale)]


def describe_roles(template: Template, options: SlidesConfig | None = None) -> str:
    """Return the layout each role would use with ``options``' ``[slides.layouts]`` mapping, or why none does.

    What ``master inspect`` prints under the layouts: the project's mapping
    applied as a build applies it, so a mapping that works shows no error.
    """
    options = options or SlidesConfig()
    mapped = options.layouts
    heading = "roles, as [slides.layouts] maps them:" if mapped else "roles, unmapped:"
    try:
        chosen = choose_layouts(template, options)
    except TemplateError as refused:
        fix = "until the mapping is fixed" if mapped else "until mapped"
        return f"{heading} none {fix}:\n" + "\n".join(f"  {d.message}" for d in refused.diagnostics)
    lines = [heading]
    for role, layout in chosen.items():
        how = " (mapped)" if role in mapped else ""
        if any(p.added for p in layout.placeholders):
            how += " (no title box: the title goes in its clear area)"
        lines.append(f"  {role.replace('_', ' '):<11} {template.name_of(layout)!r}{how}")
    found, problem = layout_for(template, "figure", mapped.get("figure"))
    how = "mapped" if "figure" in mapped else "by its name"
    if found is None and "figure" not in mapped:
        found, how = figure_layout_by_boxes(template, chosen["question"], options), "by its boxes"
    if found is not None:
        lines.append(f"  {'figure':<11} {template.name_of(found)!r} ({how})")
    elif "figure" in mapped:
        lines.append(f"  {'figure':<11} {problem}")
    else:
        lines.append(f"  {'figure':<11} none: each figure gets a slide of its own")
    return "\n".join(lines)


def figure_layout_by_boxes(template: Template, question: Layout, options: SlidesConfig) -> Layout | None:
    """Return a layout of ``question``'s master that holds a question beside or above its figure, or None.

    For a template with no layout named for the role, as most corporate ones:
    a layout whose title and text box hold a question and its answer, with a
    picture placeholder (or a second content box, as "Two Content") that does
    not overlap the text, a picture box a quarter of the slide each way, and
    a title set near the question layout's size (not a closing statement's or
    a caption's). The layout whose smaller box is largest wins (room
    for both the answer and the figure: "Two Content" before a picture over a
    one-line caption), then one with a picture placeholder.
    """
    found = []
    for layout in template.layouts:
        if layout.master != question.master or suitability(
            layout, "question", options, size_scale(template.width)
        ):
            continue
        picture, text = layout.picture(), layout.text()
        if picture is None or text is None or not _roomy_picture(picture, template):
            continue
        if not _titles_alike(layout, question):
            continue
        if picture.box.overlaps(text.box):
            continue
        room = min(picture.box.width * picture.box.height, text.box.width * text.box.height)
        found.append((-room, picture.kind != "pic", layout.index, layout))
    return min(found)[-1] if found else None


def _roomy_picture(picture: Placeholder, template: Template) -> bool:
    """Whether a figure fits ``picture`` as a picture, not a stamp: a quarter of the slide each way.

    A corporate layout's second text box is often a kicker or a label strip
    (corpus ``iconcore``: 6.45 x 0.26 in over the title); a figure set in it is a smudge.
    """
    box, share = picture.box, MIN_PICTURE_SHARE
    return box.width >= share * template.width and box.height >= share * template.height


def _titles_alike(layout: Layout, question: Layout) -> bool:
    """Whether ``layout``'s own title size is within :data:`TITLE_LIKE` of the question layout's.

    A layout whose title is far larger is made for a statement (corpus
    ``hkust``'s 'Closing': a 60 pt title in a 3 in box beside a photograph,
    among 44 pt titles); one far smaller for a caption: neither sets a
    question as its neighbours are set.
    """
    title, asked = layout.title(), question.title()
    if title is None or asked is None or asked.style.size <= 0:
        return False
    return 1 / TITLE_LIKE <= title.style.size / asked.style.size <= TITLE_LIKE


def text_layouts(template: Template, near: Layout, options: SlidesConfig) -> list[Layout]:
    """Return the layouts that hold a title and a text with no picture box, roomiest first.

    For a question with no figure: the layouts of ``near``'s master first,
    then the others; a layout whose text runs vertically is left out, and so
    is one whose text box is beside its title's in a narrow column (its
    title takes a third of the width or more).
    """
    found = []
    for layout in template.layouts:
        if suitability(layout, "question", options, size_scale(template.width)):
            continue
        title, text = layout.title(), layout.text()
        if title is None or text is None or any(p.kind == "pic" for p in layout.placeholders):
            continue
        if text.style.vertical != "horz" or title.style.vertical != "horz" or title.box.overlaps(text.box):
            continue
        width, height = usable(text)
        found.append((layout.master != near.master, -(width * height), layout.index, layout))
    return [item[-1] for item in sorted(found, key=lambda item: item[:3])]


_TYPES = {"title": "title", "key_points": "obj", "agenda": "obj", "question": "obj"}
"""The layout type PowerPoint gives the layout each role's default name stands for: a master whose
layouts are named in another language ('Titelfolie', 'Заголовок и объект') or renamed keeps them."""


def _by_type(template: Template, role: str) -> Layout | None:
    """Return the first layout of the type the role's default layout has, if no name found one."""
    wanted = _TYPES.get(role)
    return next((layout for layout in template.layouts if wanted and layout.kind == wanted), None)


def layout_for(
    template: Template, role: str, mapped: str | None, fitting: Sequence[str] = ()
) -> tuple[Layout | None, str]:
    """Return the layout named for ``role`` (mapped, else the default names, else their type), or why not.

    With no name near, the message offers ``fitting`` (the layouts whose boxes
    would hold the role) where there are any, else every layout by master.
    """
    names = (mapped,) if mapped else DEFAULT_LAYOUTS[role]
    for name in names:
        found = template.find(name)
        if len(found) == 1 or (found and not mapped):
            return found[0], ""  # a default name in two masters: the first master's
        if found:
            choices = " or ".join(repr(layout.qualified) for layout in found)
            return None, f"layout name {name!r} ({role} slides) is in {len(found)} masters; name {choices}"
    if not template.layouts:
        return None, "the master has no slide layouts at all"
    typed = None if mapped else _by_type(template, role)
    if typed is not None:
        return typed, ""
    kind = role.replace("_", " ")
    known = [name for layout in template.layouts for name in (layout.name, layout.qualified)]
    for name in names:  # a near miss ('title slide', 'Title Slides') is told in one short line
        hint = did_you_mean(name, known)
        if hint:
            return None, f"no layout named {name!r} for {kind} slides{hint}"
    asked = " or ".join(repr(name) for name in names)
    mapping = f'(map one in briefpub.toml: [slides.layouts] {role} = "...")'
    if fitting:
        offered = ", ".join(repr(name) for name in fitting[:6])
        offered += f" and {len(fitting) - 6} more" if len(fitting) > 6 else ""
        return None, f"no layout named {asked} for {kind} slides; layouts that fit: {offered} {mapping}"
    available = "; ".join(
        f"{master}: " + ", ".join(repr(layout.name) for layout in template.layouts if layout.master == number)
        for number, master in enumerate(template.masters)
    )
    return None, f"no layout named {asked} for {kind} slides; the master has {available} {mapping}"


def suitability(layout: Layout, role: str, options: SlidesConfig, scale: float) -> str:
    """Return why ``layout`` cannot serve ``role`` (empty when it can), from its boxes alone.

    At the minimum sizes scaled to the slide (``scale``, :func:`size_scale`).
    A text box that grows with its text is judged by the room it grows into
    (:mod:`briefpub.deck.strips`).
    """
    title = layout.title()
    if title is None:
        return "it has no title placeholder"
    title_min, body_min = options.title_min_pt * scale, options.body_min_pt * scale
    lines = lines_held(title, title_min)
    if lines < 1:
        return f"its title box {title.name!r} is too small for one line of {title_min:g} pt" + _scaled(
            options.title_min_pt, scale
        )
    text = layout.text(prefer_subtitle=role == "title")
    if role == "title":
        return ""
    if text is None:
        return "it has no body, object or subtitle placeholder for the text"
    lines = lines_held(text, body_min)
    width = usable(text)[0] / body_min
    if lines < MIN_TEXT_LINES or width < MIN_TEXT_EMS:
        return (
            f"its text box {text.name!r} ({text.box.width / 72:.2f} x {text.box.height / 72:.2f} in) holds "
            f"{max(lines, 0)} line(s) of about {max(int(width), 0)} characters at "
            f"{body_min:g} pt{_scaled(options.body_min_pt, scale)}; "
            f"at least {MIN_TEXT_LINES} lines of {MIN_TEXT_EMS} are needed"
        )
    return ""


def _scaled(minimum: float, scale: float) -> str:
    """Return how a minimum said in a refusal came from the configured one, where the slide scaled it."""
    return "" if scale == 1 else f" (the {minimum:g} pt minimum of a 13.33 in slide, scaled to this one)"


def usable(placeholder: Placeholder) -> tuple[float, float]:
    left, top, right, bottom = placeholder.style.insets
    return placeholder.box.width - left - right, placeholder.box.height - top - bottom


def lines_held(placeholder: Placeholder, size: float) -> int:
    height = usable(placeholder)[1] - DESCENT_ALLOWANCE * size
    return int(height // (LINE_SPACING * size))
