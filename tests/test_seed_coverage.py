"""Every heading of the original study notes maps to a note section that exists."""

from __future__ import annotations

import re
from pathlib import Path

from das.content.library import load_library, reference_problem

HERE = Path(__file__).resolve().parent
SEED = HERE.parent.parent / "shared" / "seed" / "000_3a3c0835dfb19cbf.txt"
HEADINGS = HERE / "data" / "seed_headings.txt"

# line in the original notes -> note#section that now teaches it
COVERAGE = {
    1: "exam#das-c01",  # title; the retired exam it targeted
    36: "kinesis#services",  # 1. Data collection
    38: "kinesis#services",
    71: "kinesis-data-streams#overview",
    101: "kinesis-data-streams#producers",
    121: "kinesis-data-streams#consumers",
    156: "kinesis-data-streams#resharding",
    172: "kinesis-data-streams#scaling",
    178: "kinesis-data-streams#errors",
    184: "kinesis-data-streams#security",
    188: "firehose#overview",
    217: "firehose#lab-direct-put",
    219: "firehose#lab-direct-put",
    247: "firehose#lab-kinesis-agent",
    289: "firehose#lab-kds-source",
    303: "sqs#overview",
    322: "sqs#sqs-vs-kinesis",
    328: "iot#overview",
    339: "data-migration#choosing",
    357: "msk#overview",
    371: "msk#cluster",
    416: "msk#msk-vs-kds",
    423: "s3#overview",  # 2. Storage
    425: "s3#overview",
    439: "dynamodb#overview",
    462: "dynamodb#reads",
    491: "dynamodb#lsi",
    497: "dynamodb#gsi",
    509: "dynamodb#dax",
    523: "dynamodb#backups",
    542: "emr#overview",  # 3. Processing
    544: "athena#overview",
    556: "glue#overview",
    629: "glue#costs",
    633: "glue#anti-patterns",
    647: "lake-formation#overview",
    670: "emr#overview",
    703: "emr#storage",
    710: "emr#features-and-pricing",
    718: "emr#scaling",
    726: "emr#security",
    730: "emr#hadoop",
    736: "emr#serverless",
    760: "emr#spark",
    779: "redshift#overview",
    786: "quicksight#overview",  # 4. Analysis: the notes held only Data Pipeline here
    788: "data-pipeline#overview",
}


def headings() -> list[tuple[int, str]]:
    """(line, heading) from the original notes when they are beside the repo, else the stored copy."""
    if SEED.exists():
        found = []
        for number, line in enumerate(SEED.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(r"^(#{1,4} |> )", line):
                found.append((number, re.sub(r"^> \[([^]]*)\]\(.*$", r"> \1", line)))
        return found
    return [(int(n), h) for n, h in (l.split(":", 1) for l in HEADINGS.read_text(encoding="utf-8").splitlines())]


def test_stored_heading_list_matches_the_original_notes():
    stored = [(int(n), h) for n, h in (l.split(":", 1) for l in HEADINGS.read_text(encoding="utf-8").splitlines())]
    assert headings() == stored


def test_every_heading_maps_to_an_existing_section():
    notes = load_library().notes
    missing = [f"line {n}: {h}" for n, h in headings() if n not in COVERAGE]
    assert not missing, "headings with no note section: " + "; ".join(missing)
    broken = {n: reference_problem(notes, ref) for n, ref in COVERAGE.items()}
    assert not {n: p for n, p in broken.items() if p}
