"""The built-in question banks meet the coverage the exam needs: counts, domain weights, formats."""

from __future__ import annotations

from collections import Counter

import pytest

from das.content.library import load_library

MINIMUMS = {
    ("kinesis-data-streams", "firehose", "managed-flink"): 50,
    ("dynamodb",): 40, ("glue",): 35, ("emr",): 35, ("redshift",): 35, ("s3",): 20, ("athena",): 20,
    ("sqs",): 12, ("msk",): 15, ("lake-formation",): 15, ("data-migration",): 15, ("quicksight",): 15,
    ("opensearch",): 12, ("iot",): 10, ("data-pipeline",): 8,
}


@pytest.fixture(scope="module")
def library():
    return load_library()


def test_at_least_350_questions(library):
    assert len(library.questions) >= 350


@pytest.mark.parametrize("topics,minimum", list(MINIMUMS.items()))
def test_per_topic_minimums(library, topics, minimum):
    assert sum(1 for q in library.questions.values() if q.topic in topics) >= minimum


@pytest.mark.parametrize("exam,attribute", [("das-c01", "das_domain"), ("dea-c01", "dea_domain")])
def test_domain_shares_follow_the_exam_weights(library, exam, attribute):
    profile = next(p for p in library.notes["exam"].profiles if p["id"] == exam)
    counts = Counter(getattr(q, attribute) for q in library.questions.values())
    total = sum(counts.values())
    for domain in profile["domains"]:
        share = 100 * counts[domain["id"]] / total
        assert abs(share - domain["weight"]) <= 5, (domain["id"], round(share, 1), domain["weight"])


def test_security_questions_are_spread_over_the_services(library):
    topics = {q.topic for q in library.questions.values() if q.das_domain == "security"}
    assert len(topics) >= 10


def test_a_real_mix_of_formats_and_difficulties(library):
    questions = list(library.questions.values())
    multiple = sum(q.multiple for q in questions) / len(questions)
    assert 0.1 <= multiple <= 0.35
    difficulties = Counter(q.difficulty for q in questions)
    assert all(difficulties[d] / len(questions) >= 0.15 for d in ("easy", "medium", "hard"))
    positions = Counter(q.answer[0] for q in questions if not q.multiple)
    assert min(positions[k] for k in "abcd") / max(positions.values()) > 0.6  # no favourite answer letter


def test_every_option_is_explained_and_every_question_cites_aws(library):
    for q in library.questions.values():
        assert set(q.explanations) == set(q.options), q.id
        assert q.source.startswith("https://"), q.id
