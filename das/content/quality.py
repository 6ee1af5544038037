"""Question-bank quality figures: how exam-like and how tell-free a bank is.

The real exam is scenario-first and decided by a qualifier ("LEAST operational overhead"), and its
options give no hint by length or by absolute words. These figures measure a bank against that; the
bank-quality test asserts them and `python -m das.content.quality` prints them for authors.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from das.content.bank import Question
from das.content.guessing import (alike_pair_positions, central_set_guesses, centroid_guesses, key_rank_shares,
                                  surface_guesses, wording_guesses)

# Words and phrases that make one option better than others that also work.
QUALIFIERS = re.compile(
    r"\b(LEAST|MOST|MINIMUM|MAXIMUM|SMALLEST|LOWEST|FEWEST|FASTEST|HIGHEST|LARGEST|CHEAPEST|"
    r"MINIMAL|SIMPLEST|QUICKEST|BEST)\b"
)
ABSOLUTE_WORDS = re.compile(r"\b(all|every|always|never|only)\b", re.IGNORECASE)
SCENARIO_MIN_WORDS = 30
NEAR_DUPLICATE_JACCARD = 0.6


def is_scenario(question: Question) -> bool:
    """A stem that sets a scene (at least two sentences and SCENARIO_MIN_WORDS words)."""
    words = question.stem.split()
    sentences = [s for s in re.split(r"[.?!]\s", question.stem) if s.strip()]
    return len(words) >= SCENARIO_MIN_WORDS and len(sentences) >= 2


def has_qualifier(question: Question) -> bool:
    """The stem names the deciding criterion in capitals, as the real exam does."""
    return bool(QUALIFIERS.search(question.stem))


def longest_is_correct(question: Question) -> bool:
    """The (or a tied) longest option is the keyed answer: a length tell on single-answer questions."""
    longest = max(len(text) for text in question.options.values())
    return any(len(question.options[letter]) == longest for letter in question.answer)


def shortest_is_correct(question: Question) -> bool:
    """The (or a tied) shortest option is the keyed answer: the reverse length tell."""
    shortest = min(len(text) for text in question.options.values())
    return any(len(question.options[letter]) == shortest for letter in question.answer)


def middle_guess_score(question: Question) -> float:
    """Chance of scoring by guessing among the options that are neither the longest nor the shortest."""
    lengths = {letter: len(text) for letter, text in question.options.items()}
    middle = [k for k, n in lengths.items() if min(lengths.values()) < n < max(lengths.values())]
    if not middle:
        return 1 / len(lengths)
    return sum(k in question.answer for k in middle) / len(middle)


_WORD = re.compile(r"[a-z][a-z0-9'-]+")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def stem_overlap_hit(question: Question) -> bool:
    """Would picking the option with the largest share of its words found in the stem be right?"""
    stem = _words(question.stem)
    best = max(sorted(question.options),
               key=lambda k: len(_words(question.options[k]) & stem) / max(1, len(_words(question.options[k]))))
    return best in question.answer


WORD_TELL_MIN = 20  # occurrences before a word's skew counts
WORD_TELL_RATIO = 3.0  # a word this many times likelier in right (or wrong) options is a tell


def word_tells(questions: list[Question]) -> list[tuple[str, int, int]]:
    """Words (and "so that") whose presence in an option predicts right or wrong by WORD_TELL_RATIO or more."""
    right: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    n_right = n_wrong = 0
    for q in questions:
        for key, text in q.options.items():
            words = _words(text) | ({"so that"} if "so that" in text.lower() else set())
            if key in q.answer:
                right.update(words)
                n_right += 1
            else:
                wrong.update(words)
                n_wrong += 1
    tells = []
    for word, total in (right + wrong).items():
        if total < WORD_TELL_MIN or not n_right or not n_wrong:
            continue
        rate_right, rate_wrong = right[word] / n_right, wrong[word] / n_wrong
        if rate_right >= WORD_TELL_RATIO * rate_wrong or rate_wrong >= WORD_TELL_RATIO * rate_right:
            tells.append((word, right[word], wrong[word]))
    return sorted(tells)


def _shingles(text: str, n: int = 3) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i:i + n]) for i in range(max(0, len(words) - n + 1))}


@dataclass
class BankQuality:
    """Figures over a set of questions. Shares are fractions in [0, 1]."""

    total: int = 0
    scenario_with_qualifier: float = 0.0
    easy: float = 0.0
    longest_correct: float = 0.0
    longest_correct_by_topic: dict[str, float] = field(default_factory=dict)
    shortest_correct: float = 0.0
    middle_guess: float = 0.0  # expected score of guessing among options that are neither longest nor shortest
    stem_overlap_guess: float = 0.0  # score of picking the option sharing the largest share of its words with the stem
    wording_guess: float = 0.0  # cross-validated score of guessing by the wording habits of keyed options
    surface_guess: float = 0.0  # cross-validated score of guessing by length, word count, commas, stem overlap
    centroid_guess: float = 0.0  # score of picking the option most like the other options
    alike_pair_guess: float = 0.0  # score of picking the shorter (or the longer) of the two most alike options
    central_set_guess: float = 0.0  # multiple response: share whose N most central options are the N keys
    key_rank_by_characters: list[float] = field(default_factory=list)  # share of keys at each length rank
    key_rank_by_words: list[float] = field(default_factory=list)  # the same by word count
    word_tells: list[tuple[str, int, int]] = field(default_factory=list)  # (word, in right, in wrong options)
    shortest_correct_by_topic: dict[str, float] = field(default_factory=dict)
    absolute_in_wrong: float = 0.0
    absolute_in_right: float = 0.0
    absolute_in_wrong_single: float = 0.0  # the same over single-answer questions alone
    absolute_in_right_single: float = 0.0
    near_duplicates: list[tuple[str, str, float]] = field(default_factory=list)
    similar: list[tuple[str, str, float]] = field(default_factory=list)  # same question in other words
    per_task: dict[str, int] = field(default_factory=dict)
    per_topic: dict[str, int] = field(default_factory=dict)
    without_task: list[str] = field(default_factory=list)


def measure(questions: Iterable[Question]) -> BankQuality:
    """Measure a bank: qualifier share, easy share, length tells, absolute-word tells, near duplicates."""
    qs = list(questions)
    report = BankQuality(total=len(qs))
    if not qs:
        return report
    report.scenario_with_qualifier = sum(is_scenario(q) and has_qualifier(q) for q in qs) / len(qs)
    report.easy = sum(q.difficulty == "easy" for q in qs) / len(qs)
    singles = [q for q in qs if not q.multiple]
    if singles:
        report.longest_correct = sum(map(longest_is_correct, singles)) / len(singles)
    by_topic: dict[str, list[bool]] = defaultdict(list)
    short_by_topic: dict[str, list[bool]] = defaultdict(list)
    for q in singles:
        by_topic[q.topic].append(longest_is_correct(q))
        short_by_topic[q.topic].append(shortest_is_correct(q))
    report.longest_correct_by_topic = {t: sum(v) / len(v) for t, v in sorted(by_topic.items())}
    report.shortest_correct_by_topic = {t: sum(v) / len(v) for t, v in sorted(short_by_topic.items())}
    if singles:
        report.shortest_correct = sum(map(shortest_is_correct, singles)) / len(singles)
        report.middle_guess = sum(map(middle_guess_score, singles)) / len(singles)
        report.stem_overlap_guess = sum(map(stem_overlap_hit, singles)) / len(singles)
        guesses = wording_guesses(qs)
        report.wording_guess = sum(guesses.values()) / len(guesses)
        guesses = surface_guesses(qs)
        report.surface_guess = sum(guesses.values()) / len(guesses)
        centre = centroid_guesses(qs)
        report.centroid_guess = sum(centre.values()) / len(centre)
        for by in ("characters", "words"):
            where = Counter(alike_pair_positions(qs, by).values())
            report.alike_pair_guess = max(report.alike_pair_guess, where["shorter"] / len(singles),
                                          where["longer"] / len(singles))
        report.key_rank_by_characters = key_rank_shares(singles, len)
        report.key_rank_by_words = key_rank_shares(singles, lambda text: len(text.split()))
    if any(q.multiple for q in qs):
        report.central_set_guess = max(sum(hits.values()) / len(hits)
                                       for hits in (central_set_guesses(qs, by) for by in ("words", "characters")))
    report.word_tells = word_tells(qs)
    wrong = [text for q in qs for k, text in q.options.items() if k not in q.answer]
    right = [text for q in qs for k, text in q.options.items() if k in q.answer]
    report.absolute_in_wrong = sum(bool(ABSOLUTE_WORDS.search(t)) for t in wrong) / max(1, len(wrong))
    report.absolute_in_right = sum(bool(ABSOLUTE_WORDS.search(t)) for t in right) / max(1, len(right))
    wrong = [text for q in singles for k, text in q.options.items() if k not in q.answer]
    right = [text for q in singles for k, text in q.options.items() if k in q.answer]
    report.absolute_in_wrong_single = sum(bool(ABSOLUTE_WORDS.search(t)) for t in wrong) / max(1, len(wrong))
    report.absolute_in_right_single = sum(bool(ABSOLUTE_WORDS.search(t)) for t in right) / max(1, len(right))
    report.per_topic = dict(sorted(Counter(q.topic for q in qs).items()))
    report.per_task = dict(sorted(Counter(t for q in qs for t in q.dea_task).items()))
    report.without_task = [q.id for q in qs if not q.dea_task]
    report.near_duplicates = near_duplicates(qs)
    report.similar = similar_questions(qs)
    return report


def near_duplicates(questions: list[Question]) -> list[tuple[str, str, float]]:
    """Pairs of questions whose stem and options share most of their word triples (Jaccard)."""
    signatures = [(q.id, _shingles(q.stem + " " + " ".join(sorted(q.options.values())))) for q in questions]
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, (_, shingles) in enumerate(signatures):
        for s in shingles:
            index[s].append(i)
    pairs = []
    for i, (qid, shingles) in enumerate(signatures):
        shared: Counter[int] = Counter()
        for s in shingles:
            shared.update(j for j in index[s] if j > i)
        for j, common in shared.items():
            union = len(shingles) + len(signatures[j][1]) - common
            score = common / union if union else 0.0
            if score >= NEAR_DUPLICATE_JACCARD:
                pairs.append((qid, signatures[j][0], round(score, 2)))
    return pairs


SIMILAR_COSINE = 0.5
_COMMON = frozenset("a an the of to and or in on for with by is are be as at that this it its from which what "
                    "should data company team".split())


def similar_questions(questions: list[Question]) -> list[tuple[str, str, float]]:
    """Pairs of questions that ask the same thing in other words: the TF-IDF cosine of stem plus keyed
    options is SIMILAR_COSINE or more. Catches rewordings that share few word triples."""
    import math

    bags = {}
    for q in questions:
        text = q.stem + " " + " ".join(q.options[k] for k in q.answer)
        bags[q.id] = Counter(w for w in _WORD.findall(text.lower()) if w not in _COMMON)
    document_frequency = Counter(w for bag in bags.values() for w in bag)
    n = len(bags)
    vectors = {}
    for qid, bag in bags.items():
        weights = {w: (1 + math.log(c)) * math.log(n / document_frequency[w]) for w, c in bag.items()}
        norm = math.sqrt(sum(x * x for x in weights.values())) or 1.0
        vectors[qid] = {w: x / norm for w, x in weights.items()}
    index: dict[str, list[str]] = defaultdict(list)
    for qid, vector in vectors.items():
        for w in vector:
            index[w].append(qid)
    pairs: list[tuple[str, str, float]] = []
    for qid, vector in vectors.items():
        dot: dict[str, float] = defaultdict(float)
        for w, x in vector.items():
            for other in index[w]:
                if other > qid:
                    dot[other] += x * vectors[other][w]
        pairs.extend((qid, other, round(c, 2)) for other, c in dot.items() if c >= SIMILAR_COSINE)
    return sorted(pairs)


def main() -> None:
    """Print the figures for the built-in bank (or `--content-dir` folders) for authors."""
    import argparse

    from das.content.library import load_library

    parser = argparse.ArgumentParser(description="question-bank quality figures")
    parser.add_argument("--content-dir", action="append", default=[])
    parser.add_argument("--topic", action="append", default=[])
    args = parser.parse_args()
    library = load_library(tuple(args.content_dir))
    qs = [q for q in library.questions.values() if not args.topic or q.topic in args.topic]
    r = measure(qs)
    print(f"questions: {r.total}")
    print(f"scenario + qualifier: {r.scenario_with_qualifier:.1%} (need >= 60%)")
    print(f"easy: {r.easy:.1%} (need <= 20%)")
    print(f"longest option correct (single): {r.longest_correct:.1%} (need <= 30%, <= 40% per topic)")
    print(f"shortest option correct (single): {r.shortest_correct:.1%} (need <= 30%, <= 45% per topic)")
    print(f"guessing among middle-length options scores: {r.middle_guess:.1%} (need <= 33%; chance is 25%)")
    print(f"picking the option closest to the stem's words scores: {r.stem_overlap_guess:.1%} (need <= 30%)")
    print(f"guessing by the wording of keyed options scores: {r.wording_guess:.1%} (need <= 32%)")
    print(f"guessing by lengths, word counts, commas and stem overlap together scores: {r.surface_guess:.1%} "
          f"(need <= 32%)")
    print(f"picking the option most like the other options scores: {r.centroid_guess:.1%} (need <= 30%)")
    print(f"multiple response: the N options most like the others are the keys in {r.central_set_guess:.1%} "
          f"(need <= 15%; chance about 10%)")
    print(f"picking the shorter or the longer of the two most alike options scores: {r.alike_pair_guess:.1%} (need <= 30%)")
    print("key at each length rank, longest first: by characters "
          + " ".join(f"{x:.0%}" for x in r.key_rank_by_characters) + "; by words "
          + " ".join(f"{x:.0%}" for x in r.key_rank_by_words) + " (need each <= 32%)")
    print(f"words 3x likelier in right or in wrong options (word, right, wrong; need none): {r.word_tells}")
    print("  topic                        longest  shortest  (of its single-answer questions)")
    singles_per_topic = Counter(q.topic for q in qs if not q.multiple)
    for topic, share in r.longest_correct_by_topic.items():
        short = r.shortest_correct_by_topic[topic]
        flag = "  OVER" if share > 0.40 or short > 0.45 else ""
        print(f"  {topic:28s} {share:6.0%}  {short:7.0%}  of {singles_per_topic[topic]}{flag}")
    print(f"absolute words: wrong {r.absolute_in_wrong:.1%} vs right {r.absolute_in_right:.1%} (wrong must be <= right); single-answer "
          f"alone: wrong {r.absolute_in_wrong_single:.1%} vs right {r.absolute_in_right_single:.1%}")
    print(f"per task statement: {r.per_task} (need >= 15 each)")
    print(f"without dea_task: {len(r.without_task)}")
    for a, b, score in r.near_duplicates:
        print(f"near duplicate: {a} ~ {b} ({score})")
    for a, b, score in r.similar:
        print(f"similar (same question in other words?): {a} ~ {b} ({score})")
    scen = [q.id for q in qs if not (is_scenario(q) and has_qualifier(q))]
    print(f"not scenario+qualifier: {len(scen)}")


if __name__ == "__main__":
    main()
