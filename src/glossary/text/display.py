"""Text for a person's terminal: what a document holds must never act on the terminal.

Documents nobody checked can hold terminal escape sequences (``ESC ] 0 ;`` sets the
window title, ``ESC [ 2 J`` clears the screen, OSC 52 writes the clipboard) and
bidirectional overrides that make a line read differently from what it is.
Every printer of the command line passes what it prints through
:func:`visible`, which shows those characters as escapes (``\\x1b``,
``\\u202e``) instead of sending them.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["CONTROL_RE", "visible"]

# C0 controls but tab and line feed, DEL, C1 controls, the bidi embeddings, overrides and isolates, the
# line and paragraph separators, and lone surrogates (which cannot be written as UTF-8 at all)
CONTROL_RE: Final = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_LINE_CONTROL_RE: Final = re.compile(CONTROL_RE.pattern[:-1] + "\t\n]")


def _escape(m: re.Match[str], json: bool) -> str:
    code = ord(m.group())
    if json or code > 0xFF:
        return f"\\u{code:04x}"
    return f"\\x{code:02x}"


def visible(text: str, *, newlines: bool = True, json: bool = False) -> str:
    """``text`` with every control character shown as an escape; tab and newline kept if ``newlines``.

    ``json=True`` writes ``\\u001b`` (valid inside a JSON string) instead of ``\\x1b``.
    """
    pattern = CONTROL_RE if newlines else _LINE_CONTROL_RE
    if pattern.search(text) is None:
        return text
    return pattern.sub(lambda m: _escape(m, json), text)
