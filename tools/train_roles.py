"""Train the role-suggestion model from resources/roles/training.jsonl into model.json.

Run `python -m tools.train_roles`. Training is plain-Python logistic regression with
AdaGrad over `suggest.post_features`; each cue's weight is pulled towards its hand-written prior
and every other weight towards zero. A fixed seed, a fixed example order and rounded weights
make the output byte-for-byte reproducible. Cross-validation on the training posts is printed
so changes to cues or data can be judged without touching any held-out evaluation set.
"""

from __future__ import annotations

import argparse
import json
import math
import pathlib
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass

from lmplanner.core.domain import Role
from lmplanner.core.resources import resource_path
from lmplanner.core.suggest.roles import (
    CUES,
    MODEL_FILE,
    RoleModel,
    clean_text,
    model_tokens,
    post_features,
    suggest_role,
)

TRAINING_FILE = ("roles", "training.jsonl")
SEED = 20240611
MODEL_FORMAT = 1


@dataclass(frozen=True, slots=True)
class Example:
    title: str
    body: str
    role: Role


@dataclass(frozen=True, slots=True)
class Settings:
    """Training knobs; the defaults are what cross-validation on the training posts chose."""

    epochs: int = 40
    learning_rate: float = 0.3
    l2_words: float = 0.3  # pull of word, pair and shape weights towards zero
    l2_cues: float = 1.0  # pull of cue weights towards their hand-written priors
    min_count: int = 2  # words and pairs seen in fewer training posts are ignored


_DEFAULTS = Settings()


def load_examples(path: pathlib.Path) -> list[Example]:
    examples: list[Example] = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                examples.append(Example(row["title"], row.get("body", ""), Role.parse(row["role"])))
            except (ValueError, KeyError, TypeError) as exc:
                raise SystemExit(f"{path}:{number}: bad training row ({exc})") from None
    return examples


def vocabulary_of(examples: Sequence[Example]) -> frozenset[str]:
    words: set[str] = set()
    for ex in examples:
        text = clean_text(ex.title, 400) + " " + clean_text(ex.body, 4_000)
        words.update(tok for tok in model_tokens(text) if tok[0].isalpha())
    return frozenset(words)


def train(examples: Sequence[Example], settings: Settings) -> RoleModel:
    """Fit bias and weights; positive means leader."""
    rows = [post_features(ex.title, ex.body) for ex in examples]
    labels = [1.0 if ex.role is Role.LEADER else 0.0 for ex in examples]
    priors = {cue.feature: cue.signed_prior for cue in CUES}

    counts: dict[str, int] = {}
    for row in rows:
        for feature in row:
            counts[feature] = counts.get(feature, 0) + 1
    kept = {f for f, n in counts.items() if f in priors or n >= settings.min_count}
    kept.update(priors)
    names = sorted(kept)
    index = {name: i for i, name in enumerate(names)}
    prior = [priors.get(name, 0.0) for name in names]
    l2 = [settings.l2_cues if name in priors else settings.l2_words for name in names]
    sparse = [[(index[f], v) for f, v in sorted(row.items()) if f in index] for row in rows]

    weights = list(prior)
    grad_sq = [1e-8] * len(names)
    bias, bias_sq = 0.0, 1e-8
    n = len(rows)
    order = list(range(n))
    rng = random.Random(SEED)
    for _ in range(settings.epochs):
        rng.shuffle(order)
        for i in order:
            features = sparse[i]
            z = bias + sum(weights[j] * v for j, v in features)
            error = _sigmoid(z) - labels[i]
            bias_sq += error * error
            bias -= settings.learning_rate * error / math.sqrt(bias_sq)
            for j, v in features:
                # The L2 pull is spread over the posts a feature occurs in, so rare features
                # are held as firmly as common ones.
                g = error * v + l2[j] * (weights[j] - prior[j]) / max(counts[names[j]], 1)
                grad_sq[j] += g * g
                weights[j] -= settings.learning_rate * g / math.sqrt(grad_sq[j])

    rounded = {name: round(w, 4) for name, w in zip(names, weights, strict=True)}
    kept_weights = {k: v for k, v in rounded.items() if abs(v) >= 1e-3 or k in priors}
    return RoleModel(round(bias, 4), kept_weights, vocabulary_of(examples))


