"""Turn the gathered facts into the report: plain sentences, tables with their sources, and charts.

Every section says something even when there is nothing to count ("No action was recorded as
completed in the period"), so an empty period or a board with no actions gives a readable report
rather than empty tables.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Any

from scrgraph.provenance import scrgraph_version
from scrgraph.recognise.refs import natural_key
from scrgraph.report import charts
from scrgraph.report.gather import QueryRun, ReportData, ReviewFacts
from scrgraph.report.model import Bullets, Document, Figure, Heading, Paragraph, Table
from scrgraph.report.words import (
    agency_name,
    agency_names,
    count,
    listing,
    long_date,
    plural,
    published_cell,
    review_type,
    sentence_case,
    short_date,
    verb,
    year_cell,
    years_text,
)

TITLE = "Learning from reviews"
CHART_AGENCIES = 15
CHART_THEMES = 12
APPENDIX_ROWS = 10  # a longer list of recommendations with no action goes to an appendix, by agency


def ref_key(ref: Any) -> tuple:
    """A recommendation's ref in natural order: 4.2 before 4.10, 9 before 10."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.lower())
                 for part in re.findall(r"\d+|[^\d.\s]+", str(ref or "")))


def source(*commands: str) -> str:
    """The line under a table that says which saved query (and parameters) gave its numbers."""
    if len(commands) == 1:
        return f"Source: saved query, {commands[0]}."
    return "Sources: saved queries, " + "; ".join(commands) + "."


def compose(data: ReportData) -> Document:
    """The whole report for the gathered facts."""
    options = data.options
    period = f"{long_date(options.start)} to {long_date(options.end)}"
    title = f"{TITLE}: {period}"
    document = Document(title=title)
    document.add(Heading(title, 1))
    who = data.board_name or "every board in the store"
    document.add(Paragraph(
        f"This is the learning-from-reviews section of the annual report for {who}, covering {period}. "
        "It sets out the reviews published in the period, the recommendations that keep coming back, the themes "
        "of the reviews, the actions that are still open, and what difference completed actions have made. "
        f"Actions are shown as they stood on {long_date(options.state_date)}."))
    document.add(Paragraph("Each table names the saved query its numbers come from: run the command shown "
                           "(scrgraph query ...) to see the rows behind it.", note=True))
    summary_at = len(document.blocks)
    summary: list[str] = []
    _reviews(document, data, summary)
    _left_out(document, data, summary)
    _recurring(document, data, summary)
    _themes(document, data, summary)
    _agencies(document, data, summary)
    _completed(document, data, summary)
    _without_actions(document, data, summary)
    _method(document, data)
    _appendix(document, data)
    document.blocks[summary_at:summary_at] = [Heading("Summary", 2), Bullets(summary)]
    return document


def _width(png: bytes) -> float:
    """The printed width of a chart: its natural size, at most the width of a portrait page's text."""
    return round(min(6.3, charts.png_inches(png)[0]), 2)


def review_label(data: ReportData, review_id: str) -> str:
    """A review by its subject ("Child Q"), the way boards refer to reviews."""
    return data.names.get(review_id, review_id)


# -- reviews in the period -----------------------------------------------------------------------


def plan_status(review: ReviewFacts | None, as_of_text: str) -> str:
    """The state of a review's action plan in a few words, e.g. "3 actions: 2 completed, 1 open (1 overdue)"."""
    if review is None:
        return f"Not yet published on {as_of_text}"
    if not review.actions:
        return "No actions recorded"
    states = []
    if review.completed:
        states.append(f"{review.completed} completed")
    closed = review.resolved - review.completed
    if closed:
        states.append(f"{closed} closed without completion")
    if review.unresolved:
        states.append(f"{review.unresolved} open" + (f" ({review.overdue} overdue)" if review.overdue else ""))
    text = f"{count(review.actions, 'action')}: {', '.join(states)}"
    if review.no_action_recommendations:
        n = review.no_action_recommendations
        text += (f"; {n} of {review.recommendations} {plural(review.recommendations, 'recommendation')} "
                 f"{verb(n, 'has')} no action")
    return text


