"""The lemlist service: client, transport, models, paging, errors and rate limits.

No UI and no HTML: nothing here imports Textual, Rich or html2text.
"""