def cross_validate(
    examples: Sequence[Example], settings: Settings, folds: int = 10
) -> tuple[float, float, list[tuple[float, bool]]]:
    """Stratified k-fold accuracy of the trained model and of the hand weights alone."""
    by_role: dict[Role, list[int]] = {Role.LEADER: [], Role.MANAGER: []}
    for i, ex in enumerate(examples):
        by_role[ex.role].append(i)
    rng = random.Random(SEED)
    fold_of: dict[int, int] = {}
    offset = 0
    for role in (Role.LEADER, Role.MANAGER):
        members = by_role[role]
        rng.shuffle(members)
        for position, i in enumerate(members):
            fold_of[i] = (position + offset) % folds
        offset += len(members)

    priors_only = RoleModel.priors_only()
    hits = rule_hits = 0
    outcomes: list[tuple[float, bool]] = []
    for fold in range(folds):
        train_set = [ex for i, ex in enumerate(examples) if fold_of[i] != fold]
        test_set = [ex for i, ex in enumerate(examples) if fold_of[i] == fold]
        model = train(train_set, settings)
        rules = RoleModel(priors_only.bias, priors_only.weights, model.vocabulary)
        for ex in test_set:
            guess = suggest_role(ex.title, ex.body, model=model)
            hits += guess.role is ex.role
            rule_hits += suggest_role(ex.title, ex.body, model=rules).role is ex.role
            outcomes.append((guess.confidence, guess.role is ex.role))
    return hits / len(examples), rule_hits / len(examples), outcomes


def calibration_table(outcomes: Sequence[tuple[float, bool]]) -> list[str]:
    lines = []
    for low, high in ((0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)):
        bucket = [ok for conf, ok in outcomes if low <= conf < high]
        if bucket:
            share = sum(bucket) / len(bucket)
            lines.append(
                f"  confidence {low:.1f}-{min(high, 1.0):.1f}: {len(bucket):4d} posts, "
                f"{share:6.1%} right"
            )
    return lines


def model_json(model: RoleModel, examples: Sequence[Example]) -> str:
    leaders = sum(ex.role is Role.LEADER for ex in examples)
    data = {
        "format": MODEL_FORMAT,
        "trained_on": {
            "posts": len(examples),
            "leader": leaders,
            "manager": len(examples) - leaders,
        },
        "bias": model.bias,
        "weights": dict(sorted(model.weights.items())),
        "vocabulary": sorted(model.vocabulary),
    }
    return json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.train_roles", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--data", type=pathlib.Path, default=resource_path(*TRAINING_FILE))
    parser.add_argument("--out", type=pathlib.Path, default=None, help="default: next to data")
    parser.add_argument("--folds", type=int, default=10, help="0 skips cross-validation")
    parser.add_argument("--epochs", type=int, default=_DEFAULTS.epochs)
    parser.add_argument("--l2-words", type=float, default=_DEFAULTS.l2_words)
    parser.add_argument("--l2-cues", type=float, default=_DEFAULTS.l2_cues)
    parser.add_argument("--dry-run", action="store_true", help="report only, write nothing")
    args = parser.parse_args(argv)

    settings = Settings(epochs=args.epochs, l2_words=args.l2_words, l2_cues=args.l2_cues)
    examples = load_examples(args.data)
    leaders = sum(ex.role is Role.LEADER for ex in examples)
    print(f"training posts: {len(examples)} ({leaders} leader, {len(examples) - leaders} manager)")

    if args.folds > 1:
        started = time.perf_counter()
        cv_accuracy, rules_accuracy, outcomes = cross_validate(examples, settings, args.folds)
        print(
            f"{args.folds}-fold cross-validation: hybrid {cv_accuracy:.1%}, "
            f"hand-weighted rules alone {rules_accuracy:.1%} "
            f"({time.perf_counter() - started:.1f} s)"
        )
        print("\n".join(calibration_table(outcomes)))

    model = train(examples, settings)
    out = args.out or args.data.with_name(MODEL_FILE[-1])
    if args.dry_run:
        print(f"dry run: would write {len(model.weights)} weights to {out}")
        return 0
    out.write_text(model_json(model, examples), encoding="utf-8")
    print(f"wrote {len(model.weights)} weights and {len(model.vocabulary)} words to {out}")
    return 0


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


if __name__ == "__main__":
    sys.exit(main())