def period_text(data: ReportData) -> str:
    """The period in words: ``between 1 April 2023 and 31 March 2024``."""
    return f"between {long_date(data.options.start)} and {long_date(data.options.end)}"


def _reviews(document: Document, data: ReportData, summary: list[str]) -> None:
    options = data.options
    period = period_text(data)
    document.add(Heading("Reviews published in the period", 2))
    reviews = data.reviews_in_period
    whose = f" by {data.board_name}" if data.board_name else ""
    if not reviews:
        sentence = f"No review{whose} was published {period}."
        document.add(Paragraph(sentence + " A review counts when its record's publication date (or, without one, "
                               "its year) lies wholly inside the period."))
        summary.append(sentence)
        return
    names = listing(f"{r.subject} ({published_cell(r.published, r.year)})" for r in reviews)
    sentence = f"{count(len(reviews), 'review')}{whose} {verb(len(reviews), 'was')} published {period}: {names}."
    summary.append(sentence)
    as_of = long_date(options.state_date)
    document.add(Paragraph(sentence + f" The last column gives the state of each review's action plan on {as_of}."))
    rows = []
    for review in reviews:
        in_scope = data.review(review.id)
        rows.append([review.title, review.subject, review_type(review.type), year_cell(review.year_commissioned),
                     published_cell(review.published, review.year), str(review.recommendations),
                     plan_status(in_scope, as_of)])
    document.add(Table(
        f"Reviews published {period}", ["Review", "Subject", "Type", "Commissioned", "Published",
                                           "Recommendations", f"Action plan on {as_of}"], rows,
        source(data.runs["reviews"].command(), data.runs["actions"].command()), numeric=(5,)))


def _left_out(document: Document, data: ReportData, summary: list[str]) -> None:
    """Name every review the report could not place in the period, with the reason."""
    if not data.left_out:
        return
    run = data.runs.get("board-reviews") or data.runs["all-reviews"]
    n = len(data.left_out)
    sentence = (f"{count(n, 'review')} could not be placed in the period, so {verb(n, 'is')} not counted among "
                "the reviews published in it: " + listing(review.subject for review, _ in data.left_out) + ".")
    summary.append(sentence)
    document.add(Paragraph(sentence + " To place a review, add published: YYYY-MM-DD (or YYYY-MM, or YYYY) "
                           "to its record and load it again. The reasons:"))
    document.add(Bullets([f"{review.subject} ({review.id}), because {reason}." for review, reason in data.left_out]))
    document.add(Paragraph(f"They are the reviews of {run.command()} whose published_from to published_to "
                           "is blank or runs across the period's first or last day.", note=True))


# -- recurring recommendations --------------------------------------------------------------------


def _recurring(document: Document, data: ReportData, summary: list[str]) -> None:
    period = period_text(data)
    document.add(Heading("Recommendations that keep coming back", 2))
    groups = data.groups
    if not groups:
        sentence = f"No review published {period} repeated a recommendation made by an earlier review."
        document.add(Paragraph(sentence + " (Recurring recommendations are found by 'scrgraph link', which compares "
                               "the recommendations of different reviews.)"))
        summary.append(sentence)
        return
    longest = max(groups, key=lambda g: (g["years"], g["reviews"]))
    sentence = (f"{count(len(groups), 'recommendation')} made by reviews published {period} had been made before; "
                f"the longest-running has now been made in {longest['reviews']} reviews over {count(longest['years'], 'year')} "
                f"({longest['first_year']} to {longest['last_year']}).")
    summary.append(sentence)
    document.add(Paragraph(
        "A recommendation recurs when reviews years apart ask for the same thing, in different words. "
        f"{sentence} Each row below is one recurring recommendation that a review published {period} made again; "
        "the second table gives each review's wording."))
    rows, member_rows = [], []
    for group in groups:
        reviews: list[str] = []
        for member in sorted(group["members"], key=lambda m: (m.get("year") or 0, m["review"], natural_key(m.get("ref")))):
            name = review_label(data, member["review"])
            if name not in [r.split(" (")[0] for r in reviews]:
                reviews.append(f"{name} ({year_cell(member.get('year'))})")
            member_rows.append([group["label"], name, year_cell(member.get("year")), str(member.get("ref") or ""),
                                member.get("text") or ""])
        rows.append([group["label"], "; ".join(reviews), str(group["reviews"]), str(group["first_year"]),
                     str(group["last_year"]), str(group["years"])])
    command = data.runs["groups"].command()
    note = ""
    if any(g["trimmed"] for g in groups):
        note = f" Reviews published after {long_date(data.options.state_date)} are left out."
    document.add(Table("Recurring recommendations made again in the period",
                       ["Recommendation about", "Reviews that made it", "Reviews", "First made", "Latest", "Years apart"],
                       rows, source(command) + note, numeric=(2, 3, 4, 5)))
    document.add(Table("The wording of each recurring recommendation",
                       ["Recommendation about", "Review", "Year", "Ref", "Recommendation"], member_rows,
                       source(command) + note, numeric=(2,)))


