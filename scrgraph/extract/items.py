"""Items of a section: findings, recommendations or measures, each with its ref, heading and text.

One set of rules for every layout, steered by the profile:

- The section's *item level* is the first kind of marker of the profile's ``numbering`` the section
  uses (for numbered paragraphs, the shallowest depth: 4.2 rather than 4.2.1). Other markers inside
  an item are its sub-items and stay in its text, with their markers.
- A marker standing alone takes the text after it; several standing together ("4.10", "4.11", then
  two texts) share out the texts that follow, split at headings (else at paragraph breaks).
- A list that a colon opened at the end of one item but was printed after the next number (a
  reading-order slip of PDF text) goes back to the item that opened it.
- Labels ("Finding 1: ...") between numbered paragraphs are the items, whatever the paragraphs' numbers.
- A first short line or sentence of an item that is only a heading ("Specialist posts") becomes
  the item's heading (one that states the item, "Capacity was assumed", stays its first line); a
  bare "Recommendation" label is dropped.
- Headings between items that name an agency set the addressee of the items under them; other
  headings end that and, in a findings section, group the paragraphs under them into one finding.
- The first item or paragraph that only introduces the section ("The following recommendations
  ...") is not an item; what it says about who the recommendations are for is kept.
- Items from list markup end where the list ends; paragraphs after the list are kept apart (they
  often report what has been done since).
- A section with no markers takes each paragraph (or each heading with its paragraphs) as an item;
  an inline list ("Recommendations include: a; b; c") gives one item per part.
- Tables: a header row names the columns (``tables.columns``); each row is one item, and in a
  table of recommendations its action (or, with no action column, its progress when that reports
  what was done) is a measure answering it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scrgraph.extract.paragraphs import SENTENCE_END, Para, looks_like_heading
from scrgraph.extract.profiles import Profile
from scrgraph.extract.sections import Section, agency_heading_name, is_agency_heading
from scrgraph.recognise.agencies import resolve_agency

ORGANISATION = re.compile(r"\b(?:Trust|Service|Services|Team|Council|Partnership|Board|Police|Constabulary|Hospital|"
                          r"Agency|Unit|Department|Provider|Authority|CCG|ICB|Practice|Surgery|School|Academy|College)\b")
SCHEME_ORDER = ("labelled", "short", "decimal", "number", "letter", "roman", "bullet")
# How a practitioner message opens when its first short sentence asks ("Share information.",
# "Do not take choice at face value."): no heading, though it looks like one.
ASKING_START = re.compile(r"^(?:do not|don't|never|always|please|share|think|check|ask|record|listen|consider|make sure|"
                          r"remember|talk|speak|escalate|refer|challenge|seek|involve|keep|look|use|find out|know)\b", re.I)
# Markers that, right after a heading inside a section, start a list of items of their own.
RESTARTING = ("labelled", "short", "number", "decimal")
# A progress or action cell that reports nothing done: no measure.
NOTHING_DONE = re.compile(r"^\s*(?:not (?:yet )?(?:started|applicable|known|due)|n/?a\b|none\b|no (?:update|evidence|progress|action)|"
                          r"update requested|awaiting (?:an? )?update)", re.I)
PROGRESS_WORDS = 4  # a progress cell this long reports what was done ("Protocol revised in May"), not a bare status


@dataclass
class Item:
    """One finding, recommendation or measure as read from the document, before it becomes a record entry."""

    kind: str
    ref: str | None
    paras: list[Para] = field(default_factory=list)
    heading: str | None = None
    marker_para: Para | None = None
    scheme: str | None = None
    context: list[tuple[str, str]] = field(default_factory=list)  # (agency id, as written) from a sub-heading or lead-in
    group: str | None = None
    markup: bool = False
    closed: bool = False
    warnings: list[str] = field(default_factory=list)
    cells: dict[str, str] = field(default_factory=dict)  # for table rows: field -> cell text
    ref_range: str | None = None
    lead: str | None = None  # the lead-in sentence the item follows ("... recommendations for the police:")
    lead_context: list[tuple[str, str]] = field(default_factory=list)  # agencies that lead-in asks to act

    @property
    def start(self) -> int:
        """Where the item starts in the document text."""
        firsts = [p.start for p in ([self.marker_para] if self.marker_para else []) + self.paras]
        return min(firsts) if firsts else 0

    @property
    def end(self) -> int:
        """Where the item ends in the document text."""
        return max((p.end for p in self.paras), default=self.marker_para.end if self.marker_para else 0)

    @property
    def page(self) -> int | None:
        """The page the item starts on."""
        para = self.marker_para or (self.paras[0] if self.paras else None)
        return para.page if para else None

    def text(self, wrapped: bool) -> str:
        """The item's whole text: paragraphs on their own lines, sub-items with their markers."""
        parts: list[str] = []
        for para in self.paras:
            body = para.text.strip()
            if not body:
                continue
            if para.kind == "item" and (para.scheme in ("bullet", "cont") or para is not self.paras[0]) and para is not self.marker_para:
                marker = "-" if para.scheme in ("bullet", "cont") or not para.ref else _marker_text(para)
                parts.append(f"{marker} {body}")
            elif para.list_context and parts:
                parts.append(f"- {body}")
            elif para.kind == "heading" and parts:
                parts.append(body)
            else:
                parts.append(body)
        return "\n".join(parts).strip()


