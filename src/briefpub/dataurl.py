"""Bytes as a ``data:`` URL: how the web edition and the previews carry an image inside a page."""

from __future__ import annotations

import base64


def data_url(kind: str, data: bytes) -> str:
    """Return ``data`` as a ``data:`` URL of media type ``kind``."""
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"
