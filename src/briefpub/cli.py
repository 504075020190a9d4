"""The ``briefpub`` command line: a few lines per command over the library.

The renderers (WeasyPrint, python-pptx) are imported inside the commands that
need them, so ``--help``, ``check`` and ``parse`` start in a blink.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

# First: the fences' stand-ins for what Click and pathlib import (see clickengine, stdlibengine).
from briefpub.startup import clickengine, stdlibengine  # noqa: F401

# isort: split
import click

from briefpub import __version__
from briefpub.errors import BriefpubError, Diagnostic

if TYPE_CHECKING:
    from pathlib import Path

    from briefpub.model.briefing import Block, Briefing
    from briefpub.project import Project


class _PathType(click.Path):
    """A click.Path that gives a pathlib.Path, importing pathlib only when a command runs."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from pathlib import Path

        return Path(os.fsdecode(super().convert(value, param, ctx)))


class _OutputType(_PathType):
    """``-o``: a path, remembered as a folder when written with a trailing slash (``-o out/``).

    pathlib drops the slash, and one source's ``-o out/`` was written as a file named ``out``.
    """

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        path = super().convert(value, param, ctx)
        if ctx is not None and os.fsdecode(value).endswith(("/", os.sep)):
            ctx.meta["briefpub.output_folder"] = True
        return path


# One instance of each kind of path, shared by every command: making a click.Path asks gettext for
# its name's translation (a search for catalogs on disk each time), a millisecond for 24 of them.
_PATH = _PathType()
_FOLDER = _PathType(file_okay=False)
_FILE = _PathType(dir_okay=False)

_SOURCES = click.argument("sources", nargs=-1, type=_PATH)
_OUTPUT = click.option(
    "-o",
    "--output",
    type=_OutputType(),
    help="Output file (one source) or folder (several, or ending in /). Default: output/<stem>.<ext>.",
)


def _encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Refuse an encoding no file is written in as a usage error, once (it was exit 1 for every source)."""
    if value is None:
        return None
    from briefpub.reader.decode import REPLACING, encoding_problem

    problem = None if value.lower().replace("_", "-") in REPLACING else encoding_problem(value)
    if problem is not None:
        example = "" if "(" in problem else " (for example utf-8, windows-1252, latin-1)"
        raise click.BadParameter(problem + example, ctx, param)
    return value


_ENCODING = click.option(
    "--encoding",
    metavar="NAME",
    callback=_encoding,
    help="Read sources in this encoding instead of UTF-8 (e.g. windows-1252).",
)


class _Failed(click.ClickException):
    """Diagnostics already printed; exit 1 without Click's own message."""

    def __init__(self) -> None:
        super().__init__("failed")

    def show(self, file: Any = None) -> None:
        pass


class _Output:
    """How much the commands say: ``-q`` only errors, ``-v`` also each briefing's outcome in a build."""

    verbosity = 0


def _report(diagnostics: Iterable[Diagnostic], kind: str = "error") -> None:
    if kind != "error" and _Output.verbosity < 0:
        return
    for diagnostic in diagnostics:
        click.echo(f"briefpub: {kind}: {diagnostic}", err=True)


def _once(diagnostics: Iterable[Diagnostic], said: set[Diagnostic]) -> list[Diagnostic]:
    """Return those of ``diagnostics`` not in ``said`` yet, and add them to it."""
    new = [diagnostic for diagnostic in dict.fromkeys(diagnostics) if diagnostic not in said]
    said.update(new)
    return new


def _warn(diagnostic: Diagnostic) -> None:
    _report([diagnostic], "warning")


def _say(message: str) -> None:
    """Print a line about the run (not about a file) unless ``-q``."""
    if _Output.verbosity >= 0:
        click.echo(f"briefpub: {message}", err=True)


def _done(message: str) -> None:
    """Print what a command made (``wrote …``, ``ok``) on standard output unless ``-q``."""
    if _Output.verbosity >= 0:
        click.echo(message)