def _marker_text(para: Para) -> str:
    if para.scheme == "letter" or para.scheme == "roman":
        return f"({para.ref})"
    if para.scheme == "number":
        return f"{para.ref}."
    if para.scheme == "labelled":
        return f"{(para.label_word or '').capitalize()} {para.ref}".strip() + ":"
    return para.ref or "-"


@dataclass
class SectionItems:
    """What one section gave: its items, the paragraphs before and after them, and doubts."""

    kind: str
    items: list[Item] = field(default_factory=list)
    lead_in: list[Para] = field(default_factory=list)
    after: list[Para] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _top_scheme(paras: list[Para], profile: Profile) -> tuple[str | None, int]:
    order = [s for s in (profile.get("numbering") or SCHEME_ORDER)]
    if "labelled" in order and "short" not in order:
        order.insert(order.index("labelled") + 1, "short")
    markers = [p for p in paras if p.kind in ("item", "label") and p.scheme not in (None, "cont")]
    if not markers:
        return None, 0
    lead, rest = markers[0], markers[1:]
    if not rest and lead.scheme == "decimal" and sum(1 for p in paras[paras.index(lead) + 1:] if p.kind == "text") >= 2:
        return None, 0  # "4.1 The review identified eight themes." and a paragraph for each: the paragraphs are the items
    alone = lead.scheme == "decimal" and all(p.scheme != "decimal" for p in rest) and len(rest) >= 2
    if (alone or lead.text.rstrip().endswith(":")) and len(rest) >= 2 and all(p.scheme != lead.scheme for p in rest):
        # "6.1 The IMRs made 14 recommendations ..." alone over lists numbered 1, 2, 3: the section's
        # own paragraph, an introduction; (or any marker whose text leads in with a colon)
        # "6.1 The panel identified the following lessons:" and its list: the list holds the items
        return _top_scheme([p for p in paras if p is not lead], profile)
    markup = [p for p in markers if p.markup]
    if markup and len(markup) == len(markers):
        top = min(p.level for p in markup)
        first = next(p for p in markup if p.level == top)
        schemes = {p.scheme for p in markup if p.level == top}
        for scheme in order:
            if scheme in schemes:
                return scheme, top
        return first.scheme, top
    markers = [p for p in markers if p.scheme in order]
    if not markers:
        return None, 0
    present = {p.scheme for p in markers}
    # The outermost list is the one that starts first; bullets before numbers only decorate an introduction.
    outermost = markers[0].scheme if markers[0].scheme != "bullet" or present == {"bullet"} else None
    if sum(1 for p in markers if p.scheme == "labelled") >= 2:
        outermost = "labelled"  # "Finding 1: ...", "Finding 2: ..." between a report's numbered paragraphs name the items
    for scheme in ([outermost] if outermost else []) + order:
        if scheme not in present:
            continue
        if scheme == "decimal":
            depths = [p.depth for p in markers if p.scheme == "decimal"]
            shallow = min(depths)
            if depths.count(shallow) == 1 and len(depths) > 2 and depths.count(shallow + 1) >= 2:
                shallow += 1  # one "4.1" heading paragraph over 4.1.1, 4.1.2 ...
            return scheme, shallow
        if scheme == "bullet" and any(p.scheme != "bullet" for p in markers):
            continue
        return scheme, 0
    return markers[0].scheme, 0


def _is_top(para: Para, scheme: str | None, level: int) -> bool:
    if scheme is None or para.kind not in ("item", "label") or para.scheme != scheme:
        return False
    if para.markup:
        return para.level == level
    if scheme == "decimal":
        return para.depth == level
    return True


