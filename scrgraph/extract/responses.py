"""Responses to a review (a government, agency or board reply to its numbered recommendations).

A response is recognised by two or more headings "Response to recommendation N" (any words before
them: "Government response to recommendation 3"), or by two or more paragraphs labelled "Response:"
("Board response: Accepted. ...") each after a numbered recommendation, which it answers. The first paragraph under each heading is a
measure answering recommendation N; its stance ("supports", "accepts in part", "does not
accept") is read from that paragraph, and a recommendation not accepted gets the status
``closed_not_accepted`` of ontology/statuses.ttl; an accepted one is ``not_started`` unless the
sentences after the stance report progress ("is being", "has been set up").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scrgraph.extract.document import Document

HEADING = re.compile(r"^[ \t]*(?:[A-Za-z’']+[ \t]+){0,3}response[ \t]+to[ \t]+recommendation[ \t]+(?P<ref>\d{1,2}[a-z]?)[ \t]*:?[ \t]*$",
                     re.I | re.M)
LABEL = re.compile(r"^[ \t]*(?:[A-Za-z’']+[ \t]+){0,2}(?:response|reply)[ \t]*[:–—-][ \t]*(?P<body>\S.*?)(?=\n[ \t]*\n|\Z)",
                   re.I | re.M | re.S)
NOT_ACCEPTED = re.compile(r"\b(?:does not|do not|cannot|will not) (?:support|accept|agree)\b|\b(?:rejects?|not accepted|declines?)\b", re.I)
IN_PART = re.compile(r"\b(?:in part|partly|partially|in principle)\b", re.I)
ACCEPTED = re.compile(r"\b(?:supports?|accepts?|agrees?|welcomes?|accepted)\b", re.I)


@dataclass
class Answer:
    """The first paragraph answering one recommendation, with its span and stance."""

    ref: str
    text: str
    start: int
    end: int
    stance: str

    @property
    def after_stance(self) -> str:
        """The paragraph after its first sentence (which states the stance and restates the recommendation)."""
        parts = re.split(r"(?<=[.!?])\s+(?=[A-Z])", self.text, maxsplit=1)
        return parts[1] if len(parts) > 1 else ""


def stance(text: str) -> str:
    """accepted, accepted in part, not accepted, or unclear, as the paragraph words it."""
    if NOT_ACCEPTED.search(text):
        return "accepted in part" if IN_PART.search(text) or ACCEPTED.search(NOT_ACCEPTED.sub("", text)) else "not accepted"
    if ACCEPTED.search(text):
        return "accepted in part" if IN_PART.search(text) else "accepted"
    return "unclear"


def labelled_answers(document: Document, recommendations: list[tuple[str, int]]) -> list[Answer]:
    """Answers written as "Response: Accepted. ..." after each recommendation: each answers the last
    recommendation (ref, start) before it (none unless there are two or more)."""
    found: list[Answer] = []
    for label in LABEL.finditer(document.text):
        before = [ref for ref, start in recommendations if start < label.start()]
        if not before or any(a.ref == before[-1] for a in found):
            continue
        body = " ".join(label.group("body").split())
        found.append(Answer(before[-1], body, label.start("body"), label.end("body"), stance(body)))
    return found if len(found) >= 2 else []


def answers(document: Document) -> list[Answer]:
    """One answer per "response to recommendation N" heading (none unless there are two or more)."""
    text = document.text
    headings = list(HEADING.finditer(text))
    if len(headings) < 2:
        return []
    found = []
    for index, heading in enumerate(headings):
        stop = headings[index + 1].start() if index + 1 < len(headings) else len(text)
        body = re.search(r"\S.*?(?=\n[ \t]*\n|\Z)", text[heading.end():stop], re.S)
        if body is None:
            continue
        paragraph = " ".join(body.group().split())
        start = heading.end() + body.start()
        found.append(Answer(heading.group("ref"), paragraph, start, start + len(body.group()), stance(paragraph)))
    return found
