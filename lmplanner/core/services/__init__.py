"""The one write path: validated, transactional changes to a plan, each reported as a ChangeSet."""

from lmplanner.core.services.names import CHANNEL_PALETTE, NamedRecord
from lmplanner.core.services.plan_service import PlanService, PostDraft
from lmplanner.core.services.queries import PostFilter
from lmplanner.core.services.rows import KEEP, Keep
from lmplanner.core.services.series import PATTERN_FIELDS, SeriesService
from lmplanner.core.services.validation import (
    POST_FIELDS,
    SETTINGS_FIELDS,
    ValidPost,
    check_post,
    post_checker,
    valid_span,
    valid_target,
    validate_many,
    validate_post,
    validate_settings,
)

__all__ = [
    "CHANNEL_PALETTE",
    "KEEP",
    "PATTERN_FIELDS",
    "POST_FIELDS",
    "SETTINGS_FIELDS",
    "Keep",
    "NamedRecord",
    "PlanService",
    "PostDraft",
    "PostFilter",
    "SeriesService",
    "ValidPost",
    "check_post",
    "post_checker",
    "valid_span",
    "valid_target",
    "validate_many",
    "validate_post",
    "validate_settings",
]
