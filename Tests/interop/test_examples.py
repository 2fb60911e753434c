"""examples/demo/ must be what the current code writes (regenerate with `bash .ci/examples`)."""
import pathlib

from conftest import ROOT, run


def test_examples_match_the_current_code(tmp_path):
    expected = ROOT / "examples" / "demo"
    run("demo", "--out-dir", str(tmp_path), "--language", "en", "--quiet")
    names = sorted(p.name for p in expected.iterdir())
    assert names == sorted(p.name for p in tmp_path.iterdir())
    stale = [n for n in names if (expected / n).read_bytes() != (tmp_path / n).read_bytes()]
    assert not stale, f"examples/demo is stale for {stale}: run `bash .ci/examples` and commit"
