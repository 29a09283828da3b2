"""Reading inputs: encodings, BOMs, binary files, offsets into the text exactly as read."""

from __future__ import annotations

import codecs

import pytest

from stance.errors import InputError
from stance.reader import Source, expand, read_chunks


def read(path, encoding: str = "utf-8") -> str:
    return "".join(read_chunks(Source(str(path), path), encoding))


def test_utf8_bom_is_not_part_of_the_text(tmp_path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(codecs.BOM_UTF8 + "Héllo.\r\nWorld.".encode())
    assert read(path) == "Héllo.\r\nWorld."


@pytest.mark.parametrize("codec", ["utf-16", "utf-32"])
def test_utf16_and_utf32_with_bom(tmp_path, codec) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("Grüße, שלום 😀.".encode(codec))
    assert read(path) == "Grüße, שלום 😀."


def test_crlf_is_kept_as_read(tmp_path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"one\r\ntwo\rthree\n")
    assert read(path) == "one\r\ntwo\rthree\n"


def test_invalid_utf8_is_reported_with_byte_offset_before_any_text(tmp_path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"x" * 3_000_000 + b"\xff tail")
    chunks = read_chunks(Source("bad.txt", path))
    with pytest.raises(InputError, match=r"bad\.txt: not valid utf-8 at byte offset 3000000; use --encoding"):
        next(chunks)


def test_declared_encoding_is_used(tmp_path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Café crème.".encode("latin-1"))
    assert read(path, "latin-1") == "Café crème."


def test_binary_file_is_rejected(tmp_path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(InputError, match="binary file"):
        read(path)


def test_a_few_nul_bytes_in_text_are_kept(tmp_path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes(b"Before\x00after. " * 3 + b"The end." * 200)
    assert "\x00" in read(path)


def test_empty_file_reads_as_empty(tmp_path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert read(path) == ""


def test_expand_reports_missing_and_empty_directories(tmp_path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("A.")
    (tmp_path / "docs" / ".hidden.txt").write_text("H.")
    (tmp_path / "docs" / "b.bin").write_text("B.")
    (tmp_path / "none").mkdir()
    found = list(expand([str(tmp_path / "docs"), str(tmp_path / "none"), str(tmp_path / "x.txt"), "-"]))
    assert [getattr(f, "name", None) for f in found[:1]] == [str(tmp_path / "docs" / "a.txt")]
    assert "directory has no text files" in str(found[1])
    assert "no such file or directory" in str(found[2])
    assert found[3] == Source("-", None)
