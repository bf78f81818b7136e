"""header.py: stacked sub-tables and their regressions."""

from __future__ import annotations

from segmenter.pipetext import text_to_blocks
from segmenter.tables import cells_to_table

# A table whose body holds a label row that names a period and ends in ":"
# right after a data row. Cut down from AAPL's 10-K 2024 pipe text repeated
# three times, which made body_to_sections loop forever.
COLON_PERIOD_LABEL = """|
|2024
|2023
|Net sales
|391,035
|383,285
|Year ended September 28, 2024:
|Cost of sales
|210,352
|214,137
"""


def test_a_colon_label_naming_a_period_does_not_hang_the_sections():
    (block,) = [b for b in text_to_blocks(COLON_PERIOD_LABEL) if b.cells]
    table = cells_to_table(block.cells)
    labels = [row.label for row in table.rows]
    assert "Net sales" in labels and "Cost of sales" in labels
    values = {row.label: [int(c.value) for c in row.cells] for row in table.rows if row.cells}
    assert values["Cost of sales"] == [210352, 214137]
