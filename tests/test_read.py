"""read.py: paths, bytes and text in; gzip by magic; encodings; forms; clear errors."""

from __future__ import annotations

import gzip
import tracemalloc
from pathlib import Path

import pytest

from segmenter.errors import InputError, LimitError, SegmenterError, SourceNotFoundError
from segmenter.limits import Limits
from segmenter.read import bytes_to_text, read_source, submission_to_document, text_to_form

MiB = 1024 * 1024
AMC = Path(__file__).parent / "fixtures" / "html" / "amc-10-q-2023-06-30-notes-4-5.html.gz"


def test_seed_path_reads_as_pipe_text(seed_paths):
    src = read_source(seed_paths[0])
    assert src.form == "pipe"
    assert src.encoding == "utf-8"
    assert src.text.startswith("|INVENTORIES, NET")
    assert src.name == str(seed_paths[0])


def test_gzip_detected_by_content_not_name(tmp_path, seed_paths):
    raw = seed_paths[2].read_bytes()
    path = tmp_path / "note.txt"  # no .gz suffix on purpose
    path.write_bytes(gzip.compress(raw))
    src = read_source(path)
    assert src.compressed
    assert src.text == raw.decode("utf-8")


def test_gzip_over_the_limit_is_refused(tmp_path):
    path = tmp_path / "bomb.gz"
    path.write_bytes(gzip.compress(b"|1\n" * 200_000))
    with pytest.raises(LimitError, match="limit") as info:
        read_source(path, limits=Limits(max_bytes=100_000))
    assert str(path) in str(info.value) and info.value.stage == "read"


@pytest.fixture(scope="module")
def gzip_bomb(tmp_path_factory) -> Path:
    """1 GiB of zeros through gzip: about 4.5 MB on disk."""
    path = tmp_path_factory.mktemp("bomb") / "filing.htm.gz"
    zeros = bytes(MiB)
    with gzip.GzipFile(path, "wb", compresslevel=1) as fh:
        for _ in range(1024):
            fh.write(zeros)
    assert path.stat().st_size < 8 * MiB
    return path


def _refused_with_peak(path: Path, limits: Limits) -> tuple[LimitError, int]:
    tracemalloc.start()
    try:
        with pytest.raises(LimitError) as info:
            read_source(path, limits=limits)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return info.value, peak


def test_gzip_bomb_is_refused_without_inflating_it(gzip_bomb):
    exc, peak = _refused_with_peak(gzip_bomb, Limits(max_bytes=8 * MiB))
    assert "gzip content inflates past 8,388,608 bytes" in str(exc) and "--max-bytes" in str(exc)
    assert (exc.limit, exc.value, exc.stage) == ("max_bytes", 8 * MiB, "read")
    # Never more than the limit, one chunk and the compressed file are held: not the GiB.
    assert peak < 8 * MiB + 2 * gzip_bomb.stat().st_size + 4 * MiB


def test_gzip_bomb_is_refused_at_the_documented_default(gzip_bomb):
    assert Limits().max_bytes == 256 * MiB
    exc, peak = _refused_with_peak(gzip_bomb, Limits())
    assert "over the max_bytes limit of 268,435,456 bytes" in str(exc)
    assert peak < 256 * MiB + 2 * gzip_bomb.stat().st_size + 4 * MiB  # the GiB never is


