"""Put an extraction together: document -> profile -> sections -> items -> a checked review record.

:func:`extract_document` is the whole pipeline. The record it gives passes
:func:`scrgraph.record.check_record`; everything doubtful is in its ``warnings`` list, for the
analyst who corrects the YAML before loading it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrgraph.errors import ScrgraphError
from scrgraph.extract.addressees import combine, defined_abbreviations, responsible_agencies
from scrgraph.extract.document import Document
from scrgraph.extract.general import (
    SENTENCE,
    Block,
    actions,
    asks,
    asks_for_something,
    cue,
    heading_kind,
    is_furniture,
    labelled_findings,
    looks_like_heading,
    names_asks,
    read_general,
    reported_actions,
    reports_finding,
    sentence_candidates,
    sentence_item,
    sentence_parts,
    sentences,
    statements,
)
from scrgraph.extract.items import (
    Item,
    SectionItems,
    group_findings,
    inline_items,
    inline_kind,
    listed_measures,
    read_section,
    table_items,
)
from scrgraph.extract.measures import (
    MeasureDraft,
    dates_of,
    measure_from,
    measures_after,
    measures_in_recommendation,
    status_cue,
)
from scrgraph.extract.metadata import review_details
from scrgraph.extract.paragraphs import Para, build_paras
from scrgraph.extract.pfd import (
    concerns,
    coroner_area,
    deceased,
    is_pfd,
    is_pfd_reply,
    is_reply,
    receivers,
    reply_action,
    reply_change,
    reply_courtesy,
    restates_concern,
)
from scrgraph.extract.profiles import DocumentFeatures, Profile, choose_profile, get_profile
from scrgraph.extract.readers import read_document
from scrgraph.extract.responses import answers, labelled_answers, labelled_updates
from scrgraph.extract.sections import Section, split_sections
from scrgraph.recognise.agencies import AgencyMention, agency_label, find_agencies, home_agency, resolve_agency
from scrgraph.recognise.themes import action_type, tag_themes
from scrgraph.record import check_record

PASSAGE_CHARS = 400
MAX_FORMS = 8


@dataclass
class Extraction:
    """What extracting one document gave: the record, the profile used (and every profile's score), warnings."""

    record: dict[str, Any]
    profile: str
    scores: dict[str, float]
    document: Document
    warnings: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many findings, recommendations, measures and agencies the record holds."""
        return {kind: len(self.record.get(kind) or []) for kind in ("findings", "recommendations", "measures", "agencies")}


# ---------------------------------------------------------------------------------------------
# Profile choice


def document_features(document: Document, paras: list[Para], profile: Profile) -> DocumentFeatures:
    """Counts profile scoring looks at."""
    features = DocumentFeatures(document.format, document.text[:200000])
    features.numbered_paragraphs = sum(1 for p in paras if p.scheme == "decimal")
    features.list_items = sum(1 for p in paras if p.kind in ("item", "label") and p.scheme in ("number", "letter", "roman", "labelled", "bullet"))
    features.headings = sum(1 for p in paras if p.kind == "heading")
    tables: dict[int, list[Para]] = {}
    for para in paras:
        if para.kind == "row" and para.table is not None:
            tables.setdefault(para.table, []).append(para)
    features.tables = sum(1 for rows in tables.values() if table_items(rows, None, profile)[0])
    features.inline_lists = sum(1 for p in paras if p.kind == "text" and inline_items(p, "recommendations", profile))
    return features


# ---------------------------------------------------------------------------------------------
# Helpers


def _passage(document: Document, start: int, end: int) -> str:
    text = " ".join(document.text[start:min(end, start + 4 * PASSAGE_CHARS)].split())
    return text if len(text) <= PASSAGE_CHARS else text[: PASSAGE_CHARS - 1].rstrip() + "…"


def _provenance(document: Document, start: int, end: int, page: int | None, paragraph: str | None) -> dict[str, Any]:
    return {"page": page, "paragraph": paragraph, "span": [start, max(start, end)], "passage": _passage(document, start, end)}


def _paragraph_label(item: Item) -> str | None:
    if item.scheme in ("decimal", "number", "letter", "roman", "short") or item.ref and "-" in (item.ref or ""):
        return item.ref
    if item.scheme == "labelled":
        if item.ref and item.ref[:1].isalpha():
            return item.ref
        word = (item.marker_para.label_word if item.marker_para else None) or item.kind.rstrip("s")
        return f"{word.capitalize()} {item.ref}"
    if item.scheme == "bullet":
        return f"bullet {item.ref}"
    if item.scheme == "table" and item.marker_para is not None:
        return f"table {item.marker_para.table}, row {item.marker_para.row}"
    if item.scheme == "inline":
        return f"inline list, part {item.ref}"
    if item.scheme == "sentence":
        return f"sentence {item.ref}"
    if item.scheme == "quote":
        return f"quoted paragraph {item.ref}"
    return f"paragraph {item.ref}" if item.ref else None


def _unique_refs(entries: list[dict[str, Any]], kind: str, warnings: list[str]) -> None:
    seen: dict[str, int] = {}
    for entry in entries:
        ref = entry["ref"]
        if ref in seen:
            seen[ref] += 1
            entry["ref"] = f"{ref} ({seen[ref]})"
            warnings.append(f"Two {kind} have the ref {ref}; the later one is {entry['ref']}, correct the refs as printed.")
        else:
            seen[ref] = 1


# ---------------------------------------------------------------------------------------------
# Extraction


# Inside a finding: what an agency "has since" done (a change made after the events the review looked at).
HAS_SINCE = re.compile(r"\b(?:has|have) since\b", re.I)

# In a coroner's report, an action reported as taken since the death ("the Trust has since created a
# post", "a night worker has now been employed", "changed subsequent to her death").
SINCE_DEATH = re.compile(r"\b(?:has|have) (?:since|now)\b|\bsince (?:the|his|her|their) (?:death|inquest)\b|"
                         r"\bsubsequent(?:ly| to)\b|\btold me (?:that )?(?:it|they) (?:has|have)\b", re.I)

# A paragraph opening with these words states something (an imperative ask opens with its verb).
DECLARATIVE_START = re.compile(r"(?:The|This|These|Those|That|It|Its|A|An|Our|Their|We|They|There|Statutory|National)\b")


# Schemes of items listed with markers (not paragraphs or sentences read as items).
LISTED = ("labelled", "short", "decimal", "number", "letter", "roman", "bullet")

# The agencies that are a review's own board or partnership: a heading naming one ("Recommendations for
# the partnership") is the audience of items that name their own doers.
BOARDS = frozenset({"lscp", "sab", "csp"})


def _part_reports_after(result: SectionItems) -> None:
    """Paragraphs at the end of the last recommendation, after a blank line, that ask nothing and
    report what was done or how the response stands ("The partnership has accepted all four
    recommendations ...") follow the recommendations: they are no part of the last one."""
    if not result.items or result.items[-1].kind != "recommendations":
        return
    last = result.items[-1]
    moved: list[Para] = []
    while len(last.paras) > 1 and last.paras[-1].kind == "text" and last.paras[-1].gap:
        text = last.paras[-1].text
        if cue("ask").search(text) or not (cue("plan_status").search(text) or cue("done").search(text)):
            break
        moved.insert(0, last.paras.pop())
    result.after[:0] = moved


def _done_after_lead_in(result: SectionItems) -> None:
    """In a recommendations section, a paragraph ending in a colon that leads in what has already been done
    ("Some learning has already been acted on by agencies while the review was in progress:") leads in
    measures: the items listed after it (before any heading) are measures, and it is part of no item."""
    def leads_done(para: Para) -> bool:
        return para.kind == "text" and para.text.rstrip().endswith(":") \
            and heading_kind(SENTENCE.split(para.text.strip())[-1]) == "measures"

    for item in result.items:  # read into the item before it: no part of that item
        if item.kind == "recommendations" and len(item.paras) > 1 and leads_done(item.paras[-1]):
            result.after.append(item.paras.pop())
    leads = [p.start for p in result.after if leads_done(p)]
    stops = [p.start for p in result.after if p.kind == "heading"]
    for item in result.items:
        start = item.paras[0].start if item.paras else -1
        lead = max((at for at in leads if at < start), default=None)
        if item.kind == "recommendations" and lead is not None and not any(lead < stop < start for stop in stops):
            item.kind = "measures"


def _under_asking_heading(section: Section, start: int) -> bool:
    """Whether the text at ``start`` stands under a heading of its section (or the section's own) that names
    recommendations too ("What the review found and what it asks of us"), with no heading of that rank or
    higher between."""
    headings = ([section.heading] if section.heading is not None else []) + [p for p in section.paras if p.kind == "heading"]
    rank = None
    for heading in sorted((h for h in headings if h.start < start), key=lambda h: h.start, reverse=True):
        level = heading.level or 9
        if rank is not None and level > rank:
            continue  # a sub-heading below one already passed
        if names_asks(heading.text):
            return True
        rank = level if rank is None else min(rank, level)
    return False


class _Builder:
    def __init__(self, document: Document, profile: Profile, scores: dict[str, float], source_path: str | None):
        self.document = document
        self.profile = profile
        self.scores = scores
        self.source_path = source_path or document.path
        self.warnings: list[str] = list(document.warnings)
        self.findings: list[Item] = []
        self.recommendations: list[Item] = []
        self.measure_items: list[Item] = []
        self.measures: list[MeasureDraft] = []
        self.pfd = False
        self.mentions: list[AgencyMention] | None = None
        self.abbreviations: dict[str, AgencyMention] | None = None

    def run(self) -> Extraction:
        paras = build_paras(self.document, self.profile)
        review, warnings = review_details(self.document, paras, self.profile)
        home = resolve_agency(review["board"]) if review["board"] != "Unknown board" else None
        with home_agency(home.agency_id if home else None):
            return self._run(paras, review, warnings)

    def _run(self, paras: list[Para], review: dict[str, Any], warnings: list[str]) -> Extraction:
        sections = split_sections(paras, self.profile)
        self.deferred: list[Item] = []
        for section in sections:
            self._section(section)
        self._merge_deferred()
        if not self.recommendations:
            self._labelled_anywhere(paras)
        if not self.recommendations:
            self._inline_anywhere(paras)
        self._general()
        if is_pfd_reply(self.document):  # a reply that does not quote the report's concerns
            self._reply_measures()
        self._plan_statuses()
        self._restated_concerns()
        self._findings_reporting_action()
        self._changes_since_inside_findings()
        self._findings_labelled_inside()
        if not self._responses():
            self._updates()
        if self.pfd:
            self._pfd_details(review, warnings)
        self.warnings.extend(warnings)
        review["source"] = {"path": self.source_path, "format": self.document.format}
        if self.document.sha256:
            review["source"]["sha256"] = self.document.sha256
        record: dict[str, Any] = {"scrgraph_record": 1, "review": review}
        record["findings"] = [self._finding(i) for i in self.findings if self._has_text(i)]
        record["recommendations"] = [self._recommendation(i) for i in self.recommendations if self._is_recommendation(i)]
        record["measures"] = self._measures(record["recommendations"])
        _unique_refs(record["findings"], "findings", self.warnings)
        _unique_refs(record["recommendations"], "recommendations", self.warnings)
        record["agencies"] = self._agencies(record)
        if not record["recommendations"] and not self.pfd:
            self.warnings.append("No recommendations were found; check the document (or try another --profile) before loading.")
        record["warnings"] = list(dict.fromkeys(self.warnings))
        if not record["warnings"]:
            del record["warnings"]
        try:
            checked = check_record(record, source=self.source_path)
        except ScrgraphError as exc:  # a bug in the loader, not the analyst's doing
            raise ScrgraphError(f"The record extracted from {self.document.path} is not valid ({str(exc).rstrip('.')}); "
                                f"please report this.") from None
        record["review"] = {"id": checked.review_id, **record["review"]}
        return Extraction(record, self.profile.name, self.scores, self.document, record.get("warnings", []))

    # -- sections ------------------------------------------------------------------------------

    def _section(self, section: Section) -> None:
        rows: dict[int, list[Para]] = {}
        for para in section.paras:
            if para.kind == "row" and para.table is not None:
                rows.setdefault(para.table, []).append(para)
        kind = section.kind if section.kind in ("findings", "recommendations", "measures") else None
        tabled = False
        for table_rows in rows.values():
            items, warnings = table_items(table_rows, kind, self.profile)
            self.warnings.extend(warnings)
            tabled = tabled or any(item.kind == kind for item in items)
            for item in items:
                if kind is None:
                    self.deferred.append(item)  # an appendix or action plan: see _merge_deferred
                else:
                    self._add(item)
        if kind is None:
            return
        # a page's running footer saved into the text ("... | OFFICIAL | Page 9 of 11") belongs to no item
        section.paras = [p for p in section.paras if p.kind == "row" or not is_furniture(p.text)]
        result = read_section(section, self.profile, self.document.wrapped)
        self.warnings.extend(result.warnings)
        if tabled:  # the table holds the section's items: its plain paragraphs introduce or comment it
            result.items = [item for item in result.items if item.scheme not in (None, "paragraph")]
        items = result.items
        for item in items:
            label = (item.marker_para.label_word or "") if item.marker_para is not None and item.scheme == "labelled" else ""
            if label.startswith("recommend"):
                item.kind = "recommendations"  # "Recommendation 2" inside a findings section
            elif label.startswith("finding"):
                item.kind = "findings"
        _part_reports_after(result)
        _done_after_lead_in(result)
        if kind == "findings":
            others = [i for i in items if i.kind != "findings"]
            grouped = group_findings([i for i in items if i.kind == "findings"], self.profile, self.document.wrapped)
            items = [part for item in grouped for part in statements(item)] + others
        expanded: list[Item] = []
        for item in items:
            inline = None
            if item.scheme == "paragraph" and len(item.paras) == 1:
                inline = inline_items(item.paras[0], kind, self.profile)
            if inline:
                for sub in inline:
                    sub.context = item.context
                expanded.extend(inline)
            else:
                expanded.extend(part for listed in listed_measures(item) for acted in actions(listed) for part in asks(acted))
        if kind == "recommendations":
            expanded = self._asking_paragraphs_only(expanded)
        if kind == "findings":
            for item in expanded:  # under "What the review found and what it asks of us": its listed points that ask
                if item.kind == "findings" and item.scheme in LISTED and _under_asking_heading(section, item.start) \
                        and asks_for_something(item.text(self.document.wrapped)):
                    item.kind = "recommendations"
        if any(i.scheme == "inline" for i in expanded):
            for number, item in enumerate(expanded, start=1):
                if item.scheme in ("inline", "paragraph"):
                    item.ref = str(number)
        lead_context = self._lead_in_context(result.lead_in)
        for item in expanded:
            if item.scheme in (None, "paragraph") and cue("contact").search(item.text(self.document.wrapped)):
                continue  # "For training, visit the Board's pages or email ...": no item
            if not item.context and lead_context and item.kind == "recommendations":
                item.lead_context = lead_context
            if not item.text(self.document.wrapped) and item.kind != "measures":
                self.warnings.append(f"The number {item.ref} in the {item.kind} stands without any text; it was left out.")
                continue
            self._add(item)
        if kind == "recommendations":
            self.measures.extend(measures_after(result.after, self.profile))
        elif kind == "measures":
            self.measures.extend(measures_after(result.lead_in + result.after, self.profile))

    def _asking_paragraphs_only(self, items: list[Item]) -> list[Item]:
        """A recommendations section of plain paragraphs, half or more of which ask for something, keeps only
        those that ask or may (an imperative not in the lexicon: "Agree and record who leads"): a
        paragraph that opens as a statement ("The Board has accepted ...", "Statutory guidance
        requires ...") and asks nothing is none, and is a measure when it reports work done or planned."""
        paragraphs = [i for i in items if i.kind == "recommendations" and i.scheme in (None, "paragraph") and len(i.paras) == 1]

        def asks(item: Item) -> bool:
            text = item.paras[0].text
            return bool(cue("ask").search(text) or cue("imperative").match(text))

        asking = [i for i in paragraphs if asks(i)]
        if len(asking) < 2 or len(asking) * 2 < len(paragraphs) or len(asking) == len(paragraphs):
            return items
        kept = []
        for item in items:
            if item in paragraphs and item not in asking and DECLARATIVE_START.match(item.paras[0].text):
                if cue("done").search(item.paras[0].text):
                    item.kind = "measures"
                    self.measure_items.append(item)
                continue
            kept.append(item)
        return kept

    def _merge_deferred(self) -> None:
        """Tables outside the sections (an action plan in an appendix) add what the sections did not give.

        Their recommendations count only when no section gave any (or give new refs); their actions
        are measures answering the recommendation of their row.
        """
        def key(item: Item) -> str:
            return " ".join(re.sub(r"[^\w]+", " ", item.text(self.document.wrapped).lower()).split())

        known = {i.ref: i.ref for i in self.recommendations} | {key(i): i.ref for i in self.recommendations}
        known_findings = {i.ref for i in self.findings}
        renamed: dict[str | None, str] = {}
        for item in self.deferred:
            if item.kind == "recommendations":
                same = known.get(item.ref) if item.ref in known and key(item) in known else known.get(key(item))
                if same is not None:
                    renamed[item.ref] = same
                    continue
            if item.kind == "findings" and item.ref in known_findings:
                continue
            if item.kind == "measures" and item.cells.get("_answers") in renamed:
                item.cells["_answers"] = renamed[item.cells["_answers"]]
            self._add(item)

    def _lead_in_context(self, lead_in: list[Para]) -> list[tuple[str, str]]:
        texts = [p for p in lead_in if p.kind == "text"]
        if not texts:
            return []
        found = responsible_agencies(texts[-1].text, self.profile)
        return [(r.agency_id, r.as_written) for r in found if r.how in ("subject", "agent")]

    def _add(self, item: Item) -> None:
        {"findings": self.findings, "recommendations": self.recommendations, "measures": self.measure_items}[item.kind].append(item)

    def _has_text(self, item: Item) -> bool:
        text = item.text(self.document.wrapped)
        return bool(text) and not is_furniture(text)

    def _is_recommendation(self, item: Item) -> bool:
        """A recommendation with text, not a stray heading ("Conclusion and next steps") read as a numbered
        paragraph, nor a question."""
        if not self._has_text(item):
            return False
        text = item.text(self.document.wrapped).strip()
        heading_like = len(text.split()) <= 5 and text[-1:] not in ".!?:;" and not cue("ask").search(text)
        if text.endswith("?") and "\n" not in text:
            return False  # a question (the review's terms of reference, a question to reflect on) asks nobody to act
        return not (heading_like and item.scheme in (None, "paragraph", "number", "decimal"))

    def _labelled_anywhere(self, paras: list[Para]) -> None:
        """No recommendations section: items labelled "Recommendation 1", "Recommendation 2" ... (two or more,
        each with its text) anywhere are the recommendations, with their numbers."""
        labelled = [p for p in paras if p.kind == "item" and p.scheme == "labelled" and p.text.strip()
                    and (p.label_word or "").startswith("recommend")]
        if len(labelled) < 2:
            return
        for para in labelled:
            self.recommendations.append(Item("recommendations", para.ref, [para], marker_para=para, scheme="labelled"))
        self.warnings.append("The recommendations were read from their labels outside any recommendations section; "
                             "check each one.")

    def _inline_anywhere(self, paras: list[Para]) -> None:
        """No recommendations section: an inline list of recommendations anywhere will do."""
        for para in paras:
            if para.kind != "text":
                continue
            kind = inline_kind(para, self.profile)
            if kind != "recommendations":
                continue
            items = inline_items(para, kind, self.profile)
            if items:
                self.recommendations.extend(items)
                self.warnings.append("The recommendations were read from an inline list; check where each one ends.")
                break

    def _general(self) -> None:
        """Kinds the profile's sections gave nothing of (or less well founded items, see _general_reads_more): the
        general rules, then sentences (general.py); a coroner's report gives its concerns and asks (pfd.py)."""
        if is_pfd(self.document) and self._pfd():
            if is_reply(self.document):  # an agency's reply to the report: the actions it reports are measures
                self._reply_measures()
            else:  # the coroner's own narrative reads as actions too often: only what was done since the death
                since = [i for i in sentence_candidates(self.document, "measures") if SINCE_DEATH.search(i.paras[0].text)]
                self.measure_items.extend(since)
                if since:
                    self.warnings.append("The actions the coroner reports as taken since the death were read as measures "
                                         "(low confidence); check each one.")
            return
        reading = read_general(self.document)
        targets = {"findings": self.findings, "recommendations": self.recommendations, "measures": self.measure_items}
        # a review whose sections gave findings and recommendations reports its measures in sections too:
        # its narrative sentences ("we established 2 groups", "providers have developed") are not measures
        reviewed = bool(self.findings) and bool(self.recommendations)
        for kind, target in targets.items():
            items = reading[kind]
            # measures the generic profile read as a section's unmarked paragraphs are read again from
            # sentences too: a short heading ("Progress and next steps") opens such a section after
            # the sentences that report what was done
            reread = kind == "measures" and bool(target) and self._unmarked(target)
            if target and not self._general_reads_more(target, items) and not reread:
                continue
            items = list(target) + items if reread else items
            target[:] = []
            how = "headings, list markers or lead-ins"
            quotes_only = bool(items) and all(i.scheme == "quote" for i in items)  # a news story quoting the report
            # sentences that report action count beside measures read from lead-ins ("Protocols will be
            # strengthened. The board will lead campaigns to: ..."); other kinds come from sentences only
            # when nothing else gave them
            sentences_too = (reread or not (self.measures or reviewed)) if kind == "measures" else (not items or quotes_only)
            if sentences_too:
                listed = bool(items)
                taken = [(i.start, i.end) for other, found in targets.items() if other != kind for i in found if i.scheme != "sentence"]
                items = sorted(items + sentence_candidates(self.document, kind, taken + [(i.start, i.end) for i in items]),
                               key=lambda i: i.start)
                how = ("the report's quoted words and single sentences (low confidence)" if quotes_only
                       else f"{how} and single sentences (low confidence)" if listed else "single sentences (low confidence)")
            for number, item in enumerate(items, start=1):
                item.ref = item.ref or str(number)
                if item.lead:
                    item.lead_context = self._lead_in_context([Para(item.lead, 0, 0, None)])
            if items:
                target.extend(items)
                self.warnings.append(f"The {kind} were read by the general rules from {how}; check each one against the document.")

    def _plan_statuses(self) -> None:
        """Sentences that say how the response to the review stands ("The Board has accepted the
        recommendations and will publish its action plan", "Four of the six recommendations are now
        complete") are measures wherever they stand, also in a review whose sections gave its findings
        and recommendations (where other single sentences are not read as measures: see _general)."""
        if self.pfd:
            return
        taken = [(i.start, i.end) for i in [*self.findings, *self.recommendations, *self.measure_items]]
        taken += [(m.start, m.end) for m in self.measures]
        found = [i for i in sentence_candidates(self.document, "measures", taken, plan_status=True)
                 if not cue("ask").search(i.paras[0].text)]
        if found:
            self.measure_items.extend(found)
            self.warnings.append("Sentences on how the response to the review stands (recommendations accepted, an "
                                 "action plan agreed or monitored) were read as measures (low confidence); check each one.")

    def _reply_measures(self) -> None:
        """A reply to a coroner's report: the sentences in which the replying agency acts, and those that state
        a change made or planned (pfd.py), are its measures, beside any its sections gave; it makes no
        recommendations (what its policy says staff "must" do is no ask of a review's)."""
        general = [i for i in self.measure_items if i.scheme == "sentence"]  # read again below
        kept = [i for i in self.measure_items if i not in general]
        spans = [(i.start, i.end) for i in kept] + [(m.start, m.end) for m in self.measures]

        def free(start: int, end: int) -> bool:
            return not any(a < end and start < b for a, b in spans)

        acted = [i for i in sentence_candidates(self.document, "measures")
                 if reply_action(i.paras[0].text) and not reply_courtesy(i.paras[0].text) and free(i.start, i.end)]
        spans += [(i.start, i.end) for i in acted]
        changed = [sentence_item("measures", sentence, block, offset) for sentence, block, offset in sentences(self.document)
                   if reply_change(sentence) and not reply_courtesy(sentence) and free(block.start + offset, block.start + offset + len(sentence))]
        self.measure_items[:] = sorted(kept + acted + changed, key=lambda i: i.start)
        self.recommendations[:] = []
        self.warnings[:] = [w for w in self.warnings if not w.startswith(("The measures were read", "The recommendations were read"))]
        self.warnings.append("Read as a reply to a coroner's report: its sentences that report action taken or "
                             "planned are the measures (low confidence); check each one.")

    def _restated_concerns(self) -> None:
        """A reply to a coroner's report that restates the concerns it answers ("Your first concern was that ..."):
        those sentences are its findings (pfd.py), not what the general rules read."""
        if not is_reply(self.document):
            return
        restated = [sentence_item("findings", sentence, block, offset) for sentence, block, offset in sentences(self.document)
                    if restates_concern(sentence)]
        if len(restated) >= 2:
            for number, item in enumerate(restated, start=1):
                item.ref = str(number)
            self.findings[:] = restated
            self.warnings.append("Read as a reply to a coroner's report: the concerns it restates are its findings; "
                                 "check each one.")

    def _findings_reporting_action(self) -> None:
        """A finding that reports no failing but says what has been done since the review ("since this
        time agencies have taken steps to change policy") is a measure: a response, not a lesson."""
        for item in list(self.findings):
            text = item.text(self.document.wrapped)
            done = cue("done").search(text)
            if done and re.match(r"(?:has|have)\b", done.group()) and cue("since_review").search(text) and not reports_finding(text):
                self.findings.remove(item)
                item.kind = "measures"
                self.measure_items.extend(reported_actions(item))

    def _findings_labelled_inside(self) -> None:
        """Paragraphs of analysis that label their findings inside them ("... Finding 3 — The school did not
        ..."), two labels or more in the document: the labelled sentences are the findings, each with its
        number; the paragraphs' other sentences (and paragraphs with no label) are the analysis around them."""
        labelled = {id(item): labelled_findings(item) for item in self.findings}
        if sum(len(found) for found in labelled.values()) < 2:
            return
        self.findings[:] = [part for item in self.findings for part in labelled[id(item)]]
        self.warnings.append("The findings were read from their labels inside paragraphs (\"Finding 3 — ...\"); check each one.")

    def _changes_since_inside_findings(self) -> None:
        """A sentence of a finding's paragraph that reports what an agency has done since ("The trust has since
        introduced a home safety check") is a measure too (the finding stays as it is)."""
        spans = [(i.start, i.end) for i in self.measure_items] + [(m.start, m.end) for m in self.measures]
        for item in self.findings:
            for para in item.paras:
                block = Block(para.text, para.start, para.end, para.page)
                for sentence, offset in sentence_parts(para.text):
                    start = para.start + offset
                    if HAS_SINCE.search(sentence) and cue("done").search(sentence) \
                            and not any(a < start + len(sentence) and start < b for a, b in spans):
                        self.measure_items.append(sentence_item("measures", sentence, block, offset))

    def _updates(self) -> None:
        """Updates after each recommendation ("Update: the ICB has written to all practices"): each a measure
        answering the recommendation before it, its status read from its own words (responses.py)."""
        found = labelled_updates(self.document, [(i.ref, i.start) for i in self.recommendations if i.ref])
        if not found:
            return
        spans = [(answer.start, answer.end) for answer in found]

        def elsewhere(start: int, end: int) -> bool:  # read again from the update's own text below
            return not any(start < b and end > a for a, b in spans)

        self.measure_items[:] = [i for i in self.measure_items if elsewhere(i.start, i.end)]
        self.measures[:] = [m for m in self.measures if elsewhere(m.start, m.end)]
        for answer in found:
            self.measures.append(measure_from(answer.text, None, answer.start, answer.end, None, self.profile,
                                              recommendations=[answer.ref]))

    def _responses(self) -> bool:
        """A response to a review: one measure per "response to recommendation N", with its stance (responses.py);
        whether the document reads as one."""
        found = answers(self.document) or labelled_answers(
            self.document, [(i.ref, i.start) for i in self.recommendations if i.ref])
        if not found:
            return False
        # a response states no findings of its own, but may list the review's ("The review's key findings
        # were: (i) ... (ii) ..."): those listed with markers stay, paragraphs read as findings go
        self.findings[:] = [i for i in self.findings if i.scheme in LISTED]
        self.measure_items[:] = []
        self.measures[:] = []
        for answer in found:
            draft = measure_from(answer.text, None, answer.start, answer.end, None, self.profile, recommendations=[answer.ref])
            said = answer.text if answer.action else answer.after_stance  # an action taken speaks whole
            progress = status_cue(said, self.profile) if said else None
            draft.status = "closed_not_accepted" if answer.stance == "not accepted" else progress or "not_started"
            draft.due, draft.completed = dates_of(answer.text, draft.status)
            if draft.status == "closed_not_accepted":
                draft.reason = answer.after_stance or answer.text
            elif answer.limit:
                draft.reason = f"Accepted in part: {answer.limit}"
            self.measures.append(draft)
            if answer.stance != "accepted":
                self.warnings.append(f"The response to recommendation {answer.ref} reads as {answer.stance}; check its status.")
        self.warnings.append(f"Read as a response to a review: {len(found)} answers became measures; load the record "
                             f"beside the review it answers.")
        return True

    def _general_reads_more(self, profiled: list[Item], general: list[Item]) -> bool:
        """The general rules (lexicon headings, markers, lead-ins) are better founded than what the profile read:
        the generic profile's unmarked paragraphs, or any profile's items that are mostly headings."""
        if not general:
            return False
        # a table's cell is short by nature ("Review the hoarding protocol"): no heading read as an item
        headings = sum(1 for i in profiled if i.scheme != "table" and looks_like_heading(i.text(self.document.wrapped)))
        return self._unmarked(profiled) or headings * 2 >= len(profiled)

    def _unmarked(self, profiled: list[Item]) -> bool:
        """The generic profile's items read from paragraphs with no marker or markup (the least founded)."""
        return self.profile.name == "generic" and all(i.scheme in (None, "paragraph", "bullet") and not i.markup for i in profiled)

    def _pfd_details(self, review: dict[str, Any], warnings: list[str]) -> None:
        """A coroner's report: type PFD, the person who died as subject (and in the title, unless the document's
        title names the report), the coroner area as board, the agencies it is sent to."""
        review["type"] = "PFD"
        warnings[:] = [w for w in warnings if "type of review" not in w]
        name = deceased(self.document)
        if name:  # the person who died, not a pseudonym pattern's "an arrangement called 'Street Triage'"
            review["subject"] = name
            if not re.search(r"(?i)future deaths|regulation 28", review["title"]):  # not a form's "ID: 2023-0133"
                review["title"] = f"Prevention of future deaths report: {name}"
            warnings[:] = [w for w in warnings if "review.subject is the file name" not in w]
        sent_to = list(dict.fromkeys(m.agency_id for name in receivers(self.document) for m in find_agencies(name)))
        if sent_to:
            review["sent_to"] = sent_to
        area = coroner_area(self.document)
        if area and review["board"] == "Unknown board":
            review["board"] = f"{area} (coroner area)"
            warnings[:] = [w for w in warnings if "board or partnership was not found" not in w]

    def _pfd(self) -> bool:
        """A coroner's report: its matters of concern are the findings, its asks the recommendations (pfd.py)."""
        found = concerns(self.document)
        if not found:
            return False
        sent_to = [(m.agency_id, m.as_written) for name in receivers(self.document) for m in find_agencies(name)]
        self.findings[:] = []
        self.recommendations[:] = []
        for number, concern in enumerate(found, start=1):
            kind = "recommendations" if concern.asks else "findings"
            named = responsible_agencies(concern.text, self.profile) if concern.asks else []
            context = list(sent_to) if concern.asks and not named else []  # an ask naming no one goes to the receivers
            item = Item(kind, concern.ref or str(number), [Para(concern.text, concern.start, concern.end, None)],
                        scheme="number" if concern.ref else "paragraph", context=context)
            self._add(item)
        self.pfd = True
        self.warnings.append("Read as a coroner's Prevention of Future Deaths report: the matters of concern are the findings.")
        return True

    # -- entries -------------------------------------------------------------------------------

    def _item_provenance(self, item: Item) -> dict[str, Any]:
        provenance = _provenance(self.document, item.start, item.end, item.page, _paragraph_label(item))
        if item.scheme == "sentence":
            provenance["confidence"] = "low"  # read from one sentence of running text (general.py)
        return provenance

    def _finding(self, item: Item) -> dict[str, Any]:
        text = item.text(self.document.wrapped)
        entry: dict[str, Any] = {"ref": item.ref or "1"}
        if item.heading:
            entry["heading"] = item.heading
        entry["text"] = text
        themes = tag_themes(f"{item.heading or ''}\n{text}")
        if themes:
            entry["themes"] = themes
        agencies = list(dict.fromkeys(m.agency_id for m in find_agencies(text)))
        if agencies:
            entry["agencies"] = agencies
        entry["provenance"] = self._item_provenance(item)
        return entry

    def _recommendation(self, item: Item) -> dict[str, Any]:
        text = item.text(self.document.wrapped)
        entry: dict[str, Any] = {"ref": item.ref or "1"}
        if item.heading and not re.fullmatch(r"(?i)recommendations?", item.heading.strip()):
            entry["heading"] = item.heading
        entry["text"] = text
        themes = tag_themes(f"{item.heading or ''}\n{text}")
        if themes:
            entry["themes"] = themes
        responsible = responsible_agencies(text, self.profile, self._abbreviations())
        if item.heading:
            responsible = responsible_agencies(item.heading, self.profile) + responsible
        context = list(item.context) or ([] if responsible else list(item.lead_context))  # a lead-in's agency
        # ("recommendations for the police:") when the item names no one to act
        if responsible and context and all(agency in BOARDS for agency, _ in context):
            context = []  # "Recommendations for the partnership", then "Maternity services should ...": the partners each
        if item.cells.get("agency"):
            for part in re.split(r"\s*(?:[,;/\n]|\band\b|&)\s*", item.cells["agency"]):
                match = resolve_agency(part) if part.strip() else None
                if match is not None:
                    context.append((match.agency_id, part.strip()))
                elif part.strip():
                    self.warnings.append(f"Recommendation {item.ref or '?'}: the agency {part.strip()!r} is not in the gazetteer (ontology/agencies.ttl); add it there or correct the record.")
        addressees = combine(context, responsible)
        if addressees:
            entry["addressees"] = addressees
        else:
            self.warnings.append(f"Recommendation {entry['ref']} names no agency it is addressed to; add its addressees.")
        kind = action_type(text)
        if kind:
            entry["action_type"] = kind
        entry["provenance"] = self._item_provenance(item)
        self.measures.extend(measures_in_recommendation(text, entry["ref"], item.start, item.end, item.page, self.profile))
        return entry

    def _measures(self, recommendations: list[dict[str, Any]]) -> list[dict[str, Any]]:
        drafts = list(self.measures)
        rec_refs = {r["ref"] for r in recommendations}
        addressees = {r["ref"]: r.get("addressees") or [] for r in recommendations}
        for item in self.measure_items:
            text = item.text(self.document.wrapped)
            if not self._has_text(item):  # nor a letter's sign-off or a rule of dashes (page furniture)
                continue
            answers = [item.cells["_answers"]] if item.cells.get("_answers") else []
            draft = measure_from(text, None, item.start, item.end, item.page, self.profile, recommendations=answers)
            if item.lead and status_cue(text, self.profile) is None:  # "... will launch campaigns to:" then items
                draft.status = status_cue(item.lead, self.profile) or draft.status
            if item.cells.get("agency"):
                match = resolve_agency(item.cells["agency"])
                if match is not None:
                    draft.agency = match.agency_id
                else:
                    draft.agency = None
                    self.warnings.append(f"The lead agency {item.cells['agency']!r} of the action {text[:40]!r} is not in "
                                         f"the gazetteer (ontology/agencies.ttl).")
            if draft.agency is None and len(answers) == 1 and len(addressees.get(answers[0], [])) == 1:
                draft.agency = addressees[answers[0]][0]  # an action-plan row: the recommendation's one agency
            if item.cells.get("status"):
                from scrgraph.recognise.statuses import match_status

                found = match_status(item.cells["status"])
                if found is not None:
                    draft.status = found.status_id
            if item.cells.get("due"):
                from scrgraph.recognise.dates import parse_date

                try:
                    due = parse_date(item.cells["due"])
                except ScrgraphError:
                    due = None
                draft.due = due.isoformat() if due else draft.due
            drafts.append(draft)
        entries = []
        seen: set[str] = set()
        for draft in drafts:
            if draft.text in seen:
                continue
            seen.add(draft.text)
            entry: dict[str, Any] = {"text": draft.text, "agency": draft.agency, "status": draft.status}
            if draft.due:
                entry["due"] = draft.due
            if draft.completed:
                entry["completed"] = draft.completed
            if draft.reason:
                entry["reason"] = draft.reason
            answers = [r for r in draft.recommendations if r in rec_refs]
            if answers:
                entry["recommendations"] = answers
            kind = action_type(draft.text)
            if kind:
                entry["action_type"] = kind
            entry["provenance"] = _provenance(self.document, draft.start, draft.end, draft.page, None)
            if draft.text != _passage(self.document, draft.start, draft.end):
                entry["provenance"]["passage"] = draft.text if len(draft.text) <= PASSAGE_CHARS else entry["provenance"]["passage"]
            entries.append(entry)
        return entries

    def _document_mentions(self) -> list[AgencyMention]:
        """Every agency the whole document names (found once)."""
        if self.mentions is None:
            self.mentions = find_agencies(self.document.text)
        return self.mentions

    def _abbreviations(self) -> dict[str, AgencyMention]:
        """The short names the document defines for agencies it names ("... Children Board (NSCB)")."""
        if self.abbreviations is None:
            self.abbreviations = defined_abbreviations(self.document.text, self._document_mentions())
        return self.abbreviations

    def _agencies(self, record: dict[str, Any]) -> list[dict[str, Any]]:
        forms: dict[str, list[str]] = {}
        doubtful: dict[str, tuple[str, bool]] = {}
        for mention in self._document_mentions():
            written = mention.as_written.strip()
            bucket = forms.setdefault(mention.agency_id, [])
            if written.lower() not in (f.lower() for f in bucket) and len(bucket) < MAX_FORMS:
                bucket.append(written)
            if mention.ambiguous:
                doubtful.setdefault(written, (mention.agency_id, mention.fuzzy))
        used = [a for r in record["recommendations"] for a in r.get("addressees", [])]
        used += [a for f in record["findings"] for a in f.get("agencies", [])]
        used += [m["agency"] for m in record["measures"] if m.get("agency")]
        used += record["review"].get("sent_to") or []
        for agency_id in used:
            forms.setdefault(agency_id, [])
        for written, (agency_id, fuzzy) in list(doubtful.items())[:10]:
            if fuzzy:
                self.warnings.append(f"{written!r} is not in the gazetteer; it was read as {agency_label(agency_id)} "
                                     f"({agency_id}), a close spelling.")
            else:
                self.warnings.append(f"{written!r} may mean more than one agency; it was read as {agency_label(agency_id)} ({agency_id}).")
        entries = []
        for agency_id, spellings in forms.items():
            entry: dict[str, Any] = {"id": agency_id, "label": agency_label(agency_id)}
            if spellings:
                entry["as_written"] = spellings
            entries.append(entry)
        return entries


def extract_document(path: Path, profile_name: str | None = None, source_path: str | None = None) -> Extraction:
    """Read one document and extract its review record (the profile named, or the best scoring one)."""
    document = read_document(Path(path))
    generic = get_profile("generic")
    features = document_features(document, build_paras(document, generic), generic)
    profile, scores = choose_profile(features, profile_name)
    return _Builder(document, profile, scores, source_path).run()
