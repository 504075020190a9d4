"""The ``briefpub`` command line: a few lines per command over the library.

The renderers (WeasyPrint, python-pptx) are imported inside the commands that
need them, so ``--help``, ``check`` and ``parse`` start in a blink.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

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


_SOURCES = click.argument("sources", nargs=-1, type=_PathType())
_OUTPUT = click.option(
    "-o",
    "--output",
    type=_PathType(),
    help="Output file (one source) or folder (several). Default: output/<stem>.<ext>.",
)
_ENCODING = click.option(
    "--encoding", metavar="NAME", help="Read sources in this encoding instead of UTF-8 (e.g. windows-1252)."
)


class _Failed(click.ClickException):
    """Diagnostics already printed; exit 1 without Click's own message."""

    def __init__(self) -> None:
        super().__init__("failed")

    def show(self, file: Any = None) -> None:
        pass


def _report(diagnostics: Iterable[Diagnostic], kind: str = "error") -> None:
    for diagnostic in diagnostics:
        click.echo(f"briefpub: {kind}: {diagnostic}", err=True)


def _fail(error: BriefpubError) -> NoReturn:
    _report(error.diagnostics)
    raise _Failed()


def _project() -> Project:
    from briefpub.project import Project

    try:
        return Project.here()
    except BriefpubError as error:
        _fail(error)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="briefpub")
def cli() -> None:
    """Publish briefings as a PDF newsletter and a PowerPoint deck.

    Commands take briefing files (SOURCES); with none, every *.txt in the
    project's source folder. The project is the current folder or the nearest
    parent holding briefpub.toml.
    """


@cli.command()
@_SOURCES
@_ENCODING
@click.option("--fit", is_flag=True, help="Plan each deck and report, slide by slide, how its text fits.")
@click.option("--strict", is_flag=True, help="With --fit: fail when text is below its minimum or continued.")
def check(sources: tuple[Path, ...], encoding: str | None, fit: bool, strict: bool) -> None:
    """Check briefings and print every error and warning as FILE:LINE: message."""
    project = _project()
    failed = False
    for path in _sources(project, sources):
        try:
            briefing = project.parse(path, encoding)
            _report(briefing.warnings, "warning")
            if fit:
                failed |= not _fit_report(project, briefing, project.display(path), strict)
        except BriefpubError as error:
            _report(error.diagnostics)
            failed = True
    if failed:
        raise _Failed()


def _fit_report(project: Project, briefing: Briefing, display: str, strict: bool) -> bool:
    """Print the deck's fit report; return False when ``strict`` finds a slide to object to."""
    from briefpub.deck.report import fit_report, strict_failures
    from briefpub.deck.slides import plan_slides

    config = project.config
    plan = plan_slides(
        briefing, template=project.deck_template(), brand=config.brand, options=config.slides, warn=_warn
    )
    click.echo("\n".join(fit_report(plan, display)))
    failures = strict_failures(plan)
    if strict and failures:
        _report(
            [Diagnostic(display, None, f"{failures} slide(s) below the minimum size or continued (--strict)")]
        )
        return False
    return True


@cli.command("parse")
@click.argument("source", type=_PathType())
@click.option("--json", "as_json", is_flag=True, help="Print the model as JSON (the documented shape).")
@_ENCODING
def parse_command(source: Path, as_json: bool, encoding: str | None) -> None:
    """Print what briefpub reads in SOURCE."""
    project = _project()
    try:
        briefing = project.parse(source, encoding)
    except BriefpubError as error:
        _fail(error)
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
    """Return how many paragraphs, lists and figures ``blocks`` hold, as a reader would say it."""
    counts = {"paragraph": 0, "list": 0, "figure": 0}
    for block in blocks:
        counts["paragraph" if isinstance(block, str) else block.kind] += 1
    named = [f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in counts.items() if n or kind == "paragraph"]
    return ", ".join(named)


def _sources(project: Project, given: Sequence[Path]) -> list[Path]:
    try:
        return project.sources(given)
    except BriefpubError as error:
        _fail(error)


