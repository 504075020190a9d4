"""A briefpub project: its folder, its configuration and the briefings in it."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from briefpub.config import Config, check_pdf_variant, find_root, load_config
from briefpub.errors import BriefpubError, SourceError
from briefpub.files import display_path
from briefpub.model.briefing import Briefing
from briefpub.reader.structure import parse


@dataclass(frozen=True)
class Project:
    """The project a command runs in, found from the current folder."""

    config: Config
    """The validated ``briefpub.toml`` (or the defaults)."""
    overrides: tuple[tuple[str, Any], ...] = field(default=(), compare=False)
    """The command-line options laid over ``config`` (:meth:`override`): a build's workers, which
    load the project again in their own process, lay them over it too."""

    @classmethod
    def here(cls, start: Path | None = None) -> Project:
        """Return the project holding ``start`` (default: the current folder)."""
        root = find_root(start or Path.cwd())
        return cls(load_config(root))

    def sources(self, given: Sequence[Path]) -> list[Path]:
        """Return the sources to take: those given, else every ``*.txt`` in the source folder."""
        if given:
            return list(given)
        folder = self.config.source_dir
        # Hidden files are drafts and editor or macOS leftovers (.draft.txt, ._weekly.txt), not briefings.
        found = (
            sorted(p for p in folder.glob("*.txt") if not p.is_dir() and not p.name.startswith("."))
            if folder.is_dir()
            else []
        )
        if not found:
            raise BriefpubError.at(self.display(folder), None, self._none_found(folder))
        return found

    def _none_found(self, folder: Path) -> str:
        """Say why no source was found, and how to name one: a briefing beside it was called "not here"."""
        what = "no briefings (*.txt) here" if folder.is_dir() else "no such folder"
        if self.config.file is None:  # not in a project at all: say how to start one
            what += (
                ", and no briefpub.toml here or above: `briefpub init` makes a project that builds at once"
            )
        root = self.config.root
        beside = sorted(p.name for p in root.glob("*.txt") if p.is_file() and not p.name.startswith("."))
        if folder.resolve() != root.resolve() and beside:
            names = ", ".join(beside[:3]) + (", …" if len(beside) > 3 else "")
            return f"{what}; or name the files to use ({names})"
        return f"{what}; {'or ' if self.config.file is None else ''}name the files to use"

    def parse(self, path: Path, encoding: str | None = None) -> Briefing:
        """Return the briefing at ``path``, with the project's defaults and limits.

        ``encoding`` (``--encoding``) wins over ``[reader] encoding``; neither means UTF-8.

        A path inside the project that leads out of it through a link is
        refused: a copied project's ``source/x.txt -> /etc/passwd`` is not a
        file the user named. Naming the outside file itself still works.
        """
        if self.leads_outside(path):
            raise SourceError.at(
                self.display(path), None, "is a link leading outside the project; name its target instead"
            )
        return parse(
            path,
            file=self.display(path),
            encoding=encoding or self.config.encoding,
            max_bytes=self.config.max_bytes,
            defaults=self.config.defaults,
            markup=self.config.markup,
            root=self.image_root(path),
        )

    def image_root(self, path: Path) -> Path:
        """Return the folder a briefing's figures must stay in: the project, or an outside source's folder."""
        root = self.config.root.resolve()
        return root if path.resolve().is_relative_to(root) else path.resolve().parent

    def leads_outside(self, path: Path) -> bool:
        """Return whether ``path`` lies in the project as written but resolves to a file outside it."""
        root = self.config.root.resolve()
        written = Path(os.path.normpath(Path.cwd() / path))
        return written.is_relative_to(root) and not path.resolve().is_relative_to(root)

    def override(
        self,
        *,
        templates: Path | None = None,
        deck_master: Path | None = None,
        paper: str | None = None,
        pdf_variant: str | None = None,
        strict: bool = False,
    ) -> Project:
        """Return the project with command-line options laid over its configuration."""
        config = self.config
        if templates is not None:
            if not templates.is_dir():
                raise BriefpubError.at(str(templates), None, "no such templates folder")
            config = replace(config, templates_dir=templates)
        if deck_master is not None:
            config = replace(config, slides=replace(config.slides, master=deck_master))
        if paper is not None:
            config = replace(config, pdf=replace(config.pdf, paper=paper))
        if pdf_variant is not None:
            config = replace(config, pdf=replace(config.pdf, variant=check_pdf_variant(pdf_variant)))
        if strict:
            config = replace(config, slides=replace(config.slides, strict=True))
        given = {
            "templates": templates,
            "deck_master": deck_master,
            "paper": paper,
            "pdf_variant": pdf_variant,
            "strict": strict or None,
        }
        return Project(config, self.overrides + tuple((k, v) for k, v in given.items() if v is not None))

    def templates(self) -> Path | None:
        """Return the newsletter template folder, if the project has one."""
        folder = self.config.templates_dir
        return folder if folder.is_dir() else None

    def deck_master(self) -> Path | None:
        """Return the deck's master: ``[slides] master``, else ``templates/deck.pptx|potx``, else None."""
        if self.config.slides.master is not None:
            return self.config.slides.master
        for name in ("deck.pptx", "deck.potx"):
            candidate = self.config.templates_dir / name
            if self.leads_outside(candidate):
                raise BriefpubError.at(
                    self.display(candidate), None, "is a link leading outside the project; refused"
                )
            if candidate.is_file():
                return candidate
        return None

    display = staticmethod(display_path)
