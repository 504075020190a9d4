"""Whether a dotted private name an engine module relies on still exists in the installed engine."""

from __future__ import annotations

import importlib
import inspect
import re


def exists(dotted: str) -> bool:
    """Return whether ``dotted`` (module, then attributes) names something in the installed engines.

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
