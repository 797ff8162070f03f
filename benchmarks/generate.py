"""Seeded generator of synthetic review records at national scale, with planted recurring recommendations.

Each review gets 3-10 findings, 5-25 recommendations and 3-15 measures, addressed to about 40
agencies and tagged with about 30 themes. A recommendation is built from five slots: what is
asked, where, for whom, when, and how it is checked, each slot worded in one of several paraphrases.

*Planted repeats* teach one of the recurring lessons (the WHAT slot: clear criteria for pre-birth
referral, retrieving past history, ...) in one of its paraphrases, addressed to any service, for any
group of people, with their own timescale, check and sentence frame, as the seeds' Child F and
Baby William ask for the same criteria for early referral ten years apart in other words. The
recommendations teaching one lesson are one group in ``repeats.json``, so a linker can be scored.
Every other recommendation asks for something specific to its review: a subject naming three local
things (made-up names: a clinic, a form, a team) that no other recommendation names. It still shares
services, groups of people, timescales, checks and sentence frames with many others: hard
negatives, as in real reviews, where most recommendations do not recur.

Usage::

    python benchmarks/generate.py --reviews 1000 --seed 7 --out /tmp/synthetic

writes ``/tmp/synthetic/records/<id>.yaml`` (or one ``records.jsonl`` with ``--jsonl``) and
``/tmp/synthetic/repeats.json`` (a list of groups, each a list of ``review_id#ref``).
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

# Each slot value is a list of paraphrases of one idea.
WHAT = [
    ["clear criteria for referring unborn babies", "shared thresholds for pre-birth referrals", "agreed criteria for early referral in pregnancy"],
    ["the retrieval of historical information", "gathering past case history", "the use of previous records and chronologies"],
    ["the identification of fathers and male carers", "finding out who the men in the household are", "knowing which male carers live in the home"],
    ["escalation when professionals disagree", "use of the procedure for resolving professional differences", "challenging decisions that feel unsafe"],
    ["the quality of multi-agency assessments", "joint assessment of risk by partner agencies", "assessments that draw on every agency"],
    ["discharge planning for vulnerable babies", "safe discharge meetings before babies leave hospital", "planning the discharge of newborns at risk"],
    ["training on parental substance misuse", "learning on the impact of parental drug and alcohol use", "staff knowledge of parents who misuse substances"],
    ["routine enquiry about domestic abuse", "asking about domestic violence at every contact", "screening for coercive control"],
    ["sharing information with GPs", "keeping general practice informed", "passing information to the family doctor"],
    ["supervision of complex cases", "management oversight of difficult cases", "reflective supervision for frontline staff"],
    ["the child's lived experience in plans", "seeing and hearing the child", "recording the voice of the child"],
    ["safer sleep advice", "guidance on safe sleeping for infants", "messages on co-sleeping risks"],
    ["mental capacity assessments", "assessing decision-making capacity", "recording capacity and best interests decisions"],
    ["responses to self-neglect", "work with adults who refuse services", "support for people who neglect their own care"],
    ["transition planning at eighteen", "handover from children's to adult services", "moving young people into adult support"],
    ["the recording of chronologies", "single agency chronologies kept up to date", "accurate case chronologies"],
    ["follow-up of missed appointments", "action when children are not brought", "responding to was-not-brought episodes"],
    ["information sharing across local authority borders", "transfer of case records between areas", "passing files when families move area"],
    ["pre-birth assessment timescales", "starting assessments early in pregnancy", "timely assessment of unborn children"],
    ["strategy discussions that include health", "involving health staff in strategy meetings", "health attendance at strategy discussions"],
    ["risk assessment of violent adults", "assessing risk from dangerous adults", "reviewing risk posed by violent household members"],
    ["the use of interpreters", "access to interpreting services", "communicating through qualified interpreters"],
    ["bruising in non-mobile babies", "injuries to babies who cannot yet move", "marks on immobile infants"],
    ["exploitation screening for adolescents", "spotting criminal exploitation of teenagers", "identifying young people at risk of exploitation"],
    ["children missing education", "pupils absent from school", "children not in school"],
    ["housing checks on new household members", "housing involvement in safeguarding", "tenancy and housing information in assessments"],
    ["the quality of referrals to children's social care", "complete and clear referrals", "referrals that state the concern"],
    ["closure of cases without review", "ending involvement too early", "case closure decisions"],
    ["the workload of social workers", "caseload levels", "staffing capacity in frontline teams"],
    ["the use of written agreements", "reliance on written safety agreements", "safety plans signed by parents"],
]
WHERE = [
    ["in maternity services", "by midwives", "within midwifery"],
    ["in the children's social care front door", "at the MASH", "in the first response team"],
    ["across health visiting", "by health visitors", "in the 0-5 service"],
    ["in general practice", "by GP surgeries", "across primary care"],
    ["in police public protection work", "by police safeguarding units", "within the public protection unit"],
    ["in emergency departments", "in hospital A&E", "by emergency department staff"],
    ["in adult mental health services", "by the mental health trust", "across community mental health teams"],
    ["in drug and alcohol services", "by substance misuse providers", "within the recovery service"],
    ["in schools", "by designated safeguarding leads", "across education settings"],
    ["in probation", "by offender managers", "within the probation service"],
    ["in adult social care", "by adult safeguarding teams", "across adult services"],
    ["in housing services", "by housing officers", "within the homelessness team"],
    ["in early help", "by family support workers", "across family hubs"],
    ["in the ambulance service", "by paramedics", "within the ambulance trust"],
    ["in commissioning", "by the integrated care board", "through health commissioners"],
]
FOR_WHOM = [
    ["for families with previous care proceedings", "where siblings were removed before", "for parents with children previously in care"],
    ["for young parents", "for teenage mothers and fathers", "for parents under twenty"],
    ["for families who move often", "for highly mobile families", "where families move between areas"],
    ["for parents with learning disabilities", "where a parent has a learning disability", "for parents with cognitive impairment"],
    ["for families with no recourse to public funds", "for families with insecure immigration status", "where immigration status limits support"],
    ["for older adults living alone", "for isolated older people", "for elderly people without family support"],
    ["for care leavers", "for young people leaving care", "for those who have left local authority care"],
    ["for families known to several agencies", "where many agencies are involved", "for families with multiple services"],
    ["for households with domestic abuse", "where there is domestic violence", "in homes affected by coercive control"],
    ["for disabled children", "for children with complex health needs", "for children with disabilities"],
]
CHECKED = [
    ["with a multi-agency audit within a year", "audited jointly within twelve months", "tested by a partnership audit in the next year"],
    ["with a report to the board", "reported back to the partnership board", "with progress reported to the board"],
    ["with updated procedures", "reflected in revised procedures", "set out in new guidance"],
    ["with training for all relevant staff", "through training across the workforce", "by training the staff concerned"],
    ["with a change to the recording system", "through an alert on the case record system", "by a flag in the electronic records"],
    ["with a briefing for practitioners", "through a seven-minute briefing", "shared in a practice briefing"],
]
WHEN = [
    ["within six months", "in the next six months", "before half a year has passed"],
    ["by the end of the year", "before the year ends", "within this year"],
    ["before the next inspection", "ahead of the next inspection", "in time for the next inspection"],
    ["as a priority", "urgently", "without delay"],
    ["over the next two years", "across the coming two years", "within two years"],
    ["at every review meeting", "each time the case is reviewed", "at each case review"],
    ["when a new partner joins the household", "whenever a new adult moves in", "if a new partner arrives"],
    ["at the first contact", "from the first contact", "on first contact with the family"],
    ["during pregnancy", "in the antenatal period", "before the birth"],
    ["after any hospital attendance", "following each hospital visit", "whenever the child attends hospital"],
]
FRAMES = [
    "The board should seek assurance that {what} is improved {where} {whom} {when}, {checked}.",
    "Partners must strengthen {what} {where} {whom} {when}; this should be {checked_short}.",
    "{What_cap} {where} {whom} needs to improve {when}, {checked}.",
    "Agencies are asked to review {what} {where} {when}, especially {whom}, {checked}.",
    "It is recommended that {what} {where} is reviewed {whom} {when} and {checked_short}.",
]
FINDING_FRAMES = [
    "There were gaps in {what} {where}.",
    "Practice on {what} was inconsistent {where}.",
    "The review found weaknesses in {what} {whom}.",
]
MEASURE_FRAMES = [
    "Deliver {what} {where}.",
    "Update guidance on {what}.",
    "Audit {what} {where}.",
]
SUBJECT_FORMS = ["the handling of {a}, {b} and {c} concerns", "arrangements for {a}, {b} and {c}", "guidance covering {a}, {b} and {c}",
                 "records of {a}, {b} and {c}", "checks on {a}, {b} and {c}", "the response to {a}, {b} and {c} issues"]
THEMES = ["INFO_SHARING", "MULTI_AGENCY", "PROF_CURIOSITY", "CRITICAL_THINKING", "ASSESSMENT", "THRESHOLDS",
          "EARLY_HELP", "ESCALATION", "ENGAGEMENT", "VOICE_CHILD", "FATHERS_MEN", "CP_PLANNING", "SUPERVISION",
          "WORKFORCE_TRAINING", "RECORDS", "LEADERSHIP_CULTURE", "LEARNING_EMBEDDING", "DOMESTIC_ABUSE",
          "PARENTAL_MH", "SUBSTANCE_MISUSE", "NEGLECT", "BABIES_NAI", "SAFE_SLEEP", "PRE_BIRTH", "EXTRA_FAMILIAL",
          "EDUCATION_ATTENDANCE", "CHILD_MH", "DISABILITY", "SELF_NEGLECT", "MENTAL_CAPACITY"]
AGENCIES = ["la_csc", "la_front_door", "la_early_help", "la_sqa", "la_lado", "la_education", "la_housing", "la_asc",
            "la_public_health", "la_youth", "yjs", "csp", "police", "police_ppu", "icb", "nhse", "gp", "maternity",
            "health_visiting", "school_nursing", "fnp", "acute_trust", "ambulance", "camhs", "adult_mh",
            "substance_misuse", "school", "early_years", "probation", "prison", "cafcass", "courts_cps",
            "da_services", "vcs", "children_residential", "adult_care_provider", "fire", "lscp", "sab", "cdop"]
STATUSES = ["not_started", "in_progress", "completed", "completed_embedded", "overdue", "unknown"]
TOWNS = ["North", "East", "West", "South", "Upper", "Lower", "Old", "New", "Great", "Little"]
TOWN_ENDS = ["town", "bridge", "mere", "field", "ford", "ham", "wick", "ton", "by", "stead"]


Concept = tuple[int, int, int, int, int]


def _concept_text(rng: random.Random, concept: Concept, frame: str | None = None, subject: str | None = None) -> str:
    """A sentence for ``concept``; ``subject`` replaces the WHAT slot for a recommendation that does not recur."""
    what = subject or rng.choice(WHAT[concept[0]])
    checked = rng.choice(CHECKED[concept[3]])
    return (frame or rng.choice(FRAMES)).format(
        what=what, What_cap=what[0].upper() + what[1:], where=rng.choice(WHERE[concept[1]]),
        whom=rng.choice(FOR_WHOM[concept[2]]), when=rng.choice(WHEN[concept[4]]), checked=checked, checked_short=checked.replace("with ", "", 1),
    )


_ONSETS = ["b", "br", "c", "cl", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "l", "m", "n", "p", "pl", "r", "s", "st", "t", "tr", "v", "w"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ou"]
_CODAS = ["n", "r", "l", "m", "s", "t", "x", "nd", "rk", "st", "ck", "ft", "mp", "sh"]


def _unique_subjects(rng: random.Random) -> Iterator[str]:
    """Subjects that share no word with any other: three made-up names of local things each
    (a clinic, a form, a team), every name used once, in a random order."""
    names = [onset + vowel + onset2 + vowel2 + coda for onset in _ONSETS for vowel in _VOWELS
             for onset2 in _ONSETS for vowel2 in _VOWELS for coda in _CODAS]
    rng.shuffle(names)
    for number in range(len(names) // 3):
        a, b, c = names[3 * number:3 * number + 3]
        yield SUBJECT_FORMS[number % len(SUBJECT_FORMS)].format(a=a.capitalize(), b=b.capitalize(), c=c.capitalize())


def _themes_for(concept: Concept) -> list[str]:
    return sorted({THEMES[concept[0] % len(THEMES)], THEMES[(concept[1] * 7 + 3) % len(THEMES)]})


def _agencies_for(rng: random.Random, concept: Concept) -> list[str]:
    main = AGENCIES[(concept[1] * 3 + concept[0]) % len(AGENCIES)]
    return sorted({main, rng.choice(AGENCIES)} if rng.random() < 0.4 else {main})


def generate(n_reviews: int, seed: int = 7, repeat_share: float = 0.1) -> tuple[list[dict[str, Any]], list[list[str]]]:
    """Make ``n_reviews`` records and the planted repeat groups (lists of ``review_id#ref``).

    About ``repeat_share`` of recommendations teach one of the lessons (``WHAT``), in their own
    words, service, group of people, timescale and check; the rest have a subject of their own.
    """
    rng = random.Random(seed)
    subjects = _unique_subjects(rng)
    planted: dict[int, list[str]] = {}
    records = []
    for i in range(n_reviews):
        town = rng.choice(TOWNS) + rng.choice(TOWN_ENDS) + (f"-{i // 100}" if n_reviews > 100 else "")
        adult = rng.random() < 0.2
        review_id = f"{town.lower()}-{'sab' if adult else 'scp'}-{'adult' if adult else 'child'}-{i}"
        year = rng.randint(2008, 2025)
        n_recs = rng.randint(5, 25)
        recs, used = [], []
        taught_here: set[int] = set()
        for j in range(n_recs):
            ref = f"{rng.randint(3, 6)}.{j + 1}" if rng.random() < 0.5 else str(j + 1)
            ref = ref if ref not in {r["ref"] for r in recs} else f"{j + 1}x"
            lesson = rng.randrange(len(WHAT)) if rng.random() < repeat_share else None
            subject = None
            if lesson is None or lesson in taught_here:
                lesson, subject = rng.randrange(len(WHAT)), next(subjects)
            else:
                planted.setdefault(lesson, []).append(f"{review_id}#{ref}")
                taught_here.add(lesson)
            concept = (lesson, rng.randrange(len(WHERE)), rng.randrange(len(FOR_WHOM)), rng.randrange(len(CHECKED)), rng.randrange(len(WHEN)))
            used.append(concept)
            recs.append({"ref": ref, "text": _concept_text(rng, concept, subject=subject), "themes": _themes_for(concept),
                         "addressees": _agencies_for(rng, concept), "provenance": {"page": rng.randint(2, 40), "paragraph": ref}})
        findings = [{"ref": f"F{k + 1}", "heading": WHAT[c[0]][0].capitalize(), "text": _concept_text(rng, c, rng.choice(FINDING_FRAMES)),
                     "themes": _themes_for(c), "agencies": _agencies_for(rng, c)}
                    for k, c in enumerate(rng.sample(used, min(len(used), rng.randint(3, 10))))]
        measures = []
        for k in range(rng.randint(3, 15)):
            rec = rng.choice(recs)
            status = rng.choice(STATUSES)
            due = f"{min(year + rng.randint(0, 3), 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            measure = {"ref": f"A{k + 1}", "text": _concept_text(rng, used[recs.index(rec)], rng.choice(MEASURE_FRAMES)),
                       "agency": rec["addressees"][0], "status": status, "due": due, "recommendations": [rec["ref"]]}
            if status in ("completed", "completed_embedded"):
                measure["completed"] = due
                if rng.random() < 0.6:
                    measure["evidence"] = "Audit showed practice had improved."
            measures.append(measure)
        names = sorted({a for r in recs for a in r["addressees"]} | {m["agency"] for m in measures} | {a for f in findings for a in f["agencies"]})
        records.append({
            "review": {"id": review_id, "title": f"{'Safeguarding Adults Review' if adult else 'Child Safeguarding Practice Review'}: {town} {i}",
                       "type": "SAR" if adult else rng.choice(["SCR", "CSPR"]),
                       "board": f"{town} Safeguarding {'Adults Board' if adult else 'Children Partnership'}",
                       "subject": f"{'Adult' if adult else 'Child'} {chr(65 + i % 26)}{i}", "year_commissioned": year - 1,
                       "year_published": year, "author": "Independent Reviewer", "outcome": rng.choice(["death", "serious harm"])},
            "findings": findings, "recommendations": recs, "measures": measures,
            "agencies": [{"id": a, "as_written": [a.replace("_", " ")]} for a in names],
        })
    groups = [members for members in planted.values() if len(members) > 1]
    return records, groups


def main() -> None:
    """Command-line entry: write records and planted repeats to a folder."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reviews", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat-share", type=float, default=0.1, help="share of recommendations that restate another review's")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--jsonl", action="store_true", help="write one records.jsonl instead of one YAML file per review")
    args = parser.parse_args()
    records, groups = generate(args.reviews, args.seed, args.repeat_share)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.jsonl:
        with open(args.out / "records.jsonl", "w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record) + "\n")
    else:
        folder = args.out / "records"
        folder.mkdir(exist_ok=True)
        for record in records:
            (folder / f"{record['review']['id']}.yaml").write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")
    (args.out / "repeats.json").write_text(json.dumps(groups, indent=1), encoding="utf-8")
    n_recs = sum(len(r["recommendations"]) for r in records)
    print(f"{len(records)} reviews, {n_recs} recommendations, {len(groups)} planted repeat groups "
          f"({sum(len(g) for g in groups)} recommendations) in {args.out}")


if __name__ == "__main__":
    main()
