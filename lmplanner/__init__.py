"""LM Planner: a content-strategy planner that balances leader and manager posts."""

__version__ = "0.1.0"
APP_NAME = "LM Planner"
APP_ID = "lmplanner"
