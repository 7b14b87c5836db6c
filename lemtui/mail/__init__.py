"""Message bodies made safe to read: the renderer, search, replies and the output formats.

No UI: nothing here imports Textual.
"""
