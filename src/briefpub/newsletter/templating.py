"""Newsletter templates as untrusted input: Jinja2's sandbox, a confined loader, bounded renders.

A template pack may come from anywhere, so a template may not reach Python
(the sandbox, with attribute access allowed only on the model and plain
values), read anything but regular files inside its template folders (the
loader resolves links and refuses what leaves them), or run without end or
fill memory (capped operators and filters, a deadline and a memory ceiling).
Every way a template can fail is a :class:`TemplateError` naming its file and line.
"""

from __future__ import annotations

import datetime
import functools
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.runtime import LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Cycler, Joiner, Namespace

from briefpub.config import Brand, PdfConfig
from briefpub.errors import TemplateError
from briefpub.files import UnreadableFile, display_path, not_utf8, read_regular
from briefpub.i18n import Labels
from briefpub.limits import LimitExceeded, bounded
from briefpub.model.briefing import Briefing, Figure, Footnote, ListBlock, Meta, Section, Table
from briefpub.newsletter import jinjaengine
from briefpub.packaged import PACKAGE_TEMPLATES

jinjaengine.attach()

MAX_TEMPLATE_BYTES = 2_000_000
"""The largest template or stylesheet file read."""
MAX_OUTPUT_CHARS = 64_000_000
"""The most a render, or one value inside it, may produce: far beyond the largest briefing's page."""
MAX_NUMBER_ARGUMENT = 100_000
"""The largest number a template may pass to a function or filter (widths, counts, repeats)."""
RENDER_SECONDS = 30.0
"""How long one render may take; the largest briefing renders in well under a second."""
RENDER_MEMORY = 1 << 30
"""How much memory one render may add to the process."""

# Values a template may look into; anything else (paths, modules, functions) is opaque to it.
_VISIBLE_TYPES = (
    str,
    int,
    float,
    bool,
    type(None),
    tuple,
    list,
    dict,
    MappingProxyType,
    datetime.date,
    Briefing,
    Meta,
    Section,
    ListBlock,
    Figure,
    Table,
    Footnote,
    Labels,
    Brand,
    PdfConfig,
    LoopContext,
    Cycler,
    Joiner,
    Namespace,
    Macro,
)
# printf-style and str.format widths or precisions of seven digits or more, or taken from an argument
# (compiled, by re, the first time a template formats: the packaged ones do not).
_HUGE_PERCENT_FORMAT = r"%[-#0 +]*(\*|\d{7,})|%[-#0 +]*\d*\.(\*|\d{7,})"
_HUGE_BRACE_FORMAT = r"\{[^{}]*:[^{}]*\d{7,}[^{}]*\}"


def template_folders(templates: Path | None) -> list[Path]:
    """Return the folders templates are looked up in, the project's first."""
    folders = [templates] if templates is not None and templates.is_dir() else []
    return [*folders, PACKAGE_TEMPLATES]


class ConfinedLoader(jinja2.BaseLoader):
    """Load templates from one folder: regular files inside it only, with links resolved first.

    Jinja2's own ``FileSystemLoader`` follows a symbolic link wherever it
    points, so ``templates/x.html -> /etc/passwd`` would be published.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = self.folder.joinpath(*split_template_path(template))
        if not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)
        real = path.resolve()
        if not real.is_relative_to(self.folder.resolve()):
            raise TemplateError.at(display_path(path), None, "leads outside the template folder; refused")
        try:
            data = read_regular(real, MAX_TEMPLATE_BYTES)
            mtime = real.stat().st_mtime_ns
        except (UnreadableFile, OSError) as exc:
            raise TemplateError.at(display_path(path), None, str(exc)) from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise TemplateError.at(display_path(path), *not_utf8(data, exc)) from None

        def uptodate() -> bool:
            try:
                return real.stat().st_mtime_ns == mtime
            except OSError:
                return False

        return text, str(real), uptodate


class SandboxedTemplates(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, narrowed for templates that come from someone else.

    Attributes are visible only on the model, plain values and Jinja2's own
    helpers; numbers passed to calls and filters are capped; ``*``, ``**``
    and ``%`` are checked before they can build a huge value.
    """

    intercepted_binops = frozenset(["*", "**", "%"])

    def __init__(self, loader: jinja2.BaseLoader, bytecode: jinja2.BytecodeCache | None = None) -> None:
        # finalize: a value that is None ({{ meta.issue }} of a briefing without one) prints nothing.
        super().__init__(
            loader=loader,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            finalize=_nothing_for_none,
            bytecode_cache=bytecode,
        )
        del self.globals["lipsum"]  # generates text in proportion to its argument
        self.filters = {name: _capped(filter_) for name, filter_ in self.filters.items()}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return isinstance(obj, _VISIBLE_TYPES) and super().is_safe_attribute(obj, attr, value)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _check_arguments(args, kwargs)
        return _check_result(super().call(__context, __obj, *args, **kwargs))

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for count, value in ((left, right), (right, left)):
                sequence = isinstance(value, str | list | tuple)
                if isinstance(count, int) and sequence and count * len(value) > MAX_OUTPUT_CHARS:
                    raise SecurityError("a repetition would build a value too large to publish")
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and abs(right) > 1000 and abs(left) > 1:
                raise SecurityError("a power too large to compute")
        elif isinstance(left, str) and re.search(_HUGE_PERCENT_FORMAT, left):
            raise SecurityError("a format width or precision too large to publish")
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None and re.search(_HUGE_BRACE_FORMAT, value.__self__):
            raise SecurityError("a format width or precision too large to publish")
        return wrapped


