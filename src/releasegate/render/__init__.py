"""Renderers: turn a report into text, JSON, Markdown, workflow commands. They never decide."""
