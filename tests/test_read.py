"""read.py: paths, bytes and text in; gzip by magic; encodings; forms; clear errors."""

from __future__ import annotations

import gzip

import pytest

from segmenter.errors import InputError, SegmenterError, SourceNotFoundError
from segmenter.read import ReadSettings, bytes_to_text, read_source, submission_to_document, text_to_form


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
    with pytest.raises(InputError, match="limit") as info:
        read_source(path, settings=ReadSettings(max_bytes=100_000))
    assert str(path) in str(info.value)


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
    assert bytes_to_text("Café".encode("utf-16")) == ("Café", "utf-16")
    assert bytes_to_text("\ufeffCafé".encode("utf-8")) == ("Café", "utf-8-sig")
    # Windows-1252 curly quote from a legacy filing: not valid UTF-8.
    assert bytes_to_text("Company’s".encode("cp1252")) == ("Company’s", "cp1252")


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
