"""Backport automation for hotfixes, on a real git checkout (SPEC §5, §2.6, §2.7).

``git`` runs the git binary; ``commits`` finds the commits a merged PR put on production;
``pick`` cherry-picks them onto a backport branch; ``divergence`` gathers the facts the
``hotfix-backported`` and ``hotfix-branch`` gates judge. Nothing here talks to GitHub or
pushes: opening PRs and pushing branches is the caller's job.
"""
