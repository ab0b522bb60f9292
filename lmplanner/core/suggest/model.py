"""The learned side of role suggestion: cleaned text, features, the English check, RoleModel."""

from __future__ import annotations

import html
import itertools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lmplanner.core.suggest.cues import CUES, fired_cues

# Only the opening of a long body is read: it is where a post shows what it is, and it keeps
# a pasted essay as quick to judge as a tweet.
BODY_READ_CHARS = 4_000
TITLE_READ_CHARS = 400

# A text counts as English when at least this share of its words are known English words
# (unseen English posts rarely fall below 0.5; other languages rarely reach 0.3).
ENGLISH_MIN_SHARE = 0.4
NON_LATIN_MAX_SHARE = 0.3


# Function words and everyday vocabulary: with the training vocabulary, these decide whether a
# text is English enough to judge.
_ENGLISH_COMMON_WORDS = """
    a about above after again against all almost also always am an and any are as at away back
    be because been before being below best better between both but by can cannot could day did
    do does doing done down during each even ever every few first for from get gets getting give
    go goes going good got great had has have having he her here hers herself him himself his how
    however i if in into is it its itself just know last less let like little long made make many
    may me might more most much must my myself need never new next no nor not now of off often
    old on once one only or other our ours ourselves out over own people really right same see
    she should since so some still such take than that the their theirs them themselves then
    there these they thing things think this those through time to today too under until up us
    use very want was way we well were what when where which while who whom why will with without
    work would year years yes yet you your yours yourself yourselves don't can't won't isn't
    it's i'm we're you're they're i've we've that's there's here's let's didn't doesn't wasn't
    weren't aren't couldn't wouldn't shouldn't haven't hasn't i'd we'll you'll
"""
ENGLISH_COMMON: frozenset[str] = frozenset(_ENGLISH_COMMON_WORDS.split())

# Frequent words of German, Spanish, French, Portuguese, Italian and Dutch that are not also
# English words ("die", "pour", "per", "van", "com" are left out on purpose).
_FOREIGN_COMMON_WORDS = """
    der das und ist nicht wir sie ihr mit für auf des ein eine einen zu bei sich auch wie oder
    aber noch nur unsere unser ihre sind wird werden
    el la los las del que y en una para con por es más nuestro nuestra nuestros muy este esta
    como pero sus hoy
    le les et est dans une nous vous avec sur du au aux ce cette qui pas sont été notre nos
    votre vos très à
    os não em uma mais são nosso nossa você muito até é
    il di che è della delle gli nel sono anche questo questa nostro nostra
    het een ik wij zijn niet voor ook maar naar onze deze
"""
FOREIGN_COMMON: frozenset[str] = frozenset(_FOREIGN_COMMON_WORDS.split())

_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")
_URL = re.compile(r"https?://\S+|www\.\S+")
_MARKDOWN = re.compile(r"[*_`#|~\[\]]+|^[ \t]*>+", re.MULTILINE)
_SPACE = re.compile(r"[ \t\r\f\v]+")
_APOSTROPHE = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"'})
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W\d_]+)?")
_MODEL_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:[.,:]\d+)*\s?%?|[%€$£]")


def clean_text(text: str, limit: int) -> str:
    """Drop markup and links, unify quotes and spacing, and keep the first `limit` characters."""
    text = _TAG.sub(" ", text[: limit * 2])
    if "&" in text:
        text = html.unescape(text)
    text = text.translate(_APOSTROPHE)
    text = _URL.sub(" ", text)
    text = _MARKDOWN.sub(" ", text)
    text = _SPACE.sub(" ", text)
    return text[:limit].strip()


def model_tokens(text: str) -> list[str]:
    """Lower-case word tokens for the model; numbers fold into a few shapes."""
    tokens: list[str] = []
    for raw in _MODEL_TOKEN.findall(text.lower()):
        if raw[0].isdigit():
            tokens.append("<pct>" if raw.endswith("%") else "<num>")
        elif raw in "%€$£":
            tokens.append("<pct>" if raw == "%" else "<money>")
        else:
            tokens.append(_stem(raw))
    return tokens


def _stem(word: str) -> str:
    # Just enough folding for a small training set: "lessons" meets "lesson", "it's" stays.
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word


def post_features(title: str, body: str = "") -> dict[str, float]:
    """Features the model scores: fired cues, words and word pairs, the title's first word."""
    title = clean_text(title, TITLE_READ_CHARS)
    body = clean_text(body, BODY_READ_CHARS)
    return cue_features(title, body)


def cue_features(title: str, body: str) -> dict[str, float]:
    text = f"{title}\n{body}" if body else title
    feats: dict[str, float] = {}
    for cue in fired_cues(title, text):
        feats[cue.feature] = 1.0
    title_tokens = model_tokens(title)
    tokens = [*title_tokens, "</t>", *model_tokens(body)]
    words = {f"w:{tok}" for tok in tokens if tok != "</t>"}
    pairs = {f"b:{a}_{b}" for a, b in itertools.pairwise(tokens)}
    grams = words | pairs
    if grams:
        # Long posts light up many words; scaling keeps them from outvoting the cues.
        scale = 1.0 / math.sqrt(len(grams))
        for gram in grams:
            feats[gram] = scale
    if title_tokens:
        feats[f"first:{title_tokens[0]}"] = 1.0
    if title.rstrip().endswith("?"):
        feats["shape:title_question"] = 1.0
    return feats


def english_words(text: str, vocabulary: frozenset[str]) -> tuple[int, bool]:
    """Count the words in `text` and say whether enough of them are English to judge it.

    Not English: mostly non-Latin letters, more common words of another European language
    than of English, or too few known English words (everyday words plus the training
    vocabulary; a few product names or an unusual recipe are fine).
    """
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0, False
    non_latin = sum(1 for ch in letters if ord(ch) > 0x24F)
    tokens = [w.lower() for w in _TOKEN.findall(text) if not any(ch.isdigit() for ch in w)]
    foreign = sum(1 for w in tokens if w in FOREIGN_COMMON)
    words = [w for w in tokens if len(w) > 1 or w in ("a", "i")]
    if not words:
        return len(tokens), False
    common = sum(1 for w in words if w in ENGLISH_COMMON)
    known = sum(1 for w in words if w in ENGLISH_COMMON or _stem(w) in vocabulary)
    english = (
        non_latin <= len(letters) * NON_LATIN_MAX_SHARE
        and not (foreign >= 2 and foreign > common)
        and known >= len(words) * ENGLISH_MIN_SHARE
    )
    return len(words), english


@dataclass(frozen=True, slots=True)
class RoleModel:
    """Learned weights over `post_features`; positive pushes towards leader."""

    bias: float
    weights: Mapping[str, float]
    vocabulary: frozenset[str]

    def score(self, feats: Mapping[str, float]) -> float:
        return self.bias + sum(self.weights.get(f, 0.0) * v for f, v in feats.items())

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RoleModel:
        weights = {str(k): float(v) for k, v in dict(data["weights"]).items()}
        vocabulary = frozenset(str(w) for w in data.get("vocabulary", ()))
        return cls(float(data["bias"]), weights, vocabulary)

    @classmethod
    def priors_only(cls) -> RoleModel:
        """The hand weights alone: what the rules say before any training."""
        return cls(0.0, {cue.feature: cue.signed_prior for cue in CUES}, frozenset())
