"""Candidate pairs without comparing every pair: block by theme, then sparse dot products in chunks."""

from __future__ import annotations

from collections import defaultdict
from typing import Iterator, Sequence

import numpy as np
from scipy import sparse

from scrgraph.linking.corpus import Recommendation

PAIRS_PER_BATCH = 1_000_000  # bounds the memory of one batch of candidate pairs
NO_THEME = ""


def theme_blocks(recs: Sequence[Recommendation]) -> dict[str, np.ndarray]:
    """Row numbers of the recommendations under each theme (those without a theme form one block)."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for row, rec in enumerate(recs):
        for theme in rec.themes or (NO_THEME,):
            blocks[theme].append(row)
    return {theme: np.asarray(rows, dtype=np.int64) for theme, rows in blocks.items() if len(rows) > 1}


def similar_pairs(matrix: sparse.csr_matrix, recs: Sequence[Recommendation], floor: float) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Batches ``(left, right, cosine)`` of pairs with left < right, from different reviews, sharing a
    theme block, with cosine >= floor.

    A pair that shares several themes may come in several batches; callers deduplicate. Work grows
    with the sizes of the theme blocks, not with the square of the whole corpus.
    """
    _, review_of = np.unique([r.review_id for r in recs], return_inverse=True)
    for rows in theme_blocks(recs).values():
        block = matrix[rows]
        block_t = block.T.tocsc()
        chunk = max(8, PAIRS_PER_BATCH // len(rows))
        for start in range(0, len(rows), chunk):
            product = (block[start:start + chunk] @ block_t).tocoo()
            keep = product.data >= floor
            left = rows[product.row[keep] + start]
            right = rows[product.col[keep]]
            wanted = (left < right) & (review_of[left] != review_of[right])
            yield left[wanted], right[wanted], product.data[keep][wanted]


def overlap(indicator: sparse.csr_matrix, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Jaccard overlap of the rows' sets, for each pair (rows of a 0/1 indicator matrix)."""
    if indicator.shape[1] == 0 or left.size == 0:
        return np.zeros(left.size, dtype=np.float32)
    a, b = indicator[left], indicator[right]
    common = np.asarray(a.multiply(b).sum(axis=1)).ravel()
    union = np.asarray(a.sum(axis=1)).ravel() + np.asarray(b.sum(axis=1)).ravel() - common
    return np.divide(common, union, out=np.zeros_like(common, dtype=np.float64), where=union > 0).astype(np.float32)


def indicator_matrix(sets: Sequence[frozenset[str]]) -> sparse.csr_matrix:
    """A 0/1 matrix with one row per set and one column per distinct item."""
    columns = {item: n for n, item in enumerate(sorted(set().union(*sets)))} if sets else {}
    rows, cols = [], []
    for row, items in enumerate(sets):
        for item in items:
            rows.append(row)
            cols.append(columns[item])
    data = np.ones(len(rows), dtype=np.float32)
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(sets), len(columns)))
