from pathlib import Path

import pytest

from kg.errors import InputError
from kg.extract.reader import read_document

TEXT = "四川省 2018年工作要点\n省知识产权局\n"


def test_reads_utf8_and_gb18030_alike(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_bytes(TEXT.encode("utf-8"))
    b.write_bytes(TEXT.encode("gb18030"))
    da, db = read_document(a), read_document(b)
    assert da.text == db.text == TEXT
    assert (da.encoding, db.encoding) == ("utf-8", "gb18030")


def test_crlf_line_ends_are_normalised(tmp_path: Path) -> None:
    p = tmp_path / "c.txt"
    p.write_bytes(TEXT.replace("\n", "\r\n").encode("utf-8"))
    assert read_document(p).text == TEXT


@pytest.mark.parametrize(("content", "problem"), [
    (b"", "empty"),
    (b"\x00\x01\x02binary\x00" * 10, "binary"),
])
def test_bad_files_name_the_file_and_the_problem(tmp_path: Path, content: bytes, problem: str) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_document(p)
    assert str(p) in str(err.value) and problem in str(err.value)


def test_truncated_utf8_is_reported(tmp_path: Path) -> None:
    p = tmp_path / "cut.txt"
    p.write_bytes(("知识产权" * 200).encode("utf-8")[:-1])
    with pytest.raises(InputError, match="invalid UTF-8"):
        read_document(p)
