"""Results: what each post achieved, summed up per role and pillar, and results files read in."""

from lmplanner.core.results.analysis import (
    REACH,
    RELATIONSHIP,
    GroupResults,
    MetricStats,
    ResultsReport,
    analyze_results,
    has_results,
    reach,
    relationship,
)
from lmplanner.core.results.finding import MIN_POSTS_EACH, finding_sentence, times
from lmplanner.core.results.importing import (
    HEADERS,
    ResultsOutcome,
    ResultsPreview,
    ResultsRow,
    commit_results,
    import_results,
    preview_results,
)

__all__ = [
    "HEADERS",
    "MIN_POSTS_EACH",
    "REACH",
    "RELATIONSHIP",
    "GroupResults",
    "MetricStats",
    "ResultsOutcome",
    "ResultsPreview",
    "ResultsReport",
    "ResultsRow",
    "analyze_results",
    "commit_results",
    "finding_sentence",
    "has_results",
    "import_results",
    "preview_results",
    "reach",
    "relationship",
    "times",
]
