"""Candidate pairs without comparing every pair: block by theme, then each ask's nearest neighbours."""

from __future__ import annotations

import math
import os
from collections import defaultdict
from collections.abc import Iterator, Sequence

import faiss
import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize

from scrgraph.linking.corpus import Recommendation
from scrgraph.linking.text import Wording

NEAREST_PER_ASK = 24  # each ask keeps its nearest asks in the block as candidates (links need mutual best)
EXACT_BLOCK = 4_000  # blocks up to this many asks are compared exactly; larger ones in a projection
PROJECTION_DIMENSIONS = 128
PROBED_CELLS = 8  # a large block's asks are clustered into about sqrt(n) cells; each ask is compared with those in this many nearest cells
ROWS_PER_BATCH = 512
NO_THEME = ""


def idle_cores() -> int:
    """How many cores faiss may use now: those the last minute's load average leaves idle, this
    process's own core included, at least one.

    faiss's OpenMP threads spin while they wait: with a thread on a core that other work holds, the
    search stalls (on 2 cores under load one thread linked 10,000 reviews in 29 s, two in 45 s);
    on an idle machine every core shortens it.

    >>> 1 <= idle_cores() <= (os.cpu_count() or 1)
    True
    """
    cores = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0]
    except OSError:  # not reported on this system
        return max(1, cores - 1)
    return max(1, min(cores, cores - round(busy) + 1))


def theme_blocks(recs: Sequence[Recommendation]) -> dict[str, np.ndarray]:
    """Row numbers of the recommendations under each theme (those without a theme form one block)."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for row, rec in enumerate(recs):
        for theme in rec.themes or (NO_THEME,):
            blocks[theme].append(row)
    return {theme: np.asarray(rows, dtype=np.int64) for theme, rows in blocks.items() if len(rows) > 1}


def best_per_pair(left: np.ndarray, right: np.ndarray, value: np.ndarray) -> np.ndarray:
    """The rows to keep so that each distinct (left, right) pair is kept once, with its highest value.

    >>> best_per_pair(np.array([0, 0, 1]), np.array([2, 2, 2]), np.array([0.1, 0.5, 0.3])).tolist()
    [1, 2]
    """
    order = np.lexsort((-value, right, left))
    left, right = left[order], right[order]
    first = np.r_[True, (left[1:] != left[:-1]) | (right[1:] != right[:-1])] if left.size else np.zeros(0, dtype=bool)
    return order[first]


def _project(asks: sparse.csr_matrix) -> np.ndarray:
    """The asks as unit vectors in a few dimensions (latent semantic analysis), to find near neighbours fast.

    Terms found in a single ask are left out first: they add nothing to any pair's similarity, and
    a national corpus has hundreds of thousands of them (names of local teams, places, forms).
    """
    shared = asks[:, np.flatnonzero(np.bincount(asks.indices, minlength=asks.shape[1]) > 1)]
    dimensions = max(1, min(PROJECTION_DIMENSIONS, shared.shape[1] - 1))
    reduced = TruncatedSVD(n_components=dimensions, n_iter=3, random_state=7).fit_transform(shared)
    return normalize(reduced).astype(np.float32)


def _nearest_columns(similarity: np.ndarray, count: int) -> np.ndarray:
    """For each row, the columns of its ``count`` highest values (unordered).

    >>> sorted(_nearest_columns(np.array([[0.1, 0.9, 0.5]]), 2)[0].tolist())
    [1, 2]
    """
    if similarity.shape[1] <= count:
        return np.broadcast_to(np.arange(similarity.shape[1]), similarity.shape)
    return np.argpartition(-similarity, count, axis=1)[:, :count]


def similar_pairs(wording: Wording, recs: Sequence[Recommendation], floor: float) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Batches ``(left, right, wording)`` of recommendation pairs (left < right, from different
    reviews, sharing a theme) whose best-matching asks have a cosine >= floor.

    Within each theme block every ask takes its nearest asks of other reviews as candidates,
    compared exactly in small blocks and in a latent-semantic projection in large ones; the
    candidates are then scored exactly. Work grows with the sizes of the theme blocks, not with
    the square of the corpus. A pair may come in several batches; callers keep its best.
    """
    _, review_of = np.unique([r.review_id for r in recs], return_inverse=True)
    owner = wording.owner
    faiss.omp_set_num_threads(idle_cores())
    ask_review = review_of[owner]
    projected = None
    for rows in theme_blocks(recs).values():
        asks = np.flatnonzero(np.isin(owner, rows))
        if len(asks) > EXACT_BLOCK:
            projected = _project(wording.asks) if projected is None else projected
            first, second = _projected_neighbours(projected[asks], ask_review[asks])
        else:
            first, second = _exact_neighbours(wording.asks[asks], ask_review[asks])
        first, second = asks[first], asks[second]
        cosine = np.asarray(wording.asks[first].multiply(wording.asks[second]).sum(axis=1)).ravel()
        keep = cosine >= floor
        left, right, cosine = owner[first[keep]], owner[second[keep]], cosine[keep]
        left, right = np.minimum(left, right), np.maximum(left, right)
        rows = best_per_pair(left, right, cosine)
        yield left[rows], right[rows], cosine[rows]


def _exact_neighbours(vectors: sparse.csr_matrix, review: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's nearest rows of other reviews, by exact cosine: (row, neighbour) index arrays."""
    vectors_t = vectors.T.tocsc()
    firsts, seconds = [], []
    for start in range(0, vectors.shape[0], ROWS_PER_BATCH):
        stop = min(start + ROWS_PER_BATCH, vectors.shape[0])
        similarity = (vectors[start:stop] @ vectors_t).toarray()
        similarity[review[start:stop][:, None] == review[None, :]] = -1.0
        columns = _nearest_columns(similarity, NEAREST_PER_ASK)
        rows = np.repeat(np.arange(start, stop), columns.shape[1])
        columns = columns.ravel()
        wanted = review[rows] != review[columns]
        firsts.append(rows[wanted])
        seconds.append(columns[wanted])
    return np.concatenate(firsts), np.concatenate(seconds)


def _projected_neighbours(vectors: np.ndarray, review: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's nearest rows of other reviews in the projection: (row, neighbour).

    Found with a faiss inverted-file index: the rows are clustered into about sqrt(n) cells and each
    row is compared only with the rows in its ``PROBED_CELLS`` nearest cells, so the work grows
    with n^1.5, not n^2. The search is approximate; candidates are scored exactly afterwards.
    """
    cells = max(1, min(int(math.sqrt(len(vectors))), len(vectors) // 40))
    quantiser = faiss.IndexFlatIP(vectors.shape[1])
    index = faiss.IndexIVFFlat(quantiser, vectors.shape[1], cells, faiss.METRIC_INNER_PRODUCT)
    index.train(vectors)
    index.add(vectors)
    index.nprobe = min(PROBED_CELLS, cells)
    # Ask for enough neighbours that those of the row's own review can be dropped.
    _, counts = np.unique(review, return_counts=True)
    _, columns = index.search(vectors, min(len(vectors), NEAREST_PER_ASK + int(counts.max())))
    rows = np.repeat(np.arange(len(vectors)), columns.shape[1])
    columns = columns.ravel()
    wanted = (columns >= 0) & (review[rows] != review[np.maximum(columns, 0)])
    return rows[wanted], columns[wanted]


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
