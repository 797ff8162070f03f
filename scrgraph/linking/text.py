"""Turn recommendation texts into comparable terms: synonym groups, stopwords, word stems, TF-IDF."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import snowballstemmer
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer, TfidfTransformer, TfidfVectorizer
from sklearn.preprocessing import normalize

from scrgraph.linking.settings import LinkSettings

# Words may hold digits and "&" so that thesaurus phrases such as "0-5 service" and "a&e" match whole;
# a word with a digit that is not part of a phrase (a year, a list number) never makes a term.
_WORD = re.compile(r"[a-z0-9][a-z0-9'&]*[a-z0-9]|[a-z0-9]")
_DIGIT = re.compile(r"[0-9]")
_POSSESSIVE = re.compile(r"'s\b")
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
        # Words that never make a term: short, stopwords or stemming to one.
        self._dropped = {w for w, stem in self._stems.items() if self._never_term(w, stem)}
        self._seen: Counter[str] = Counter()  # how often each kept word was met, for readable()
        self._forms: dict[str, str] | None = None

    def _stem(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            stem = self._stems[word] = self._stemmer.stemWord(word)
        return stem

    def _never_term(self, word: str, stem: str) -> bool:
        """Whether ``word`` is left out of terms (outside phrases): short, a stopword or one's stem, or with a digit."""
        return len(word) < 3 or word in self._stop or stem in self._stop_stems or _DIGIT.search(word) is not None

    def _stems_of(self, words: list[str]) -> list[str]:
        """The stems of ``words``; new words are stemmed in one call and sorted into kept or dropped."""
        new = set(words).difference(self._stems)
        if new:
            fresh = list(new)
            for word, stem in zip(fresh, self._stemmer.stemWords(fresh), strict=True):
                self._stems[word] = stem
                if self._never_term(word, stem):
                    self._dropped.add(word)
        return list(map(self._stems.__getitem__, words))

    def terms(self, text: str) -> list[str]:
        """The terms of ``text``, in order."""
        words = _words(text)
        stems = self._stems_of(words)
        # Acronyms that are not in the thesaurus mostly name bodies ("LLR", "SIDM"), not asks.
        acronyms = {a.lower().rstrip("s") for a in _ACRONYM.findall(text)}
        out: list[str] = []
        kept: list[str] = []
        position = 0
        while position < len(words):
            for length in self._lengths.get(stems[position], ()):
                # A stopword is never a one-word phrase: "reference" stems as "refer" but is no referral.
                name = self._phrases.get(tuple(stems[position:position + length])) if length > 1 or words[position] not in self._stop else None
                if name is not None:
                    out.append(name)
                    position += length
                    break
            else:
                word = words[position]
                position += 1
                if word in self._dropped or (acronyms and word.rstrip("s") in acronyms):
                    continue
                kept.append(word)
                out.append(stems[position - 1])
        self._seen.update(kept)
        self._forms = None
        return out

    def words_met(self) -> tuple[dict[str, str], Counter[str]]:
        """What :meth:`readable` learns from the texts met: each word's stem and how often it was kept."""
        return self._stems, self._seen

    def learn_words(self, met: tuple[dict[str, str], Counter[str]]) -> None:
        """Take in another maker's :meth:`words_met` (one that made the terms of texts in another process)."""
        stems, seen = met
        for word, stem in stems.items():
            self._stems.setdefault(word, stem)
        self._seen.update(seen)
        self._forms = None

    def readable(self, term: str) -> str:
        """A word a person would recognise for a term (its commonest form, or the synonym group's name)."""
        if term[:1] in (SYNONYM_MARK, WHO_MARK):
            return term[1:]
        if self._forms is None:
            best: dict[str, tuple[int, str]] = {}
            for word, count in self._seen.items():
                stem = self._stems[word]
                if (count, word) > best.get(stem, (0, "")):
                    best[stem] = (count, word)
            self._forms = {stem: word for stem, (_, word) in best.items()}
        return self._forms.get(term, term)


def _words(text: str) -> list[str]:
    """Lower-case words, with possessive 's removed and hyphenated words split."""
    return _WORD.findall(_POSSESSIVE.sub("", text.lower().replace("\u2019", "'")))


# A new ask starts after sentence punctuation followed by a capital, a digit or a bullet,
# or on a new line that starts with a bullet or a list number.
_ASK_BREAK = re.compile(r"(?<=[.;:!?])\s+(?=[\"'\u201c(\[A-Z0-9\u2022*\u2013-])|\n\s*(?=[-\u2022*\u2013\u00b7\u25aa]|\(?[a-z0-9]{1,3}[.)]\s)")
_BULLET = re.compile(r"^\s*(?:[-\u2022*\u2013\u00b7\u25aa]|\(?[a-z0-9]{1,3}[.)])\s+")
MIN_ASK_TERMS = 3


