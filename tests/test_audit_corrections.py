"""Every claim the fact audit marks wrong or outdated is corrected explicitly in the notes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from das.content.library import load_library

HERE = Path(__file__).resolve().parent
AUDIT = HERE.parent.parent / "shared" / "reference" / "fact-audit.md"
MAP = yaml.safe_load((HERE / "data" / "audit_corrections.yaml").read_text(encoding="utf-8"))


def test_the_map_lists_every_wrong_or_outdated_claim_of_the_audit():
    if not AUDIT.exists():
        pytest.skip("the fact audit is not beside the repository")
    rows = [line for line in AUDIT.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]
    flagged = [r for r in rows if re.match(r"^\| .+? \| (wrong|outdated) \|", r)]
    assert len(flagged) == len(MAP) == 45


@pytest.mark.parametrize("entry", MAP, ids=[e["where"] for e in MAP])
def test_each_claim_has_a_correction_in_its_section(entry):
    notes = load_library(questions=False).notes
    note_id, section_id = entry["where"].split("#")
    section = notes[note_id].section(section_id)
    texts = [" ".join(f"{c['often_stated']} {c['actually']}".lower().split()) for c in section.corrections]
    assert any(entry["match"] in t for t in texts), entry["claim"]
