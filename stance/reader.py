"""Read the inputs to label: files, directories of text files, or standard input.

Encoding policy: UTF-8 by default. A byte-order mark selects UTF-8, UTF-16 or UTF-32 and is
not part of the text (offsets start after it). ``encoding=`` overrides UTF-8 for files
without a BOM. A file that does not decode is rejected with the byte offset of the first bad
byte, before anything of it is labelled. A file whose first 64 KiB are mostly control
bytes is binary and rejected. Text is decoded incrementally, in bounded chunks, without
newline translation, so offsets index exactly the characters of the file.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

from stance.errors import InputError

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".rst")
CHUNK_BYTES = 1 << 20
_SNIFF_BYTES = 1 << 16
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"


def check_encoding(encoding: str) -> str:
    """The codec's canonical name, or ``ValueError`` naming an unknown encoding."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r}") from None


@dataclass(frozen=True)
class Source:
    """An input to label: ``name`` as the user gave it (``-`` for stdin) and where to read."""

    name: str
    path: Path | None


def expand(names: list[str]) -> Iterator[Source | InputError]:
    """The sources named on the command line, in order; problems come back as errors.

    A directory stands for its text files (by suffix, recursively, sorted, hidden ones
    skipped); no names means standard input.
    """
    for name in names or ["-"]:
        if name == "-":
            yield Source("-", None)
            continue
        path = Path(name)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.suffix.lower() in TEXT_SUFFIXES and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                yield InputError(f"{name}: directory has no text files ({', '.join(TEXT_SUFFIXES)})")
            for file in found:
                yield Source(str(file), file)
        elif not path.exists():
            yield InputError(f"{name}: no such file or directory")
        else:
            yield Source(name, path)


def _sniff(head: bytes, encoding: str) -> tuple[str, int]:
    """(encoding, BOM length) for a file starting with ``head``; rejects binary data."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name, len(bom)
    if head:
        controls = sum(head.count(bytes([b])) for b in _CONTROL)
        if controls > max(8, len(head) // 100):
            raise InputError("binary file (not text); give a text file")
    return encoding, 0


def _open(source: Source) -> BinaryIO:
    if source.path is None:
        import sys

        return sys.stdin.buffer
    try:
        return open(source.path, "rb")
    except IsADirectoryError:
        raise InputError(f"{source.name}: is a directory") from None
    except OSError as error:
        raise InputError(f"{source.name}: cannot read ({error.strerror or error})") from None


def _decode_chunks(stream: BinaryIO, head: bytes, encoding: str, bom: int,
                   name: str) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    block = head[bom:]
    consumed = bom
    while True:
        final = not block
        try:
            text = decoder.decode(block, final=final)
        except UnicodeDecodeError as error:
            pending = len(decoder.getstate()[0]) if hasattr(decoder, "getstate") else 0
            position = consumed - pending + error.start
            raise InputError(
                f"{name}: not valid {encoding} at byte offset {position}; "
                "use --encoding to name the file's encoding"
            ) from None
        consumed += len(block)
        if text:
            yield text
        if final:
            return
        block = stream.read(CHUNK_BYTES)


def read_chunks(source: Source, encoding: str = "utf-8") -> Iterator[str]:
    """Decoded text of ``source`` in chunks of about 1 MiB.

    For files, the whole file is decoded once first (and discarded), so a decoding error
    is reported before any passage of the file is labelled. Standard input cannot be read
    twice: there a decoding error ends the input where it occurs.
    """
    name = source.name
    stream = _open(source)
    try:
        try:
            head = stream.read(_SNIFF_BYTES)
        except OSError as error:
            raise InputError(f"{name}: cannot read ({error.strerror or error})") from None
        try:
            chosen, bom = _sniff(head, encoding)
        except InputError as error:
            raise InputError(f"{name}: {error}") from None
        if source.path is not None:
            for _ in _decode_chunks(stream, head, chosen, bom, name):
                pass
            stream.seek(0)
            head = stream.read(_SNIFF_BYTES)
        yield from _decode_chunks(stream, head, chosen, bom, name)
    finally:
        if source.path is not None:
            stream.close()
