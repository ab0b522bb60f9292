"""The views of a plan: month and week calendars, the agenda, the backlog, and the filter bar."""
