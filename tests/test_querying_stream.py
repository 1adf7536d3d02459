"""kg query's result formats stream: rows are written as they are serialised, not the whole answer at once."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest

from kg.querying import RESULT_FORMATS, write_results

ROWS = 20000


def _solutions() -> ox.QuerySolutions:
    lines = "".join(f'"Kessa post {n}"\t"{n}"^^<http://www.w3.org/2001/XMLSchema#integer>\n' for n in range(ROWS))
    return ox.parse_query_results(f"?place\t?count\n{lines}".encode(), format=ox.QueryResultsFormat.TSV)


class _Terminal(io.TextIOWrapper):
    """A text stream over a binary buffer that records each write it receives."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8")

    def written(self) -> str:
        self.flush()
        return self.buffer.getvalue().decode("utf-8")  # type: ignore[attr-defined]


@pytest.mark.parametrize("fmt", sorted(RESULT_FORMATS))
def test_results_are_written_in_pieces_and_whole(fmt: str) -> None:
    expected = _solutions().serialize(format=RESULT_FORMATS[fmt]).decode("utf-8")
    expected = expected if expected.endswith("\n") else expected + "\n"
    chunks: list[bytes] = []
    out = _Terminal()
    write = out.buffer.write
    out.buffer.write = lambda data: chunks.append(bytes(data)) or write(data)  # type: ignore[method-assign]
    write_results(_solutions(), fmt, out)
    assert out.written() == expected
    assert len(chunks) > 2  # the answer reached the stream in pieces, not as one string


def test_results_reach_a_stream_without_a_buffer_whole() -> None:
    out = io.StringIO()
    write_results(_solutions(), "csv", out)
    text = out.getvalue()
    assert text.count("\r\n") == ROWS + 1 and text.startswith("place,count") and "Kessa post 19999,19999" in text
