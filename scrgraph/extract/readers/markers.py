"""List markers as a document shows them: ``3.``, ``c.``, ``iv.``, ``•`` (used by the HTML and Word readers)."""

from __future__ import annotations

_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def roman(number: int) -> str:
    """A number in lower-case Roman numerals (4 -> ``iv``); past 3999, in digits."""
    if not 0 < number < 4000:
        return str(number)
    out = ""
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out += letters * count
    return out


def letters(number: int) -> str:
    """A number as list letters (1 -> ``a``, 27 -> ``aa``)."""
    out = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        out = chr(97 + rest) + out
    return out


def list_marker(kind: str, number: int) -> str:
    """The marker of item ``number`` in a list numbered ``kind`` (1, a, A, i, I, bullet)."""
    if kind == "bullet":
        return "•"
    if kind == "a":
        return letters(number) + "."
    if kind == "A":
        return letters(number).upper() + "."
    if kind == "i":
        return roman(number) + "."
    if kind == "I":
        return roman(number).upper() + "."
    return f"{number}."


def word_number(fmt: str, value: int) -> str:
    """A number in one of Word's numbering formats (``lowerLetter``, ``upperRoman``, ``decimal`` ...)."""
    return {"lowerLetter": letters(value), "upperLetter": letters(value).upper(), "lowerRoman": roman(value),
            "upperRoman": roman(value).upper()}.get(fmt, str(value))