def _names(text: str) -> bool:
    """Whether a short first line only names its item ("Good practice") rather than stating it
    ("Capacity was assumed rather than assessed", "The school nurse persisted")."""
    words = text.split()
    return looks_like_heading(text) and not (len(words) >= 4 and any(w.lower().rstrip(".,").endswith("ed") for w in words[1:]))


def _is_label_heading(text: str, profile: Profile) -> bool:
    return any(p.match(text.strip()) for p in profile.patterns("label_headings"))


def _heading_agencies(text: str, profile: Profile) -> list[tuple[str, str]]:
    name = agency_heading_name(text, profile)
    if not name:
        return []
    parts = [p for p in re.split(r"\s*(?:,|;|/|\band\b|&)\s*", name) if p.strip()]
    found = []
    whole = resolve_agency(name)
    if whole is not None and (len(parts) == 1 or whole.via in ("name", "abbreviation", "pattern")):
        return [(whole.agency_id, name)]
    for part in parts:
        match = resolve_agency(part)
        if match is not None and match.via != "fuzzy":
            found.append((match.agency_id, part.strip()))
    return found


class _Reader:
    def __init__(self, section: Section, profile: Profile, wrapped: bool):
        self.section = section
        self.profile = profile
        self.wrapped = wrapped
        self.result = SectionItems(section.kind)
        self.scheme, self.level = _top_scheme([p for p in section.paras if p.kind != "row"], profile)
        self.current: Item | None = None
        self.after_heading = False  # the paragraph before was a heading inside the section
        self.pending: list[Para] = []  # labels standing together, waiting for their texts
        self.pending_body: list[Para] = []
        self.context: list[tuple[str, str]] = []
        self.group: str | None = None
        if section.heading is not None:
            self.context = _heading_agencies(section.heading.text, profile) if is_agency_heading(section.heading.text, profile) else []
            if not self.context:
                self.context = self._agencies_in_section_heading(section.heading.text)

    def _agencies_in_section_heading(self, text: str) -> list[tuple[str, str]]:
        match = re.search(r"\b(?:for|to)\s+(.+)$", text)
        if match and resolve_agency(match.group(1)) is not None:
            return _heading_agencies(match.group(1), self.profile)
        return []

    # -- items ---------------------------------------------------------------------------------

    def _close(self) -> None:
        if self.pending:
            self._share_out()
        if self.current is not None:
            self.current.closed = True
            self.current = None

    def _new(self, para: Para) -> Item:
        item = Item(self.section.kind, para.ref, [para] if para.kind == "item" else [], marker_para=para,
                    scheme=para.scheme, context=list(self.context), group=self.group, markup=para.markup)
        self.result.items.append(item)
        self.current = item
        return item

    def _share_out(self) -> None:
        labels, body = self.pending, self.pending_body
        self.pending, self.pending_body = [], []
        if len(labels) == 1:
            item = self._new(labels[0])
            for para in body:
                self._into(item, para)
            return
        def has_text(part: list[Para]) -> bool:
            return any(p.kind != "heading" for p in part)

        strong = [i for i, p in enumerate(body) if p.kind == "heading" and i > 0 and has_text(body[i:])]
        weak = [i for i, p in enumerate(body) if i > 0 and p.kind == "text" and p.gap and not p.list_context
                and not body[i - 1].text.rstrip().endswith(":") and i not in strong]
        cuts = sorted(strong[: len(labels) - 1])
        if len(cuts) < len(labels) - 1:
            cuts = sorted(set(cuts) | set(weak[: len(labels) - 1 - len(cuts)]))
        pieces = [body[a:b] for a, b in zip([0] + cuts, cuts + [len(body)], strict=True)]
        refs = ", ".join(p.ref or "" for p in labels)
        if len(pieces) < len(labels):
            self.result.warnings.append(f"The numbers {refs} stand together before too few texts; check which text is whose.")
        elif strong[: len(labels) - 1] != cuts:
            self.result.warnings.append(f"The numbers {refs} stand together before their texts; they were shared out at paragraph breaks, check the split.")
        for index, label in enumerate(labels):
            item = self._new(label)
            for para in pieces[index] if index < len(pieces) else []:
                self._into(item, para)
            if index < len(labels) - 1:
                item.closed = True

    def _into(self, item: Item, para: Para) -> None:
        if para.kind == "heading":
            if not item.paras and item.heading is None:
                if not _is_label_heading(para.text, self.profile):
                    item.heading = para.text
                else:
                    rest = re.sub(r"(?i)^\s*(?:recommendation|finding)s?\s*", "", para.text).strip(" ()")
                    if rest:
                        item.heading = para.text
                return
            if not item.paras and _is_label_heading(para.text, self.profile):
                return
        item.paras.append(para)

    # -- walking -------------------------------------------------------------------------------

    def read(self) -> SectionItems:
        paras = [p for p in self.section.paras if p.kind != "row"]
        for para in paras:
            self._step(para)
        self._close()
        self._fix_list_slips()
        self._split_first_sentence_headings()
        self._drop_intro_items()
        if not self.result.items:
            self._paragraph_items()
        return self.result

    def _step(self, para: Para) -> None:
        if self.after_heading and para.kind in ("item", "label") and para.scheme in RESTARTING \
                and para.scheme != self.scheme and not para.markup:
            # "Multi-agency recommendations" and then "MA1.", "MA2." under items numbered 1, 2, 3: a new list
            self.scheme, self.level = para.scheme, (para.depth if para.scheme == "decimal" else 0)
        self.after_heading = para.kind == "heading"
        if _is_top(para, self.scheme, self.level):
            if para.kind == "label":
                if self.pending and not self.pending_body:
                    self.pending.append(para)
                    return
                self._close()
                self.pending = [para]
                return
            self._close()
            self._new(para)
            return
        if para.kind == "text" and para.text.rstrip().endswith(":") and len(para.text.split()) <= 10 \
                and is_agency_heading(para.text.rstrip().rstrip(":"), self.profile) \
                and (self.pending_body or (self.current is not None and self.current.paras)
                     or (not self.pending and self.current is None)):
            # "Recommendations for Westford Hospitals NHS Trust:" between items is an agency sub-heading.
            self._close()
            self._heading_between(Para(para.text.rstrip().rstrip(":"), para.start, para.end, para.page, "heading"))
            return
        if self.pending:
            if para.kind == "heading" and self.section.kind in ("recommendations", "measures") \
                    and is_agency_heading(para.text, self.profile):
                self._close()
                self._heading_between(para)
                return
            if para.kind == "heading" and not self.pending_body and self.pending and len(self.pending) == 1:
                self.pending_body.append(para)
                return
            if para.kind == "heading" and self.pending_body and len(self.pending) == 1 \
                    and not all(p.list_context for p in self.pending_body):
                self._close()
                self._heading_between(para)
                return
            self.pending_body.append(para)
            return
        if para.kind == "heading":
            if self.current is not None and not self.current.paras and self.current.heading is None:
                self._into(self.current, para)
                return
            self._close()
            self._heading_between(para)
            return
        if self.current is None:
            if self.result.items or para.kind == "label":
                self.result.after.append(para)
            else:
                self.result.lead_in.append(para)
            return
        if self.current.markup and para.kind == "text" and not para.list_context:
            last = self.current.paras[-1].text if self.current.paras else ""
            if not last.rstrip().endswith(":"):
                self._close()
                self.result.after.append(para)
                return
        if self._ends_plain_list(para):
            self._close()
            self.result.after.append(para)
            return
        if self.current.markup and para.kind == "item" and para.markup and para.level < self.level:
            self._close()
            self.result.after.append(para)
            return
        self._into(self.current, para)

    def _ends_plain_list(self, para: Para) -> bool:
        """A paragraph after a blank line that ends a list written with letters, numbers or bullets in plain
        text: every item so far one paragraph, the last ending its sentence, and this one not going on
        from it ("d) the partnership repeats its campaign." then "Since the review, the service has ...")."""
        current = self.current
        if current is None or current.markup or para.kind != "text" or not para.gap or para.list_context \
                or current.scheme not in ("letter", "number", "roman", "bullet") or len(self.result.items) < 1:
            return False
        if len(current.paras) != 1 or any(len(item.paras) != 1 for item in self.result.items if item.scheme == current.scheme):
            return False
        return bool(SENTENCE_END.search(current.paras[0].text.rstrip())) and para.text[:1].isupper()

    def _heading_between(self, para: Para) -> None:
        if is_agency_heading(para.text, self.profile):
            self.context = _heading_agencies(para.text, self.profile)
            self.group = None
            return
        self.context = self._agencies_in_section_heading(para.text) if re.search(r"(?i)recommend", para.text) else []
        if not self.context and self.section.kind in ("recommendations", "measures") and ORGANISATION.search(para.text) \
                and len(para.text.split()) <= 8:
            self.result.warnings.append(f"The sub-heading {para.text!r} looks like an agency but is not in the gazetteer "
                                        f"(ontology/agencies.ttl); the recommendations under it have no addressee from it.")
        self.group = para.text
        if self.result.items:
            self.result.after.append(para)
        else:
            self.result.lead_in.append(para)

    # -- repairs -------------------------------------------------------------------------------

    def _fix_list_slips(self) -> None:
        """A list opened by a colon at the end of one item, printed after the next number, goes back."""
        items = self.result.items
        for previous, item in zip(items, items[1:], strict=False):
            if not previous.paras or not previous.paras[-1].text.rstrip().endswith(":"):
                continue
            slipped = []
            for para in item.paras:
                if para.kind == "text" and para.list_context and para is not item.marker_para:
                    slipped.append(para)
                else:
                    break
            if slipped and len(slipped) < len(item.paras) + (1 if item.heading else 0) and (item.heading or len(slipped) < len(item.paras)):
                previous.paras.extend(slipped)
                item.paras = item.paras[len(slipped):]
                if item.heading is None and item.paras and item.paras[0].kind == "heading":
                    item.heading = item.paras.pop(0).text
            elif slipped and not item.heading and len(slipped) < len(item.paras):
                previous.paras.extend(slipped)
                item.paras = item.paras[len(slipped):]
        for item in items:
            if item.paras and item.paras[0].kind == "heading" and item.heading is None:
                first = item.paras.pop(0)
                if not _is_label_heading(first.text, self.profile):
                    item.heading = first.text

    def _split_first_sentence_headings(self) -> None:
        """"Conclusion of the criminal investigation. The LSCB will ..." -> a heading and the text."""
        for item in self.result.items:
            if item.heading or not item.paras:
                continue
            first = item.paras[0]
            if item.scheme in ("labelled", "short") and first is item.marker_para and len(item.paras) > 1 \
                    and len(first.text.split()) <= 14 and first.text[:1].isupper() \
                    and not SENTENCE_END.search(first.text) and not first.text.rstrip().endswith((":", ",", ";")) \
                    and _names(first.text):  # "Finding 2: Capacity was assumed" states the finding: it stays
                item.heading = first.text
                item.paras = item.paras[1:]
                continue
            first = item.paras[0]
            match = re.match(r"^(.{3,90}?\.)\s+(?=[A-Z])", first.text)
            if match and item.kind == "recommendations" and ASKING_START.match(match.group(1)):
                continue  # "Share information. Police officers should ...": the first sentence asks too
            if match and looks_like_heading(match.group(1), 10) and len(first.text) > len(match.group(1)) + 20:
                item.heading = match.group(1).rstrip(".")
                first.text = first.text[match.end():]

    def _drop_intro_items(self) -> None:
        items = self.result.items
        if not items:
            return
        first = items[0]
        text = first.text(self.wrapped)
        intro = self.profile.patterns("intro")
        if any(p.search(text) for p in intro[:-1]) and not re.search(r"\b(?:should|must)\b", text.split(".")[0]) \
                and len(items) > 1:
            self.result.lead_in.extend(first.paras)
            items.pop(0)

    def _paragraph_items(self) -> None:
        """No markers: each paragraph, or each heading with its paragraphs, is an item."""
        kind = self.section.kind
        if not self.profile.get(f"{kind}.paragraphs_as_items", True):
            return
        pool = [p for p in self.result.lead_in + self.result.after if p.kind in ("text", "heading", "item")]
        self.result.lead_in, self.result.after = [], []
        headings = [p for p in pool if p.kind == "heading"]
        items: list[Item] = []
        if headings and kind == "findings" and self.profile.get("findings.group_under_headings", True):
            current: Item | None = None
            for para in pool:
                if para.kind == "heading":
                    ref, heading = _heading_ref(para.text, self.profile)
                    current = Item(kind, ref, heading=heading, marker_para=para, group=None,
                                   scheme="labelled" if ref else None)
                    items.append(current)
                elif current is not None:
                    current.paras.append(para)
            items = [i for i in items if i.paras]
        else:
            context = list(self.context)
            for para in pool:
                if para.kind == "heading":
                    if kind in ("recommendations", "measures") and is_agency_heading(para.text, self.profile):
                        context = _heading_agencies(para.text, self.profile)
                    continue
                if re.search(r":\s*$", para.text) and para is not pool[-1]:
                    self.result.lead_in.append(para)
                    continue
                if any(p.search(para.text) for p in self.profile.patterns("intro")[:-1]) and not items:
                    self.result.lead_in.append(para)
                    continue
                items.append(Item(kind, None, [para], context=list(context), group=None))
        for number, item in enumerate(items, start=1):
            if not item.ref:
                item.ref = str(number)
                item.scheme = "paragraph"
        self.result.items = items