def _project(**overrides: Any) -> Project:
    """Return the project here, with command-line options laid over its configuration."""
    from briefpub.project import Project

    return Project.here().override(**overrides)


class _Group(click.Group):
    """Commands listed with their whole summary line: Click cuts them to the terminal's width.

    ``-q`` and ``-v`` are the group's options, but a user writes them after the
    command as often as before it (``briefpub build -v``): they are taken there too.
    """

    GLOBAL_FLAGS = ("-q", "--quiet", "-v", "--verbose")

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] in self.commands:
            rest = args[1:]
            end = rest.index("--") if "--" in rest else len(rest)
            flags = [arg for arg in rest[:end] if arg in self.GLOBAL_FLAGS]
            if flags:
                kept = [arg for arg in rest[:end] if arg not in self.GLOBAL_FLAGS]
                args = [*flags, args[0], *kept, *rest[end:]]
        return super().parse_args(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [
            (name, command.short_help or "") for name, command in self.commands.items() if not command.hidden
        ]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(
    cls=_Group,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "-V", "--version", prog_name="briefpub")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.option("-v", "--verbose", is_flag=True, help="Also say which editions a build rebuilt and why.")
@click.pass_context
def cli(ctx: click.Context, quiet: bool, verbose: bool) -> None:
    """Publish briefings as a PDF newsletter, a PowerPoint deck, a web page and an e-mail.

    Commands take briefing files (SOURCES); with none, every *.txt in the
    project's source folder. The project is the current folder or the nearest
    parent holding briefpub.toml. Shell completion: see the README.
    """
    _Output.verbosity = -1 if quiet else 1 if verbose else 0
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


def _templates_options(master: bool = True) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--templates DIR`` (and ``--master FILE``): the same two spellings on every command that renders.

    ``--template FILE``, 0.2's spelling of ``--master`` on ``slides``, still works, unlisted:
    beside ``--templates`` it read as the newsletter's templates.
    """

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        command = click.option(
            "--templates",
            type=_FOLDER,
            help=(
                "Newsletter templates folder, before the packaged ones"
                + (", and where deck.pptx is looked for" if master else "")
                + " (default: [paths] templates)."
            ),
        )(command)
        if master:
            command = click.option(
                "--template",
                type=_FILE,
                hidden=True,
                expose_value=False,
                callback=_old_master,
            )(command)
            command = click.option(
                "--master",
                type=_FILE,
                callback=_master,
                help="Deck master (.pptx/.potx). Default: [slides] master, else deck.pptx in --templates.",
            )(command)
        return command

    return decorate


_BOTH_MASTERS = "--template is 0.2's spelling of --master; give one"


def _old_master(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    """Keep ``--template FILE`` for ``--master`` (Click takes options given before those not given).

    Both given is a usage error, as ``slides.template`` beside ``slides.master`` is: one would be ignored.
    """
    if value is not None:
        if ctx.params.get("master") is not None:  # --master came first on the command line
            raise click.UsageError(_BOTH_MASTERS, ctx)
        ctx.meta["briefpub.old_master"] = value


def _master(ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path | None:
    """Return ``--master``, else what 0.2's ``--template`` gave."""
    old = ctx.meta.get("briefpub.old_master")
    if value is not None and old is not None:
        raise click.UsageError(_BOTH_MASTERS, ctx)
    return value if value is not None else old


def _editions_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    from briefpub.edition_names import EDITIONS

    return click.option("--only", multiple=True, type=click.Choice(EDITIONS), help=help_text)


@cli.command(short_help="Check briefings as a build would, writing nothing; print every error and warning.")
@_SOURCES
@_editions_option("Check this edition only (repeat for several). Default: [build] editions.")
@_ENCODING
@_templates_options()
@click.option("--fit", is_flag=True, help="Plan each deck and report, slide by slide, how its text fits.")
@click.option("--strict", is_flag=True, help="Fail when deck text is below its minimum or continued.")
@click.option(
    "--a11y", is_flag=True, help="List what to fix in the source for readers of assistive technology."
)
def check(
    sources: tuple[Path, ...],
    only: tuple[str, ...],
    encoding: str | None,
    templates: Path | None,
    master: Path | None,
    fit: bool,
    strict: bool,
    a11y: bool,
) -> None:
    """Check briefings as build would publish them, writing nothing: every error and warning as
    FILE:LINE: message, then ok. Every edition is rendered in memory (the PDF short of its page
    layout), so a project that check passes builds."""
    from briefpub.publish.check import check_editions

    project = _project(templates=templates, deck_master=master, strict=strict)
    editions = tuple(only) or project.config.editions
    failed = False
    paths = project.sources(sources)
    # Said once a run, as build says them: the deck's warnings are heard by --fit's plan and by the
    # render, and a warning about the project (a template, [email] from) by every source.
    shown: set[Diagnostic] = set()
    said: set[Diagnostic] = set()  # errors too: a broken master is one line, not one per source

    def warn(diagnostic: Diagnostic) -> None:
        if diagnostic not in shown:
            shown.add(diagnostic)
            _warn(diagnostic)

    for path in paths:
        try:
            briefing = project.parse(path, encoding)
            _report(briefing.warnings, "warning")
            if fit:
                failed |= not _fit_report(project, briefing, project.display(path), strict, warn)
            if a11y:
                failed |= not _a11y_report(project, path, briefing)
            problems = check_editions(project, briefing, editions, warn)
        except BriefpubError as error:
            problems = list(error.diagnostics)
        _report(_once(problems, said))
        failed |= bool(problems)
    if failed:
        raise _Failed()
    _done(f"ok: {len(paths)} briefing{'s' if len(paths) != 1 else ''}")


def _a11y_report(project: Project, path: Path, briefing: Briefing) -> bool:
    """Print what the writer should fix for accessibility, FILE:LINE: message; return False if anything."""
    from briefpub.a11y import check_file

    problems = check_file(path, briefing, project.display(path), project.config.max_bytes)
    for problem in problems:
        click.echo(str(problem))
    return not problems


def _fit_report(project: Project, briefing: Briefing, display: str, strict: bool, warn: Any) -> bool:
    """Print the deck's fit report; return False when ``strict`` finds a slide to object to."""
    from briefpub.deck.report import fit_report, strict_failures
    from briefpub.deck.slides import plan_slides

    config = project.config
    plan = plan_slides(
        briefing, master=project.deck_master(), brand=config.brand, options=config.slides, warn=warn
    )
    click.echo("\n".join(fit_report(plan, display)))
    failures = strict_failures(plan)
    if strict and failures:
        _report(
            [Diagnostic(display, None, f"{failures} slide(s) below the minimum size or continued (--strict)")]
        )
        return False
    return True


@cli.command("parse", short_help="Print what briefpub reads in a briefing (--json: the model).")
@click.argument("source", type=_PATH)
@click.option("--json", "as_json", is_flag=True, help="Print the model as JSON (the documented shape).")
@_ENCODING
def parse_command(source: Path, as_json: bool, encoding: str | None) -> None:
    """Print what briefpub reads in SOURCE: its outline, or with --json the model."""
    project = _project()
    briefing = project.parse(source, encoding)
    _report(briefing.warnings, "warning")
    if as_json:
        import json

        from briefpub.model.briefing import to_dict

        click.echo(json.dumps(to_dict(briefing), ensure_ascii=False, indent=2))
    else:
        click.echo(_outline(briefing))


def _outline(briefing: Briefing) -> str:
    lines = [briefing.title, ""]
    lines += [f"  • {point}" for point in briefing.key_points]
    if briefing.introduction:
        lines.append(f"  (introduction: {_blocks(briefing.introduction)})")
    for number, section in enumerate(briefing.sections, 1):
        lines.append(f"{number}. {section.question}  [line {section.line}, {_blocks(section.body)}]")
    if briefing.footnotes:
        lines.append(f"  ({len(briefing.footnotes)} footnote{'s' if len(briefing.footnotes) != 1 else ''})")
    return "\n".join(lines)


def _blocks(blocks: Sequence[Block]) -> str:
    """Return how many paragraphs, lists, figures, tables and charts ``blocks`` hold, as a reader says it."""
    counts = dict.fromkeys(("paragraph", "list", "figure", "table", "chart"), 0)
    for block in blocks:
        kind = "paragraph" if isinstance(block, str) else block.kind
        counts[kind] = counts.get(kind, 0) + 1  # a kind added to the model later is counted, not a crash
    named = [f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in counts.items() if n or kind == "paragraph"]
    return ", ".join(named)


def _publish_edition(
    given: Sequence[Path], output: Path | None, edition: str, encoding: str | None, **overrides: Any
) -> None:
    """Publish each source as ``edition`` (always, up to date or not); exit 1 if any failed.

    ``-o`` names the main file (one source) or a folder; the edition's
    companions (the e-mail's page and images) go beside the main file.
    """
    from pathlib import Path

    from briefpub.publish.build import build
    from briefpub.publish.pipeline import describe

    project = _project(**overrides)
    sources = project.sources(given)
    if (
        output is not None
        and len(sources) == 1
        and click.get_current_context().meta.get("briefpub.output_folder")
        and not output.is_dir()  # a folder there already is taken as one, the project's own included
    ):
        from briefpub.publish.editions import REGISTRY

        output = output / f"{sources[0].stem}.{REGISTRY[edition].extension}"  # the folder is made

    def done(outcome: Any) -> None:
        for warning in outcome.warnings:
            _warn(warning)
        _report(outcome.errors)
        if outcome.written:
            _done(f"wrote {describe([Path(p) for paths in outcome.written.values() for p in paths])}")

    summary = build(project, sources, (edition,), True, 1, done, _say, encoding, output)
    if summary.count("failed"):
        raise _Failed()


def _pdf_variant(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Refuse an unknown ``--pdf-variant`` as a usage error (exit 2), as ``--paper`` is: it was exit 1."""
    from briefpub.config import PDF_VARIANTS

    if value is not None and value not in ("", *PDF_VARIANTS):
        raise click.BadParameter(f"must be one of {', '.join(PDF_VARIANTS)}", ctx, param)
    return value


@cli.command(short_help="Publish briefings as PDF newsletters.")
@_SOURCES
@_OUTPUT
@_templates_options(master=False)
@click.option(
    "--paper", type=click.Choice(["a4", "letter"]), help="Paper size (default: [pdf] paper, else a4)."
)
@click.option(
    "--pdf-variant",
    metavar="NAME",
    callback=_pdf_variant,
    help="PDF/A or PDF/UA variant, e.g. pdf/a-3b (default: a tagged PDF).",
)
@_ENCODING
def pdf(
    sources: tuple[Path, ...],
    output: Path | None,
    templates: Path | None,
    paper: str | None,
    pdf_variant: str | None,
    encoding: str | None,
) -> None:
    """Publish briefings as PDF newsletters."""
    _publish_edition(
        sources, output, "pdf", encoding, templates=templates, paper=paper, pdf_variant=pdf_variant
    )


@cli.command(short_help="Write the web edition: one self-contained HTML page.")
@_SOURCES
@_OUTPUT
@_templates_options(master=False)
@_ENCODING
def html(
    sources: tuple[Path, ...], output: Path | None, templates: Path | None, encoding: str | None
) -> None:
    """Write the web edition: one self-contained HTML file that fetches nothing."""
    _publish_edition(sources, output, "html", encoding, templates=templates)


@cli.command(short_help="Write the e-mail edition: a .eml, and its page and images.")
@_SOURCES
@_OUTPUT
@_templates_options(master=False)
@_ENCODING
def email(
    sources: tuple[Path, ...], output: Path | None, templates: Path | None, encoding: str | None
) -> None:
    """Write the e-mail edition: a .eml message, and its HTML as a page (.email.html) with its images
    beside it (.email/) for a newsletter service."""
    _publish_edition(sources, output, "email", encoding, templates=templates)


_STRICT = click.option(
    "--strict", is_flag=True, help="Refuse a deck with text below its minimum or continued (slides.strict)."
)


@cli.command(short_help="Publish briefings as PowerPoint decks, one slide per question.")
@_SOURCES
@_OUTPUT
@_templates_options()
@_STRICT
@_ENCODING
def slides(
    sources: tuple[Path, ...],
    output: Path | None,
    templates: Path | None,
    master: Path | None,
    strict: bool,
    encoding: str | None,
) -> None:
    """Publish briefings as PowerPoint decks, one slide per question."""
    _publish_edition(
        sources, output, "slides", encoding, templates=templates, deck_master=master, strict=strict
    )


@cli.command("build", short_help="Publish every edition of every briefing that changed.")
@_SOURCES
@_editions_option("Build this edition only (repeat for several). Default: [build] editions.")
@click.option(
    "-j", "--jobs", type=click.IntRange(min=0), help="Worker processes (default: [build] jobs, else CPUs)."
)
@click.option("--force", is_flag=True, help="Rebuild even what is up to date.")
@_templates_options()
@_STRICT
@_ENCODING
def build_command(
    sources: tuple[Path, ...],
    only: tuple[str, ...],
    jobs: int | None,
    force: bool,
    templates: Path | None,
    master: Path | None,
    strict: bool,
    encoding: str | None,
) -> None:
    """Publish the editions [build] editions names (all four by default) of every briefing,
    skipping what is up to date."""
    project = _project(templates=templates, deck_master=master, strict=strict)
    if not _build(project, sources, only, jobs, force, encoding):
        raise _Failed()


def _build(
    project: Project,
    sources: Sequence[Path],
    only: Sequence[str],
    jobs: int | None,
    force: bool,
    encoding: str | None,
) -> bool:
    """Run one build and print its outcome; return whether every source succeeded."""
    from briefpub.publish.build import Outcome, build

    paths = project.sources(sources)
    bar = None
    if len(paths) > 1 and sys.stderr.isatty() and _Output.verbosity >= 0:
        bar = click.progressbar(length=len(paths), label="publishing", file=sys.stderr)
        bar.__enter__()
    shown: set[Diagnostic] = set()  # a template's or master's warning: said once per build, not per source
    said: set[Diagnostic] = set()

    def done(outcome: Outcome) -> None:
        if bar is not None:
            bar.update(1)
        for warning in outcome.warnings:  # in the order they arose: the reader's, then the renderers'
            if warning not in shown:
                shown.add(warning)
                _warn(warning)
        # A broken master or template fails every source alike: its error is said once, not per source.
        _report(_once(outcome.errors, said))
        if _Output.verbosity > 0:
            _say(_outcome_line(project, outcome))

    try:
        summary = build(
            project,
            paths,
            tuple(only) or project.config.editions,
            force,
            project.config.jobs if jobs is None else jobs,
            done,
            _say,
            encoding,
        )
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for warning in summary.warnings:
        _warn(warning)
    line = summary.line()
    if summary.count("built") == 0 and summary.count("failed") == 0:
        line += ": everything is up to date"
    _say(line.removeprefix("briefpub: "))
    return summary.count("failed") == 0


def _outcome_line(project: Project, outcome: Any) -> str:
    """Return ``-v build``'s line for one source: what was rebuilt and why (``built a.txt: pdf (…)``)."""
    line = f"{outcome.status} {project.display(outcome.source)}"
    if outcome.status == "skipped":
        return f"{line}: up to date"
    by_reason: dict[str, list[str]] = {}
    for edition, reason in outcome.reasons.items():
        by_reason.setdefault(reason, []).append(edition)
    said = "; ".join(f"{', '.join(editions)} ({reason})" for reason, editions in by_reason.items())
    return f"{line}: {said}" if said else line


@cli.command(short_help="Create a new project that builds at once.")
@click.argument("folder", type=_FOLDER, default=".")
def init(folder: Path) -> None:
    """Create a new briefpub project in FOLDER (default: here) that builds at once."""
    import shlex
    from pathlib import Path

    from briefpub.init import init_project

    for path in init_project(folder):
        _done(f"created {path}")
    here = folder.resolve() == Path.cwd().resolve()
    build = f"{_invoked_as(here)} build"
    _say(f"next: {build}" if here else f"next: cd {shlex.quote(str(folder))} && {build}")


def _invoked_as(here: bool) -> str:
    """Return how to run briefpub again: its name when that is what the shell finds, else its path.

    After the README's quick start briefpub lives in ``.venv/bin`` and is not on
    the PATH: "next: briefpub build" was then a command not found. The path is
    given as typed when the user stays here, absolute when they must ``cd``.
    """
    import shlex
    import shutil
    from pathlib import Path

    program = Path(sys.argv[0])
    if program.name != "briefpub" or not program.is_file():
        return "briefpub"  # run as a module or by a test harness: the name is the best advice
    found = shutil.which("briefpub")
    if found and Path(found).resolve() == program.resolve():
        return "briefpub"
    return shlex.quote(sys.argv[0] if here else str(program.resolve()))


WATCHING = "watching sources, templates, the master, images and briefpub.toml for changes (Ctrl-C stops)"
"""What ``watch`` says once its first build is out, as ``serve`` says where it serves."""


@cli.command(short_help="Rebuild whenever a source, template, master or briefpub.toml changes.")
@_editions_option("Build this edition only (repeat for several). Default: [build] editions.")
@click.option(
    "-j", "--jobs", type=click.IntRange(min=0), help="Worker processes (default: [build] jobs, else CPUs)."
)
@_templates_options()
@_ENCODING
def watch(
    only: tuple[str, ...], jobs: int | None, templates: Path | None, master: Path | None, encoding: str | None
) -> None:
    """Rebuild whenever a source, template, master, image or briefpub.toml changes (Ctrl-C stops)."""
    from briefpub.publish.watch import watch as watch_project

    overrides = {"templates": templates, "deck_master": master}
    started = False

    def rebuild() -> None:
        nonlocal started
        try:
            _build(_project(**overrides), (), only, jobs, False, encoding)
        except _Failed:
            pass
        except BriefpubError as error:  # a broken briefpub.toml: said, and watched until it is fixed
            _report(error.diagnostics)
        if not started:  # after the first build's summary, else the user cannot tell it goes on
            started = True
            _say(WATCHING)

    project = _project(**overrides)
    watch_project(project, rebuild, tuple(only) or project.config.editions)


@cli.command(short_help="Preview a briefing live in the browser, rebuilt on each save.")
@click.argument("source", required=False, type=_FILE)
@click.option("--host", help="Address to listen on (default 127.0.0.1: this machine only).")
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port (default: a free one).")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in the default browser.")
@click.option(
    "--libreoffice", is_flag=True, help="Also show the deck as LibreOffice draws it (seconds per save)."
)
@_templates_options()
@_ENCODING
def serve(
    source: Path | None,
    host: str | None,
    port: int,
    open_browser: bool,
    libreoffice: bool,
    templates: Path | None,
    master: Path | None,
    encoding: str | None,
) -> None:
    """Preview a briefing live: web edition, slides, PDF and every warning, rebuilt on each save.

    SOURCE defaults to the briefing in the source folder saved last.
    """
    from briefpub.serve import serve as run

    project = _project(templates=templates, deck_master=master)
    if source is not None and not source.is_file():  # a mistyped name: said now, not served as an error page
        raise BriefpubError.at(
            os.fsdecode(source), None, "no such file" if not source.exists() else "not a file"
        )
    chosen = source or max(project.sources([]), key=lambda path: path.stat().st_mtime)
    try:
        run(
            project,
            chosen,
            host=host or "127.0.0.1",
            port=port,
            open_browser=open_browser,
            libreoffice=libreoffice,
            announce=_say,
            encoding=encoding,
        )
    except OSError as exc:  # the port is taken, the address is not this machine's
        where = f"{host or '127.0.0.1'}:{port}"
        raise BriefpubError.at("serve", None, f"cannot listen on {where}: {exc.strerror or exc}") from None


@cli.command(short_help="Remove outputs whose source is gone, and the cache.")
@click.option("-n", "--dry-run", is_flag=True, help="Only list what would be removed.")
def clean(dry_run: bool) -> None:
    """Remove from the output folder the editions of briefings no longer in the source folder, and the
    cache of earlier runs (.briefpub-cache: the next build makes it again).

    Only files briefpub wrote, as its manifest records, are touched, and nothing outside the output folder.
    """
    from briefpub.publish.clean import clean_outputs

    project = _project()
    removed = clean_outputs(project, dry_run, _say)
    for path in removed:
        _done(f"{'would remove' if dry_run else 'removed'} {project.display(path)}")
    if not removed:
        _say("nothing to clean")


@cli.group("master", short_help="Look into deck masters (.pptx/.potx).")
def master_group() -> None:
    """Look into deck masters (.pptx/.potx)."""


@master_group.command("inspect", short_help="List a master's layouts and placeholders.")
@click.argument("file", type=_FILE)
def master_inspect(file: Path) -> None:
    """List every slide master's layouts and their placeholders, and the layout each role would use
    with the project's [slides.layouts] mapping."""
    from briefpub.deck.layouts import describe_roles
    from briefpub.deck.master import describe_template, load_master

    options = _project().config.slides
    read = load_master(file, _warn).template
    click.echo(describe_template(read))
    click.echo(describe_roles(read, options))


@cli.group("template", hidden=True)
def template_group() -> None:
    """0.2's name for the master command: briefpub template inspect FILE still works."""


template_group.add_command(master_inspect)


def main() -> None:
    """Run the CLI; a bug is reported in one line unless BRIEFPUB_DEBUG is set.

    SIGTERM and SIGHUP stop a run as Ctrl-C does, so temporary files are
    removed and workers stopped; Python warnings from the engines are one line.
    """
    import gc
    import signal
    import warnings

    from briefpub import stops
    from briefpub.errors import Stopped

    # A command imports tens of thousands of objects that live until it exits, and collecting
    # while it does walks them again and again (~5% of a cold deck): the collector starts once
    # they are frozen (briefpub.publish.editions.load_engines) or a batch's workers start.
    gc.disable()
    stops.install()
    warnings.showwarning = _show_warning
    try:
        code = cli.main(prog_name="briefpub", standalone_mode=False)
        stops.raise_pending()  # a stop an engine swallowed still stops the run, with its exit status
    except BriefpubError as error:  # a user's mistake, from any command: one line per problem
        _report(error.diagnostics)
        sys.exit(1)
    except click.ClickException as error:  # usage errors (2), and failures already reported (1)
        error.show()
        sys.exit(error.exit_code)
    except BrokenPipeError:  # `briefpub parse x --json | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except (KeyboardInterrupt, click.exceptions.Abort):  # Click turns Ctrl-C into Abort
        click.echo("briefpub: interrupted", err=True)
        sys.exit(130)
    except Stopped as stopped:
        click.echo(f"briefpub: stopped ({signal.Signals(stopped.signum).name})", err=True)
        sys.exit(128 + stopped.signum)
    except Exception as exc:
        if os.environ.get("BRIEFPUB_DEBUG"):
            raise
        click.echo(
            f"briefpub: internal error: {type(exc).__name__}: {exc} (please report it; "
            "BRIEFPUB_DEBUG=1 shows the traceback)",
            err=True,
        )
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


def _show_warning(
    message: Warning | str, category: type[Warning], filename: str, lineno: int, *_: Any, **__: Any
) -> None:
    """Print a Python warning (Pillow's decompression-bomb check, say) as one briefpub line."""
    text = " ".join(str(message).split())
    click.echo(f"briefpub: warning: {category.__name__}: {text}", err=True)
