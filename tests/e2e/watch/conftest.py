from e2e.watch.watch_world import make_world

__all__ = ["make_world"]
