"""Backport automation for hotfixes, on a real git checkout (SPEC §5, §2.6, §2.7).

The git layer: ``git`` runs the git binary; ``commits`` finds the commits a merged PR put on
production; ``pick`` cherry-picks them onto a backport branch; ``divergence`` gathers the
facts the ``hotfix-backported`` and ``hotfix-branch`` gates judge (``fetch`` serves them to
the gatherer). None of these talk to GitHub or push.

The command on top: ``backport`` runs ``releasegate hotfix backport``; ``outcomes`` acts on
how the pick ended and ends the run in a ``result.BackportResult``, which ``report`` shows
(stdout, step outputs); ``remote`` fetches and pushes the one backport branch; ``workspace``
is the scratch work tree the pick runs in; ``github`` and ``messages`` are its GitHub calls
and texts.
"""