def publish(
    given: Sequence[Path],
    output: Path | None,
    kind: str,
    encoding: str | None,
    also: Sequence[str] = (),
    **overrides: Any,
) -> None:
    """Publish each source as ``kind`` (and the kinds ``also`` beside it); exit 1 if any failed.

    ``also`` are written next to ``kind``'s file, named by its stem: ``-o
    weekly.eml`` puts the e-mail's HTML in ``weekly.email.html``.
    """
    import contextlib

    from briefpub.publish.kinds import KINDS
    from briefpub.publish.output import project_lock
    from briefpub.publish.pipeline import describe, publish_source, target_paths

    try:
        project = _project().override(**overrides)
        sources = _sources(project, given)
        targets = target_paths(sources, output, project.config.output_dir, kind)
    except BriefpubError as error:
        _fail(error)
    # Writing into the project's output folder waits for a build writing there.
    default_folder = output is None or output.absolute() == project.config.output_dir.absolute()
    config = project.config
    lock = project_lock(config.root, config.output_dir, _say) if default_folder else contextlib.nullcontext()
    failed = False
    with lock:
        for source, target in zip(sources, targets, strict=True):
            ending = f".{KINDS[kind].extension}"
            stem = target.name.removesuffix(ending) if target.name.endswith(ending) else target.stem
            outputs = {kind: target, **{k: target.with_name(f"{stem}.{KINDS[k].extension}") for k in also}}
            try:
                publish_source(project, source, outputs, _warn, encoding)
            except BriefpubError as error:
                _report(error.diagnostics)
                failed = True
                continue
            click.echo(f"wrote {describe(outputs)}")
    if failed:
        raise _Failed()


def _warn(diagnostic: Diagnostic) -> None:
    click.echo(f"briefpub: warning: {diagnostic}", err=True)


def _say(message: str) -> None:
    click.echo(f"briefpub: {message}", err=True)


_TEMPLATES = click.option(
    "--templates",
    type=_PathType(file_okay=False),
    help="Template folder to use before the packaged defaults (default: the project's templates/).",
)


@cli.command()
@_SOURCES
@_OUTPUT
@_TEMPLATES
@click.option(
    "--paper", type=click.Choice(["a4", "letter"]), help="Paper size (default: [pdf] paper, else a4)."
)
@click.option(
    "--pdf-variant",
    metavar="NAME",
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
    publish(sources, output, "pdf", encoding, templates=templates, paper=paper, pdf_variant=pdf_variant)


@cli.command()
@_SOURCES
@_OUTPUT
@_TEMPLATES
@_ENCODING
def html(
    sources: tuple[Path, ...], output: Path | None, templates: Path | None, encoding: str | None
) -> None:
    """Write the newsletter as one self-contained HTML file, for a browser preview."""
    publish(sources, output, "html", encoding, templates=templates)


@cli.command()
@click.argument("source", required=False, type=_PathType(dir_okay=False))
@click.option("--host", help="Address to listen on (default 127.0.0.1: this machine only).")
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port (default: a free one).")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in the default browser.")
@click.option(
    "--libreoffice", is_flag=True, help="Also show the deck as LibreOffice draws it (seconds per save)."
)
def serve(source: Path | None, host: str | None, port: int, open_browser: bool, libreoffice: bool) -> None:
    """Preview a briefing live: web edition, slides, PDF and every warning, rebuilt on each save.

    SOURCE defaults to the briefing in the source folder saved last.
    """
    from briefpub.serve import serve as run

    project = _project()
    chosen = source or max(_sources(project, []), key=lambda path: path.stat().st_mtime)
    try:
        run(
            project,
            chosen,
            host=host or "127.0.0.1",
            port=port,
            any_host=host is not None,
            open_browser=open_browser,
            libreoffice=libreoffice,
            announce=_say,
        )
    except OSError as exc:  # the port is taken, the address is not this machine's
        _fail(
            BriefpubError(
                [
                    Diagnostic(
                        "serve", None, f"cannot listen on {host or '127.0.0.1'}:{port}: {exc.strerror or exc}"
                    )
                ]
            )
        )


@cli.command()
@_SOURCES
@_OUTPUT
@_TEMPLATES
@_ENCODING
def email(
    sources: tuple[Path, ...], output: Path | None, templates: Path | None, encoding: str | None
) -> None:
    """Write the e-mail edition: a .eml message and its HTML part (.email.html) for a mailing service."""
    publish(sources, output, "email", encoding, also=("email-html",), templates=templates)


@cli.command()
@_SOURCES
@_OUTPUT
@click.option(
    "--template",
    type=_PathType(dir_okay=False),
    help="Deck template (.pptx/.potx). Default: [slides] template, templates/deck.pptx, else built in.",
)
@_ENCODING
def slides(
    sources: tuple[Path, ...], output: Path | None, template: Path | None, encoding: str | None
) -> None:
    """Publish briefings as PowerPoint decks, one slide per question."""
    publish(sources, output, "slides", encoding, deck_template=template)


