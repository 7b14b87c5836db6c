"""lemtui: a keyboard-driven terminal reader for the lemlist inbox."""

__version__ = "0.1.0"