def _heading_ref(text: str, profile: Profile) -> tuple[str | None, str]:
    """A heading that starts with a ref ("F1 The man in the house", "Finding 2: ...") gives it."""
    from scrgraph.extract.paragraphs import parse_marker

    marker = parse_marker(text, profile)
    if marker and marker[0] in ("labelled", "short", "number", "decimal") and marker[2]:
        return marker[1], marker[2]
    return None, text


def read_section(section: Section, profile: Profile, wrapped: bool) -> SectionItems:
    """The items of one section."""
    result = _Reader(section, profile, wrapped).read()
    _bullets_with_refs(result.items, profile)
    _number_unnumbered(result.items)
    return result


def _bullets_with_refs(items: list[Item], profile: Profile) -> None:
    """Bullets whose text opens with a ref of their own ("• R1 The Board to seek ...", a slide's list)
    take it, and their text starts after it, when every bullet of the list has one."""
    from scrgraph.extract.paragraphs import parse_marker

    bullets = [item for item in items if item.scheme == "bullet" and not item.ref and item.paras]
    markers = [parse_marker(item.paras[0].text, profile) for item in bullets]
    if len(bullets) < 2 or not all(m and m[0] in ("labelled", "short") and m[2] for m in markers):
        return
    for item, marker in zip(bullets, markers, strict=True):
        para = item.paras[0]
        rest = marker[2] if marker else para.text
        para.start += max(para.text.find(rest), 0)
        item.ref, para.text = marker[1] if marker else None, rest


