"""Replying: the flow from `R` to a confirmed send, and the screens it shows on the way
(the editor, the yes/no question, the review)."""
