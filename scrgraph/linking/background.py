"""Make the terms and TF-IDF rows of texts in a helper process while the texts are still being read.

Linking a national store reads 150,000 recommendations from it and makes each one's terms: two
steps of about 13 s each, one after the other on one core. :class:`WordingMaker` takes each text as
it is read and, once there are ``MIN_TEXTS`` of them, hands them in chunks to a process of its own
on another core, which makes their terms meanwhile; at the end it builds the rows in the order
asked for and sends them back with what it learnt of the words (for :meth:`TermMaker.readable`).
The result is the same as :func:`vectorise` here. Below ``MIN_TEXTS`` texts, or if the helper
cannot be started or stops, everything is made in this process as before.

>>> from scrgraph.linking.settings import LinkSettings
>>> with WordingMaker(LinkSettings()) as terms:
...     terms.add("b", "Audit referrals"); terms.add("a", "Train staff")
...     made = terms.make(["a", "b"], ["Train staff", "Audit referrals"], TermMaker(LinkSettings()))
>>> made.wording.whole.shape[0], made.core is None
(2, True)
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import subprocess
import sys
import threading
from dataclasses import dataclass
from typing import IO, Any, cast

from scipy import sparse

from scrgraph.linking.settings import LinkSettings
from scrgraph.linking.text import TermMaker, Wording, ask_terms, main_ask, whole_rows, wording_of

CHUNK = 2000  # texts sent to the helper at a time
MIN_TEXTS = 20000  # fewer than this are made here: starting the helper (about a second) would not pay


@dataclass
class Made:
    """The wording of the texts and, when asked for, the rows of what their first sentence asks (``core``, see ``main_ask``)."""

    wording: Wording
    core: sparse.csr_matrix | None


def _make(texts: list[str], per_text: list[list[list[str]]], order: list[int], maker: TermMaker,
          who_weight: float, core_words: int | None) -> Made:
    """The rows of the texts at ``order``, from their terms already made."""
    wording = wording_of([per_text[i] for i in order], who_weight)
    core = whole_rows([main_ask(texts[i], core_words) for i in order], maker, who_weight) if core_words else None
    return Made(wording, core)


def _serve() -> None:
    """The helper process: read pickled messages on stdin (chunks of texts, then the order of the
    rows wanted), make the terms of each chunk as it comes, and write the rows to stdout."""
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    settings = pickle.load(requests)
    maker = TermMaker(settings)
    texts: list[str] = []
    per_text: list[list[list[str]]] = []
    while True:
        try:
            message = pickle.load(requests)
        except EOFError:  # the linker stopped (or made everything itself): nothing to send
            return
        if isinstance(message, list):
            texts.extend(message)
            per_text.extend(ask_terms(text, maker) for text in message)
            continue
        order, core_words = message
        pickle.dump((_make(texts, per_text, order, maker, settings.who_weight, core_words), maker.words_met()),
                    answers, protocol=pickle.HIGHEST_PROTOCOL)
        answers.flush()
        return


class WordingMaker:
    """Collects texts as they are read and makes their wording, in a helper process when there are many."""

    def __init__(self, settings: LinkSettings) -> None:
        self._settings = settings
        self._min_texts, self._chunk = MIN_TEXTS, CHUNK
        self._position: dict[str, int] = {}
        self._waiting: list[str] = []
        self._helper: subprocess.Popen[bytes] | None = None
        self._outbox: queue.Queue[Any] | None = None  # what the feeding thread writes to the helper
        self._gave_up = False

    def __enter__(self) -> WordingMaker:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop_helper()

    def add(self, key: str, text: str) -> None:
        """One more text, known by ``key`` (a key met again is ignored: its first text counts)."""
        if key in self._position:
            return
        self._position[key] = len(self._position)
        self._waiting.append(text)
        if len(self._waiting) >= self._chunk and len(self._position) >= self._min_texts and not self._gave_up:
            self._send()

    def _send(self) -> None:
        if self._helper is None:
            self._start()
        if self._outbox is not None:
            self._outbox.put(self._waiting)
            self._waiting = []

    def _start(self) -> None:
        """Start the helper: ``python -m scrgraph.linking.background`` (not multiprocessing, whose
        spawned children import the caller's own script again), fed by a thread so that writing to
        it never holds up reading the store."""
        # The helper imports scrgraph from where this process did.
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p and os.path.isdir(p)))
        try:
            process = subprocess.Popen([sys.executable, "-m", "scrgraph.linking.background"], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        except OSError:  # no second process here: everything is made in this one
            self._gave_up = True
            return
        outbox: queue.Queue[Any] = queue.Queue()
        requests = cast(IO[bytes], process.stdin)

        def feed() -> None:
            try:
                pickle.dump(self._settings, requests, protocol=pickle.HIGHEST_PROTOCOL)
                while (message := outbox.get()) is not None:
                    pickle.dump(message, requests, protocol=pickle.HIGHEST_PROTOCOL)
                    requests.flush()
            except OSError:  # the helper stopped: make() finds out and makes everything here
                pass
            finally:
                with contextlib.suppress(OSError):
                    requests.close()

        self._helper, self._outbox = process, outbox
        threading.Thread(target=feed, name="scrgraph-link-terms", daemon=True).start()

    def _stop_helper(self) -> None:
        """Stop the helper, if one runs, and make whatever is asked for next in this process."""
        self._gave_up = True
        if self._outbox is not None:
            self._outbox.put(None)
            self._outbox = None
        if self._helper is not None:
            self._helper.kill()
            self._helper.wait()
            self._helper = None

    def make(self, keys: list[str], texts: list[str], maker: TermMaker, core_words: int | None = None) -> Made:
        """The wording of the texts of ``keys``, in that order (``texts`` are the same texts, in the
        same order, for making them here if the helper cannot); ``maker`` learns the words met.
        With ``core_words``, also the rows of what each text's first sentence asks, in ``core_words`` words (``main_ask``)."""
        if self._helper is not None and self._outbox is not None and all(key in self._position for key in keys):
            if self._waiting:
                self._outbox.put(self._waiting)
                self._waiting = []
            self._outbox.put(([self._position[key] for key in keys], core_words))
            self._outbox.put(None)
            try:
                made, met = pickle.load(cast(IO[bytes], self._helper.stdout))
            except (OSError, EOFError, pickle.UnpicklingError):  # the helper stopped: made here below
                pass
            else:
                maker.learn_words(met)
                self._outbox = None
                self._stop_helper()
                return made
        self._stop_helper()
        return _make(texts, [ask_terms(text, maker) for text in texts], list(range(len(texts))), maker,
                     self._settings.who_weight, core_words)


if __name__ == "__main__":  # the helper: run from the module by its name, so that what it sends unpickles as ours
    from scrgraph.linking.background import _serve as serve_from_module

    serve_from_module()
