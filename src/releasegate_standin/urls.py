"""Where things live: the stand-in's API, and the web pages its answers link to.

REST answers and GraphQL nodes both carry these URLs. API URLs are built from the endpoint
registries where they declare the path, so the stand-in writes no REST path itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from releasegate.github import endpoints
from releasegate_standin.state.records import Issue
from releasegate_standin.state.store import Repo


@dataclass(frozen=True)
class Urls:
    """Where things live: the stand-in's API, and the web pages links point to."""

    api: str
    html: str = "https://github.com"

    def endpoint(self, endpoint: endpoints.Endpoint, **params: str | int) -> str:
        return self.api + endpoint.url_path(**params)

    def repo_api(self, repo: Repo) -> str:
        pulls = endpoints.LIST_PULLS.url_path(owner=repo.owner, repo=repo.name)
        return self.api + pulls.removesuffix("/pulls")

    def api_path(self, *segments: str | int) -> str:
        """An API URL the registry does not declare (a field of an answer, never called)."""
        return "/".join([self.api, *(str(segment) for segment in segments)])

    def repo_path(self, repo: Repo, *segments: str | int) -> str:
        """An API URL under the repository that the registry does not declare (never called)."""
        return "/".join([self.repo_api(repo), *(str(segment) for segment in segments)])

    def app_page(self, slug: str) -> str:
        """A GitHub App's web page (written in parts: it looks like a REST path, is not one)."""
        return "/".join([self.html, "apps", slug])

    def repo_html(self, repo: Repo) -> str:
        return f"{self.html}/{repo.full_name}"

    def issue_html(self, repo: Repo, issue: Issue) -> str:
        kind = "pull" if issue.pull else "issues"
        return f"{self.repo_html(repo)}/{kind}/{issue.number}"
