"""Recurring series through the one write path: the series service (`service`) and the row work
its scoped changes are made of (`rows`)."""

from lmplanner.core.services.series.service import PATTERN_FIELDS, USE_AGAIN_MAX, SeriesService

__all__ = ["PATTERN_FIELDS", "USE_AGAIN_MAX", "SeriesService"]
