"""Role suggestion: is a post a leader or a manager post, and which cues say so."""

from lmplanner.core.suggest.model import RoleModel
from lmplanner.core.suggest.roles import (
    CUE_NO_TEXT,
    CUE_NOT_ENGLISH,
    CUE_WEAK,
    MAX_CONFIDENCE,
    MODEL_FILE,
    NOT_ENGLISH_MAX_CONFIDENCE,
    RoleSuggestion,
    load_model,
    suggest_role,
)

__all__ = [
    "CUE_NOT_ENGLISH",
    "CUE_NO_TEXT",
    "CUE_WEAK",
    "MAX_CONFIDENCE",
    "MODEL_FILE",
    "NOT_ENGLISH_MAX_CONFIDENCE",
    "RoleModel",
    "RoleSuggestion",
    "load_model",
    "suggest_role",
]
