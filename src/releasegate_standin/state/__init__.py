"""What the stand-in's repositories hold: the records, and the scenario file they are built from."""
