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


FLAGGED_COPY = HERE / "data" / "audit_flagged.md"  # the audit's wrong/outdated rows, kept with the tests


def _flagged(text: str) -> list[str]:
    return [line for line in text.splitlines() if re.match(r"^\| .+? \| (wrong|outdated) \|", line)]


def test_the_map_lists_every_wrong_or_outdated_claim_of_the_audit():
    flagged = _flagged(FLAGGED_COPY.read_text(encoding="utf-8"))
    assert len(flagged) == len(MAP) == 45
    for entry in MAP:  # each claim of the map is one of the audit's flagged rows
        assert any(entry["claim"].lower()[:40] in row.lower() for row in flagged), entry["claim"]


def test_the_repository_copy_of_the_audit_is_the_audit():
    if not AUDIT.exists():
        pytest.skip("the fact audit is not beside the repository (the copy in tests/data is used)")
    assert _flagged(FLAGGED_COPY.read_text(encoding="utf-8")) == _flagged(AUDIT.read_text(encoding="utf-8"))


@pytest.mark.parametrize("entry", MAP, ids=[e["where"] for e in MAP])
def test_each_claim_has_a_correction_in_its_section(entry):
    notes = load_library(questions=False).notes
    note_id, section_id = entry["where"].split("#")
    section = notes[note_id].section(section_id)
    texts = [" ".join(f"{c['often_stated']} {c['actually']}".lower().split()) for c in section.corrections]
    assert any(entry["match"] in t for t in texts), entry["claim"]
