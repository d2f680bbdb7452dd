"""Every secret a watch run holds stays out of every output: the token, a `${NAME}` header
value that the service echoes back, a value an http-flow step saved, and the webhook's URL,
none of them in standard output or error, the job summary, the step outputs, the history,
the incident issue and its comments, any request GitHub received, or the webhook's text."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from e2e.watch.watch_world import World, line, scenario

pytestmark = pytest.mark.e2e

TOKEN = "ghs_watchTOKENe2e0123456789abcdef"
SMOKE = "smoke-Secret-7Hq2!x"
CALL_ID = "call-4a7f91c2e8"
HOOK_PATH = "/hook/T000/B000/XXXXsecretXXXX"
FLOW = """\
  - id: sms-loop
    type: http-flow
    steps:
      - name: place test call
        request:
          method: POST
          url: "{url}/calls"
          json: {{to: "+15550100"}}
          headers: {{Authorization: "Bearer ${{SMOKE_TOKEN}}"}}
        expect: {{status: 201}}
        save: {{call: id}}
      - name: SMS delivered
        request: {{url: "{url}/calls/${{call}}"}}
        expect: {{json: {{sms: delivered}}}}
      - name: payment settled
        request: {{url: "{url}/payments/latest"}}
        expect: {{json: {{payment: settled}}}}
"""


def test_no_secret_reaches_any_output(make_world: Callable[..., World]) -> None:
    world = make_world(scenario([line(30), line(15)]), watch='  notify: ["${HOOK_URL}"]\n')
    url = world.api.url
    world.write_policy(
        world.policy_file.read_text()
        .replace(
            "    attempts: 1\n",
            '    attempts: 1\n    headers: {X-Key: "${SMOKE_TOKEN}"}\n'
            "    expect: {json: {status: ok}}\n",
            1,
        )
        .replace("watch:\n", FLOW.format(url=url) + "watch:\n", 1)
    )
    world.api.answer("/health", 200, {"status": SMOKE})  # echoes the header's secret
    world.api.answer("/calls", 201, {"id": CALL_ID})
    world.api.answer(f"/calls/{CALL_ID}", 200, {"sms": "delivered"})
    # An answer that names the saved value where no request used it: only the flow's own
    # redaction of every saved value keeps it out.
    world.api.answer("/payments/latest", 200, {"payment": f"pending for {CALL_ID}"})
    world.api.answer(HOOK_PATH, 200, "ok")
    world.environment.update(GITHUB_TOKEN=TOKEN, SMOKE_TOKEN=SMOKE, HOOK_URL=f"{url}{HOOK_PATH}")

    runs = [world.watch(), world.watch("--format", "json")]
    assert [run.code for run in runs] == [1, 1], runs[0].output
    assert len(world.incidents()) == 1
    (hooked,) = world.api.received(HOOK_PATH)
    calls = world.api.received(f"/calls/{CALL_ID}")
    assert calls, "the flow used the saved value"
    assert world.api.received("/health")[0].headers["X-Key"] == SMOKE

    secrets = [TOKEN, SMOKE, CALL_ID, HOOK_PATH.rsplit("/", 1)[-1]]
    folder = world.folder
    texts = {
        **{f"run {n} stdout": run.stdout for n, run in enumerate(runs)},
        **{f"run {n} stderr": run.stderr for n, run in enumerate(runs)},
        "summary": (folder / "summary.md").read_text(),
        "outputs": Path(world.env()["GITHUB_OUTPUT"]).read_text(),
        "history": "\n".join(record.to_line() for record in world.history()),
        "webhook text": hooked.body,
        "requests to GitHub": json.dumps([r.to_json() for r in world.github.requests]),
    }
    for incident in world.incidents():
        texts[f"issue #{incident.number}"] = incident.title + incident.body
        texts |= {f"comment {c.id}": c.body for c in incident.comments}
    leaks = [
        (where, secret) for where, text in texts.items() for secret in secrets if secret in text
    ]
    assert leaks == []
    assert "$.status: expected 'ok', got '***'" in runs[0].stdout  # redacted, not dropped
    assert (
        "step 3 'payment settled' failed: $.payment: expected 'settled', got 'pending for ***'"
    ) in runs[0].stdout
