"""Suggest whether a post is leader or manager content, and say in words why.

The method is a hybrid. Hand-written cue patterns ("discount / deal", "personal story", ...) give
the explanation; a small logistic regression, trained offline by `tools/train_roles.py` over
those cues plus words and word pairs, weighs them against each other. Each cue's hand weight is
the prior the training pulls towards, so the rules still work (a little cruder) if the model file
is missing.
Positive scores mean leader, negative mean manager.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass

from lmplanner.core.domain import Kind, Role
from lmplanner.core.resources import resource_path
from lmplanner.core.suggest.cues import CUES, Cue, fired_cues
from lmplanner.core.suggest.model import (
    BODY_READ_CHARS,
    ENGLISH_COMMON,
    ENGLISH_MIN_SHARE,
    FOREIGN_COMMON,
    NON_LATIN_MAX_SHARE,
    TITLE_READ_CHARS,
    RoleModel,
    clean_text,
    cue_features,
    english_words,
    model_tokens,
    post_features,
)

# The cue rules live in `suggest_cues`, the features and the model in `suggest_model`; their
# public names stay importable from here.
__all__ = [
    "BODY_READ_CHARS",
    "CUES",
    "CUE_NOT_ENGLISH",
    "CUE_NO_TEXT",
    "CUE_WEAK",
    "ENGLISH_COMMON",
    "ENGLISH_MIN_SHARE",
    "FOREIGN_COMMON",
    "MAX_CONFIDENCE",
    "MODEL_FILE",
    "NON_LATIN_MAX_SHARE",
    "NOT_ENGLISH_MAX_CONFIDENCE",
    "TITLE_READ_CHARS",
    "Cue",
    "RoleModel",
    "RoleSuggestion",
    "clean_text",
    "english_words",
    "fired_cues",
    "load_model",
    "model_tokens",
    "post_features",
    "suggest_role",
]

# Text that is not English enough to judge never gets more than this.
NOT_ENGLISH_MAX_CONFIDENCE = 0.55
# A suggestion is a suggestion: never shown as certain.
MAX_CONFIDENCE = 0.99

CUE_NOT_ENGLISH = "not enough English text to judge"
CUE_NO_TEXT = "no text to judge"
CUE_WEAK = "no clear cue"

# A cue must move the score at least this much (in log-odds) to be named or to pick the kind.
_CUE_MIN_CONTRIBUTION = 0.25
_KIND_MIN_CONTRIBUTION = 0.6
_KIND_MIN_CONFIDENCE = 0.6
_MAX_CUES = 4
_WORDS_ONLY_MAX_CONFIDENCE = 0.65


@dataclass(frozen=True, slots=True)
class RoleSuggestion:
    """A suggested role for a post, how sure the suggestion is, and the cues behind it."""

    role: Role
    confidence: float
    cues: tuple[str, ...]
    kind: Kind | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "role": self.role.value,
            "confidence": round(self.confidence, 3),
            "cues": list(self.cues),
            "kind": self.kind.value if self.kind is not None else None,
        }

    def summary(self) -> str:
        """One line for the editor, e.g. "Leader — states a belief about the future"."""
        word = self.role.value.capitalize()
        return f"{word} — {self.cues[0]}" if self.cues else word


MODEL_FILE = ("roles", "model.json")


@functools.cache
def load_model() -> RoleModel:
    """The trained model, read once; the hand weights if the file is missing or unreadable."""
    try:
        with resource_path(*MODEL_FILE).open(encoding="utf-8") as fh:
            return RoleModel.from_json(json.load(fh))
    except (OSError, ValueError, KeyError, TypeError):
        return RoleModel.priors_only()


_CUE_BY_FEATURE: dict[str, Cue] = {cue.feature: cue for cue in CUES}


def suggest_role(title: str, body: str = "", *, model: RoleModel | None = None) -> RoleSuggestion:
    """Suggest leader or manager for a post, with a confidence in 0..1 and cues in words."""
    model = model if model is not None else load_model()
    title = clean_text(title, TITLE_READ_CHARS)
    body = clean_text(body, BODY_READ_CHARS)
    text = f"{title}\n{body}" if body else title
    n_words, english = english_words(text, model.vocabulary)
    if n_words == 0:
        return RoleSuggestion(_role_of(model.bias), 0.5, (CUE_NO_TEXT,))

    feats = cue_features(title, body)
    logit = model.score(feats)
    role = _role_of(logit)
    confidence = min(_sigmoid(abs(logit)), MAX_CONFIDENCE)
    if not english:
        # Cues and weights were written for English; elsewhere only a shrug is honest.
        nudged = 0.5 + (confidence - 0.5) * 0.1
        return RoleSuggestion(role, min(nudged, NOT_ENGLISH_MAX_CONFIDENCE), (CUE_NOT_ENGLISH,))

    if n_words < 4:
        # A two-word title carries little evidence whatever its words are.
        confidence = 0.5 + (confidence - 0.5) * (0.4 + 0.15 * n_words)

    sign = 1.0 if role is Role.LEADER else -1.0
    contributions = [
        (sign * model.weights.get(f, 0.0) * v, f) for f, v in feats.items() if f in model.weights
    ]
    if not any(
        amount >= _CUE_MIN_CONTRIBUTION and f in _CUE_BY_FEATURE for amount, f in contributions
    ):
        # Word statistics alone are a hunch, not evidence a person could check.
        confidence = min(confidence, _WORDS_ONLY_MAX_CONFIDENCE)
    cues, kind = _explain(contributions, confidence)
    return RoleSuggestion(role, confidence, cues, kind if kind and kind.role is role else None)


def _explain(
    contributions: Iterable[tuple[float, str]], confidence: float
) -> tuple[tuple[str, ...], Kind | None]:
    """Name the cues that pushed towards the chosen role, strongest first, and pick a kind."""
    ranked = sorted(
        (c for c in contributions if c[0] >= _CUE_MIN_CONTRIBUTION), key=lambda c: (-c[0], c[1])
    )
    labels: list[str] = []
    kind: Kind | None = None
    words: list[str] = []
    for amount, feature in ranked:
        cue = _CUE_BY_FEATURE.get(feature)
        if cue is None:
            word = feature[2:]
            if feature.startswith("w:") and word.isalpha() and word not in ENGLISH_COMMON:
                words.append(word)
            continue
        if cue.label not in labels:
            labels.append(cue.label)
        if (
            kind is None
            and cue.kind is not None
            and amount >= _KIND_MIN_CONTRIBUTION
            and confidence >= _KIND_MIN_CONFIDENCE
        ):
            kind = cue.kind
    if len(labels) < 2 and words:
        quoted = ", ".join(f'"{w}"' for w in words[:3])
        labels.append(f"wording like {quoted}")
    if not labels:
        labels.append(CUE_WEAK)
    return tuple(labels[:_MAX_CUES]), kind


def _role_of(logit: float) -> Role:
    return Role.LEADER if logit >= 0 else Role.MANAGER


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)
