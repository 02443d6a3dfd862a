"""What several export formats share: a cell or a line of text kept on one line."""

from __future__ import annotations

import re
from typing import Final

BOM = "\ufeff"  # CSV and TSV start with it: Excel on Japanese Windows reads a file without one as Shift_JIS
_LINE_BREAKS: Final = re.compile("[\t\n\v\f\r\x1c-\x1e\x85\u2028\u2029]+")


def _one_line(s: str) -> str:
    """``s`` with every run of tabs and line breaks (all that ``str.splitlines`` splits at) as one space."""
    return _LINE_BREAKS.sub(" ", s)
