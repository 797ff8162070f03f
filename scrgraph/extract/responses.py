"""Responses to a review (a government, agency or board reply to its numbered recommendations).

A response is recognised by two or more headings "Response to recommendation N" (any words before
them: "Government response to recommendation 3"), or by two or more paragraphs labelled "Response:"
("Board response: Accepted. ...") each after a numbered recommendation, which it answers (both
patterns in ``loaders/responses.yaml``); a label with only the stance ("Response: Accepted") is
answered by the paragraph after it. The first paragraph under each heading is a measure
answering recommendation N; its stance ("supports", "accepts in part", "does not accept", words
in ``loaders/responses.yaml``) is read from that paragraph, narrowed by the paragraphs after it
(an answer accepted in part keeps the sentence that limits it as the measure's reason), and a recommendation not accepted gets the status
``closed_not_accepted`` of ontology/statuses.ttl; an accepted one is ``not_started`` unless the
sentences after the stance report progress ("is being", "has been set up").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scrgraph.extract.document import Document
from scrgraph.extract.lexicons import lexicon_pattern

LEXICON = "responses.yaml"  # in the loaders bundle: answer headings and labels, stance words
ANSWER_PARAGRAPHS = 4  # the stance is read from this many paragraphs of an answer at most
STANCE_ONLY_WORDS = 5  # a labelled answer this short ("Response: Accepted in principle") only gives the stance
PARAGRAPH = re.compile(r"\S.*?(?=\n[ \t]*\n|\Z)", re.S)
NEXT_RECOMMENDATION = r"recommendation[ \t]+\d"  # ends a labelled answer with no blank line before it


def _heading() -> re.Pattern[str]:
    return lexicon_pattern(LEXICON, "answer_heading")


def _label() -> re.Pattern[str]:
    return lexicon_pattern(LEXICON, "answer_label")


def _update_label() -> re.Pattern[str]:
    return lexicon_pattern(LEXICON, "update_label")


def is_answer_label(text: str) -> bool:
    """Whether a paragraph opens with an answer's label ("Board response: ...", "Update: ...")."""
    return bool(re.match(rf"[ \t]*(?:{_label().pattern}|{_update_label().pattern})", text, re.I))


def _stance_cue(name: str) -> re.Pattern[str]:
    return lexicon_pattern(LEXICON, f"stances.{name}")


@dataclass
class Answer:
    """The first paragraph answering one recommendation, with its span and stance."""

    ref: str
    text: str
    start: int
    end: int
    stance: str
    limit: str | None = None  # in an answer accepted in part, the sentence that limits it
    action: bool = False  # one of the actions taken listed under the answer ("Actions taken:"), not the answer itself

    @property
    def after_stance(self) -> str:
        """The paragraph after its first sentence (which states the stance and restates the recommendation)."""
        parts = re.split(r"(?<=[.!?])\s+(?=[A-Z])", self.text, maxsplit=1)
        return parts[1] if len(parts) > 1 else ""


def stance(text: str) -> str:
    """accepted, accepted in part, not accepted, or unclear, as the paragraph words it."""
    refused, in_part, accepted = _stance_cue("not_accepted"), _stance_cue("in_part"), _stance_cue("accepted")
    if refused.search(text):
        return "accepted in part" if in_part.search(text) or accepted.search(refused.sub("", text)) else "not accepted"
    if accepted.search(text):
        return "accepted in part" if in_part.search(text) else "accepted"
    return "unclear"


def limiting_sentence(text: str) -> str | None:
    """The first sentence of an answer that declines something ("... do not support mandating ...")."""
    refused = _stance_cue("not_accepted")
    return next((s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text) if refused.search(s)), None)


def answer_stance(first: str, rest: str) -> str:
    """The stance of a whole answer: its first paragraph's, narrowed by what follows (an acceptance the later
    paragraphs limit is in part; an unclear first paragraph takes the later ones' stance)."""
    opening, later = stance(first), stance(rest) if rest.strip() else "unclear"
    if opening == "unclear":
        return later
    if opening == "accepted" and later in ("not accepted", "accepted in part"):
        return "accepted in part"
    return opening


def labelled_updates(document: Document, recommendations: list[tuple[str, int]]) -> list[Answer]:
    """Updates written as "Update: ..." after each recommendation (``update_label``): each reports what
    was done on the last recommendation (ref, start) before it (none unless there are two or more)."""
    return labelled_answers(document, recommendations, _update_label())


