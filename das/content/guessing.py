"""Models that guess keys without knowing AWS: what a test-wise reader could learn from the bank itself.

Each is a naive Bayes model trained on which options are keyed and scored by repeated cross-validation:
every single-answer question is guessed by a model trained on the other folds. On a tell-free bank each
scores about chance (25% on four options); a higher score means the bank teaches its own tells.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from typing import Callable

from das.content.bank import Question

FOLDS = 10
SPLITS = 3  # repeated with different random splits, so no one split can be written to
MIN_COUNT = 2  # a feature seen fewer times in training carries no weight

OptionFeatures = Callable[[Question], dict[str, set[str]]]  # question -> option key -> features

_WORD = re.compile(r"[a-z][a-z0-9'-]+")


def wording_features(question: Question) -> dict[str, set[str]]:
    """Each option's words, word pairs and comma count."""
    out = {}
    for key, text in question.options.items():
        words = _WORD.findall(text.lower())
        out[key] = set(words) | {f"{a} {b}" for a, b in zip(words, words[1:])} | {f"<commas:{min(text.count(','), 3)}>"}
    return out


def _ranks(values: list[float]) -> list[int]:
    order = sorted(set(values), reverse=True)
    return [order.index(v) for v in values]


def surface_features(question: Question) -> dict[str, set[str]]:
    """Each option's rank (0 = most) among the options by characters, words, commas and the share of its
    words found in the stem, and whether it is the last rank of each: what a reader sees without reading."""
    keys = sorted(question.options)
    texts = [question.options[k] for k in keys]
    stem = set(_WORD.findall(question.stem.lower()))

    def overlap(text: str) -> float:
        words = set(_WORD.findall(text.lower()))
        return len(words & stem) / max(1, len(words))

    measures: dict[str, list[float]] = {"chars": [len(t) for t in texts], "words": [len(t.split()) for t in texts],
                "commas": [t.count(",") for t in texts], "stem": [overlap(t) for t in texts]}
    ranked = {name: _ranks(values) for name, values in measures.items()}
    out = {}
    for i, key in enumerate(keys):
        feats = set()
        for name, ranks in ranked.items():
            feats.add(f"{name}:{ranks[i]}")
            feats.add(f"{name}:last" if ranks[i] == max(ranks) else f"{name}:not-last")
        out[key] = feats
    return out


def cross_validated_guesses(questions: list[Question], features: OptionFeatures) -> dict[str, float]:
    """Question id -> share of the SPLITS cross-validation runs in which the model picked the key
    (single-answer questions only)."""
    table = {q.id: features(q) for q in questions}
    right_total: Counter[str] = Counter()
    wrong_total: Counter[str] = Counter()
    for q in questions:
        for key, feats in table[q.id].items():
            (right_total if key in q.answer else wrong_total).update(feats)
    options_right = sum(len(q.answer) for q in questions)
    options_wrong = sum(len(q.options) - len(q.answer) for q in questions)
    hits: Counter[str] = Counter()
    by_id = {q.id: q for q in questions}
    ids = sorted(by_id)
    for split in range(SPLITS):
        rng = random.Random(split)
        fold = {qid: rng.randrange(FOLDS) for qid in ids}
        for k in range(FOLDS):
            held = [by_id[qid] for qid in ids if fold[qid] == k]
            right, wrong = right_total.copy(), wrong_total.copy()
            n_right, n_wrong = options_right, options_wrong
            for q in held:
                for key, feats in table[q.id].items():
                    (right if key in q.answer else wrong).subtract(feats)
                n_right -= len(q.answer)
                n_wrong -= len(q.options) - len(q.answer)

            def score(feats: set[str]) -> float:
                return sum(math.log((right[f] + 1) / (n_right + 2)) - math.log((wrong[f] + 1) / (n_wrong + 2))
                           for f in feats if right[f] + wrong[f] >= MIN_COUNT)

            for q in held:
                if not q.multiple:
                    best = max(sorted(q.options), key=lambda o: score(table[q.id][o]))
                    hits[q.id] += best in q.answer
    return {q.id: hits[q.id] / SPLITS for q in questions if not q.multiple}


def wording_guesses(questions: list[Question]) -> dict[str, float]:
    """How often a reader who learned which words keyed options use picks the key (see the module)."""
    return cross_validated_guesses(questions, wording_features)


def surface_guesses(questions: list[Question]) -> dict[str, float]:
    """How often a reader who learned the lengths, word counts, commas and stem overlap of keyed options,
    all together, picks the key (see the module)."""
    return cross_validated_guesses(questions, surface_features)