def split_asks(text: str) -> list[str]:
    """The sentences and bullet points of a recommendation, each a candidate "ask".

    A recommendation often bundles several asks under one number; a recurring lesson may be
    only one of them, so texts are compared ask by ask as well as whole.

    >>> split_asks("Agree criteria for referrals. Audit them:\\n- in maternity\\n- in GP surgeries")
    ['Agree criteria for referrals.', 'Audit them:', 'in maternity', 'in GP surgeries']
    """
    return [_BULLET.sub("", part).strip() for part in _ASK_BREAK.split(text) if part.strip()]


_MODAL_WORDS = r"should|must|shall|will|needs? to|is to|are to"  # what asks come after
_MODAL = re.compile(rf"^(?:.{{0,80}}?)\b(?:{_MODAL_WORDS}|to)\s+(?:be\s+)?", re.I)
ASK_WORDS = 10


def short_ask(text: str, words: int = ASK_WORDS) -> str:
    """What a recommendation asks, shortened for a label: its first sentence from the verb after
    "should" (or "must", "to", ...), at most ``words`` words.

    >>> short_ask("The LSCB should publish criteria for pre-birth referral. It should audit them.")
    'Publish criteria for pre-birth referral'
    """
    sentence = split_asks(text)[0] if text.strip() else ""
    asked = _MODAL.sub("", sentence, count=1) or sentence
    kept = asked.rstrip(" .;:").split()
    out = " ".join(kept[:words]) + ("\u2026" if len(kept) > words else "")
    return out[:1].upper() + out[1:]


_MODAL_VERB = re.compile(rf"\b(?:{_MODAL_WORDS})\s+(be\s+)?", re.I)
_TO_VERB = re.compile(r"^.{0,120}?\bto\s+(?:be\s+)?", re.I)
PASSIVE_WORDS = 6  # words before "should be ..." taken as what is acted on


def main_ask(text: str, words: int) -> str:
    """What the first sentence of a text asks, for comparing texts by it: the ``words`` words from the
    verb after its first "should", "must" (...) and, when that verb is passive ("previous information
    which should be shared"), the ``PASSIVE_WORDS`` words before it, which name what is acted on.
    Without a modal verb, the words from the verb after "to" ("further work is undertaken with three
    services to establish criteria"), or else the sentence's first words.

    >>> main_ask("Agencies should share previous records with health visitors.", 3)
    'share previous records'
    >>> main_ask("Previous records should be retrieved by all agencies.", 3)
    'Previous records retrieved by all'
    >>> main_ask("Work is undertaken with Health and Police to establish referral criteria.", 3)
    'establish referral criteria.'
    """
    sentence = split_asks(text)[0] if text.strip() else ""
    modal = _MODAL_VERB.search(sentence)
    if modal:
        acted_on = sentence[:modal.start()].split()[-PASSIVE_WORDS:] if modal.group(1) else []
        return " ".join(acted_on + sentence[modal.end():].split()[:words])
    to = _TO_VERB.match(sentence)
    return " ".join((sentence[to.end():] if to else sentence).split()[:words])


@dataclass
class Wording:
    """The texts as TF-IDF rows: one row per ask (``asks``) and one per whole text (``whole``).

    The asks of text ``n`` are rows ``ask_start[n]`` to ``ask_start[n + 1] - 1`` of ``asks``.
    Both matrices share the columns ``terms`` and the inverse document frequencies of whole texts.
    ``pairs`` has one row per whole text too, over the pairs of its neighbouring terms (see
    :func:`term_pairs`), hashed into ``PAIR_COLUMNS`` columns.
    """

    asks: sparse.csr_matrix
    ask_start: np.ndarray
    whole: sparse.csr_matrix
    terms: list[str]
    pairs: sparse.csr_matrix

    @property
    def owner(self) -> np.ndarray:
        """The text each ask row belongs to."""
        return np.repeat(np.arange(self.ask_start.size - 1), np.diff(self.ask_start))

    def similarity(self, i: int, j: int) -> float:
        """The wording similarity of texts ``i`` and ``j``: the best cosine between their asks."""
        a = self.asks[self.ask_start[i]:self.ask_start[i + 1]]
        b = self.asks[self.ask_start[j]:self.ask_start[j + 1]]
        product = (a @ b.T).toarray()
        return float(product.max()) if product.size else 0.0


