"""Bold, italic and underline of HTML text, from its tags and inline styles.

Both HTML walks use it: :mod:`segmenter.html` (the reader, which tells the
pipeline which lines are set in emphasis) and :mod:`segmenter.renderwalk` (the
answer key's renderer, whose labels call such a short line a heading).
"""

from __future__ import annotations

import re

_BOLD = re.compile(r"font-weight\s*:\s*(bold|bolder|[6-9]00)", re.I)
_NOT_BOLD = re.compile(r"font-weight\s*:\s*(normal|[1-4]00)")
_ITALIC = re.compile(r"font-style\s*:\s*(italic|oblique)", re.I)
_NOT_ITALIC = re.compile(r"font-style\s*:\s*normal")
_UNDERLINE = re.compile(r"text-decoration[a-z-]*\s*:[^;]*underline", re.I)

#: (bold, italic, underline)
Emphasis = tuple[bool, bool, bool]
PLAIN: Emphasis = (False, False, False)


def element_emphasis(tag: str, style: str, outer: Emphasis) -> Emphasis:
    """The emphasis of the text under an element with this ``tag`` (lower case)
    and ``style`` attribute ("" for none), inside text of emphasis ``outer``:
    ``<b>``/``<strong>``, ``<i>``/``<em>``, ``<u>`` and ``font-weight: bold|600-900``,
    ``font-style: italic|oblique``, ``text-decoration: underline`` add to it;
    ``font-weight: normal|100-400`` and ``font-style: normal`` take it away."""
    bold, italic, underline = outer
    bold = bold or tag in ("b", "strong")
    italic = italic or tag in ("i", "em")
    underline = underline or tag == "u"
    if style:
        low = style.lower()  # each pattern needs its property's name, so most styles end here
        if "font-weight" in low:
            bold = bold or _BOLD.search(style) is not None
            if "font-weight" in style and _NOT_BOLD.search(style):
                bold = False
        if "font-style" in low:
            italic = italic or _ITALIC.search(style) is not None
            if "font-style" in style and _NOT_ITALIC.search(style):
                italic = False
        if "text-decoration" in low:
            underline = underline or _UNDERLINE.search(style) is not None
    return bold, italic, underline
