"""Widgets: one file per widget, plus the text formatting they share."""
