"""The whole job for one document: read -> blocks -> notes -> classify -> tables.

:class:`Segmenter` loads the spaCy pipeline and the classifier bundle once and
is reused for every document. ``segment()`` returns a :class:`Document`; an
input that cannot be segmented raises a :class:`SegmenterError` naming the
document and the stage (batch callers use :meth:`Segmenter.segment_or_error`).
Each document is held to :class:`~segmenter.limits.Limits` (size, table
cells, wall time); its time is checked between stages and in the per-note
and per-table loops.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from .classifier import BlockClassifier
from .components import build_nlp
from .errors import InputError, ParseError, SegmenterError
from .labels import is_heading_text
from .limits import Deadline, check_cells
from .notes import NoteSpan, blocks_to_notes
from .sections import running_header_blocks, split_heading_cells
from .html import html_to_blocks
from .pipetext import text_to_blocks
from .read import Source, read_source
from .settings import Settings
from .doccontext import DocumentContext, text_to_document_context
from .acquisitiondates import table_at_acquisition, text_to_acquisition_date
from .cellperiods import tables_to_future_instants, tables_to_named_starts, tables_to_opening_instants
from .periodtypes import tables_to_period_types
from .tables import cells_to_table
from .types import Block, Document, ErrorInfo, Note, NoteSection, Table

#: How many blocks back from a table to look for its caption and the sentence
#: that states its scale ("The table below ... (in thousands):", seed 002).
CONTEXT_BLOCKS = 3
#: ``decided_by`` of the lines of a running page header inside a note.
RUNNING_HEADER = "rule:running_header"


def _table_context(blocks: Sequence[Block], index: int) -> tuple[str | None, str]:
    """(caption, context) for the table at ``index``: the nearest caption-like
    boilerplate line and the nearest narrative or heading before it."""
    caption: str | None = None
    context = ""
    bare: list[str] = []
    for j in range(index - 1, max(-1, index - 1 - CONTEXT_BLOCKS), -1):
        prev = blocks[j]
        if prev.kind == "table":
            if any(ch.isdigit() for ch in prev.text):
                break
            # a "table" of empty cells under a scale line, cut off before this one
            # ("(Millions of dollars)", CVX 10-Q pipe text): its words speak for this table
            bare.append(prev.text)
            continue
        if prev.kind == "boilerplate" and (prev.hint in ("viewer", "page") or prev.decided_by == RUNNING_HEADER):
            continue  # page furniture (a running header's scale line too) captions no table
        if caption is None and prev.kind == "boilerplate":
            caption = prev.text
        elif not context and prev.kind in ("text", "heading"):
            context = prev.text
    return caption, " ".join(t for t in (context, *reversed(bare)) if t)


def _with_tables(notes: Sequence[Note], tables: Sequence[Table]) -> tuple[Note, ...]:
    """The notes with their tables, in document order, replaced by ``tables``."""
    replaced = iter(tables)
    return tuple(
        replace(note, blocks=tuple(replace(b, table=next(replaced)) if b.table is not None else b for b in note.blocks))
        for note in notes
    )


class Segmenter:
    """Loads the models once; :meth:`segment` turns one input into a :class:`Document`."""

    def __init__(self, model_path: str | os.PathLike[str] | None = None, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.nlp = build_nlp()
        self.classifier = BlockClassifier.load(Path(model_path) if model_path else None)

    def segment(self, source: str | bytes | os.PathLike[str], *, name: str | None = None) -> Document:
        """Segment a path, bytes or text. Raises SegmenterError on bad input and
        LimitError (one of them) on a document over ``settings.limits``; the
        time limit starts here, before the document is read."""
        deadline = self._deadline(name or "<input>")
        src = read_source(source, name=name, limits=self.settings.limits)
        deadline.source = src.name  # the name read_source settled on
        deadline.check("read")
        return self.segment_source(src, deadline=deadline)

    def _deadline(self, label: str) -> Deadline:
        return Deadline(self.settings.limits.max_seconds, source=label)

    def segment_or_error(self, source: str | bytes | os.PathLike[str], *, name: str | None = None) -> Document:
        """Like :meth:`segment`, but a bad input gives a Document with ``error`` set."""
        label = name or (str(source) if isinstance(source, (str, os.PathLike)) and len(str(source)) < 4096 and "\n" not in str(source) else "<input>")
        try:
            return self.segment(source, name=name)
        except SegmenterError as exc:
            return Document(source=exc.source or label, text="", error=ErrorInfo(type(exc).__name__, str(exc), exc.stage))

    def segment_source(self, src: Source, *, deadline: Deadline | None = None) -> Document:
        """Run the stages on a decoded :class:`Source`.

        For HTML (and an EDGAR submission whose main document is HTML),
        ``Document.text`` is the document's *exposed text*: one line per
        paragraph and one ``|cell`` line per table cell, hidden content left
        out (see :func:`segmenter.html.html_to_blocks`); every offset indexes it.
        ``deadline`` is the document's time limit (a new one from
        ``settings.limits`` when not given).
        """
        deadline = deadline or self._deadline(src.name)
        if src.form == "sgml":  # read.py splits submissions; one left here had no document
            raise InputError("EDGAR SGML submission without a <DOCUMENT> to read", source=src.name, stage="read")
        try:
            if src.form == "html":
                text, blocks = html_to_blocks(src.text, name=src.name)
                src = replace(src, text=text)
            else:
                blocks = split_heading_cells(text_to_blocks(src.text))
        except (ValueError, IndexError) as exc:
            raise ParseError(f"cannot split into blocks ({exc})", source=src.name, stage="blocks") from exc
        check_cells(sum(len(b.cells) for b in blocks), self.settings.limits, source=src.name, stage="blocks")
        deadline.check("blocks")
        spans = blocks_to_notes(blocks, self.nlp, settings=self.settings.notes)
        deadline.check("notes")
        all_kinds = self.classifier.predict_notes([blocks[s.first_block:s.end_block] for s in spans],
                                                  tables_need_cells=src.form == "html")
        deadline.check("classify")
        classified = [self._decide_kinds(blocks, span, kinds) for span, kinds in zip(spans, all_kinds)]
        # One policy call for the whole document: per-call overhead dominates on short notes.
        policies = self.classifier.predict_policy_notes([(c, span.topic) for c, span in zip(classified, spans)])
        deadline.check("classify")
        # read the whole text for its scale and fiscal year only when a table may use them
        document = text_to_document_context(src.text) if spans and self.settings.tables.use_document_context else None
        notes = tuple(
            self._build_note(src, blocks, span, [replace(b, policy=flag) for b, flag in zip(note_blocks, flags)],
                             deadline, document)
            for span, note_blocks, flags in zip(spans, classified, policies)
        )
        notes = self._with_document_periods(notes, document)
        return Document(source=src.name, text=src.text, notes=self._with_sections(notes), form=src.form)

    def _with_document_periods(self, notes: Sequence[Note], document: DocumentContext | None) -> tuple[Note, ...]:
        """The notes with the periods their tables take from the whole document, in
        one pass over its tables: rows read as balances or flows where a bare year or
        date heads their column (:mod:`segmenter.periodtypes`, one model call),
        durations starting the day after a period end the document names
        (:func:`segmenter.cellperiods.tables_to_named_starts`), opening balances on
        the first of a month at the day before when the document names it
        (:func:`segmenter.cellperiods.tables_to_opening_instants`), and amounts due
        after the period the document reports on at its last day
        (:func:`segmenter.cellperiods.tables_to_future_instants`)."""
        tables = [b.table for note in notes for b in note.blocks if b.table is not None]
        if not tables:
            return tuple(notes)
        if self.settings.tables.use_period_types:
            tables = tables_to_period_types(tables, self.classifier.period_types, document)
        cover = [d for d in (document.period_end, document.year_end) if d is not None] if document else []
        tables = tables_to_opening_instants(tables_to_named_starts(tables, cover), cover)
        return _with_tables(notes, tables_to_future_instants(tables, document.period_end if document else None))

    def _with_sections(self, notes: Sequence[Note]) -> tuple[Note, ...]:
        """Each note with the sub-sections its sub-headings open (heading blocks
        the classifier found after the note's own heading), each named with the
        topic of its sub-heading; spaCy sees only those short sub-headings."""
        limit = self.settings.notes.max_heading_chars
        subs = [[b for b in note.blocks if b.kind == "heading" and not b.decided_by.startswith("rule:")
                 and len(b.text) <= limit and b.start >= (note.heading_end or note.start)] for note in notes]
        topics = iter([doc._.note_topic for doc in self.nlp.pipe(b.text for blocks in subs for b in blocks)])
        out = []
        for note, blocks in zip(notes, subs):
            ends = [b.start for b in blocks[1:]] + [note.end]
            sections = tuple(NoteSection(b.text, next(topics), b.start, end) for b, end in zip(blocks, ends))
            out.append(replace(note, sections=sections) if sections else note)
        return tuple(out)

    def _decide_kinds(self, blocks: Sequence[Block], span: NoteSpan, kinds: Sequence[str]) -> list[Block]:
        """The note's blocks with their kinds: the heading rule's, the running-header
        rule's, the reader's for page furniture, the classifier's for the rest."""
        headings = set(span.heading_blocks)
        running = running_header_blocks(blocks[span.first_block:span.end_block],
                                        max_chars=self.settings.notes.max_heading_chars)
        classified = []
        for offset, (block, kind) in enumerate(zip(blocks[span.first_block:span.end_block], kinds)):
            if span.first_block + offset in headings:
                classified.append(replace(block, kind="heading", decided_by=f"rule:{span.rule}"))
            elif offset in running:
                # "NOTES TO CONSOLIDATED FINANCIAL STATEMENTS (Continued)" heads a page
                classified.append(replace(block, kind="boilerplate", decided_by=RUNNING_HEADER))
            elif block.hint == "page":
                # Page furniture is boilerplate by the reader's rule: the classifier
                # never saw the hint, and a page number alone looks like a table.
                classified.append(replace(block, kind="boilerplate", decided_by="reader:page"))
            elif kind in ("text", "footnote") and block.emphasised and is_heading_text(block.text, True):
                # A short bold line is a sub-heading ("Revenue Recognition:", KHC 10-K; "(a)
                # Goodwill" under a table, CSCO 10-Q), as the training labels say; the
                # classifier reads pipe text, which has no bold.
                classified.append(replace(block, kind="heading", decided_by="reader:emphasis"))
            else:
                classified.append(replace(block, kind=kind, decided_by=self.classifier.name))
        return classified

    def _build_note(self, src: Source, blocks: Sequence[Block], span: NoteSpan, classified: Sequence[Block],
                    deadline: Deadline, document: DocumentContext | None = None) -> Note:
        """The note with its tables parsed (``classified``: its blocks, kinds and policy set;
        ``document``: the scale and fiscal year the whole document states)."""
        finished = []
        previous: Table | None = None  # the table a header-less table may continue
        acquired = None  # the day the last acquisition the note has told of closed
        for i, block in enumerate(classified):
            if block.kind == "table" and block.cells:
                deadline.check("tables")
                caption, context = _table_context(classified, i)
                try:
                    table = cells_to_table(block.cells, caption=caption, context=context,
                                           settings=self.settings.tables, document=document, continues=previous)
                except (ValueError, ArithmeticError, IndexError) as exc:
                    raise ParseError(f"table at {block.start}: {exc}", source=src.name, stage="tables") from exc
                if acquired is not None:
                    table = table_at_acquisition(table, acquired, " ".join(t for t in (caption, context) if t))
                block = replace(block, table=table)
                previous = table
            elif block.kind != "boilerplate":
                # only page furniture may stand between a table and its continuation
                previous = None
                if block.kind == "text":
                    acquired = text_to_acquisition_date(block.text) or acquired
            finished.append(block)
        return Note(
            number=span.number, title=span.title, topic=span.topic, start=span.start, end=span.end,
            blocks=tuple(finished),
            heading_start=blocks[span.heading_blocks[0]].start if span.heading_blocks else None,
            heading_end=blocks[span.heading_blocks[-1]].end if span.heading_blocks else None,
            decided_by=f"rule:{span.rule}",
        )
