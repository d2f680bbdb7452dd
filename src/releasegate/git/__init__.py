"""Real git: the command runner, the job's checkout, and divergence between branches.

Shared by the hotfix command (picks, pushes) and the hotfix gates' facts (``fetchers``), so
neither depends on the other.
"""
