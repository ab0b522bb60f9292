"""JSON backups of a whole plan: written by `backup_to_json`, read by `parse_backup`, put back
into a plan by `restore_backup` as one undoable step (after `check_backup`)."""

from lmplanner.core.io.backup.document import (
    FORMAT_NAME,
    FORMAT_VERSION,
    POST_KEYS,
    backup_document,
    backup_to_json,
)
from lmplanner.core.io.backup.parse import CampaignSpec, ChannelSpec, PlanBackup, parse_backup
from lmplanner.core.io.backup.restore import (
    RestorePost,
    check_backup,
    clean_name,
    refusal,
    restore_backup,
)

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "POST_KEYS",
    "CampaignSpec",
    "ChannelSpec",
    "PlanBackup",
    "RestorePost",
    "backup_document",
    "backup_to_json",
    "check_backup",
    "clean_name",
    "parse_backup",
    "refusal",
    "restore_backup",
]
