"""Bytes as a ``data:`` URL: how the web edition and the previews carry an image inside a page."""

from __future__ import annotations

import binascii


def data_url(kind: str, data: bytes) -> str:
    """Return ``data`` as a ``data:`` URL of media type ``kind``.

    ``binascii.b2a_base64`` without a newline is what ``base64.b64encode``
    returns (the same bytes, tested), without importing ``base64`` and
    ``struct`` into a cold web page.
    """
    return f"data:{kind};base64,{binascii.b2a_base64(data, newline=False).decode('ascii')}"
