"""`releasegate report`: the weekly QA and regression-escape report (SPEC §11).

The steps, one module each: the ``report:`` settings of the policy (``setup``), the
searches they make (``queries``), what GitHub answers, read once (``facts``, through
``github.search``), the weeks and their numbers (``weeks``, ``rows``), the renderers
(``columns``, ``render``, ``chart``) and the issue the report is kept in (``publish``);
``run`` puts them in order.
"""