NOTHING_DONE = re.compile(r"^(?:none|nothing|no action|not yet|n/a)\b", re.I)
# A short label opening a paragraph ("By when: December 2024"): the next field of the answer, no action taken.
FIELD_LABEL = re.compile(r"^[A-Z][A-Za-z ]{1,24}:\s")
# A numbered paragraph or heading ("4. Conclusion", "4.1 Patrick was ..."): the next part of the document.
SECTION_START = re.compile(r"^\d+(?:\.\d+)*\.?\s+\S")


def _actions_taken(text: str, after: int, stop: int) -> list[re.Match[str]]:
    """The paragraphs under a label that stands alone after an answer ("Actions taken:"), up to ``stop``
    (the next recommendation), that report something done ("None yet. ..." and "None." do not)."""
    label = PARAGRAPH.search(text, after)
    if label is None or label.start() >= stop or not re.fullmatch(rf"[ \t]*(?:{_update_label().pattern})[ \t]*", label.group(), re.I):
        return []
    found = []
    for paragraph in PARAGRAPH.finditer(text, label.end()):
        said = paragraph.group().strip()
        if paragraph.start() >= stop or _label().match(said) or _update_label().match(said) or SECTION_START.match(said) \
                or FIELD_LABEL.match(said):
            break
        if NOTHING_DONE.match(said):
            break  # "None." or "None yet. ...": nothing done, and the list ends
        found.append(paragraph)
    return found


def labelled_answers(document: Document, recommendations: list[tuple[str, int]],
                     label_words: re.Pattern[str] | None = None) -> list[Answer]:
    """Answers written as "Response: Accepted. ..." after each recommendation: each answers the last
    recommendation (ref, start) before it (none unless there are two or more)."""
    found: list[Answer] = []
    label_pattern = re.compile(rf"^[ \t]*(?:{(label_words or _label()).pattern})[ \t]*(?P<body>\S.*?)(?=\n[ \t]*\n|\n[ \t]*(?:{NEXT_RECOMMENDATION})|\Z)",
                               re.I | re.M | re.S)
    for label in label_pattern.finditer(document.text):
        before = [ref for ref, start in recommendations if start < label.start()]
        if not before or any(a.ref == before[-1] for a in found):
            continue
        body = " ".join(label.group("body").split())
        start, end = label.start("body"), label.end("body")
        following = PARAGRAPH.search(document.text, end)
        later = [begin for _, begin in recommendations if begin > label.start()]
        done = _actions_taken(document.text, end, later[0] if later else len(document.text))
        if done:  # "Actions taken:" and a paragraph for each: each a measure, with the answer's stance
            taken = stance(body)
            found.extend(Answer(before[-1], " ".join(m.group().split()), m.start(), m.end(), taken, action=True) for m in done)
            continue
        if following and re.fullmatch(rf"[ \t]*(?:{_update_label().pattern})[ \t]*", following.group(), re.I):
            following = PARAGRAPH.search(document.text, following.end())  # "Actions taken:" with nothing under it
        if len(body.split()) <= STANCE_ONLY_WORDS and following and (not later or following.start() < later[0]):
            # "Response: Accepted" alone: what is done is the paragraph after it
            said = " ".join(following.group().split())
            taken = stance(body)
            found.append(Answer(before[-1], said, following.start(), following.end(),
                                stance(said) if taken == "unclear" else taken))
            continue
        found.append(Answer(before[-1], body, start, end, stance(body)))
    return found if len(found) >= 2 else []


def answers(document: Document) -> list[Answer]:
    """One answer per "response to recommendation N" heading (none unless there are two or more); its first
    paragraph is the measure, its stance read from up to :data:`ANSWER_PARAGRAPHS` paragraphs."""
    text = document.text
    heading = re.compile(rf"^[ \t]*(?:{_heading().pattern})[ \t]*$", re.I | re.M)
    headings = list(heading.finditer(text))
    if len(headings) < 2:
        return []
    found = []
    for index, match in enumerate(headings):
        stop = headings[index + 1].start() if index + 1 < len(headings) else len(text)
        paragraphs = list(re.finditer(r"\S.*?(?=\n[ \t]*\n|\Z)", text[match.end():stop], re.S))[:ANSWER_PARAGRAPHS]
        if not paragraphs:
            continue
        body = paragraphs[0]
        paragraph = " ".join(body.group().split())
        rest = " ".join(" ".join(p.group().split()) for p in paragraphs[1:])
        start = match.end() + body.start()
        taken = answer_stance(paragraph, rest)
        limit = limiting_sentence(f"{paragraph} {rest}") if taken == "accepted in part" else None
        found.append(Answer(match.group("ref"), paragraph, start, start + len(body.group()), taken, limit))
    return found