def test_corrupt_and_truncated_gzip_are_refused(tmp_path):
    data = AMC.read_bytes()
    for name, broken in [("cut.gz", data[: len(data) // 2]), ("flipped.gz", data[:40] + bytes(64) + data[104:])]:
        path = tmp_path / name
        path.write_bytes(broken)
        with pytest.raises(InputError, match="corrupt gzip") as info:
            read_source(path)
        assert name in str(info.value) and not isinstance(info.value, LimitError)


def test_text_string_is_the_document():
    src = read_source("5. INVENTORIES\nInventory consisted of the following:\n")
    assert src.name == "<text>"
    assert src.form == "plain"


def test_missing_path_like_is_a_clear_error(tmp_path):
    with pytest.raises(SourceNotFoundError) as info:
        read_source(tmp_path / "nope.txt")
    assert isinstance(info.value, FileNotFoundError)
    assert "nope.txt" in str(info.value)


@pytest.mark.parametrize("data", [b"", b"   \n\t\n"])
def test_empty_input_is_refused(data):
    with pytest.raises(InputError, match="empty"):
        read_source(data, name="empty.txt")


def test_binary_input_is_refused_with_its_name():
    with pytest.raises(InputError, match="binary") as info:
        read_source(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", name="image.png")
    assert "image.png" in str(info.value)
    assert isinstance(info.value, (SegmenterError, ValueError))


def test_encodings_are_decoded_and_named():
    assert bytes_to_text("\ufeffCafé".encode("utf-8")) == ("Café", "utf-8-sig")
    # Windows-1252 curly quote from a legacy filing: not valid UTF-8.
    assert bytes_to_text("Company’s".encode("cp1252")) == ("Company’s", "cp1252")


@pytest.mark.parametrize("codec, bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_utf16_with_a_bom_is_decoded_and_named(codec, bom):
    html = gzip.decompress(AMC.read_bytes()).decode("utf-8")
    src = read_source(bom + html.encode(codec), name="amc.htm")
    assert (src.encoding, src.form, src.text) == (codec, "html", html)
    assert bytes_to_text("Café".encode("utf-16")) == ("Café", "utf-16-le")


def test_invalid_utf16_and_utf16_without_bom_are_refused_clearly():
    with pytest.raises(InputError, match="invalid UTF-16-LE") as info:
        read_source(b"\xff\xfe" + "NOTE 5.".encode("utf-16-le") + b"\x00\xd8A\x00", name="bad16.txt")
    assert "bad16.txt" in str(info.value) and info.value.stage == "read"
    with pytest.raises(InputError, match="binary content"):
        read_source("NOTE 5. INVENTORIES".encode("utf-16-le"), name="nobom.txt")


def test_latin1_is_decoded_and_named():
    text = "NOTE 5. Société Générale: 5 ½ % année, “no” curly quotes\n"
    data = text.replace("“", '"').replace("”", '"').encode("latin-1")
    src = read_source(data, name="latin1.txt")
    assert src.encoding == "cp1252" and src.text == data.decode("latin-1")  # the same letters in 0xA0-0xFF
    # 0x81 and 0x8d are not Windows-1252: Latin-1 then, and said so.
    assert bytes_to_text(b"Caf\xe9 \x81\x8d") == ("Caf\xe9 \x81\x8d", "latin-1")


def test_invalid_utf8_keeps_the_utf8_text_and_says_what_was_replaced(seed_paths):
    data = seed_paths[2].read_bytes()
    assert data.count("\u2014".encode()) == 6  # em dashes: multi-byte UTF-8
    cut = data[: data.index("\u2014".encode()) + 1]  # the file ends mid-character
    src = read_source(cut, name="cut.txt")
    assert src.encoding == "utf-8 (1 invalid sequence replaced)"
    assert src.text == cut[:-1].decode("utf-8") + "\ufffd"
    stray = data.replace(b"SEGMENT REPORTING", b"SEGMENT\x92S REPORTING", 1)  # one Windows-1252 quote
    text, encoding = bytes_to_text(stray)
    assert encoding == "utf-8 (1 invalid sequence replaced)"
    assert text == data.decode("utf-8").replace("SEGMENT REPORTING", "SEGMENT\ufffdS REPORTING", 1)


def test_forms():
    assert text_to_form("<html><body><p>x</p></body></html>") == "html"
    assert text_to_form("|a\n|1\n|b\n|2\n") == "pipe"
    assert text_to_form("Just a paragraph.\nAnd another.\n") == "plain"


def test_a_mistyped_path_string_is_not_parsed_as_text(tmp_path):
    with pytest.raises(SourceNotFoundError):
        read_source(str(tmp_path / "typo.txt"))
    with pytest.raises(SourceNotFoundError):
        read_source("notes.txt.gz")
    # A heading line is text, not a path.
    assert read_source("NOTE 5. INVENTORIES").form == "plain"


def test_edgar_submission_is_recognised():
    text = "<SEC-DOCUMENT>0000320193-24-000123.txt : 20241101\n<SEC-HEADER>...\n<DOCUMENT>\n<TYPE>10-K\n"
    assert text_to_form(text) == "sgml"


def test_edgar_submission_gives_its_main_document():
    text = ("<SEC-DOCUMENT>0000320193-24-000123.txt : 20241101\n<SEC-HEADER>\n</SEC-HEADER>\n"
            "<DOCUMENT>\n<TYPE>EX-31.1\n<SEQUENCE>2\n<TEXT>\n<html><body><p>Certification</p></body></html>\n</TEXT>\n</DOCUMENT>\n"
            "<DOCUMENT>\n<TYPE>10-K\n<SEQUENCE>1\n<TEXT>\n<XBRL>\n<?xml version='1.0'?><html><body><p>Note 1</p></body></html>\n"
            "</XBRL>\n</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n")
    assert submission_to_document(text) == ("10-K", "<?xml version='1.0'?><html><body><p>Note 1</p></body></html>")
    src = read_source(text.encode(), name="0000320193-24-000123.txt")
    assert src.form == "html" and src.text.endswith("</html>")


def test_old_text_submission_gives_plain_text_and_first_document_without_a_report_form():
    text = ("<SEC-DOCUMENT>0000950123-96-000001.txt\n<SEC-HEADER>\n</SEC-HEADER>\n<DOCUMENT>\n<TYPE>DEF 14A\n<TEXT>\n"
            "NOTE 5. INVENTORIES\nInventories are stated at cost.\n</TEXT>\n</DOCUMENT>\n")
    assert submission_to_document(text) == ("DEF 14A", "NOTE 5. INVENTORIES\nInventories are stated at cost.")
    assert read_source(text).form == "plain"
    assert submission_to_document("<SEC-DOCUMENT>x\n<SEC-HEADER>\n") is None
