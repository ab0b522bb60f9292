"""Team plans in a PostgreSQL database: the connect dialog, what a failed connection means, the
password prompt, the address."""

from lmplanner.ui.team.dialog import connect_to_team_plan, reopen_team_plan
from lmplanner.ui.team.password import password_prompt
from lmplanner.ui.team.url import describe_location

__all__ = ["connect_to_team_plan", "describe_location", "password_prompt", "reopen_team_plan"]
