"""A briefpub project: its folder, its configuration and the briefings in it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from briefpub.config import Config, find_root, load_config
from briefpub.errors import BriefpubError
from briefpub.model import Briefing
from briefpub.reader import parse


@dataclass(frozen=True)
class Project:
    """The project a command runs in, found from the current folder."""

    config: Config
    """The validated ``briefpub.toml`` (or the defaults)."""

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
        found = sorted(p for p in folder.glob("*.txt") if p.is_file()) if folder.is_dir() else []
        if not found:
            raise BriefpubError.at(
                self.display(folder), None, "no briefings (*.txt) here; name the files to use"
            )
        return found

    def parse(self, path: Path, encoding: str | None = None) -> Briefing:
        """Return the briefing at ``path``, with the project's defaults and limits."""
        return parse(
            path,
            file=self.display(path),
            encoding=encoding,
            max_bytes=self.config.max_bytes,
            defaults=self.config.defaults,
        )

    def templates(self, given: Path | None = None) -> Path | None:
        """Return the newsletter template folder: ``given``, else ``templates/`` if the project has one."""
        if given is not None:
            if not given.is_dir():
                raise BriefpubError.at(str(given), None, "no such template folder")
            return given
        folder = self.config.templates_dir
        return folder if folder.is_dir() else None

    def deck_template(self, given: Path | None = None) -> Path | None:
        """Return the deck template: ``given``, ``[slides] template``, ``templates/deck.pptx``, else None."""
        if given is not None:
            return given
        if self.config.slides.template is not None:
            return self.config.slides.template
        for name in ("deck.pptx", "deck.potx"):
            candidate = self.config.templates_dir / name
            if candidate.is_file():
                return candidate
        return None

    @staticmethod
    def display(path: Path) -> str:
        """Return ``path`` as the user would write it: relative to the current folder when inside it."""
        if not path.is_absolute():
            return str(path)
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)