# -- themes --------------------------------------------------------------------------------------


def _themes(document: Document, data: ReportData, summary: list[str]) -> None:
    first, last = data.options.years
    document.add(Heading("Themes", 2))
    rows = data.theme_counts
    if not rows:
        sentence = "No finding or recommendation of the reviews up to the end of the period carries a practice theme."
        document.add(Paragraph(sentence))
        summary.append(sentence)
        return
    years = sorted({r["year"] for r in rows})
    totals: dict[str, int] = defaultdict(int)
    in_period: dict[str, int] = defaultdict(int)
    labels: dict[str, str] = {}
    cells: dict[tuple[str, int], int] = defaultdict(int)
    for r in rows:
        n = r["findings"] + r["recommendations"]
        labels[r["theme"]] = r["theme_label"]
        totals[r["theme"]] += n
        cells[(r["theme"], r["year"])] += n
        if first <= r["year"] <= last:
            in_period[r["theme"]] += n
    order = sorted(totals, key=lambda t: (-totals[t], labels[t]))
    span = years_text(years[0], years[-1])
    top = sorted((t for t in in_period if in_period[t]), key=lambda t: (-in_period[t], labels[t]))[:3]
    if top:
        earlier = [t for t in in_period if in_period[t] and any(cells[(t, y)] for y in years if y < first)]
        most = "themes raised most often" if len(top) > 1 else "theme raised most often"
        sentence = (f"The {most} in {years_text(first, last)} {verb(len(top), 'was')} "
                    f"{listing(f'{labels[t]} ({in_period[t]})' for t in top)}.")
        summary.append(sentence)
        if earlier:
            sentence += (f" {count(len(earlier), 'theme')} of the period had been raised by earlier reviews too: "
                         f"{listing(sorted(labels[t] for t in earlier))}.")
    else:
        sentence = f"No review of {years_text(first, last)} carries a practice theme."
        summary.append(sentence)
    document.add(Paragraph(
        f"{sentence} The numbers count the findings and recommendations about each theme, by the year of the "
        f"review, for the reviews of {span}."))
    chart_themes = order[:CHART_THEMES]
    shown = "" if len(order) <= CHART_THEMES else f" (the {CHART_THEMES} most frequent themes)"
    if len(years) == 1:
        png = charts.theme_bars([labels[t] for t in chart_themes], [totals[t] for t in chart_themes], years[0])
        alt = (f"Bar chart of findings and recommendations by theme in reviews of {years[0]}: "
               + "; ".join(f"{labels[t]}: {totals[t]}" for t in chart_themes) + ".")
    else:
        png = charts.themes_chart([labels[t] for t in chart_themes], years,
                                  [[cells[(t, y)] for y in years] for t in chart_themes])
        alt = ("Grid of themes by year of review; each cell gives the number of findings and recommendations. "
               + "; ".join(f"{labels[t]}: {totals[t]} in all" for t in chart_themes) + ".")
    document.add(Figure(f"Findings and recommendations by theme and year of review{shown}", png, alt,
                        "themes-by-year.png", width_inches=_width(png), source=source(data.themes_source)))
    table_rows = [[labels[t]] + [str(cells[(t, y)]) if cells[(t, y)] else "–" for y in years] + [str(totals[t])]
                  for t in order]
    document.add(Table(f"Findings and recommendations by theme and year of review, {span}",
                       ["Theme"] + [str(y) for y in years] + ["Total"], table_rows, source(data.themes_source),
                       numeric=tuple(range(1, len(years) + 2))))


