"""Backport automation for hotfixes, on a real git checkout (SPEC §5, §2.6, §2.7).

The git layer: ``git`` runs the git binary; ``commits`` finds the commits a merged PR put on
production; ``pick`` cherry-picks them onto a backport branch; ``divergence`` gathers the
facts the ``hotfix-backported`` and ``hotfix-branch`` gates judge (``fetch`` serves them to
the gatherer). None of these talk to GitHub or push.

The command on top: ``backport`` runs ``releasegate hotfix backport`` (a ``run.BackportRun``);
``prepare`` picks and pushes the backport branch in the scratch work tree of ``workspace``,
through ``remote`` (origin's fetches and the one push); ``outcomes`` opens the PR or reports
the conflict and ``steps`` takes what follows (labels, assignees, review request, comment),
each found done or not done on a re-run; the run ends in a ``result.BackportResult``, which
``report`` shows (stdout, step outputs). ``github`` and ``messages`` are its GitHub calls and
texts.
"""
