"""The built-in question banks meet the coverage the exam needs: counts, domain weights, formats."""

from __future__ import annotations

from collections import Counter

import pytest

from das.content.library import load_library
from das.content.quality import measure

WORDING_GUESS_LIMIT = 0.32

MINIMUMS = {
    ("kinesis-data-streams", "firehose", "managed-flink"): 50,
    ("dynamodb",): 40, ("glue",): 35, ("emr",): 35, ("redshift",): 35, ("s3",): 20, ("athena",): 20,
    ("sqs",): 12, ("msk",): 15, ("lake-formation",): 15, ("data-migration",): 15, ("quicksight",): 15,
    ("opensearch",): 12, ("iot",): 10, ("data-pipeline",): 8,
}


@pytest.fixture(scope="module")
def library():
    return load_library()


@pytest.fixture(scope="module")
def report(library):
    return measure(library.questions.values())


def test_at_least_700_questions(library):
    assert len(library.questions) >= 700


@pytest.mark.parametrize("topics,minimum", list(MINIMUMS.items()))
def test_per_topic_minimums(library, topics, minimum):
    assert sum(1 for q in library.questions.values() if q.topic in topics) >= minimum


def test_every_topic_has_at_least_ten_questions(library):
    counts = Counter(q.topic for q in library.questions.values())
    thin = {note: counts[note] for note in library.notes if note != "exam" and counts[note] < 10}
    assert thin == {}


def test_every_question_carries_dea_c01_task_statements_and_each_has_fifteen(library, report):
    assert report.without_task == []
    profile = next(p for p in library.notes["exam"].profiles if p["id"] == "dea-c01")
    tasks = [t["id"] for d in profile["domains"] for t in d.get("tasks", [])]
    assert len(tasks) == 17
    assert {t: report.per_task.get(t, 0) for t in tasks if report.per_task.get(t, 0) < 15} == {}


def test_questions_are_exam_hard_and_tell_free(report):
    assert report.scenario_with_qualifier >= 0.60
    assert report.easy <= 0.20
    assert report.longest_correct <= 0.30
    # lengths carry no information in either direction: neither the shortest option nor a guess among
    # the middle-length ones beats chance by much
    assert report.shortest_correct <= 0.30
    assert report.middle_guess <= 0.33
    # nor does the wording: the key is no likelier than chance to be the option closest to the stem
    assert report.stem_overlap_guess <= 0.30
    # no word is three times likelier in keys than in distractors, or the other way round
    assert report.word_tells == []
    assert {t: round(v, 2) for t, v in report.longest_correct_by_topic.items() if v > 0.40} == {}
    assert {t: round(v, 2) for t, v in report.shortest_correct_by_topic.items() if v > 0.45} == {}
    assert report.absolute_in_wrong <= report.absolute_in_right
    assert report.absolute_in_wrong_single <= report.absolute_in_right_single
    assert report.near_duplicates == []


def test_the_wording_of_options_does_not_give_the_key_away(report):
    """A model that learns which words keyed options use, tested on questions it was not trained on,
    scores little better than chance (25% on four options)."""
    assert report.wording_guess <= WORDING_GUESS_LIMIT


def test_lengths_commas_and_stem_overlap_together_do_not_give_the_key_away(report):
    """A model of the option's form alone (its rank by characters, words, commas and stem overlap),
    cross-validated, scores little better than chance; and the key sits at every length rank about as
    often as chance (25% each), neither mostly longest nor mostly short."""
    assert report.surface_guess <= WORDING_GUESS_LIMIT
    assert max(report.key_rank_by_characters) <= 0.32 and min(report.key_rank_by_characters) >= 0.15
    assert max(report.key_rank_by_words) <= 0.32 and min(report.key_rank_by_words) >= 0.15


def test_the_key_is_not_the_option_the_distractors_vary(report):
    """Distractors written as variations of the key put it at the centre of the options: picking the option
    most like the others must score little better than chance (25% on four options)."""
    assert report.centroid_guess <= 0.30