def _nothing_for_none(value: Any) -> Any:
    return "" if value is None else value


def _check_arguments(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER_ARGUMENT:
            raise SecurityError(
                f"the number {value} is larger than a template may pass ({MAX_NUMBER_ARGUMENT})"
            )


def _check_result(value: Any) -> Any:
    if isinstance(value, str | list | tuple) and len(value) > MAX_OUTPUT_CHARS:
        raise SecurityError("a value too large to publish")
    return value


def _capped(filter_: Callable[..., Any]) -> Callable[..., Any]:
    """Return ``filter_`` with its arguments (past the value filtered) and its result checked."""
    # A filter that takes the context or environment gets it before the value.
    skip = 2 if getattr(filter_, "jinja_pass_arg", None) is not None else 1

    @functools.wraps(filter_)  # keeps jinja_pass_arg, so contexts are still passed
    def capped(*args: Any, **kwargs: Any) -> Any:
        _check_arguments(args[skip:], kwargs)
        return _check_result(filter_(*args, **kwargs))

    return capped


@functools.lru_cache(maxsize=8)
def environment(templates: Path | None) -> SandboxedTemplates:
    """Return the sandboxed environment for a project: its templates first, then the packaged ones.

    The packaged folder is also reachable as ``!default/`` so a project template
    can extend the default and replace one block. Kept per folder, so a batch
    compiles each template once; a template whose file changed is reloaded.
    """
    from briefpub.newsletter.images import figure_src, figure_width
    from briefpub.newsletter.precompiled import PackagedBytecode
    from briefpub.newsletter.prose import prose_filter
    from briefpub.newsletter.tables import cell_class, table_class

    package = ConfinedLoader(PACKAGE_TEMPLATES)
    loaders: list[jinja2.BaseLoader] = [ConfinedLoader(f) for f in template_folders(templates)[:-1]]
    loaders += [jinja2.PrefixLoader({"!default": package}, delimiter="/"), package]
    env = SandboxedTemplates(jinja2.ChoiceLoader(loaders), PackagedBytecode())
    env.filters["prose"] = prose_filter
    env.filters["figure_src"] = figure_src
    env.filters["figure_width"] = figure_width
    env.filters["cell_class"] = cell_class
    env.filters["table_class"] = table_class
    return env


def read_template_file(templates: Path | None, name: str) -> str:
    """Return the text of template file ``name`` (a stylesheet), found as templates are."""
    env = environment(templates)
    return guarded(templates, lambda: _source(env, name))


def _source(env: jinja2.Environment, name: str) -> str:
    assert env.loader is not None
    return env.loader.get_source(env, name)[0]


def render(templates: Path | None, name: str, context: Mapping[str, Any]) -> str:
    """Return template ``name`` rendered with ``context``, within the time, memory and size limits."""
    env = environment(templates)

    def run() -> str:
        chunks: list[str] = []
        size = 0
        for chunk in env.get_template(name).generate(context):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise SecurityError(f"the page grew past {MAX_OUTPUT_CHARS:_} characters")
            chunks.append(chunk)
        page = "".join(chunks)
        template = env.get_template(name).filename or name
        _check_styles(page, template)
        _check_depth(page, template)
        return page

    return guarded(templates, run)


MAX_ELEMENT_DEPTH = 120
"""How deep a page's elements may nest: WeasyPrint lays boxes out by recursion (200 ran out of stack)."""


_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
"""HTML's void elements: they hold nothing, whatever libxml2's HTML 4 parser makes of them."""


def _check_depth(page: str, template: str) -> None:
    """Refuse a page whose elements nest deeper than :data:`MAX_ELEMENT_DEPTH`, naming the template."""
    if page.count("<") < MAX_ELEMENT_DEPTH:
        return
    from lxml import etree  # its HTML parser, as lxml.html's document_fromstring uses it

    try:
        root = etree.fromstring(page, etree.HTMLParser(huge_tree=True))
    except (etree.ParserError, ValueError):
        return  # nothing to lay out; the editions say so themselves
    if root is None:
        return
    depth = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if element.tag in _VOID:  # libxml2 nests what follows a <wbr> inside it; a browser does not
            continue
        depth += 1 if event == "start" else -1
        if depth > MAX_ELEMENT_DEPTH:
            message = f"its page nests elements more than {MAX_ELEMENT_DEPTH} deep"
            raise TemplateError.at(display_path(Path(template)), None, message)


_STYLES = re.compile(r"<style\b[^>]*>(.*?)</style\s*>|\sstyle\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.I | re.S)


def _check_styles(page: str, template: str) -> None:
    """Refuse a page whose stylesheets or style attributes no engine could lay out in bounds.

    The checks ``custom.css`` gets (nesting, ``var()`` expansion, huge
    lengths, columns), for what a template writes itself: 5,000 nested
    blocks in its ``<style>`` were an internal SyntaxError in WeasyPrint's
    selector compiler, a ``1e30px`` font an internal ZeroDivisionError.
    """
    from briefpub.newsletter.brand import _check_shape

    where = display_path(Path(template))
    for match in _STYLES.finditer(page):
        css = next(group for group in match.groups() if group is not None)
        try:
            _check_shape(css, where)
        except TemplateError as exc:
            message = f"a stylesheet it writes: {exc.diagnostics[0].message}"
            raise TemplateError.at(where, None, message) from None


def guarded(templates: Path | None, work: Callable[[], str]) -> str:
    """Run template ``work`` within the limits; turn every way it can fail into a :class:`TemplateError`."""
    folders = template_folders(templates)
    try:
        with bounded(RENDER_SECONDS, RENDER_MEMORY):
            return work()
    except TemplateError:
        raise
    except jinja2.TemplateNotFound as exc:
        where = _location(exc.__traceback__, folders)
        searched = ", ".join(display_path(f) for f in folders)
        raise TemplateError.at(*where, f"template '{exc.name}' not found (searched {searched})") from None
    except jinja2.TemplateSyntaxError as exc:
        file = display_path(Path(exc.filename)) if exc.filename else exc.name or "?"
        raise TemplateError.at(file, exc.lineno, exc.message or "syntax error") from None
    except jinja2.TemplateError as exc:
        message = exc.message
        raise TemplateError.at(
            *_location(exc.__traceback__, folders), message or type(exc).__name__
        ) from None
    except RecursionError as exc:
        where = _location(exc.__traceback__, folders)
        raise TemplateError.at(*where, "the template extends, includes or calls itself without end") from None
    except MemoryError as exc:
        where = _location(exc.__traceback__, folders)
        raise TemplateError.at(*where, f"the template needed more than {RENDER_MEMORY >> 20} MiB") from None
    except LimitExceeded as exc:
        raise TemplateError.at(*_location(exc.__traceback__, folders), f"the template {exc}") from None
    except Exception as exc:
        frame = _template_frame(exc.__traceback__, folders)
        if frame is None:
            raise  # not raised by template code: a bug of briefpub's, reported as one
        raise TemplateError.at(*frame, f"{type(exc).__name__}: {exc}") from None


def _template_frame(tb: TracebackType | None, folders: list[Path]) -> tuple[str, int | None] | None:
    """Return the innermost template file and line in a traceback Jinja2 has rewritten, if any."""
    found: tuple[str, int | None] | None = None
    roots = [str(f.resolve()) for f in folders]
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if any(filename.startswith(root + os.sep) for root in roots):
            found = (display_path(Path(filename)), tb.tb_lineno)
        tb = tb.tb_next
    return found


def _location(tb: TracebackType | None, folders: list[Path]) -> tuple[str, int | None]:
    """Return where a template failed: its innermost frame, else the first template folder."""
    return _template_frame(tb, folders) or (display_path(folders[0]), None)
