"""A scenario's ``git:`` repository: branches pushed during a run are served, files and all."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from releasegate_standin import ScenarioError, StandIn, load_scenario
from support.gitrepo import hotfix_branch, new_repos


def test_branches_pushed_while_serving_can_get_pull_requests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serve: Callable[..., StandIn]
) -> None:
    repos = new_repos(tmp_path, monkeypatch)
    scenario = tmp_path / "scenario.yml"
    scenario.write_text("repository: acme/app\ngit: origin.git\n")  # relative to the file
    standin = serve(load_scenario(scenario))
    with httpx.Client(base_url=standin.url, headers={"Authorization": "token t"}) as http:
        readme = http.get("/repos/acme/app/contents/app.py", params={"ref": "prod"}).json()
        assert readme["content"] == "eCA9IDEKeSA9IDEK\n"  # base64 of "x = 1\ny = 1\n"

        hotfix_branch(repos, "backport/7-to-main", 1, start="main")
        repos.push("backport/7-to-main")
        body = {"title": "Backport #7", "head": "backport/7-to-main", "base": "main"}
        pull = http.post("/repos/acme/app/pulls", json=body)
        assert pull.status_code == 201, pull.text
        assert pull.json()["head"]["sha"] == repos.sha("backport/7-to-main")
        files = http.get("/repos/acme/app/pulls/1/files").json()
        assert [(f["filename"], f["status"]) for f in files] == [
            ("fixes/backport-7-to-main-1.txt", "added")
        ]
        query = """{ repository(owner: "acme", name: "app") {
          object(expression: "backport/7-to-main:fixes/backport-7-to-main-1.txt") {
            ... on Blob { text } } } }"""
        answer = http.post("/graphql", json={"query": query}).json()
        assert answer["data"]["repository"]["object"] == {"text": "fix 1\n"}


def test_a_missing_git_repository_is_a_scenario_error(serve: Callable[..., StandIn]) -> None:
    with pytest.raises(ScenarioError, match="git repository /nowhere not found"):
        serve({"repository": "acme/app", "git": "/nowhere"})
