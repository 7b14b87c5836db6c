"""Widgets: one file per widget; each owns its keys and says what happened with messages."""