def _number_unnumbered(items: list[Item]) -> None:
    """Bullets and paragraphs have no printed refs: they are numbered 1, 2, 3 in order."""
    if all(item.ref for item in items):
        return
    for number, item in enumerate(items, start=1):
        if not item.ref:
            item.ref = str(number)


# ---------------------------------------------------------------------------------------------
# Grouping findings under headings


def group_findings(items: list[Item], profile: Profile, wrapped: bool) -> list[Item]:
    """Findings under sub-headings become one finding per heading (ref "3.4-3.5")."""
    if not profile.get("findings.group_under_headings", True) or not any(i.group for i in items):
        return items
    if any(i.scheme in ("labelled", "short", "bullet", "number", "letter", "roman") or i.scheme == "decimal" and i.markup
           for i in items):
        return items  # "Finding 1", "F2", a list (its points numbered 1.1, 1.2 in the markup too): the document sets its findings apart
    if sum(1 for i in items if i.context or (i.group and is_agency_heading(i.group, profile))) * 2 > len(items):
        return items  # each agency's lessons under its name: the headings say whose, not which finding
    skip = [s.lower() for s in profile.get("findings.skip_headings") or []]
    grouped: list[Item] = []
    for item in items:
        if item.group is None:
            continue  # paragraphs before the first heading only introduce the lessons
        if any(item.group.lower().startswith(s) for s in skip):
            continue
        if grouped and grouped[-1].group == item.group and grouped[-1].heading == item.group:
            target = grouped[-1]
            target.paras.extend(item.paras)
            target.ref_range = item.ref
            continue
        merged = Item(item.kind, item.ref, list(item.paras), heading=item.group, marker_para=item.marker_para,
                      scheme=item.scheme, group=item.group)
        if item.heading and item.heading != item.group:
            merged.paras.insert(0, Para(item.heading, item.start, item.start, item.page, "heading"))
        grouped.append(merged)
    for item in grouped:
        if item.ref_range and item.ref_range != item.ref:
            item.ref = f"{item.ref}-{item.ref_range}"
    return grouped


