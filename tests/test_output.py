"""output.py and types.py: the JSON contract, its schema, and round trips."""

from __future__ import annotations

import io
import json

import jsonschema
import pytest

from segmenter.output import document_to_json, output_schema, write_json, write_jsonl
from segmenter.types import Document


@pytest.fixture(scope="module")
def seed_docs(segmenter_instance, seed_paths):
    return [segmenter_instance.segment(p) for p in seed_paths]


def test_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(output_schema())


def test_every_seed_output_validates(seed_docs):
    validator = jsonschema.Draft202012Validator(output_schema())
    for doc in seed_docs:
        errors = sorted(validator.iter_errors(json.loads(document_to_json(doc))), key=str)
        assert not errors, errors[:3]


def test_error_record_validates(segmenter_instance):
    doc = segmenter_instance.segment_or_error(b"\x00\x01\x02binary", name="junk.bin")
    assert doc.error is not None and doc.error.stage == "read"
    assert "junk.bin" in doc.error.message
    jsonschema.validate(doc.to_dict(), output_schema())


def test_dict_round_trip_is_exact(seed_docs):
    for doc in seed_docs:
        again = Document.from_dict(json.loads(document_to_json(doc)), text=doc.text)
        assert again == doc.__class__(doc.source, doc.text, again.notes, doc.error, doc.form)
        assert again.to_dict() == doc.to_dict()


def test_jsonl_and_json_carry_the_same_objects(seed_docs):
    lines, array = io.StringIO(), io.StringIO()
    assert write_jsonl(seed_docs, lines) == len(seed_docs)
    assert write_json(seed_docs, array) == len(seed_docs)
    from_lines = [json.loads(line) for line in lines.getvalue().splitlines()]
    assert from_lines == json.loads(array.getvalue())


def test_output_is_deterministic(segmenter_instance, seed_paths):
    first = [document_to_json(segmenter_instance.segment(p)) for p in seed_paths]
    second = [document_to_json(segmenter_instance.segment(p)) for p in seed_paths]
    assert first == second


def test_offsets_point_into_the_source(seed_docs):
    for doc in seed_docs:
        for note in doc.notes:
            assert 0 <= note.start <= note.end <= len(doc.text)
            for block in note.blocks:
                assert note.start <= block.start <= block.end <= note.end
                if block.table is None:
                    continue
                for row in block.table.rows:
                    for cell in row.cells:
                        assert doc.text[cell.start:cell.end] == cell.text
