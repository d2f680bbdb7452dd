"""Real git repositories behind the stand-in's repositories (the scenario's ``git:`` key)."""
