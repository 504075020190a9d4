"""python-pptx's private names: listed in one module, still there, and used nowhere else."""

from __future__ import annotations

import importlib
import inspect
import re
from importlib import metadata
from pathlib import Path

from briefpub.deck import pptxengine

SOURCE = Path(pptxengine.__file__).parent.parent


def _exists(dotted: str) -> bool:
    """Return whether ``dotted`` (module, then attributes) names something in the installed python-pptx.

    An attribute a class only sets on its instances counts when its source assigns ``self.NAME``.
    """
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for position, attribute in enumerate(parts[split:], start=split):
            if hasattr(found, attribute):
                found = getattr(found, attribute)
                continue
            return (
                position == len(parts) - 1
                and inspect.isclass(found)
                and bool(re.search(rf"self\.{attribute}\b", inspect.getsource(found)))
            )
        return True
    return False


def test_every_private_name_relied_on_is_still_there_in_the_version_checked() -> None:
    missing = [name for names in pptxengine.PRIVATE_NAMES.values() for name in names if not _exists(name)]
    assert missing == [], f"python-pptx no longer has {missing}: mend briefpub/deck/pptxengine.py"
    installed = {"python-pptx": metadata.version("python-pptx")}
    assert installed == pptxengine.CHECKED_WITH, (
        f"{installed}, checked with {pptxengine.CHECKED_WITH}: read every name in "
        "pptxengine.PRIVATE_NAMES in the new version's source, run the deck's tests, then update CHECKED_WITH"
    )


def test_a_made_up_private_name_is_reported_missing() -> None:
    assert not _exists("pptx.text.text._Paragraph._no_such_thing")
    assert not _exists("pptx.no_such_module.Thing")
    assert _exists("pptx.text.text._Paragraph._p")  # set in __init__


def test_every_private_name_the_fence_uses_is_listed() -> None:
    code = Path(pptxengine.__file__).read_text(encoding="utf-8").split("def ", 1)[1]  # the functions
    used = set(re.findall(r"[\w)\]]\.(_[a-zA-Z]\w*)", code)) | set(re.findall(r"import (_\w+)", code))
    listed = {name.rsplit(".", 1)[1] for names in pptxengine.PRIVATE_NAMES.values() for name in names}
    assert used - listed == set()


def test_no_other_module_touches_a_private_name_of_python_pptx() -> None:
    """Outside the fence, no ``obj._name`` but on ``self``/``cls`` or lxml's ``etree._Element`` type."""
    private_attribute = re.compile(r"(?<![\w.])(\w+(?:\(\))?(?:\.\w+)*)\.(_[a-zA-Z]\w*)")
    offenders = []
    for path in sorted(SOURCE.rglob("*.py")):
        if path == Path(pptxengine.__file__):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if re.search(r"from pptx[\w.]* import .*\b_\w", code):
                offenders.append(f"{path.relative_to(SOURCE)}:{number}: {line.strip()}")
            for owner, _name in private_attribute.findall(code):
                if owner.split(".")[0] in ("self", "cls", "etree", "super()") or "pptx" in owner:
                    continue
                if not _touches_pptx(path):
                    continue
                offenders.append(f"{path.relative_to(SOURCE)}:{number}: {line.strip()}")
    assert offenders == []


def _touches_pptx(path: Path) -> bool:
    """Return whether a module works on python-pptx objects (imports it, or is one of the deck's)."""
    return path.parent.name == "deck" or "pptx" in path.read_text(encoding="utf-8")
