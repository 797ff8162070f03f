"""The report's charts: PNG images at print resolution, drawn with matplotlib (Agg, no display).

Colours are the Okabe-Ito palette (bars, with a hatch on the second series) and a single-hue blue
scale (the theme grid), both readable with the common kinds of colour blindness; every bar and cell
also carries its number, so nothing depends on colour alone. Labels are 9 point at the printed
size (the size :func:`png_inches` gives).

Examples
--------
>>> png = agencies_chart([("Police", 3, 1), ("Children's social care", 5, 2)])
>>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

DPI = 300
# Okabe-Ito: blue, vermillion, orange, bluish green, sky blue, reddish purple, yellow, black.
OKABE_ITO = ("#0072B2", "#D55E00", "#E69F00", "#009E73", "#56B4E9", "#CC79A7", "#F0E442", "#000000")
FONT = 9


def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    plt.rcParams.update({
        "font.size": FONT, "axes.titlesize": FONT + 1, "axes.labelsize": FONT, "xtick.labelsize": FONT,
        "ytick.labelsize": FONT, "legend.fontsize": FONT, "font.family": "DejaVu Sans",
        "svg.hashsalt": "scrgraph", "axes.spines.top": False, "axes.spines.right": False,
    })
    return plt


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    # No date or software stamp in the file, so the same data gives the same bytes.
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    import matplotlib.pyplot as plt

    plt.close(fig)
    return buffer.getvalue()


def _wrap(label: str, width: int = 28) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def agencies_chart(rows: Sequence[tuple[str, int, int]]) -> bytes:
    """Horizontal bars per agency: unresolved items and, beside them, how many are overdue.

    ``rows`` are (agency label, unresolved, overdue), drawn in the order given (top first).
    """
    plt = _pyplot()
    labels = [_wrap(r[0]) for r in rows]
    unresolved = [r[1] for r in rows]
    overdue = [r[2] for r in rows]
    height = max(2.2, 0.55 * len(rows) + 1.0)
    fig, ax = plt.subplots(figsize=(6.3, height))
    positions = list(range(len(rows)))
    bar = 0.38
    ax.barh([p - bar / 2 for p in positions], unresolved, height=bar, color=OKABE_ITO[0], label="Unresolved")
    ax.barh([p + bar / 2 for p in positions], overdue, height=bar, color=OKABE_ITO[1], label="Overdue",
            hatch="//", edgecolor="white", linewidth=0)
    top = max(unresolved + overdue + [1])
    for p, value in zip(positions, unresolved, strict=True):
        ax.text(value + top * 0.01, p - bar / 2, str(value), va="center", fontsize=FONT)
    for p, value in zip(positions, overdue, strict=True):
        ax.text(value + top * 0.01, p + bar / 2, str(value), va="center", fontsize=FONT)
    ax.set_yticks(positions, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.12 + 0.5)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("Number of actions and recommendations")
    ax.legend(loc="lower right", frameon=False)
    fig.tight_layout()
    return _png(fig)


def theme_bars(themes: Sequence[str], counts: Sequence[int], year: int) -> bytes:
    """Horizontal bars of each theme's count in one year (a grid of one column says less), top first."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.3, max(1.8, 0.4 * len(themes) + 1.0)))
    positions = list(range(len(themes)))
    ax.barh(positions, counts, height=0.6, color=OKABE_ITO[0])
    top = max(list(counts) + [1])
    for position, value in zip(positions, counts, strict=False):
        ax.text(value + top * 0.01, position, str(value), va="center", fontsize=FONT)
    ax.set_yticks(positions, [_wrap(t, 34) for t in themes])
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.12 + 0.5)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(f"Findings and recommendations in reviews of {year}")
    fig.tight_layout()
    return _png(fig)


def themes_chart(themes: Sequence[str], years: Sequence[int], counts: Sequence[Sequence[int]]) -> bytes:
    """A grid of themes (rows) by year (columns), each cell shaded and labelled with its count.

    ``counts[i][j]`` is the count for ``themes[i]`` in ``years[j]``.
    """
    plt = _pyplot()
    import numpy as np

    matrix = np.array(counts, dtype=float) if counts else np.zeros((0, 0))
    width = min(6.5, 2.8 + 0.5 * len(years))
    height = max(1.8, 0.36 * len(themes) + 1.0)
    fig, ax = plt.subplots(figsize=(width, height))
    peak = matrix.max() if matrix.size else 1
    cmap = plt.get_cmap("Blues").with_extremes(bad="white")
    # Zero cells are left white (masked); 1 is already a visible pale blue.
    image = ax.imshow(np.ma.masked_equal(matrix, 0), cmap=cmap, aspect="auto", vmin=-0.3 * max(peak, 1), vmax=max(peak, 1))
    for i in range(len(themes)):
        for j in range(len(years)):
            value = int(matrix[i, j])
            if not value:
                ax.text(j, i, "–", ha="center", va="center", fontsize=FONT, color="#777777")
                continue
            shade = image.cmap(image.norm(value))
            luminance = 0.2126 * shade[0] + 0.7152 * shade[1] + 0.0722 * shade[2]
            ax.text(j, i, str(value), ha="center", va="center", fontsize=FONT,
                    color="black" if luminance > 0.45 else "white")
    ax.set_xticks([x - 0.5 for x in range(1, len(years))], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, len(themes))], minor=True)
    ax.grid(which="minor", color="#d0d0d0", linewidth=0.6)
    ax.tick_params(which="minor", length=0)
    ax.set_xticks(range(len(years)), [str(y) for y in years])
    ax.set_yticks(range(len(themes)), [_wrap(t, 34) for t in themes])
    ax.set_xlabel("Year of review")
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    fig.tight_layout()
    return _png(fig)


def png_inches(png: bytes, dpi: int = DPI) -> tuple[float, float]:
    """The printed size of a PNG drawn here, in inches (its pixels over the print resolution)."""
    import struct

    width, height = struct.unpack(">II", png[16:24])
    return width / dpi, height / dpi
