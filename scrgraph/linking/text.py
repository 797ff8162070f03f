"""Turn recommendation texts into comparable terms: synonym groups, stopwords, word stems, TF-IDF."""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
from typing import Callable, Sequence

import snowballstemmer
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.preprocessing import normalize

from scrgraph.linking.settings import LinkSettings

_WORD = re.compile(r"[a-z][a-z']*[a-z]|[a-z]")
_ACRONYM = re.compile(r"\b[A-Z]{2,6}s?\b")
SYNONYM_MARK = "~"
WHO_MARK = "@"


class TermMaker:
    """Make the terms of one text: synonym-group names, then stems of the remaining content words.

    Synonym phrases are matched on word stems, so "disagrees" matches the phrase "disagree".

    >>> from scrgraph.linking.settings import LinkSettings
    >>> maker = TermMaker(LinkSettings(synonyms={"pre-birth": ("unborn", "before the birth")}))
    >>> maker.terms("Refer unborn babies early, before the births")
    ['refer', '~pre-birth', 'babi', 'earli', '~pre-birth']
    """

    def __init__(self, settings: LinkSettings) -> None:
        self._stop = frozenset(ENGLISH_STOP_WORDS) | settings.stopwords
        self._stemmer = snowballstemmer.stemmer("english")
        self._stems: dict[str, str] = {}
        self._phrases: dict[tuple[str, ...], str] = {}
        for mark, groups in ((SYNONYM_MARK, settings.synonyms), (WHO_MARK, settings.who)):
            for name, group in groups.items():
                for phrase in group:
                    key = tuple(self._stem(w) for w in _words(phrase))
                    if key:
                        self._phrases.setdefault(key, mark + name)
        lengths: dict[str, set[int]] = defaultdict(set)
        for key in self._phrases:
            lengths[key[0]].add(len(key))
        # For each first stem, the lengths of the phrases that start with it, longest first.
        self._lengths = {stem: sorted(found, reverse=True) for stem, found in lengths.items()}
        self._stop_stems = frozenset(self._stem(w) for w in self._stop)
        self.surface: dict[str, dict[str, int]] = {}

    def _stem(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            stem = self._stems[word] = self._stemmer.stemWord(word)
        return stem

    def terms(self, text: str) -> list[str]:
        """The terms of ``text``, in order."""
        words = _words(text)
        stems = [self._stem(w) for w in words]
        # Acronyms that are not in the thesaurus mostly name bodies ("LLR", "SIDM"), not asks.
        acronyms = {a.lower().rstrip("s") for a in _ACRONYM.findall(text)}
        out: list[str] = []
        position = 0
        while position < len(words):
            for length in self._lengths.get(stems[position], ()):
                name = self._phrases.get(tuple(stems[position:position + length]))
                if name is not None:
                    out.append(name)
                    position += length
                    break
            else:
                word, stem = words[position], stems[position]
                position += 1
                if len(word) < 3 or word in self._stop or stem in self._stop_stems or word.rstrip("s") in acronyms:
                    continue
                self.surface.setdefault(stem, {}).setdefault(word, 0)
                self.surface[stem][word] += 1
                out.append(stem)
        return out

    def readable(self, term: str) -> str:
        """A word a person would recognise for a term (its commonest form, or the synonym group's name)."""
        if term[:1] in (SYNONYM_MARK, WHO_MARK):
            return term[1:]
        forms = self.surface.get(term)
        return max(forms, key=forms.get) if forms else term


def _words(text: str) -> list[str]:
    """Lower-case words, with possessive 's removed and hyphenated words split."""
    return [w.removesuffix("'s") for w in _WORD.findall(text.lower().replace("\u2019", "'"))]


def vectorise(texts: Sequence[str], maker: TermMaker, who_weight: float = 1.0) -> tuple[sparse.csr_matrix, list[str]]:
    """L2-normalised TF-IDF rows (one per text) over the texts' terms, and the term of each column.

    Terms naming services or professions (the thesaurus's ``who`` groups) are scaled by
    ``who_weight`` before the rows are normalised.
    """
    analyse: Callable[[str], list[str]] = maker.terms
    max_df = 0.2 if len(texts) >= 2000 else 1.0
    vectoriser = TfidfVectorizer(analyzer=analyse, sublinear_tf=True, max_df=max_df, dtype=np.float32)
    try:
        matrix = vectoriser.fit_transform(texts)
    except ValueError:  # no terms at all (every text empty of content words)
        return sparse.csr_matrix((len(texts), 0), dtype=np.float32), []
    terms = list(vectoriser.get_feature_names_out())
    if who_weight != 1.0:
        scale = np.array([who_weight if t.startswith(WHO_MARK) else 1.0 for t in terms], dtype=np.float32)
        matrix = normalize(matrix @ sparse.diags(scale), copy=False)
    return matrix.tocsr(), terms
