"""segmenter: notes to financial statements in SEC filings, as structured data."""

__version__ = "0.1.0"