def test_the_key_is_not_the_plain_twin_of_a_padded_distractor(report):
    """A distractor written as the key plus a wrong clause makes the key the shorter of the two most alike
    options (and the key written as a distractor plus a clause, the longer): picking either must score
    little better than chance (25% on four options)."""
    assert report.alike_pair_guess <= 0.30


def test_the_keys_of_multiple_response_questions_are_not_the_options_most_like_the_rest(report):
    """Keys written as parts of one solution that share its vocabulary, beside distractors about other
    things: picking the N options most like the others must find the N keys little more often than chance
    (about 10% for two of five)."""
    assert report.central_set_guess <= 0.15


def test_no_question_is_asked_twice_in_other_words(report):
    assert report.similar == []


def test_keys_of_multiple_response_questions_sit_anywhere(library):
    """Two keys among five options are adjacent in 4 of the 10 possible pairs; authors tend to split them."""
    pairs = [q.answer for q in library.questions.values() if q.multiple and len(q.answer) == 2]
    adjacent = sum(abs(ord(a) - ord(b)) == 1 for a, b in pairs) / len(pairs)
    assert 0.25 <= adjacent <= 0.55


@pytest.mark.parametrize("exam,attribute", [("das-c01", "das_domain"), ("dea-c01", "dea_domain")])
def test_each_exam_domain_can_fill_two_full_exams(library, exam, attribute):
    """The exam draws to the domain weights, so each domain needs at least twice its quota of 65."""
    from das.practice.exam import domain_quotas

    profile = next(p for p in library.notes["exam"].profiles if p["id"] == exam)
    counts = Counter(getattr(q, attribute) for q in library.questions.values())
    quotas = domain_quotas(profile, profile["questions"])
    assert {d: (counts[d], q) for d, q in quotas.items() if counts[d] < 2 * q} == {}


def test_security_questions_are_spread_over_the_services(library):
    topics = {q.topic for q in library.questions.values() if q.das_domain == "security"}
    assert len(topics) >= 10


def test_a_real_mix_of_formats_and_difficulties(library):
    questions = list(library.questions.values())
    multiple = sum(q.multiple for q in questions) / len(questions)
    assert 0.1 <= multiple <= 0.35
    difficulties = Counter(q.difficulty for q in questions)
    assert difficulties["hard"] / len(questions) >= 0.15 and difficulties["easy"] / len(questions) <= 0.20
    positions = Counter(q.answer[0] for q in questions if not q.multiple)
    assert min(positions[k] for k in "abcd") / max(positions.values()) > 0.6  # no favourite answer letter


def test_every_option_is_explained_and_every_question_cites_aws(library):
    for q in library.questions.values():
        assert set(q.explanations) == set(q.options), q.id
        assert q.source.startswith("https://"), q.id


def test_readme_counts_per_task_statement_match_the_bank(library, report):
    from pathlib import Path

    from das.practice.stats import task_names

    readme = Path(__file__).resolve().parent.parent / "README.md"
    if not readme.exists():
        pytest.skip("not running from a source checkout")
    text = readme.read_text(encoding="utf-8")
    names = task_names(library)
    for task, count in report.per_task.items():
        assert f"| {task} {names[task]} | {count} |" in text, task
    # every whole-bank count README states is the bank's: "N topics and M original exam-style questions"
    import re

    stated = re.findall(r"(\d[\d,]*) topics and (\d[\d,]*) original exam-style questions", text)
    assert stated, "README no longer states the bank's size"
    topics = library.notes  # a topic is a note; its questions (if any) share its id
    for n_topics, n_questions in stated:
        assert (int(n_topics.replace(",", "")), int(n_questions.replace(",", ""))) == (len(topics), report.total)