PAIR_COLUMNS = 2 ** 20  # pairs of terms are hashed into this many columns: no vocabulary of millions of pairs is held


def term_pairs(terms: list[str]) -> list[str]:
    """Each two neighbouring terms of a text (services and professions left out), in either order:
    what a phrase says, so that "referral criteria" and "criteria for such referrals" match as a
    phrase and not only word by word.

    >>> term_pairs(["establish", "referr", "criteria", "@health"])
    ['establish+referr', 'criteria+referr']
    """
    plain = [term for term in terms if not term.startswith(WHO_MARK)]
    return ["+".join(sorted(pair)) for pair in zip(plain, plain[1:], strict=False) if pair[0] != pair[1]]


def pair_rows(per_text: list[list[str]]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows of the texts' term pairs (:func:`term_pairs` of each text's terms)."""
    if not per_text:
        return sparse.csr_matrix(np.zeros((0, PAIR_COLUMNS), dtype=np.float32))
    counts = HashingVectorizer(analyzer=term_pairs, n_features=PAIR_COLUMNS, alternate_sign=False, norm=None,
                               dtype=np.float32).transform(per_text)
    return normalize(TfidfTransformer(sublinear_tf=True).fit_transform(counts), copy=False).tocsr()


def ask_terms(text: str, maker: TermMaker) -> list[list[str]]:
    """The terms of each ask of ``text``; an ask with too few terms joins the one before it."""
    asks: list[list[str]] = []
    for part in split_asks(text):
        found = maker.terms(part)
        if asks and (len(found) < MIN_ASK_TERMS or len(asks[-1]) < MIN_ASK_TERMS):
            asks[-1].extend(found)
        else:
            asks.append(found)
    return asks or [[]]


def _identity(terms: list[str]) -> list[str]:
    return terms


def _max_df(texts: int) -> float:
    """Terms in more than this share of texts are dropped on large stores (they say nothing)."""
    return 0.2 if texts >= 2000 else 1.0


def _who_scale(terms: list[str], who_weight: float) -> sparse.spmatrix:
    """A diagonal matrix that scales the "who" terms by ``who_weight``."""
    return sparse.diags(np.array([who_weight if t.startswith(WHO_MARK) else 1.0 for t in terms], dtype=np.float32))


def whole_rows(texts: Sequence[str], maker: TermMaker, who_weight: float = 1.0) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows of short texts taken whole (not ask by ask), "who" terms scaled."""
    vectoriser = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, max_df=_max_df(len(texts)), dtype=np.float32)
    try:
        rows = vectoriser.fit_transform([maker.terms(text) for text in texts])
    except ValueError:  # no terms at all
        return sparse.csr_matrix(np.zeros((len(texts), 0), dtype=np.float32))
    return normalize(rows @ _who_scale(list(vectoriser.get_feature_names_out()), who_weight), copy=False).tocsr()


def vectorise(texts: Sequence[str], maker: TermMaker, who_weight: float = 1.0) -> Wording:
    """L2-normalised TF-IDF rows for the texts and for each of their asks.

    Terms naming services or professions (the thesaurus's ``who`` groups) are scaled by
    ``who_weight`` before the rows are normalised.
    """
    return wording_of([ask_terms(text, maker) for text in texts], who_weight)


def wording_of(per_text: list[list[list[str]]], who_weight: float = 1.0) -> Wording:
    """:func:`vectorise` of texts whose terms, ask by ask (:func:`ask_terms`), are already made."""
    ask_start = np.zeros(len(per_text) + 1, dtype=np.int64)
    ask_start[1:] = np.cumsum([len(asks) for asks in per_text])
    vectoriser = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, max_df=_max_df(len(per_text)), dtype=np.float32)
    flat = [[t for ask in asks for t in ask] for asks in per_text]
    pairs = pair_rows(flat)
    try:
        whole = vectoriser.fit_transform(flat)
    except ValueError:  # no terms at all (every text empty of content words)
        empty = sparse.csr_matrix(np.zeros((len(per_text), 0), dtype=np.float32))
        return Wording(sparse.csr_matrix(np.zeros((int(ask_start[-1]), 0), dtype=np.float32)), ask_start, empty, [], pairs)
    asks = vectoriser.transform([ask for asks in per_text for ask in asks])
    terms = list(vectoriser.get_feature_names_out())
    if who_weight != 1.0:
        scale = _who_scale(terms, who_weight)
        whole, asks = whole @ scale, asks @ scale
    return Wording(normalize(asks, copy=False).tocsr(), ask_start, normalize(whole, copy=False).tocsr(), terms, pairs)