def listed_measures(item: Item) -> list[Item]:
    """A measure that only leads in a list of its own ("the following services are now available:" and
    bullets) as one measure per listed thing, each with the lead-in as its ``lead`` (its status comes
    from there when it states none); any other item as itself."""
    head, rest = (item.paras[0], item.paras[1:]) if item.paras else (None, [])
    if item.kind != "measures" or head is None or not head.text.rstrip().endswith(":") or len(rest) < 2 \
            or not all(p.kind == "item" for p in rest):
        return [item]
    return [Item("measures", f"{item.ref}.{number}" if item.ref else None, [para], marker_para=para, scheme=para.scheme,
                 context=list(item.context), group=item.group, markup=item.markup, lead=head.text.strip())
            for number, para in enumerate(rest, start=1)]


# ---------------------------------------------------------------------------------------------
# Inline lists


def inline_items(para: Para, kind: str, profile: Profile) -> list[Item] | None:
    """"Recommendations include: a; b; and c" -> one item per part (``None`` when it is not such a list)."""
    if not profile.get("inline_lists.enabled", True):
        return None
    lead = profile.pattern("inline_lists.lead")
    if lead is None:
        return None
    match = lead.search(para.text)
    if match is None:
        return None
    rest = para.text[match.end():]
    end = re.search(r"(?<=[.!?])\s+(?=[A-Z][^;]*:)", rest)
    rest = rest[:end.start()] if end else rest  # the list ends with its sentence when another list follows
    separators = profile.get("inline_lists.separators") or ";"
    parts = [p.strip() for p in re.split(separators, rest)]
    parts = [re.sub(r"^(?:and|or)\s+", "", p).strip().rstrip(".").strip() for p in parts if p.strip()]
    parts = [p for p in parts if len(p.split()) >= 2]
    if len(parts) < int(profile.get("inline_lists.min_items") or 2):
        return None
    items = []
    for number, part in enumerate(parts, start=1):
        text = part[0].upper() + part[1:] if part else part
        where = para.text.find(part)
        start = para.start + where if where >= 0 else para.start
        sub = Para(text, start, start + len(part) if where >= 0 else para.end, para.page, "text")
        items.append(Item(kind, str(number), [sub], marker_para=para, scheme="inline"))
    return items


