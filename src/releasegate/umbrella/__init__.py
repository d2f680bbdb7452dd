"""Umbrella tracking issues: parse the checklist, plan the sync, render the progress comment."""