# -- agencies ------------------------------------------------------------------------------------


def _no_plans_sentence(data: ReportData) -> str | None:
    """A sentence for when there are no action plans to speak of on the report's date, else None."""
    as_of = data.options.state_date
    whose = f" by {data.board_name}" if data.board_name else ""
    if not data.reviews_in_scope:
        later = f" (the first was published in {data.first_year})" if data.first_year else ""
        return (f"No review{whose} had been published by {long_date(as_of)}{later}, so no action plans had been "
                "recorded by then.")
    if not any(row["action"] != "(no action)" for row in data.actions):
        n = sum(r.recommendations for r in data.reviews_in_scope)
        reviews = len(data.reviews_in_scope)
        which = f"the review{whose}" if reviews == 1 else f"any of the {reviews} reviews{whose}"
        if n == 1:
            rest = f"so {'its' if reviews == 1 else 'their'} one recommendation has no action"
        else:
            rest = f"so none of {'its' if reviews == 1 else 'their'} {n} recommendations has an action"
        return f"By {long_date(as_of)}, no action had been recorded for {which}, {rest}."
    return None


def _agencies(document: Document, data: ReportData, summary: list[str]) -> None:
    as_of = long_date(data.options.state_date)
    document.add(Heading("Agencies with unresolved and overdue actions", 2))
    empty = _no_plans_sentence(data)
    if empty and not data.agencies:
        document.add(Paragraph(empty))
        summary.append(empty)
        return
    if not data.agencies:
        sentence = f"Every action and every recommendation had been resolved by {as_of}."
        document.add(Paragraph(sentence))
        summary.append(sentence)
        return
    unresolved = sum(int(r.get("unresolved") or 0) for r in data.agencies)
    overdue = sum(int(r.get("overdue") or 0) for r in data.agencies)
    no_action = sum(int(r.get("no_action") or 0) for r in data.agencies)
    between = " between them" if len(data.agencies) > 1 else ""
    parts = []
    if overdue:
        parts.append(count(overdue, "overdue action"))
    if no_action:
        parts.append(f"{count(no_action, 'recommendation')} with no action of the agency's own")
    including = f", including {listing(parts)}" if parts else ""
    sentence = (f"On {as_of}, {count(len(data.agencies), 'agency')} had {count(unresolved, 'unresolved item')}"
                f"{between}{including}.")
    summary.append(sentence)
    paragraphs = [sentence, "An item is unresolved when it is an open action the agency leads, or a recommendation "
                  "addressed to the agency that it has no action for; an action is overdue when it is open after its due date."]
    worst = max(data.agencies, key=lambda r: (int(r.get("overdue") or 0), int(r.get("unresolved") or 0)))
    if int(worst.get("overdue") or 0):
        oldest = f", the oldest due on {long_date(worst.get('oldest_due'))}" if worst.get("oldest_due") else ""
        paragraphs.append(f"{sentence_case(agency_name(worst['agency'], worst.get('agency_label')))} had the most "
                          f"overdue actions ({worst['overdue']}){oldest}.")
    if empty:
        paragraphs.insert(0, empty)
    document.add(Paragraph(" ".join(paragraphs)))
    rows = []
    for r in data.agencies:
        rows.append([agency_name(r["agency"], r.get("agency_label")), str(r.get("unresolved") or 0),
                     str(r.get("overdue") or 0), str(r.get("no_action") or 0), short_date(r.get("oldest_due")),
                     "; ".join(review_label(data, i) for i in r.get("review_ids") or [])])
    document.add(Table(f"Agencies with unresolved items on {as_of}",
                       ["Agency", "Unresolved", "Overdue", "Recommendations with no action", "Oldest due date", "Reviews"],
                       rows, source(data.runs["agencies"].command()), numeric=(1, 2, 3)))
    shown = data.agencies[:CHART_AGENCIES]
    png = charts.agencies_chart([(agency_name(r["agency"], r.get("agency_label")), int(r.get("unresolved") or 0),
                                  int(r.get("overdue") or 0)) for r in shown])
    more = "" if len(data.agencies) <= CHART_AGENCIES else f" (the {CHART_AGENCIES} agencies with most)"
    alt = ("Bar chart of unresolved and overdue items by agency: "
           + "; ".join(f"{agency_name(r['agency'], r.get('agency_label'))}: {r.get('unresolved') or 0} unresolved, "
                       f"{r.get('overdue') or 0} overdue" for r in shown) + ".")
    document.add(Figure(f"Unresolved and overdue items by agency on {as_of}{more}", png, alt,
                        "agencies-unresolved.png", width_inches=_width(png), source=source(data.runs["agencies"].command())))


