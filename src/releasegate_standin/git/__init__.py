"""Git in the stand-in: git's object ids, and real repositories behind a scenario's ``git:``."""
