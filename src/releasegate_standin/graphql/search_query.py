"""GitHub's issue search syntax, the part the stand-in serves: a query string into a predicate.

Qualifiers are matched as https://docs.github.com/search-github/searching-on-github/searching-issues-and-pull-requests
documents them: ``repo:``, ``org:``/``user:``, ``is:``/``type:``/``state:``, ``label:`` (a
comma is OR; several ``label:`` are AND; quotes group words), ``no:label``, ``base:``,
``head:`` (branch names beginning with it), ``author:``, ``reason:``, ``review:``, the dates
``created:``/``closed:``/``merged:``/``updated:`` (``>``, ``>=``, ``<``, ``<=``, ``A..B``,
``A..*``, ``*..B``; a date alone is its whole UTC day, a time ``THH:MM:SS`` takes an offset),
``sort:`` and ``in:``. A leading ``-`` negates a qualifier; other words are looked for in the
title and body. A qualifier the stand-in does not know is an error, never a silent match.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from releasegate_standin.state.records import Issue, Review
from releasegate_standin.state.store import Repo

Match = Callable[[Repo, Issue], bool]
_TOKEN = re.compile(r'(-?)([A-Za-z-]+):((?:"[^"]*"|[^\s"])+)|"([^"]*)"|(\S+)')
_LIST_ITEM = re.compile(r'"([^"]*)"|([^,]+)')
_WHEN = re.compile(r"^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})?)?$")
SORTS: dict[str, Callable[[Issue], datetime]] = {
    "created": lambda issue: issue.created_at,
    "updated": lambda issue: issue.updated_at,
}
_SCOPES = frozenset({"repo", "org", "user"})


class SearchSyntaxError(ValueError):
    """A query the stand-in cannot answer as GitHub would."""


@dataclass(frozen=True)
class ParsedQuery:
    repos: tuple[str, ...] = ()  # repo: full names, lowercased (any of them)
    owners: tuple[str, ...] = ()  # org:/user: logins, lowercased (any of them)
    conditions: tuple[tuple[str, Match], ...] = ()  # (field, test); a date field first
    sort: tuple[str, bool] = ("created", True)  # field, newest first
    words: tuple[str, ...] = field(default=())
    created: tuple[datetime, datetime] | None = None  # a created: range, looked up by index

    def in_scope(self, repo: Repo) -> bool:
        name, owner = repo.full_name.lower(), repo.owner.lower()
        return (not self.repos or name in self.repos) and (not self.owners or owner in self.owners)

    def select(self, repo: Repo) -> list[Issue]:
        """The repository's issues and pull requests that match, in no particular order."""
        found = _created_within(repo, self.created) if self.created else list(repo.issues.values())
        # One condition at a time over what is left: the first (a date, when there is one)
        # leaves few, so a large repository costs a pass of one comparison per issue.
        for _, test in self.conditions:
            found = [issue for issue in found if test(repo, issue)]
        for word in self.words:
            found = [issue for issue in found if word in f"{issue.title}\n{issue.body}".lower()]
        return found


@lru_cache(maxsize=256)
def parse_query(text: str) -> ParsedQuery:
    repos: list[str] = []
    owners: list[str] = []
    conditions: list[tuple[str, Match]] = []
    words: list[str] = []
    sort = ("created", True)
    created: tuple[datetime, datetime] | None = None
    for match in _TOKEN.finditer(text):
        negated, name, value, quoted, word = match.groups()
        if name is None:
            words.append((quoted if quoted is not None else word).lower())
            continue
        name = name.lower()
        if name == "label":
            conditions.append((name, _label_test(value, negated=bool(negated))))
            continue
        value = value.replace('"', "")
        if name in _SCOPES and not negated:
            (repos if name == "repo" else owners).append(value.lower())
        elif name == "sort":
            sort = _sort(value)
        elif name == "in":
            continue  # words are looked for in the title and the body either way
        elif name == "created" and not negated and created is None:
            created = _date_range(value)
        else:
            test = _qualifier(name, value)
            conditions.append((name, _negated(test) if negated else test))
    conditions.sort(key=lambda condition: condition[0] not in DATE_FIELDS)  # cheap, narrow first
    return ParsedQuery(tuple(repos), tuple(owners), tuple(conditions), sort, tuple(words), created)


