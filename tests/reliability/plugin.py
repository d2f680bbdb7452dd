"""The matrix plugin: each fault-matrix test's cell, written at once to this run's folder
(build/reliability-runs/<run id>/, shared by the xdist workers), with a note when each matrix
test is over; at the session's end, build/reliability-matrix.json and .md. It also carries the
secret ledger's findings from the workers to the controller."""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from pathlib import Path
from typing import Any

import pytest

from reliability import matrix
from support.faults import MATRIX_ROWS

_LEAKS = "reliability_secret_leaks"
_RUN = "reliability_run"
_EXPECTED = "reliability_matrix_tests"
_PARTIAL = "reliability_matrix_partial"
LAST = "test_readme_matrix.py"


class MatrixPlugin:
    def __init__(self, config: pytest.Config) -> None:
        workerinput = getattr(config, "workerinput", {})
        self.run_id = workerinput.get("testrunuid") or uuid.uuid4().hex
        self.folder = config.rootpath / "build" / "reliability-runs" / self.run_id
        self.matrix_tests: set[str] = set()
        self.expected = 0  # matrix tests in this run (each worker collects them all)
        self.partial = False  # some matrix tests were deselected (-k, -m...)
        self.leaks: list[str] = []

    # --- recording ---------------------------------------------------------------------------

    def record(self, nodeid: str, cell: matrix.Cell) -> None:
        self._write("cells", nodeid, vars(cell))

    def _write(self, kind: str, nodeid: str, data: object) -> None:
        folder = self.folder / kind
        folder.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha256(nodeid.encode()).hexdigest()[:24]
        partial = folder / f"{name}.tmp"  # written whole, then renamed: readers never see half
        partial.write_text(json.dumps(data), encoding="utf-8")
        partial.replace(folder / f"{name}.json")

    def cells(self) -> list[matrix.Cell]:
        return [matrix.Cell(**json.loads(p.read_text())) for p in self._files("cells")]

    def finished(self) -> list[dict[str, Any]]:
        return [json.loads(path.read_text()) for path in self._files("finished")]

    def _files(self, kind: str) -> list[Path]:
        return sorted((self.folder / kind).glob("*.json"))

    # --- hooks -------------------------------------------------------------------------------

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        self.matrix_tests = {i.nodeid for i in items if "record" in getattr(i, "fixturenames", ())}
        self.expected = len(self.matrix_tests)
        items.sort(key=lambda item: item.path.name == LAST)  # stable: the rest keep their order

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        if any("record" in getattr(item, "fixturenames", ()) for item in items):
            self.partial = True

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.nodeid in self.matrix_tests and report.when == "teardown":
            self._write("finished", report.nodeid, {"nodeid": report.nodeid})
        elif report.nodeid in self.matrix_tests and report.failed:
            self._write("failed", report.nodeid, {"nodeid": report.nodeid})

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: object) -> None:
        output = getattr(node, "workeroutput", {})
        self.leaks += json.loads(output.get(_LEAKS, "[]"))
        self.expected = max(self.expected, int(output.get(_EXPECTED, 0)))
        self.partial = self.partial or output.get(_PARTIAL) == "yes"
        self.run_id = output.get(_RUN, self.run_id)
        self.folder = self.folder.parent / self.run_id

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        config = session.config
        if hasattr(config, "workeroutput"):  # an xdist worker: the controller takes over
            config.workeroutput[_LEAKS] = json.dumps(self.leaks)
            config.workeroutput[_RUN] = self.run_id
            config.workeroutput[_EXPECTED] = str(self.expected)
            config.workeroutput[_PARTIAL] = "yes" if self.partial else "no"
            return
        if self.leaks:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
            _report(config, "planted secrets leaked", self.leaks)
        cells = self.cells()
        if cells:
            build = config.rootpath / "build"
            matrix.save(cells, build / "reliability-matrix.json", complete=self.complete())
            rendered = matrix.render(cells, list(MATRIX_ROWS))
            (build / "reliability-matrix.md").write_text(rendered, encoding="utf-8")
        shutil.rmtree(self.folder, ignore_errors=True)

    def complete(self) -> bool:
        """The whole matrix ran (nothing deselected, every command) and no test failed."""
        failed = self._files("failed")
        commands = {cell.command for cell in self.cells()}
        whole = self.expected > 0 and not self.partial and commands == set(matrix.COMMANDS)
        return whole and not failed and len(self.finished()) >= self.expected


def _report(config: pytest.Config, title: str, lines: list[str]) -> None:
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_sep("=", title, red=True)
        for line in lines:
            reporter.write_line(line)