def inline_kind(para: Para, profile: Profile) -> str | None:
    """Which kind of items an inline list holds, from the words that lead it in."""
    lead = profile.pattern("inline_lists.lead")
    match = lead.search(para.text) if lead else None
    if match is None:
        return None
    words = match.group(0).lower()
    if "recommend" in words or "area" in words:
        return "recommendations"
    if "action" in words:
        return "measures"
    return "findings"


# ---------------------------------------------------------------------------------------------
# Tables


def _column_fields(cells: tuple[str, ...], profile: Profile) -> dict[int, str]:
    columns = profile.get("tables.columns") or {}
    found: dict[int, str] = {}
    for index, cell in enumerate(cells):
        text = re.sub(r"\(.*?\)", "", cell).strip().lower().rstrip(":.*")
        for field_name in columns:
            pattern = profile.alternation(f"tables.columns.{field_name}")
            if pattern is not None and pattern.match(text) and field_name not in found.values():
                found[index] = field_name
                break
    return found


FIGURE = re.compile(r"^[\s\d.,%£$()+\-–/]*\d[\s\d.,%£$()+\-–/]*$")


def _figures_only(cells: tuple[str, ...] | list[str], fields: dict[int, str]) -> bool:
    """Whether a row's cells outside the named columns are all figures (at least two of them)."""
    others = [cell for index, cell in enumerate(cells) if index not in fields and (cell or "").strip()]
    return len(others) >= 2 and all(FIGURE.match(cell) for cell in others)


# Columns that say how an action stands; a table of actions with none of them, outside a measures
# section, whose action header does not say the actions were done (DONE_HEADER), lists tasks, not measures.
STANDING = {"status", "progress", "evidence", "implemented"}
DONE_HEADER = re.compile(r"\b(?:taken|completed|done|delivered|implemented|since|to date)\b", re.I)


def _cell_points(paragraphs: tuple[str, ...]) -> list[str]:
    """A table cell's paragraphs when each is a point of its own (two or more, each a sentence of five
    words or more: "Ellis's mother was a care leaver ...", "The mother's new partner ..."), else none."""
    points = [p for p in paragraphs if p.strip()]
    if len(points) < 2 or not all(len(p.split()) >= 5 and (re.search(r"[.!?]['\"’”)]?$", p.strip()) or re.match(r"^\s*\d{1,2}[.)]\s", p))
                                  for p in points):
        return []
    return points