@cli.command("build")
@_SOURCES
@click.option("--only", type=click.Choice(["pdf", "slides"]), help="Build one output kind only.")
@click.option(
    "-j", "--jobs", type=click.IntRange(min=0), help="Worker processes (default: [build] jobs, else CPUs)."
)
@click.option("--force", is_flag=True, help="Rebuild even what is up to date.")
def build_command(sources: tuple[Path, ...], only: str | None, jobs: int | None, force: bool) -> None:
    """Publish the PDF and the deck of every briefing, skipping what is up to date."""
    project = _project()
    if not _build(project, sources, only, jobs, force):
        raise _Failed()


def _build(
    project: Project, sources: Sequence[Path], only: str | None, jobs: int | None, force: bool
) -> bool:
    """Run one build and print its outcome; return whether every source succeeded."""
    from briefpub.publish.build import Outcome, build
    from briefpub.publish.kinds import BUILD_KINDS

    paths = _sources(project, sources)
    bar = None
    if len(paths) > 1 and sys.stderr.isatty():
        bar = click.progressbar(length=len(paths), label="publishing", file=sys.stderr)
        bar.__enter__()
    shown: set[Diagnostic] = set()  # a template's warning is said once per build, not once per source

    def done(outcome: Outcome) -> None:
        if bar is not None:
            bar.update(1)
        for warning in outcome.warnings:  # in the order they arose: the reader's, then the renderers'
            if warning not in shown:
                shown.add(warning)
                _warn(warning)
        _report(outcome.errors)

    try:
        summary = build(
            project,
            paths,
            (only,) if only else BUILD_KINDS,
            force,
            project.config.jobs if jobs is None else jobs,
            done,
            _say,
        )
    except BriefpubError as error:
        _fail(error)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for warning in summary.warnings:
        _warn(warning)
    line = summary.line()
    if summary.count("built") == 0 and summary.count("failed") == 0:
        line += ": everything is up to date"
    click.echo(line, err=True)
    return summary.count("failed") == 0


@cli.command()
@click.argument("folder", type=_PathType(file_okay=False), default=".")
def init(folder: Path) -> None:
    """Create a new briefpub project in FOLDER (default: here) that builds at once."""
    from briefpub.init import init_project

    try:
        written = init_project(folder)
    except BriefpubError as error:
        _fail(error)
    for path in written:
        click.echo(f"created {path}")
    click.echo(f"next: cd {folder} && briefpub build", err=True)


@cli.command()
@click.option("--only", type=click.Choice(["pdf", "slides"]), help="Build one output kind only.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), help="Worker processes (default: CPUs).")
def watch(only: str | None, jobs: int | None) -> None:
    """Rebuild whenever a source, template or briefpub.toml changes (Ctrl-C to stop)."""
    import contextlib

    from briefpub.publish.kinds import BUILD_KINDS
    from briefpub.publish.watch import watch as watch_project

    def rebuild() -> None:
        try:
            _build(_project(), (), only, jobs, False)
        except _Failed:
            pass
        except BriefpubError as error:
            _report(error.diagnostics)

    with contextlib.suppress(KeyboardInterrupt):  # during a rebuild: its files are whole or not written
        watch_project(_project(), rebuild, (only,) if only else BUILD_KINDS)
    click.echo("briefpub: stopped watching", err=True)


@cli.group()
def template() -> None:
    """Look into deck templates."""


@template.command("inspect")
@click.argument("file", type=_PathType(dir_okay=False))
def template_inspect(file: Path) -> None:
    """List every slide master's layouts and their placeholders: type, index, box, font and size."""
    from briefpub.deck.master import describe_template, load_master

    try:
        click.echo(describe_template(load_master(file, _warn).template))
    except BriefpubError as error:
        _fail(error)


def main() -> None:
    """Run the CLI; a bug is reported in one line unless BRIEFPUB_DEBUG is set.

    SIGTERM and SIGHUP stop a run as Ctrl-C does, so temporary files are
    removed and workers stopped; Python warnings from the engines are one line.
    """
    import signal
    import warnings

    from briefpub.errors import Stopped

    def stop(signum: int, _frame: object) -> None:
        raise Stopped(signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)
    warnings.showwarning = _show_warning
    try:
        code = cli.main(prog_name="briefpub", standalone_mode=False)
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
