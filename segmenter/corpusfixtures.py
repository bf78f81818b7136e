"""Cut test fixtures from real filings: labelled notes with their tagged numbers.

:func:`build_corpus_fixtures` picks small real notes with tagged tables,
varied in company, form, topic and filing agent, and writes each as pipe text
with the expected spans and facts (:func:`note_to_fixture`);
:func:`note_to_excerpt` cuts a stand-alone iXBRL document holding one note
and the contexts its facts use.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any, Sequence

from segmenter.corpusfiles import CorpusFile, corpus_to_files, stable_hash
from segmenter.errors import SegmenterError
from segmenter.ixbrl import Filing, TextBlock, fact_to_row_label, read_filing
from segmenter.notestyles import note_id_to_style, render_note
from segmenter.render import RenderStyle


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def note_to_fixture(
    block: TextBlock, filing: Filing, file: CorpusFile, style: RenderStyle, with_title: bool
) -> tuple[str, dict[str, Any]]:
    """A note -> (pipe text, expected values) for ``tests/fixtures/corpus``: every
    tagged number in the note's tables with its offsets, row label, period, scale."""
    rendered, number, title = render_note(block, filing, style, with_title)
    facts = []
    for fact, start, end in rendered.facts:
        row = fact_to_row_label(fact.element)
        if row is None:
            continue
        facts.append({
            "id": fact.fact_id,
            "concept": fact.concept,
            "value": _json_number(fact.value),
            "text": fact.displayed,
            "start": start,
            "end": end,
            "row": row,
            "period": None if fact.period is None else fact.period.to_dict(),
            "scale": _json_number(Decimal(10) ** fact.scale),
            "negative": fact.negative,
            "dimensional": fact.dimensional,
        })
    expected = {
        "ticker": file.ticker,
        "form": file.form,
        "filing": {"file": file.path.name, "sha256": file.sha256},
        "generator": filing.generator,
        "concept": block.concept,
        "topic": block.topic,
        "title": title,
        "number": number,
        "style": style.to_dict(),
        "title_line": with_title,
        "spans": [[s.start, s.end, s.kind, s.policy] for s in rendered.spans],
        "facts": facts,
    }
    return rendered.text, expected


def block_period_end(block: TextBlock, filing: Filing) -> str:
    """The period end of a text block's context as ``YYYY-MM-DD`` (``unknown`` if none)."""
    period = filing.contexts.get(block.context_id or "")
    end = None if period is None else (period.instant or period.end)
    return end.isoformat() if end else "unknown"


def build_corpus_fixtures(
    corpus_dir: str | Path, out_dir: str | Path, *, count: int = 36, max_chars: int = 25_000,
    must_include: Sequence[str] = ("AMC", "MULN", "CSCO"),
) -> list[str]:
    """Pick ``count`` small real notes with tagged tables, varied in company,
    form, topic and filing agent, and write ``<ticker>-<form>-<period>-<topic>``
    ``.txt``/``.json`` pairs into ``out_dir`` -> the names written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    candidates = []
    for file in corpus_to_files(corpus_dir):
        try:
            filing = read_filing(file.path, ticker=file.ticker, form=file.form)
        except SegmenterError:
            continue
        for index, block in enumerate(filing.notes()):
            if block.topic in (None, "other"):
                continue
            note_id = f"{file.ticker}-{file.form}-{file.sha256[:10]}-{index:02d}"
            style, with_title = note_id_to_style(note_id)
            text, expected = note_to_fixture(block, filing, file, style, with_title)
            if len(text) >= max_chars or len(expected["facts"]) < 3:
                continue
            name = f"{file.ticker}-{file.form}-{block_period_end(block, filing)}-{block.topic}"
            candidates.append((stable_hash(note_id), name, text, expected))
    candidates.sort(key=lambda c: (c[3]["ticker"] not in must_include, c[0]))
    chosen: dict[str, tuple[str, dict[str, Any]]] = {}
    per_ticker: Counter[str] = Counter()
    per_topic: Counter[str] = Counter()
    for limit in (1, 2, 3):
        for _, name, text, expected in candidates:
            if len(chosen) >= count:
                break
            if name in chosen or per_ticker[expected["ticker"]] >= limit:
                continue
            if per_topic[expected["topic"]] >= 2 * limit:
                continue
            chosen[name] = (text, expected)
            per_ticker[expected["ticker"]] += 1
            per_topic[expected["topic"]] += 1
    for name, (text, expected) in sorted(chosen.items()):
        (out / f"{name}.txt").write_text(text, encoding="utf-8")
        (out / f"{name}.json").write_text(
            json.dumps(expected, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return sorted(chosen)


def note_to_excerpt(block: TextBlock, filing: Filing) -> bytes:
    """A small stand-alone iXBRL document cut from a filing: an ``ix:header``
    with the contexts the note's facts use, then the note's elements (the text
    block and its continuations) as filed. Serialised by lxml as HTML."""
    import copy

    import lxml.etree as etree

    used = {block.context_id}
    for el in block.elements:
        for sub in el.iter("ix:nonfraction", "ix:nonnumeric"):
            used.add(sub.get("contextref"))
    skeleton = (
        b'<html><body><div style="display:none"><ix:header><ix:resources>'
        b"</ix:resources></ix:header></div></body></html>"
    )
    html = etree.fromstring(skeleton, etree.HTMLParser(no_network=True))
    body = html.find("body")
    resources_el = next(html.iter("ix:resources"))
    for ctx in filing.root.iter("xbrli:context"):
        if ctx.get("id") in used:
            resources_el.append(copy.deepcopy(ctx))
    for el in block.elements:
        wrapper = etree.SubElement(body, "div")  # keeps each piece a block of its own
        piece = copy.deepcopy(el)
        piece.tail = None
        wrapper.append(piece)
    return etree.tostring(html, method="html", encoding="utf-8")
