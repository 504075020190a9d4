"""What the preview shows, and how a save becomes a new snapshot of it (the main thread's side)."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from briefpub.errors import BriefpubError, Diagnostic
from briefpub.files import UnreadableFile, read_regular
from briefpub.model.briefing import Briefing
from briefpub.project import Project
from briefpub.publish.editions import REGISTRY, Rendered, Target
from briefpub.publish.freshness import inputs_digest, stamp
from briefpub.publish.pipeline import land, render_editions

PREVIEWED = ("pdf", "html", "slides")
"""The editions the preview shows (the deck as its plan), so the ones whose inputs it watches."""
WRITTEN = ("pdf", "html")
"""What the preview writes into the output folder, through the publish path and under its lock."""


@dataclass(frozen=True)
class Snapshot:
    """What the preview shows: the last good renders, and the problems of the last attempt."""

    version: int = 0
    title: str = ""
    web: str = ""
    slides: str = ""
    """The slides' preview markup (HTML made by :mod:`briefpub.deck.preview`)."""
    slide_count: int = 0
    pdf: str | None = None
    """The PDF's file name in the output folder, once written."""
    pages: int | None = None
    seconds: float = 0.0
    """How long the last good render took."""
    warnings: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    """Why the last save could not be shown (the previews stay those of the save before)."""
    rendered: tuple[str, ...] = ()
    """With ``--libreoffice``: each slide as LibreOffice draws the .pptx, as a PNG ``data:`` URL."""


