"""The tests' PDF reader (etablera/testing/pdf.py) reads every stream, also one whose deflated data ends in a
carriage return: the old pattern cut that byte off with the end-of-line, and the stream's text went unread."""

import zlib

from etablera.testing.pdf import streams


def _deflated_ending_in_cr() -> tuple[bytes, bytes]:
    for n in range(1_000_000):
        text = f"BT ({n} hej) Tj ET".encode()
        data = zlib.compress(text)
        if data.endswith(b"\r"):
            return text, data
    raise AssertionError("no such data")


def test_a_stream_whose_data_ends_in_a_carriage_return_is_read():
    text, data = _deflated_ending_in_cr()
    for eol in (b"\n", b"\r\n"):
        assert streams(b"%PDF-1.3\n1 0 obj <<>> stream\n" + data + eol + b"endstream\nendobj\n") == [text]


def test_a_stream_that_is_not_deflated_is_given_as_it_stands():
    assert streams(b"%PDF-1.3\n1 0 obj <<>> stream\r\nBT (x) Tj ET\r\nendstream\n") == [b"BT (x) Tj ET"]
