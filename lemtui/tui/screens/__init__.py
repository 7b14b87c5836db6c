"""Screens: one file per screen (the inbox, a conversation, and the prompts and help over them)."""
