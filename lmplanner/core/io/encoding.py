"""Turning the bytes of a spreadsheet export into text and rows: encoding, delimiter, records."""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from lmplanner.core.io.records import ImportFileError

DELIMITERS = (",", ";", "\t")
# Records looked at to choose a delimiter: enough to see a pattern, cheap on a big file.
_SNIFF_RECORDS = 30


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str  # a name for people: "UTF-8", "UTF-8 with BOM", "UTF-16", "Windows-1252"


def decode_bytes(data: bytes) -> DecodedText:
    """UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252 (what Excel writes on Windows).

    Raises ImportFileError when the bytes are none of these.
    """
    if data.startswith(codecs.BOM_UTF8):
        return DecodedText(_decode(data[3:], "utf-8", "UTF-8"), "UTF-8 with BOM")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return DecodedText(_decode(data, "utf-16", "UTF-16"), "UTF-16")
    try:
        return DecodedText(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError:
        pass
    return DecodedText(_decode(data, "cp1252", "UTF-8 or Windows-1252"), "Windows-1252")


def _decode(data: bytes, codec: str, what: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(codec, errors="replace").count("\n") + 1
        raise ImportFileError(
            f"line {line}: the file is not {what} text "
            f"(byte 0x{data[exc.start]:02x} at offset {exc.start}); save it as UTF-8 and try again"
        ) from None


def _lines(text: str) -> io.StringIO:
    # newline="" keeps line ends as they are: the csv module sees quoted newlines intact.
    return io.StringIO(text, newline="")


# A line as io.StringIO(newline="") gives it: up to and with \r\n, \r or \n, or the rest.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _first_lines(text: str) -> Iterator[str]:
    """The lines of `text` as _lines gives them, found as they are read: looking at the first
    records of a 10 000-record file need not copy all of it into a StringIO first."""
    return (match.group() for match in _LINE.finditer(text))


def sniff_delimiter(text: str, known_headers: frozenset[str] = frozenset()) -> str:
    """The delimiter among comma, semicolon and tab that splits the first records most consistently.

    A first record that names known columns settles it; otherwise each candidate is tried and the
    one giving the same number (> 1) of columns on most records wins, ties going to the comma.
    """
    best: tuple[tuple[bool, float, int], str] | None = None
    for delimiter in DELIMITERS:
        rows: list[list[str]] = []
        # Malformed quoting ends the sample but does not rule the delimiter out: reading the
        # file reports it with its line, which beats guessing another delimiter to hide it.
        with contextlib.suppress(csv.Error):
            for row in csv.reader(_first_lines(text), delimiter=delimiter, strict=True):
                if any(cell.strip() for cell in row):
                    rows.append(row)
                if len(rows) >= _SNIFF_RECORDS:
                    break
        if not rows:
            continue
        if known_headers and sum(normalise_header(c) in known_headers for c in rows[0]) >= 2:
            return delimiter
        counts = Counter(len(row) for row in rows)
        width, hits = counts.most_common(1)[0]
        score = (width > 1, hits / len(rows), width)
        if best is None or score > best[0]:
            best = (score, delimiter)
    return best[1] if best is not None else ","


def normalise_header(cell: str) -> str:
    """`Role Suggested`, `role-suggested` and ` ROLE_SUGGESTED ` all name the same column."""
    return "_".join(cell.replace("\ufeff", "").replace("-", " ").lower().split())


def read_rows(
    text: str, delimiter: str, *, first_only: bool = False
) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, its cells) for every record, quoted newlines included;
    `first_only` when only the first few will be read.

    Malformed quoting raises ImportFileError naming the line of the record it broke.
    """
    lines = _first_lines(text) if first_only else _lines(text)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportFileError(f"line {start}: {_describe_csv_error(exc)}") from None
        yield start, row
        start = reader.line_num + 1


def _describe_csv_error(exc: csv.Error) -> str:
    text = str(exc)
    if "unexpected end of data" in text:
        return 'a quoted field starts in this record and is never closed (a missing ")'
    if "expected after" in text:
        return 'malformed quoting: a " inside a quoted field must be doubled ("")'
    if "field larger than field limit" in text:
        return "a field is far longer than any post allows"
    return f"malformed CSV ({text})"