def key_rank_shares(questions: list[Question], size: Callable[[str], int]) -> list[float]:
    """For four-option single-answer questions: the share of keys at each rank of `size`, longest first
    (a key tied with others shares its credit among the ranks they hold together)."""
    four = [q for q in questions if not q.multiple and len(q.options) == 4]
    shares = [0.0] * 4
    for q in four:
        key_size = size(q.options[q.answer[0]])
        longer = sum(size(t) > key_size for t in q.options.values())
        tied = sum(size(t) == key_size for t in q.options.values())
        for rank in range(longer, longer + tied):
            shares[rank] += 1 / tied
    return [share / max(1, len(four)) for share in shares]


def _tf_idf(texts: dict, tokens: Callable[[str], list[str]]) -> dict:
    """Each text's unit-length TF-IDF vector (token -> weight) over the given texts: where -> vector."""
    bags = {where: Counter(tokens(text)) for where, text in texts.items()}
    document_frequency: Counter[str] = Counter(t for bag in bags.values() for t in bag)
    n = max(1, len(bags))
    vectors = {}
    for where, bag in bags.items():
        weights = {t: (1 + math.log(c)) * (math.log(n / (1 + document_frequency[t])) + 1) for t, c in bag.items()}
        norm = math.sqrt(sum(x * x for x in weights.values())) or 1.0
        vectors[where] = {t: x / norm for t, x in weights.items()}
    return vectors


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(b) < len(a):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _characters(text: str) -> list[str]:
    """Character 3- to 5-grams of the text with its spacing normalised."""
    text = " ".join(text.lower().split())
    return [text[i:i + n] for n in (3, 4, 5) for i in range(len(text) - n + 1)]


def _single_option_vectors(questions: list[Question], tokens: Callable[[str], list[str]]):
    singles = [q for q in questions if not q.multiple]
    return singles, _tf_idf({(q.id, k): text for q in singles for k, text in q.options.items()}, tokens)


def centroid_guesses(questions: list[Question]) -> dict[str, bool]:
    """Question id -> whether the option most like the other options (the largest summed TF-IDF cosine of its
    words to theirs) is the key, for single-answer questions. Needs no training: it finds keys whose
    distractors were written as variations of them, so the key sits at the centre of the options."""
    singles, vectors = _single_option_vectors(questions, _words)
    out = {}
    for q in singles:
        keys = sorted(q.options)
        closeness = {k: sum(_cosine(vectors[(q.id, k)], vectors[(q.id, o)]) for o in keys if o != k) for k in keys}
        out[q.id] = max(keys, key=lambda k: closeness[k]) in q.answer
    return out


def alike_pair_positions(questions: list[Question], by: str = "characters") -> dict[str, str]:
    """Question id -> where the key sits in the two most alike options ("shorter", "longer" or "neither"),
    for single-answer questions; options compared by TF-IDF cosine of character 3-5-grams
    (`by="characters"`) or of words (`by="words"`). "Pick the shorter of the two most alike" finds the key
    where a distractor is the key with a wrong clause added ("shorter"), "pick the longer" where the key is
    a distractor with a clause added. Needs no training. Raises KeyError for another `by`."""
    tokens = {"characters": _characters, "words": _words}[by]
    singles, vectors = _single_option_vectors(questions, tokens)
    out = {}
    for q in singles:
        keys = sorted(q.options)
        pairs = [(a, b) for i, a in enumerate(keys) for b in keys[i + 1:]]
        a, b = max(pairs, key=lambda pair: _cosine(vectors[(q.id, pair[0])], vectors[(q.id, pair[1])]))
        short, long_ = (a, b) if len(q.options[a]) <= len(q.options[b]) else (b, a)
        out[q.id] = "shorter" if short in q.answer else "longer" if long_ in q.answer else "neither"
    return out


def central_set_guesses(questions: list[Question], by: str = "words") -> dict[str, bool]:
    """Question id -> whether the N options most like the other options (summed TF-IDF cosine, of words or
    of character 3-5-grams, as `by` says) are exactly the N keys, for multiple-response questions ("Select
    N"). Chance is 1 / C(options, N): 10% for two of five. Keys written as parts of one solution that share
    its vocabulary, beside distractors about other things, give themselves away here. Raises KeyError for
    another `by`."""
    tokens = {"characters": _characters, "words": _words}[by]
    multiples = [q for q in questions if q.multiple]
    vectors = _tf_idf({(q.id, k): text for q in multiples for k, text in q.options.items()}, tokens)
    out = {}
    for q in multiples:
        keys = sorted(q.options)
        closeness = {k: sum(_cosine(vectors[(q.id, k)], vectors[(q.id, o)]) for o in keys if o != k) for k in keys}
        out[q.id] = set(sorted(keys, key=lambda k: -closeness[k])[:len(q.answer)]) == set(q.answer)
    return out
