"""Keeping the record true: verify (sources still there), watch (Open Terms Archive versions), diff (conclusions changed)."""
