"""Properties of publishing over names and manifests that hypothesis makes up.

Whatever the sources are called, two of them never write one file; whatever
an edited manifest says, ``clean`` removes nothing but regular files briefpub
recorded inside the output folder, and never fails for it.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefpub.errors import BriefpubError
from briefpub.project import Project
from briefpub.publish.clean import clean_outputs
from briefpub.publish.editions import REGISTRY
from briefpub.publish.pipeline import plan_targets

_STEM = st.text(alphabet="ae.-_lmi", min_size=1, max_size=12).filter(
    lambda s: not s.startswith(".") and s not in {".", ".."}
)


def _every_name(stem: str) -> list[str]:
    names = []
    for edition in REGISTRY.values():
        names.append(f"{stem}.{edition.extension}")
        names += [f"{stem}{suffix.rstrip('/')}" for suffix in edition.companions]
    return names


@settings(max_examples=300, deadline=None)
@given(st.lists(_STEM, min_size=2, max_size=6, unique=True))
def test_no_two_sources_ever_write_one_file(stems: list[str]) -> None:
    sources = [Path("source") / f"{stem}.txt" for stem in stems]
    try:
        plan_targets(sources, list(REGISTRY), None, Path("output"))
    except BriefpubError as error:
        (diagnostic,) = error.diagnostics
        assert "would write" in diagnostic.message
        return
    names = [name for stem in stems for name in _every_name(stem)]
    per_source = [set(_every_name(stem)) for stem in stems]
    assert sum(len(n) for n in per_source) == len(set(names)), "two sources share a file name"


_PATHS = st.one_of(
    st.sampled_from(
        [
            "../source/ferry.txt",
            "source/ferry.txt",
            "briefpub.toml",
            "output/../briefpub.toml",
            "output/link.pdf",
            "output/sub/../../source/ferry.txt",
            "output",
            "output/",
            "",
            ".",
            "/etc/hostname",
            "output/gone.pdf",
            "output/gone.email/figure-1.png",
            "output/\x00.pdf",
        ]
    ),
    st.text(max_size=30),
)
_ENTRY = st.fixed_dictionaries(
    {
        "source": st.one_of(st.just("source/gone.txt"), st.text(max_size=20), st.integers(), st.none()),
        "key": st.one_of(st.text(max_size=5), st.integers()),
        "files": st.one_of(st.dictionaries(_PATHS, st.text(max_size=5), max_size=6), st.lists(_PATHS)),
        "images": st.dictionaries(_PATHS, st.text(max_size=5), max_size=2),
    }
)
_MANIFEST = st.fixed_dictionaries(
    {
        "format": st.sampled_from([3, 3, 2, "3"]),
        "outputs": st.dictionaries(st.text(max_size=12), _ENTRY, max_size=4),
    }
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_MANIFEST)
def test_no_manifest_makes_clean_remove_what_briefpub_did_not_write(manifest: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "source").mkdir()
        (root / "source" / "ferry.txt").write_text("Title\n\nWhy?\nAnswer: Because.\n", encoding="utf-8")
        (root / "briefpub.toml").write_text("# project\n", encoding="utf-8")
        output = root / "output"
        (output / "sub").mkdir(parents=True)
        (output / "gone.email").mkdir()
        (output / "gone.email" / "figure-1.png").write_bytes(b"briefpub's")
        (output / "gone.pdf").write_bytes(b"briefpub's")
        (output / "mine.pdf").write_bytes(b"a reader's")
        (output / "link.pdf").symlink_to(root / "source" / "ferry.txt")
        (output / ".briefpub-manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        before = {p for p in root.rglob("*")}
        removed = clean_outputs(Project.here(root), False, lambda _: None)
        after = {p for p in root.rglob("*")}
        gone = before - after - {output / ".briefpub-manifest.json"}
        allowed = {output / "gone.pdf", output / "gone.email" / "figure-1.png", output / "gone.email"}
        assert gone <= allowed, gone
        assert set(removed) == gone
        assert (root / "source" / "ferry.txt").read_text(encoding="utf-8").startswith("Title")