# Issues by the time they were opened, per repository: a created: range is two bisections.
# Opening times never change and issues are never removed, so an index stays true until the
# repository holds more issues than it lists. The few newest repositories are kept.
_BY_CREATED: dict[int, tuple[Repo, int, list[datetime], list[Issue]]] = {}
_INDEXED_REPOSITORIES = 8


def _created_within(repo: Repo, span: tuple[datetime, datetime]) -> list[Issue]:
    known = _BY_CREATED.get(id(repo))
    if known is None or known[0] is not repo or known[1] != len(repo.issues):
        ordered = sorted(repo.issues.values(), key=lambda issue: issue.created_at)
        known = (repo, len(ordered), [issue.created_at for issue in ordered], ordered)
        _BY_CREATED.pop(id(repo), None)
        _BY_CREATED[id(repo)] = known
        while len(_BY_CREATED) > _INDEXED_REPOSITORIES:
            del _BY_CREATED[next(iter(_BY_CREATED))]
    _, _, times, issues = known
    low, high = span
    end = high + timedelta(seconds=1) if high < _EVER[1] - timedelta(seconds=1) else high
    return issues[bisect_left(times, low) : bisect_left(times, end) if end != high else None]


def _negated(test: Match) -> Match:
    return lambda repo, issue: not test(repo, issue)


def _sort(value: str) -> tuple[str, bool]:
    by, _, direction = value.lower().partition("-")
    if by not in SORTS or direction not in ("", "asc", "desc"):
        raise SearchSyntaxError(f"the stand-in cannot sort by {value!r} (created, updated)")
    return by, direction != "asc"


def _qualifier(name: str, value: str) -> Match:
    if name in DATE_FIELDS:
        return _date_test(DATE_FIELDS[name], _date_range(value))
    makers: dict[str, Callable[[str], Match]] = {
        "is": _state_test, "type": _state_test, "state": _state_test,
        "no": _missing_test, "base": _branch_test("base_ref", exact=True),
        "head": _branch_test("head_ref", exact=False), "author": _author_test,
        "reason": _reason_test, "review": _review_test,
    }  # fmt: skip
    if name not in makers:
        raise SearchSyntaxError(f"the stand-in's search does not know the qualifier '{name}:'")
    return makers[name](value.lower())


def _state_test(value: str) -> Match:
    tests: dict[str, Match] = {
        "issue": lambda repo, issue: issue.pull is None,
        "pr": lambda repo, issue: issue.pull is not None,
        "pull-request": lambda repo, issue: issue.pull is not None,
        "open": lambda repo, issue: issue.state == "open",
        "closed": lambda repo, issue: issue.state == "closed",
        "merged": lambda repo, issue: issue.pull is not None and issue.pull.merged_at is not None,
        "unmerged": lambda repo, issue: issue.pull is not None and issue.pull.merged_at is None,
    }
    if value not in tests:
        raise SearchSyntaxError(f"the stand-in's search does not know is:{value}")
    return tests[value]


def _label_test(value: str, *, negated: bool) -> Match:
    """``label:a,"b c"``: any of them (case-insensitive); ``-label:`` none of them."""
    wanted = {(quoted or bare).lower() for quoted, bare in _LIST_ITEM.findall(value)}

    def test(repo: Repo, issue: Issue) -> bool:
        return wanted.isdisjoint(map(str.lower, issue.labels)) == negated

    return test


def _missing_test(value: str) -> Match:
    if value != "label":
        raise SearchSyntaxError(f"the stand-in's search does not know no:{value}")
    return lambda repo, issue: not issue.labels


