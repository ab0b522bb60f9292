"""Templates: posts to start others from. Built-in leader prompts live here; the plan's own
templates are rows the services keep (core.services, `PlanService.templates()`)."""

from lmplanner.core.templates.builtin import BUILTIN_TEMPLATES

__all__ = ["BUILTIN_TEMPLATES"]