def test_the_centre_guesser_finds_keys_whose_distractors_are_variations_of_them():
    """The centroid measure can fail: on questions whose distractors each change one word of the key, picking
    the option most like the others finds every key."""
    from das.content.bank import Question
    from das.content.guessing import centroid_guesses

    def question(n: int, options: dict[str, str], answer: str) -> Question:
        return Question(id=f"q{n}", topic="t", type="single", difficulty="medium", das_domain="storage",
                        dea_domain="store", stem="Which option?", options=options, answer=(answer,),
                        explanations={k: "." for k in options}, read_next="t#s", source="https://example.com")

    services = ["kinesis", "firehose", "glue", "athena", "redshift", "emr", "lambda", "dynamodb"]
    varied = [question(n, {"a": f"use {s} with a buffer of 60 seconds", "b": f"use {s} with a buffer of 60 minutes",
                           "c": f"use {s} with a window of 60 seconds", "d": f"add {s} with a buffer of 60 seconds"},
                       "a") for n, s in enumerate(services)]
    assert all(centroid_guesses(varied).values())


def test_the_twin_guesser_finds_keys_whose_twin_adds_a_clause():
    """The alike-pair measure can fail: where one distractor is the key with a clause added and the others
    are unrelated, the shorter of the most alike pair is the key, by characters and by words."""
    from das.content.bank import Question
    from das.content.guessing import alike_pair_positions

    services = ["kinesis", "firehose", "glue", "athena", "redshift", "emr", "lambda", "dynamodb"]
    padded = [Question(id=f"q{n}", topic="t", type="single", difficulty="medium", das_domain="storage",
                       dea_domain="store", stem="Which option?", answer=("b",), read_next="t#s",
                       explanations={k: "." for k in "abcd"}, source="https://example.com",
                       options={"a": f"Send the records to {s} and keep them for a week, then compact them nightly",
                                "b": f"Send the records to {s} and keep them for a week",
                                "c": "Write a cron script on a server that copies files to tape",
                                "d": "Ask each analyst to export spreadsheets by hand"})
              for n, s in enumerate(services)]
    for by in ("characters", "words"):
        assert set(alike_pair_positions(padded, by).values()) == {"shorter"}, by
    from dataclasses import replace

    padded_keys = [replace(q, answer=("a",)) for q in padded]  # the key is the twin with the clause
    assert set(alike_pair_positions(padded_keys, "words").values()) == {"longer"}


def test_the_central_set_guesser_finds_keys_that_share_the_solutions_words():
    """The multiple-response measure can fail: two keys about one solution, three distractors about
    unrelated things, and the two most central options are the keys."""
    from das.content.bank import Question
    from das.content.guessing import central_set_guesses

    services = ["kinesis", "firehose", "glue", "athena", "redshift", "emr", "lambda", "dynamodb"]
    shared = [Question(id=f"m{n}", topic="t", type="multiple", difficulty="medium", das_domain="storage",
                       dea_domain="store", stem="Which options? (Select TWO.)", answer=("a", "c"), read_next="t#s",
                       explanations={k: "." for k in "abcde"}, source="https://example.com",
                       options={"a": f"Turn on {s} encryption for the stream with a customer managed key",
                                "b": "Write a cron script on a server that copies files to tape",
                                "c": f"Grant the {s} consumer role kms:Decrypt on the customer managed key",
                                "d": "Ask each analyst to export spreadsheets by hand",
                                "e": "Print the monthly report and mail it to the auditors"})
              for n, s in enumerate(services)]
    for by in ("words", "characters"):
        assert all(central_set_guesses(shared, by).values()), by


def test_every_built_in_fact_and_question_cites_an_aws_page(library):
    """The issue: each fact with its AWS documentation URL. User content may also cite the upstream docs of
    engines AWS manages (apache.org, AWS's GitHub); the built-in content cites AWS's own pages."""
    from urllib.parse import urlparse

    def aws(url: str) -> bool:
        host = urlparse(url).netloc.lower()
        return any(host == h or host.endswith("." + h) for h in ("amazon.com", "amazonaws.com", "awsstatic.com", "aws"))

    sources = [(q.id, q.source) for q in library.questions.values()]
    for note in library.notes.values():
        for section in note.sections:
            for kind in ("facts", "corrections", "tables", "tips"):
                sources += [(f"{note.id}#{section.id}", item["source"]) for item in getattr(section, kind)
                            if isinstance(item, dict) and item.get("source")]
    assert [(where, url) for where, url in sources if not aws(url)] == []