def table_items(rows: list[Para], section_kind: str | None, profile: Profile) -> tuple[list[Item], list[str]]:
    """Items from the rows of one table (its first row naming the columns)."""
    if not rows:
        return [], []
    warnings: list[str] = []
    header_index = None
    fields: dict[int, str] = {}
    for index, row in enumerate(rows[:3]):
        fields = _column_fields(row.cells, profile)
        if any(f in fields.values() for f in ("recommendation", "finding", "action")):
            header_index = index
            break
    if header_index is None:
        if section_kind in ("findings", "recommendations", "measures") and all(len(r.cells) >= 2 for r in rows):
            fields = {0: "ref", 1: {"findings": "finding", "measures": "action"}.get(section_kind, "recommendation")}
            if len(rows[0].cells) >= 3:
                fields[2] = "agency"
            header_index = -1
            if not re.match(r"^\s*(?:\(?[0-9a-z]{1,4}[.)]?|[A-Z]{1,3}\d{1,2}|\d+(?:\.\d+)+)\s*$", rows[0].cells[0] or "x"):
                return [], []
        else:
            return [], []
    body = rows[header_index + 1:]
    if body and all(_figures_only(row.cells, fields) for row in body):
        return [], []  # "Measure | 2022-23 | 2023-24" and counts under it: a table of figures, no items
    items: list[Item] = []
    names = set(fields.values())
    main = "recommendation" if "recommendation" in names else "finding" if "finding" in names else "action"
    if main == "action" and header_index >= 0 and not names & STANDING and section_kind != "measures" \
            and not DONE_HEADER.search(next(rows[header_index].cells[i] for i, f in fields.items() if f == "action")):
        return [], []  # "Item | Action | Owner | By": a meeting's tasks, with nothing on how any stands
    kind = {"recommendation": "recommendations", "finding": "findings", "action": "measures"}[main]
    seen: dict[tuple[str | None, str], Item] = {}
    from scrgraph.extract.paragraphs import parse_marker

    for row in body:
        values = {fields[i]: row.cells[i].strip() for i in fields if i < len(row.cells)}
        listed = {fields[i]: _cell_points(row.cell_parts[i]) for i in fields if i < len(row.cell_parts)}
        texts = listed.get(main) or [values.get(main, "")]
        owner: Item | None = None
        founds = (listed.get("finding") or [values.get("finding", "")]) if main == "recommendation" else []
        for found in founds:  # "What went wrong | What needs to change": both kinds
            if found and ("findings", found) not in seen:
                seen[("findings", found)] = finding = Item("findings", values.get("ref") or None,
                                                           [Para(found, row.start, row.end, row.page, "text")],
                                                           marker_para=row, scheme="table", cells=values)
                items.append(finding)
        for text in texts:
            ref = values.get("ref") or None if len(texts) == 1 else None
            if ref:
                ref = re.sub(r"(?i)^(?:rec(?:ommendation)?|no\.?)\s*", "", ref).strip(" .:)") or ref
            elif text:
                marker = parse_marker(text, profile)
                if marker and marker[0] in ("decimal", "number", "labelled", "short", "letter") and marker[2]:
                    ref, text = marker[1], marker[2]
            if text and (ref, text) not in seen:
                item = Item(kind, ref, [Para(text, row.start, row.end, row.page, "text")], marker_para=row,
                            scheme="table", cells=values)
                seen[(ref, text)] = item
                items.append(item)
            owner = owner or seen.get((ref, text)) or next((i for k, i in seen.items() if k[1] == text), None)
        if not any(texts) and kind != "measures" and not values.get("action"):
            continue
        reported = values.get("action") or next((values[name] for name in ("progress", "implemented")
                                                 if len(values.get(name, "").split()) >= PROGRESS_WORDS), None)
        if reported and NOTHING_DONE.match(reported):
            reported = None  # "Not yet started - to be discussed ...", "Update requested; no evidence received"
        done_name = next((name for name in ("action", "progress", "implemented") if values.get(name) == reported), None)
        for said in (listed.get(done_name or "") or [reported]) if main != "action" and reported else []:
            measure = Item("measures", None, [Para(said, row.start, row.end, row.page, "text")],
                           marker_para=row, scheme="table", cells=values)
            measure.cells["_answers"] = owner.ref if owner is not None and owner.ref else ""
            items.append(measure)
    if not any(i.kind == kind for i in items):
        warnings.append("A table with a header row was found but its rows hold no text.")
    main_items = [i for i in items if i.kind == kind]
    if any(i.ref is None for i in main_items):
        for number, item in enumerate(main_items, start=1):
            item.ref = item.ref or str(number)
        for item in items:
            if item.kind == "measures" and item.cells.get("_answers") == "":
                owner = next((i for i in main_items if i.marker_para is item.marker_para), None)
                item.cells["_answers"] = (owner.ref or "") if owner is not None else ""
    findings = [i for i in items if i.kind == "findings" and kind != "findings"]  # beside the recommendations
    for number, item in enumerate(findings, start=1):
        item.ref = item.ref or str(number)
    return items, warnings
