"""The content streams of a PDF, inflated, for tests that read back what a PDF says.

A stream's data runs from the line after `stream` to `endstream`, with an end-of-line before `endstream` that is
not part of the data. Cutting that end-of-line off with a pattern (`\\r?\\nendstream`) also cut the data's own last
byte whenever the deflated data happened to end in a carriage return (about one stream in 256, so a test failed
now and then, with a timestamp in the PDF deciding): the stream no longer inflated and its text went unread — in
the permission matrix, a marker could have gone unseen. Here the data is inflated with a decompressor that stops at
the end of the deflated data by itself, so whatever follows it is left out whatever it is.
"""

from __future__ import annotations

import re
import zlib

_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)


def streams(content: bytes) -> list[bytes]:
    """Every stream of the PDF: inflated when deflated, else as it stands (without the end-of-line)."""
    found = []
    for match in _STREAM.finditer(content):
        raw = match.group(1)
        try:
            found.append(zlib.decompressobj().decompress(raw))
        except zlib.error:
            found.append(raw.removesuffix(b"\n").removesuffix(b"\r"))
    return found
