"""releasegate: release gates as code for teams that ship through GitHub."""

__version__ = "0.1.0"
