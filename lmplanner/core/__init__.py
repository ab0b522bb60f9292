"""Qt-free heart of LM Planner: domain, plan store, services, balance, import/export, reports."""