def _branch_test(attribute: str, *, exact: bool) -> Callable[[str], Match]:
    def make(value: str) -> Match:
        def test(repo: Repo, issue: Issue) -> bool:
            if issue.pull is None:
                return False
            branch: str = getattr(issue.pull, attribute).lower()
            return branch == value if exact else branch.startswith(value)

        return test

    return make


def _author_test(value: str) -> Match:
    login = value.removeprefix("app/")
    return lambda repo, issue: issue.author.lower().removesuffix("[bot]") == login


def _reason_test(value: str) -> Match:
    reasons = {"completed": "completed", "not planned": "not_planned", "duplicate": "duplicate"}
    if value not in reasons:
        raise SearchSyntaxError(f"the stand-in's search does not know reason:{value}")
    wanted = reasons[value]
    return lambda repo, issue: issue.state == "closed" and issue.state_reason == wanted


def _review_test(value: str) -> Match:
    if value not in ("none", "approved", "changes_requested"):
        raise SearchSyntaxError(f"the stand-in's search does not know review:{value}")
    return lambda repo, issue: (
        issue.pull is not None and review_decision(issue.pull.reviews) == value
    )


def review_decision(reviews: list[Review]) -> str:
    """What each reviewer said last (comments aside) decides, as GitHub's review status does."""
    latest: dict[str, str] = {}
    for review in sorted(reviews, key=lambda review: (review.submitted_at, review.id)):
        if review.state in ("APPROVED", "CHANGES_REQUESTED", "DISMISSED"):
            latest[review.author.lower()] = review.state
    states = set(latest.values())
    if "CHANGES_REQUESTED" in states:
        return "changes_requested"
    return "approved" if "APPROVED" in states else "none"


# --- dates -----------------------------------------------------------------------------------

DATE_FIELDS: dict[str, Callable[[Issue], datetime | None]] = {
    "created": lambda issue: issue.created_at,
    "updated": lambda issue: issue.updated_at,
    "closed": lambda issue: issue.closed_at,
    "merged": lambda issue: issue.pull.merged_at if issue.pull else None,
}
_EVER = (datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC))


def _date_test(
    moment_of: Callable[[Issue], datetime | None], span: tuple[datetime, datetime]
) -> Match:
    low, high = span
    # Times match to the second: the span's last second counts whole, fractions and all.
    end = high + timedelta(seconds=1) if high < _EVER[1] - timedelta(seconds=1) else high

    def test(repo: Repo, issue: Issue) -> bool:
        moment = moment_of(issue)
        return moment is not None and low <= moment < end

    return test


def _date_range(value: str) -> tuple[datetime, datetime]:
    """The inclusive span a date qualifier's value names."""
    for operator in (">=", "<=", ">", "<"):
        if value.startswith(operator):
            low, high = _moment(value[len(operator) :])
            return {
                ">=": (low, _EVER[1]),
                "<=": (_EVER[0], high),
                ">": (high + timedelta(seconds=1), _EVER[1]),
                "<": (_EVER[0], low - timedelta(seconds=1)),
            }[operator]
    if ".." in value:
        start, _, end = value.partition("..")
        low = _EVER[0] if start == "*" else _moment(start)[0]
        high = _EVER[1] if end == "*" else _moment(end)[1]
        return low, high
    return _moment(value)


def _moment(text: str) -> tuple[datetime, datetime]:
    """A date (its whole UTC day) or a time to the second, as a (first, last) second."""
    match = _WHEN.match(text.upper())
    if not match:
        raise SearchSyntaxError(f"{text!r} is not a date GitHub's search takes (YYYY-MM-DD)")
    day, time = match.groups()
    if time is None:
        start = datetime.fromisoformat(day).replace(tzinfo=UTC)
        return start, start + timedelta(days=1, seconds=-1)
    moment = datetime.fromisoformat(day + time.replace("Z", "+00:00"))
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment, moment
