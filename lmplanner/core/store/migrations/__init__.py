"""Alembic migrations of the plan schema.

HEAD is the newest revision this version of LM Planner writes. A plan already at HEAD opens without
loading Alembic at all (start-up time); a test checks HEAD against the revision scripts.
"""

HEAD = "0010"
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010")
