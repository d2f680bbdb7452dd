"""The GitHub stand-in server and helpers for testing policies."""
