# Requires: pip install pytest
"""The installed workplace-report (`bash .ci/install PREFIX`), checked where it was installed.

Run after the install, with the prefix in INSTALL_PREFIX (`.ci/run` does both):

    bash .ci/install /tmp/prefix && INSTALL_PREFIX=/tmp/prefix python3 -m pytest -q Tests/install

The binary must need no Swift toolchain at run time (no libswift*, Foundation or dispatch library in
`ldd`), and must run from PATH in an empty folder with no source tree or build folder nearby.
"""
import os
import pathlib
import re
import subprocess

import pytest

EPOCH = "1793520000"  # 2026-11-01T08:00:00Z


@pytest.fixture(scope="module")
def prefix():
    value = os.environ.get("INSTALL_PREFIX")
    assert value, "set INSTALL_PREFIX to the folder `bash .ci/install` installed into"
    return pathlib.Path(value)


def test_files_are_where_the_shells_and_man_look(prefix):
    binary = prefix / "bin" / "workplace-report"
    assert binary.is_file() and os.access(binary, os.X_OK)
    manual = (prefix / "share/man/man1/workplace-report.1").read_text("utf-8")
    # argument-parser writes mdoc: the title macro is .Dt, the name .Nm.
    assert manual.startswith(".") and re.search(r"^\.Dt WORKPLACE-REPORT 1", manual, re.M), manual[:300]
    for subcommand in ("report", "fetch", "demo"):
        assert subcommand in manual, subcommand
    bash = (prefix / "share/bash-completion/completions/workplace-report").read_text("utf-8")
    assert re.search(r"^complete .*workplace-report", bash, re.M)
    zsh = (prefix / "share/zsh/site-functions/_workplace-report").read_text("utf-8")
    assert zsh.startswith("#compdef workplace-report")
    fish = (prefix / "share/fish/vendor_completions.d/workplace-report.fish").read_text("utf-8")
    assert re.search(r"^complete -c '?workplace-report'? ", fish, re.M)


def test_binary_links_no_swift_runtime(prefix):
    run = subprocess.run(["ldd", str(prefix / "bin" / "workplace-report")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    libraries = [line.split()[0] for line in run.stdout.splitlines() if line.strip()]
    assert any("xlsxwriter" in lib for lib in libraries), run.stdout
    for lib in libraries:
        assert not re.match(r"lib(swift|Foundation|_Foundation|dispatch|BlocksRuntime)", lib), lib


def test_runs_from_path_in_an_empty_folder(prefix, tmp_path):
    env = {"PATH": f"{prefix / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path), "SOURCE_DATE_EPOCH": EPOCH}
    run = subprocess.run(
        ["workplace-report", "demo", "--out-dir", "out", "--quiet", "--language", "en"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stderr
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    for ext in ("xlsx", "html", "md", "json"):
        assert f"workplace-access-2026-10.{ext}" in written, written
    assert (tmp_path / "out" / "workplace-access-2026-10.xlsx").read_bytes().startswith(b"PK\x03\x04")
    assert "# " in (tmp_path / "out" / "workplace-access-2026-10.md").read_text("utf-8")
