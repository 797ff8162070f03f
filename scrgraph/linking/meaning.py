"""Meaning: static word embeddings that match texts saying the same thing in other words.

The model is WordLlama's small English model (256 dimensions, 16 MB), whose weights and tokenizer
ship inside the ``wordllama`` package: nothing is downloaded, it runs on the CPU without torch and
loads in under a second. Without the package, or with ``meaning: 0`` in the suggestion weights,
suggestions fall back to the lexical similarities alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

DIMENSIONS = 256


@lru_cache(maxsize=1)
def _model() -> Any | None:
    """The bundled embedding model, loaded once per process; None when it is not installed."""
    try:
        import wordllama
        from wordllama import WordLlama
    except ImportError:
        return None
    # The package keeps its weights and tokenizer in its own folder, laid out as its cache is:
    # pointing the cache there with downloads disabled loads them with no network at all.
    try:
        return WordLlama.load(dim=DIMENSIONS, cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    except (OSError, ValueError):
        return None


def available() -> bool:
    """Whether the embedding model can be used here."""
    return _model() is not None


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length embeddings of ``texts``, one row each (zero rows when the model is absent).

    >>> vectors = embed(["refer unborn babies early", "early referral in pregnancy"])
    >>> vectors.shape[0]
    2
    """
    model = _model()
    if model is None or not texts:
        return np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    return np.asarray(model.embed(list(texts), norm=True), dtype=np.float32)
