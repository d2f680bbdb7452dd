"""The stand-in's HTTP handler: read a request, sleep the latency, inject a fault or answer.

Answers carry GitHub's headers (JSON content type, ``X-GitHub-Request-Id``, the
``X-RateLimit-*`` family), over HTTP/1.1 keep-alive connections like GitHub's.
"""

from __future__ import annotations

import contextlib
import json
import logging
import secrets
import socket
import struct
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import SplitResult, parse_qsl, urlsplit

from releasegate_standin import control
from releasegate_standin.faults import Fault, fault_response
from releasegate_standin.graphql.api import operation_name
from releasegate_standin.lies import LIES, graphql_lie, rest_lie
from releasegate_standin.rest.api import Request, Response, error, not_found
from releasegate_standin.served import LoggedRequest, ServedGitHub

log = logging.getLogger("releasegate_standin")
CONTROL_PREFIX = "/_standin"
GRAPHQL_PATHS = ("/graphql", "/api/graphql")


@dataclass(frozen=True)
class _Incoming:
    method: str
    url: SplitResult
    payload: Any
    bad_json: bool
    operation: str | None

    @property
    def is_graphql(self) -> bool:
        return self.url.path.rstrip("/") in GRAPHQL_PATHS


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "GitHub.com"
    sys_version = ""
    timeout = 120  # an idle keep-alive connection is closed after this
    # Headers and body go out in two writes; with Nagle's algorithm the body would wait for
    # the client's delayed ACK (~40 ms a request), which would swamp injected latencies.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def finish(self) -> None:
        # The socket may have been reset on purpose (a fault) or by the client.
        with contextlib.suppress(OSError):
            super().finish()

    @property
    def standin(self) -> ServedGitHub:
        return self.server.standin  # type: ignore[attr-defined, no-any-return]

    # --- one request -----------------------------------------------------------------------

    _unlogged: tuple[_Incoming, Fault | None, float] | None = None

    def _serve(self) -> None:
        started = time.monotonic()
        self._unlogged = None
        if self.standin.stopping.is_set():  # stopped: a kept-alive connection gets no answer
            self.close_connection = True
            return
        url = urlsplit(self.path)
        raw = self._body()
        if url.path == CONTROL_PREFIX or url.path.startswith(CONTROL_PREFIX + "/"):
            self._send(control.handle(self.standin, self.command, url, raw))
            return
        incoming = self._incoming(url, raw)
        self.standin.wait(self.standin.latency)
        fault = self.standin.faults.take(self.command, url.path, incoming.operation)
        self._unlogged = (incoming, fault, started)
        if fault:
            self._inject(fault, incoming)
        else:
            self._send(self._answer(incoming))

    def _log(self, status: int) -> None:
        """Log the request just before its answer goes out, so a client that has the answer
        finds the request in the log."""
        if self._unlogged is None:
            return  # a control request, or logged already
        incoming, fault, started = self._unlogged
        self._unlogged = None
        self.standin.record(
            LoggedRequest(
                method=incoming.method,
                path=incoming.url.path,
                query=dict(parse_qsl(incoming.url.query, keep_blank_values=True)),
                status=status,
                duration=time.monotonic() - started,
                operation=incoming.operation,
                fault=fault.kind if fault else None,
                body=incoming.payload,
                started=started,
            )
        )

    def _incoming(self, url: SplitResult, raw: bytes) -> _Incoming:
        payload, bad_json = None, False
        if raw.strip():
            try:
                payload = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError):
                bad_json = True
        is_graphql = url.path.rstrip("/") in GRAPHQL_PATHS
        operation = operation_name(payload) if is_graphql else None
        return _Incoming(self.command, url, payload, bad_json, operation)

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            return self._chunked_body()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _chunked_body(self) -> bytes:
        chunks: list[bytes] = []
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                self.rfile.readline()
                return b"".join(chunks)
            chunks.append(self.rfile.read(size))
            self.rfile.readline()

    def _answer(self, incoming: _Incoming) -> Response:
        try:
            return self._dispatch(incoming)
        # A bug in one answer must not stop the server answering the others (other tests
        # share it): log it with its traceback and answer 500 with the error's message.
        except Exception as failure:
            log.exception("the stand-in failed to answer %s %s", self.command, self.path)
            return error(500, f"stand-in error: {type(failure).__name__}: {failure}")

    def _dispatch(self, incoming: _Incoming) -> Response:
        token = self._token()
        if token is None:
            if incoming.is_graphql:
                return error(401, "This endpoint requires you to be authenticated.")
            return error(401, "Requires authentication")
        if incoming.bad_json:
            return error(400, "Problems parsing JSON")
        if incoming.is_graphql:
            if incoming.method != "POST":
                return not_found()
            answer = self.standin.graphql.handle(incoming.payload)
            return Response(200, answer, self._rate_headers("graphql", 0))
        request = Request(
            method=incoming.method,
            path=incoming.url.path,
            query=parse_qsl(incoming.url.query, keep_blank_values=True),
            body=incoming.payload,
            actor=self.standin.actor_for(token),
        )
        response = self.standin.rest.handle(request)
        response.headers.update(self._rate_headers("core", 1))
        return response

    def _token(self) -> str | None:
        header = self.headers.get("Authorization", "").strip()
        scheme, _, token = header.partition(" ")
        return (token.strip() or scheme) if header else None

    def _rate_headers(self, resource: str, points: int) -> dict[str, str]:
        budget = self.standin.state.spend(resource, points)
        reset = budget.reset_at.timestamp() if budget.reset_at else time.time() + 3600
        return {
            "X-RateLimit-Limit": str(budget.limit),
            "X-RateLimit-Remaining": str(budget.remaining),
            "X-RateLimit-Reset": str(int(reset)),
            "X-RateLimit-Used": str(budget.used),
            "X-RateLimit-Resource": resource,
        }

    # --- faults ----------------------------------------------------------------------------

    def _inject(self, fault: Fault, incoming: _Incoming) -> None:
        """Do what the fault says."""
        if fault.kind in ("reset", "timeout"):
            if fault.kind == "timeout":
                self.standin.wait(fault.seconds)
            self._log(0)
            self._reset_connection()
            return
        if fault.kind == "unanswered":
            self._log(self._answer(incoming).status)  # applied, as GitHub would have
            self.standin.wait(fault.seconds)
            self._reset_connection()
            return
        if fault.kind == "together":
            self.standin.faults.meet(fault)
            self._send(self._answer(incoming))
            return
        if fault.kind == "truncated":
            whole = _encode(self._answer(incoming).body)
            self._send(Response(200), body=whole[: max(1, len(whole) // 2)])
            return
        if fault.kind in LIES:
            self._send(self._lie(fault, incoming))
            return
        self._send(fault_response(fault, _request_id()))

    def _lie(self, fault: Fault, incoming: _Incoming) -> Response:
        """The true answer, rewritten by the lie; logged as a fault only if it lied."""
        response = self._answer(incoming)
        if response.status != 200:
            lied = False
        elif incoming.is_graphql:
            lied = graphql_lie(fault.kind, response.body)
        else:
            url = f"{self.standin.urls.api}{self.path}"
            lied = rest_lie(fault.kind, response.body, response.headers, url)
        if not lied and self._unlogged is not None:
            self._unlogged = (self._unlogged[0], None, self._unlogged[2])
        return response

    def _reset_connection(self) -> None:
        # SO_LINGER with a zero timeout makes close() send RST: the client sees a reset.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    # --- sending ---------------------------------------------------------------------------

    def _send(self, response: Response, body: bytes | None = None) -> None:
        data = body if body is not None else _encode(response.body)
        self._log(response.status)
        self.send_response(response.status)
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "X-GitHub-Media-Type": "github.v3; format=json",
            "X-GitHub-Request-Id": _request_id(),
            **response.headers,
            "Content-Length": str(len(data)),
        }
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(data)
        except OSError:
            self.close_connection = True  # the client gave up (its own timeout); nothing to do


def _encode(body: Any) -> bytes:
    return b"" if body is None else json.dumps(body).encode()


def _request_id() -> str:
    return ":".join(secrets.token_hex(2).upper() for _ in range(5))
