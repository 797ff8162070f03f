"""The seed reviews' gold readings, and how their agency names map onto canonical agency ids.

The mapping is written out by hand (not read through the gazetteer) so that the seed tests and
benchmarks/extract_quality.py measure the gazetteer rather than trust it.
"""

from __future__ import annotations

from pathlib import Path

import yaml

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"

GOLD_AGENCIES = {
    "llr lscb": {"lscp"}, "lscb": {"lscp"}, "lscpb": {"lscp"},
    "commissioners of health services": {"icb"},
    "health": {"health"}, "gp": {"gp"},
    "uhl maternity services": {"maternity"}, "uhl midwifery service": {"maternity"}, "maternity services": {"maternity"},
    "leicestershire partnership trust community drug team": {"substance_misuse"},
    "drug and alcohol misuse services": {"substance_misuse"},
    "uhl": {"acute_trust"},
    "social services": {"la_csc"}, "children and young people's services": {"la_csc"},
    "children and maternity hospital social work team": {"la_csc"}, "children's social care": {"la_csc"},
    "leicestershire constabulary": {"police"},
    "designated nurse (health)": {"icb", "health"}, "cdop": {"cdop"},
}


def gold_agency_ids(name: str) -> set[str]:
    """The canonical ids a gold agency name stands for."""
    return GOLD_AGENCIES.get(name.replace("’", "'").strip().lower(), set())


def seed_pairs(seeds: Path = SEEDS) -> list[tuple[Path, dict]]:
    """(document, gold reading) for every seed with a gold file."""
    pairs = []
    for gold_path in sorted((seeds / "gold").glob("*.yaml")):
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        document = seeds / gold["source"]
        if document.exists():
            pairs.append((document, gold))
    return pairs
