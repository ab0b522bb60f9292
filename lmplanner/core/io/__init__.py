"""Import and export: LM Planner CSV, Hootsuite bulk CSV, iCalendar and JSON backups (no Qt).

For a GUI preview: `preview_import(service, path, ImportOptions(...))` parses and validates without
writing; show `preview.records` (each with `line`, `cells`, `problems`, `duplicate`); then
`commit_import(service, preview)` writes in one transaction and returns an `ImportResult` whose
`changeset` is the one undo step. Exports: `export_plan(service, path, ExportFormat.CSV, period)`.
"""

from lmplanner.core.io.exporter import ExportFormat, ExportResult, export_bytes, export_plan
from lmplanner.core.io.importer import (
    ImportPreview,
    ImportResult,
    commit_import,
    detect_format,
    import_file,
    preview_import,
)
from lmplanner.core.io.plan_rows import post_uuids
from lmplanner.core.io.records import (
    ExportError,
    ImportFileError,
    ImportFormat,
    ImportOptions,
    ImportRecord,
    MissingColumnError,
    Problem,
)

__all__ = [
    "ExportError",
    "ExportFormat",
    "ExportResult",
    "ImportFileError",
    "ImportFormat",
    "ImportOptions",
    "ImportPreview",
    "ImportRecord",
    "ImportResult",
    "MissingColumnError",
    "Problem",
    "commit_import",
    "detect_format",
    "export_bytes",
    "export_plan",
    "import_file",
    "post_uuids",
    "preview_import",
]