@dataclass
class Preview:
    """The briefing being previewed; rebuilt by the main thread, read by the request threads."""

    project: Project
    source: Path
    libreoffice: bool = False
    """Also draw the real deck with LibreOffice after each save (seconds, not tenths)."""
    encoding: str | None = None
    """``--encoding``: how to read the source, when not as ``[reader] encoding`` or UTF-8 says."""
    snapshot: Snapshot = field(default_factory=Snapshot)
    digest: str = ""
    images: tuple[Path, ...] = ()
    """The figures' files at the last parse: their changes call for a new render too."""
    changed: threading.Condition = field(default_factory=threading.Condition)
    rendered: dict[str, Rendered] = field(default_factory=dict)
    """The editions of the save being shown, rendered and not yet written."""

    def rebuild(self) -> None:
        """Render again if anything the briefing is made from changed; show each stage as it is ready."""
        digest = self.inputs()
        if digest == self.digest:
            return  # a save that changed nothing (an editor touching the file)
        self.digest = digest
        started = time.perf_counter()
        warnings: list[Diagnostic] = []
        try:
            self.project = Project.here(self.project.config.root)  # briefpub.toml may have changed
            briefing = self.project.parse(self.source, self.encoding)
            self.images = briefing.input_files()
            warnings += briefing.warnings
            web, slides, count = self.render_previews(briefing, warnings.append)
            self.show(
                title=str(briefing.title),
                web=web,
                slides=slides,
                slide_count=count,
                warnings=_unique(warnings),
                errors=(),
                seconds=time.perf_counter() - started,
            )
            pdf, pages = self.render_pdf(briefing, warnings.append)
            self.show(pdf=pdf, pages=pages, warnings=_unique(warnings), seconds=time.perf_counter() - started)
            if self.libreoffice:
                self.show(rendered=self.render_deck(briefing, warnings.append), warnings=_unique(warnings))
        except BriefpubError as error:
            self.show(errors=tuple(str(d) for d in error.diagnostics), warnings=_unique(warnings))
        except Exception as exc:  # a bug must not stop the preview: say it, keep the last good one
            self.show(errors=(f"{self.source}: internal error: {type(exc).__name__}: {exc}",))

    def inputs(self) -> str:
        """Return a hash of the source's bytes and the stamps of everything else it is made from."""
        try:
            source = hashlib.sha256(read_regular(self.source, self.project.config.max_bytes)).hexdigest()
        except UnreadableFile as exc:
            source = f"unreadable: {exc}"
        images = [f"{image}:{stamp(image)}" for image in self.images]
        config = self.project.config.file  # read again on each change: its stamp, not only its values
        images.append(f"{config}:{stamp(config)}" if config else "no briefpub.toml")
        editions = [inputs_digest(self.project, edition) for edition in PREVIEWED]
        return hashlib.sha256("\0".join([source, *editions, *images]).encode()).hexdigest()

    def render_previews(self, briefing: Briefing, warn: Callable[[Diagnostic], None]) -> tuple[str, str, int]:
        """Return the web edition, the slides' previews and their count: what the page shows first."""
        from briefpub.deck.preview import slides_html
        from briefpub.deck.slides import plan_slides, template_for

        config = self.project.config
        self.rendered = render_editions(self.project, briefing, {"html": self.target("html")}, warn)
        web = self.rendered["html"].files[""].decode("utf-8")
        master = self.project.deck_master()
        plan = plan_slides(
            briefing,
            master=master,
            brand=config.brand,
            options=config.slides,
            warn=warn,  # the plan's own diagnostics too
        )
        return web, str(slides_html(plan, briefing, template_for(master))), len(plan.slides)

    def render_pdf(self, briefing: Briefing, warn: Callable[[Diagnostic], None]) -> tuple[str, int]:
        """Render the PDF, then write it and the web edition as ``build`` does: one path, one lock."""
        rendered = self.rendered | render_editions(self.project, briefing, {"pdf": self.target("pdf")}, warn)
        targets = {edition: self.target(edition) for edition in WRITTEN}

        def waiting(message: str) -> None:
            warn(Diagnostic("serve", None, message))

        land(self.project, self.source, {edition: rendered[edition] for edition in WRITTEN}, targets, waiting)
        return targets["pdf"].path.name, rendered["pdf"].pages or 0

    def target(self, edition: str) -> Target:
        """Return where ``build`` would write ``edition`` of the source previewed."""
        return REGISTRY[edition].target(self.project.config.output_dir, self.source.stem)

    def render_deck(self, briefing: Briefing, warn: Callable[[Diagnostic], None]) -> tuple[str, ...]:
        """Return the deck as LibreOffice draws it: one PNG ``data:`` URL a slide (empty if it cannot)."""
        import shutil
        import subprocess
        import tempfile

        from briefpub.dataurl import data_url

        data = REGISTRY["slides"].render(self.project, briefing, self.source.stem, lambda _: None).files[""]
        if not (shutil.which("soffice") and shutil.which("pdftoppm")):
            warn(Diagnostic("serve", None, "--libreoffice needs LibreOffice and pdftoppm; showing the plan"))
            return ()
        with tempfile.TemporaryDirectory(prefix="briefpub-serve-") as folder:
            work = Path(folder)
            (work / "deck.pptx").write_bytes(data)
            profile = (work / "profile").as_uri()
            try:
                subprocess.run(
                    [
                        "soffice",
                        f"-env:UserInstallation={profile}",
                        "--headless",
                        "--convert-to",
                        "pdf",
                        "--outdir",
                        folder,
                        str(work / "deck.pptx"),
                    ],
                    capture_output=True,
                    timeout=120,
                    check=True,
                )
                subprocess.run(
                    ["pdftoppm", "-r", "48", "-png", str(work / "deck.pdf"), str(work / "slide")],
                    capture_output=True,
                    timeout=120,
                    check=True,
                )
            except (OSError, subprocess.SubprocessError) as exc:
                warn(
                    Diagnostic(
                        "serve", None, f"LibreOffice could not draw the deck ({exc}); showing the plan"
                    )
                )
                return ()
            pictures = sorted(work.glob("slide-*.png"), key=lambda path: int(path.stem.rsplit("-", 1)[1]))
            return tuple(data_url("image/png", picture.read_bytes()) for picture in pictures)

    def show(self, **changes: Any) -> None:
        """Make the next snapshot, the one the browser shows, and wake every event stream."""
        with self.changed:
            self.snapshot = replace(self.snapshot, version=self.snapshot.version + 1, **changes)
            self.changed.notify_all()

    def wait(self, since: int, timeout: float) -> Snapshot:
        """Return the snapshot once its version is not ``since``, or after ``timeout`` seconds."""
        with self.changed:
            self.changed.wait_for(lambda: self.snapshot.version != since, timeout)
            return self.snapshot


def _unique(diagnostics: list[Diagnostic]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(str(d) for d in diagnostics))
