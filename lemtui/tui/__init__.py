"""The terminal UI: the app, commands, screens, widgets and terminal output."""
