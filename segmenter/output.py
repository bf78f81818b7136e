"""Serialise Documents: JSON Lines / JSON, and the published JSON Schema.

Output is deterministic: keys in contract order, no time stamps, UTF-8.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import IO, Any

from .types import Document

SCHEMA_NAME = "output.schema.json"


@lru_cache(maxsize=1)
def output_schema() -> dict[str, Any]:
    """The JSON Schema every output object satisfies."""
    text = resources.files("segmenter").joinpath("data", SCHEMA_NAME).read_text(encoding="utf-8")
    return json.loads(text)


def document_to_json(doc: Document) -> str:
    """One document as one line of JSON (no trailing newline)."""
    return json.dumps(doc.to_dict(), ensure_ascii=False, separators=(",", ":"))


def write_jsonl(docs: Iterable[Document], out: IO[str]) -> int:
    """Write one JSON object per line; returns how many were written."""
    n = 0
    for doc in docs:
        out.write(document_to_json(doc))
        out.write("\n")
        n += 1
    return n


def write_json(docs: Iterable[Document], out: IO[str]) -> int:
    """Write a JSON array of documents, indented; returns how many were written."""
    items = [doc.to_dict() for doc in docs]
    json.dump(items, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return len(items)
