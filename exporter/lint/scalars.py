"""Where each character of a YAML scalar's value is written in the file, for every scalar style."""

# A value character is written literally (one source character), as an escape (\" or ''), or not at all (a line
# break folded into a space). Knowing this, an edit of the value becomes an exact edit of the text. The value is
# rebuilt from the text and compared with the parser's; a scalar the rebuilding cannot explain is left alone.

from __future__ import annotations

import re

from ..yamlsource import Scalar

Place = tuple[int, int] | None  # the source range [start, end) that writes one value character; None: made by folding
_BREAK = re.compile(r"\r\n|\r|\n")
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
            "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028",
            "P": "\u2029"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
_SPACE = " \t"


def value_places(text: str, scalar: Scalar) -> list[Place] | None:
    """For each character of the scalar's value, where the text writes it; None when the scalar cannot be mapped."""
    if scalar.span is None:
        return None
    start, end = scalar.span
    try:
        if scalar.style in ("|", ">"):
            mapped = _block(text, start, end, scalar.style)
        else:
            mapped = _flow(text, start, end, scalar.style)
    except (IndexError, ValueError):
        return None
    if mapped is None or "".join(char for char, _ in mapped) != scalar.raw:
        return None
    return [place for _, place in mapped]


def _flow(text: str, start: int, end: int, style: str) -> list[tuple[str, Place]] | None:
    """Plain, single- and double-quoted scalars: escapes, and line folding (a break is a space, an empty line a break)."""
    quoted = style in ("'", '"')
    position, stop = (start + 1, end - 1) if quoted else (start, end)
    out: list[tuple[str, Place]] = []
    while position < stop:
        char = text[position]
        if char in "\r\n" or (char in _SPACE and _only_space_to_break(text, position, stop)):
            position = _fold(text, position, stop, out)
        elif style == "'" and text.startswith("''", position):
            out.append(("'", (position, position + 2)))
            position += 2
        elif style == '"' and char == "\\":
            following = text[position + 1]
            if following in "\r\n":  # an escaped line break joins the lines without a space
                position = _skip_space(text, _after_break(text, position + 1), stop)
            elif following in _HEX_ESCAPES:
                width = _HEX_ESCAPES[following]
                code = text[position + 2:position + 2 + width]
                out.append((chr(int(code, 16)), (position, position + 2 + width)))
                position += 2 + width
            elif following in _ESCAPES:
                out.append((_ESCAPES[following], (position, position + 2)))
                position += 2
            else:
                return None
        else:
            out.append((char, (position, position + 1)))
            position += 1
    return out


def _only_space_to_break(text: str, position: int, stop: int) -> bool:
    """True when only spaces follow up to a line break: trailing spaces, which folding drops."""
    while position < stop and text[position] in _SPACE:
        position += 1
    return position < stop and text[position] in "\r\n"


def _after_break(text: str, position: int) -> int:
    return position + (2 if text.startswith("\r\n", position) else 1)


def _skip_space(text: str, position: int, stop: int) -> int:
    while position < stop and text[position] in _SPACE:
        position += 1
    return position


def _fold(text: str, position: int, stop: int, out: list[tuple[str, Place]]) -> int:
    """Fold trailing spaces, a line break and the empty lines after it: one space, or one break per empty line."""
    position = _skip_space(text, position, stop)
    position = _after_break(text, position)
    empty = 0
    while True:
        after_space = _skip_space(text, position, stop)
        if after_space < stop and text[after_space] in "\r\n":
            empty += 1
            position = _after_break(text, after_space)
            continue
        position = after_space
        break
    out.extend([("\n", None)] * empty if empty else [(" ", None)])
    return position


def _block(text: str, start: int, end: int, style: str) -> list[tuple[str, Place]] | None:
    """Literal (|) and folded (>) block scalars with automatic indentation and any chomping."""
    header_end = _BREAK.search(text, start, end)
    if header_end is None:
        return []
    header = text[start + 1:header_end.start()].split("#", 1)[0].strip()
    if any(c.isdigit() for c in header):
        return None  # an explicit indentation indicator counts from the parent's indentation: left alone
    chomping = "-" if "-" in header else "+" if "+" in header else ""
    lines: list[tuple[int, int]] = []  # (start, end) of each line after the header, without its break
    position = header_end.end()
    while position < end:
        found = _BREAK.search(text, position, end)
        line_end = found.start() if found else end
        lines.append((position, line_end))
        position = found.end() if found else end
    indent = next((len(text[s:e]) - len(text[s:e].lstrip(" ")) for s, e in lines if text[s:e].strip(" ")), 0)
    content = [(s + indent, e) if text[s:e].strip(" ") else None for s, e in lines]
    while content and content[-1] is None:
        content.pop()
    trailing = len(lines) - len(content)
    out: list[tuple[str, Place]] = []
    previous: tuple[int, int] | None = None
    empty = 0
    for line in content:
        if line is None:
            empty += 1
            continue
        if previous is not None:
            more_indented = text[line[0]] == " " or text[previous[0]] == " "
            if style == ">" and not more_indented:
                out.extend([("\n", None)] * empty if empty else [(" ", None)])
            else:
                out.extend([("\n", None)] * (empty + 1))
        else:
            out.extend([("\n", None)] * empty)
        out.extend((text[i], (i, i + 1)) for i in range(*line))
        previous, empty = line, 0
    if content and chomping != "-":
        out.append(("\n", None))
        if chomping == "+":
            out.extend([("\n", None)] * trailing)
    return out