# -- completed actions and their impact ----------------------------------------------------------


def _completed(document: Document, data: ReportData, summary: list[str]) -> None:
    options = data.options
    period = f"{long_date(options.start)} and {long_date(options.end)}"
    document.add(Heading("Actions completed in the period and the difference they made", 2))
    rows = data.completed
    command = data.runs["completed"].command()
    if not rows:
        empty = _no_plans_sentence(data)
        sentence = f"No action was recorded as completed between {period}."
        document.add(Paragraph(sentence if not empty else f"{sentence} {empty}"))
        summary.append(sentence)
        return
    with_evidence = [r for r in rows if (r.get("evidence") or "").strip()]
    without = [r for r in rows if not (r.get("evidence") or "").strip()]
    done = f"{count(len(rows), 'action')} {verb(len(rows), 'was')} completed between {period}"
    if not without:
        sentence = (f"{done}; {'it records' if len(rows) == 1 else 'all of them record'} evidence of the "
                    "difference made.")
    elif not with_evidence:
        sentence = (f"{done}, but {'it records no' if len(rows) == 1 else 'none of them records any'} evidence of "
                    "the difference made.")
    else:
        sentence = (f"{done}; {len(with_evidence)} {verb(len(with_evidence), 'records')} evidence of the difference "
                    f"made and {len(without)} {verb(len(without), 'does')} not.")
    summary.append(sentence)
    document.add(Paragraph(sentence))

    def base(r: dict[str, Any]) -> list[str]:
        return [review_label(data, r["review_id"]), ", ".join(r.get("recs") or []), agency_name(r.get("agency_id")),
                r.get("action") or "", short_date(r.get("completed"))]

    columns = ["Review", "Recommendation", "Agency", "Action", "Completed"]
    if with_evidence:
        document.add(Table("Actions completed in the period with evidence of impact",
                           columns + ["Evidence of impact"], [base(r) + [r["evidence"]] for r in with_evidence],
                           source(command)))
    document.add(Heading("Completed actions with no evidence of impact", 3))
    if not without:
        document.add(Paragraph("Every action completed in the period records evidence of its impact."))
        return
    document.add(Paragraph(
        f"This is a gap: {count(len(without), 'action')} {verb(len(without), 'was')} completed in the period but nothing "
        "records whether {it} made a difference to children, adults or families. The board should ask the lead "
        "{agencies} for evidence of impact.".format(it="it" if len(without) == 1 else "they",
                                                    agencies="agency" if len({r.get('agency_id') for r in without}) == 1 else "agencies")))
    document.add(Table("Completed actions with no evidence of impact (a gap)", columns,
                       [base(r) for r in without], source(command)))


# -- recommendations with no action --------------------------------------------------------------


