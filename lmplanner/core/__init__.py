"""Qt-free heart of LM Planner: domain, plan store, services, balance analysis, import/export, reports."""
