"""The reliability suite's two session-wide plugins.

The matrix (``plugin.py``): each fault-matrix test ``record``s one cell; the session writes
build/reliability-matrix.json and .md (what ``tools/reliability-matrix`` works from), and
``test_readme_matrix.py``, collected last, compares README.md's embedded table with the one
this run generated.

The secret ledger (``ledger.py``): tests plant secrets and report every output of every run
they make; each test that asks for ``no_leaks`` checks it when it ends, and the session fails
if any planted secret shows up anywhere. It reaches every run the tests in this folder make
(in-process and subprocess alike), not the rest of the suite.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from reliability import matrix
from reliability.ledger import TOKEN, SecretLedger
from reliability.plugin import MatrixPlugin


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(MatrixPlugin(config), "reliability-matrix")


@pytest.fixture
def matrix_plugin(request: pytest.FixtureRequest) -> MatrixPlugin:
    plugin = request.config.pluginmanager.get_plugin("reliability-matrix")
    assert isinstance(plugin, MatrixPlugin)
    return plugin


@pytest.fixture
def record(request: pytest.FixtureRequest, matrix_plugin: MatrixPlugin) -> Callable[..., None]:
    """``record(command, request_kind, fault, lasts, outcome)``: this test's cell."""

    def add(command: str, kind: str, fault: str, lasts: str, outcome: str) -> None:
        matrix_plugin.record(request.node.nodeid, matrix.Cell(command, kind, fault, lasts, outcome))

    return add


# --- the secret ledger -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def ledger(request: pytest.FixtureRequest) -> Iterator[SecretLedger]:
    """Every run of this folder reports its outputs here; the GitHub token of the fault
    matrix is planted from the start, so hundreds of runs are scanned for it too."""
    book = SecretLedger()
    book.plant(TOKEN, "the reliability suite's GitHub token")
    yield book
    plugin = request.config.pluginmanager.get_plugin("reliability-matrix")
    plugin.leaks += book.leaks()


@pytest.fixture
def no_leaks(ledger: SecretLedger) -> Iterator[SecretLedger]:
    """The ledger, checked when the test ends: nothing planted so far shows anywhere yet."""
    yield ledger
    assert ledger.leaks() == []


# --- an endpoint that echoes what it was sent --------------------------------------------


class Echo(BaseHTTPRequestHandler):
    """Answers every request with the headers and query it got, as JSON; /fail with a 500."""

    def do_GET(self) -> None:
        headers = {key.lower(): value for key, value in self.headers.items()}
        body = json.dumps({"headers": headers, "path": self.path}).encode()
        self.send_response(500 if self.path.startswith("/fail") else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def echo() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
