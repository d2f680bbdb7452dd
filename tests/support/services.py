"""A local HTTP service with scripted answers per path, for watch's probes, flows and webhooks.

with service() as api:
    api.answer("/health", 503)                   # every GET /health answers 503 from now on
    api.answer("/calls", 201, {"id": "c-1"})     # JSON bodies are sent as application/json
    ... api.url + "/health" ...
    api.received("/hook")                        # the requests it got, with their bodies
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: str

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Service:
    url: str = ""
    answers: dict[str, tuple[int, str, str]] = field(default_factory=dict)
    log: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, path: str, status: int = 200, body: Any = "", content_type: str = "") -> None:
        if not isinstance(body, str):
            body, content_type = json.dumps(body), content_type or "application/json"
        with self.lock:
            self.answers[path] = (status, body, content_type or "text/plain")

    def received(self, path: str | None = None) -> list[Received]:
        with self.lock:
            return [item for item in self.log if path is None or item.path == path]

    def reply(
        self, method: str, path: str, headers: dict[str, str], body: str
    ) -> tuple[int, str, str]:
        with self.lock:
            self.log.append(Received(method, path, headers, body))
            return self.answers.get(path, (404, "no such path", "text/plain"))


@contextmanager
def service() -> Iterator[Service]:
    state = Service()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._serve()

        def do_POST(self) -> None:
            self._serve()

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            status, text, content_type = state.reply(
                self.command, self.path, dict(self.headers), body
            )
            data = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