def _without_actions(document: Document, data: ReportData, summary: list[str]) -> None:
    as_of = long_date(data.options.state_date)
    document.add(Heading("Recommendations with no action", 2))
    rows = data.without_actions
    if not rows:
        empty = _no_plans_sentence(data) if not data.reviews_in_scope else None
        sentence = empty or f"Every recommendation had at least one action by {as_of}."
        document.add(Paragraph(sentence))
        summary.append(sentence)
        return
    by_review: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_review[r["review"]].append(r)
    sentences = []
    for review_id, items in by_review.items():
        facts = data.review(review_id)
        total = facts.recommendations if facts else len(items)
        sentences.append(f"{len(items)} of {total} {plural(total, 'recommendation')} from the "
                         f"{review_label(data, review_id)} review {verb(len(items), 'has')} no recorded action.")
    reviews = len(by_review)
    lead = (f"On {as_of}, {count(len(rows), 'recommendation')} from {count(reviews, 'review')} "
            f"{verb(len(rows), 'has')} no recorded action at all.")
    summary.append(lead)
    rows = sorted(rows, key=lambda r: (r.get("year") or 9999, r["review"], ref_key(r.get("ref"))))
    if len(rows) > APPENDIX_ROWS:
        document.add(Paragraph(lead + " " + " ".join(sentences) + " The appendix lists them by the agency they "
                               "are addressed to."))
        return
    document.add(Paragraph(lead + " " + " ".join(sentences)))
    document.add(Table(f"Recommendations with no recorded action on {as_of}",
                       ["Review", "Year", "Ref", "Recommendation", "Addressed to"],
                       [[review_label(data, r["review"]), year_cell(r.get("year")), str(r.get("ref") or ""),
                         r.get("text") or "", agency_names(r.get("agencies"))] for r in rows],
                       source(data.runs["without"].command()), numeric=(1,)))


def _appendix(document: Document, data: ReportData) -> None:
    """A long list of recommendations with no action, one table per agency they are addressed to."""
    rows = data.without_actions
    if len(rows) <= APPENDIX_ROWS:
        return
    as_of = long_date(data.options.state_date)
    document.add(Heading("Appendix: recommendations with no recorded action, by agency", 2))
    document.add(Paragraph(f"Every recommendation with no recorded action on {as_of}, under each agency it is "
                           "addressed to (a recommendation addressed to two agencies is under both)."))
    by_agency: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        for agency in r.get("agencies") or [""]:
            by_agency[agency].append(r)
    run = data.runs["without"]
    for agency in sorted(by_agency, key=lambda a: (not a, agency_name(a) if a else "")):
        items = sorted(by_agency[agency], key=lambda r: (r.get("year") or 9999, r["review"], ref_key(r.get("ref"))))
        name = agency_name(agency) if agency else "Addressed to no agency"
        document.add(Heading(name, 3))
        command = QueryRun(run.name, {**run.params, "agency": agency}, [], []).command() if agency else run.command()
        note = "" if agency else " Its rows that name no agency."
        document.add(Table(f"Recommendations with no recorded action on {as_of}: {name}",
                           ["Review", "Year", "Ref", "Recommendation"],
                           [[review_label(data, r["review"]), year_cell(r.get("year")), str(r.get("ref") or ""),
                             r.get("text") or ""] for r in items],
                           source(command) + note, numeric=(1,)))


# -- method --------------------------------------------------------------------------------------


def _method(document: Document, data: ReportData) -> None:
    options = data.options
    document.add(Heading("How this section was produced", 2))
    document.add(Paragraph(
        "scrgraph wrote this section from the review graph, using its saved queries. A review is published in the "
        "period when every day it could have been published lies inside it: its publication day, else the month or "
        "year its record gives (else the year it was completed or commissioned); a review that could fall either "
        "side of the period's first or last day is named as left out. "
        f"Actions are read as they stood on {long_date(options.state_date)}: for each action the latest action-plan "
        "update on or before that date, else what the review itself reported; reviews published after "
        f"{long_date(options.state_date)} are left out."))
    commands = [run.command() for run in data.runs.values()]
    store = f" from the store {data.store_name}" if data.store_name else ""
    document.add(Paragraph(f"Written on {long_date(dt.date.today())}{store} by scrgraph {scrgraph_version()}. "
                           "The saved queries behind the numbers (add --store to point at the same store):", note=True))
    document.add(Bullets(list(dict.fromkeys(commands))))
