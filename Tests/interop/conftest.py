"""Shared fixtures for the interop checks: real readers against files the real binary wrote.

The binary is `.build/debug/workplace-report` (built by `swift build --build-tests`), or the path in
WORKPLACE_REPORT_BIN. `demo_dir` runs `workplace-report demo` once per test session, with
SOURCE_DATE_EPOCH fixed, against the built-in simulator, and hands the folder to every test.
"""
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
EPOCH = "1793520000"  # 2026-11-01T08:00:00Z


def binary() -> str:
    path = os.environ.get("WORKPLACE_REPORT_BIN") or str(ROOT / ".build" / "debug" / "workplace-report")
    if not os.path.exists(path):
        pytest.fail(f"{path} is missing: run `swift build --build-tests` first")
    return path


def run(*args, env=None, check=True, cwd=None):
    """Runs the binary; returns the CompletedProcess (text mode)."""
    full_env = dict(os.environ)
    full_env["SOURCE_DATE_EPOCH"] = EPOCH
    for key in ("FEISHU_APP_ID", "FEISHU_APP_SECRET", "FEISHU_TENANT_ACCESS_TOKEN", "FEISHU_BASE_URL"):
        full_env.pop(key, None)
    full_env.update(env or {})
    proc = subprocess.run([binary(), *args], env=full_env, capture_output=True, text=True, timeout=300, cwd=cwd)
    if check and proc.returncode != 0:
        raise AssertionError(f"{args} exited {proc.returncode}: {proc.stderr}")
    return proc


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("demo")
    run("demo", "--out-dir", str(out), "--quiet")
    return out


def only(folder: pathlib.Path, pattern: str) -> pathlib.Path:
    files = sorted(folder.glob(pattern))
    if not pattern.endswith(".card.json"):
        # The demo also writes the card, workplace-access-LABEL.card.json: not the JSON model.
        files = [f for f in files if not f.name.endswith(".card.json")]
    assert len(files) == 1, f"expected one {pattern} in {folder}, found {files}"
    return files[0]


def pytest_sessionfinish(session, exitstatus):
    """No interop check may be skipped: a reader that is missing must be installed by `.ci/setup`, or the
    check removed, so that a green run on a fresh machine means every check ran."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and session.exitstatus == 0:
        names = ", ".join(getattr(r, "nodeid", "?") for r in skipped)
        reporter.write_line(f"error: {len(skipped)} skipped (no check may be skipped): {names}", red=True)
        session.exitstatus = 1
