"""The post editor, its leader/manager choice, and the launcher that saves what it submits."""
