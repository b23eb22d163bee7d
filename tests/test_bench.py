"""The benchmark still runs end to end (a smoke test on a tiny corpus: no timing is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_benchmark_runs_and_writes_every_figure(tmp_path):
    earlier = tmp_path / "4" / "out" / "ours"  # what an earlier run left
    earlier.mkdir(parents=True)
    (earlier / "stale.html").write_text("from an earlier run")
    script = (
        "import sys; from pathlib import Path; sys.path.insert(0, '.');"
        "from bench.run import main, table;"
        f"print(table(main([4], Path({str(tmp_path)!r}))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    [row] = json.loads((tmp_path / "results.json").read_text())
    for key in (
        "ours_cold",
        "ours_unchanged",
        "ours_one_edit",
        "ours_warm_edit",
        "ours_warm_edit_search",
        "vanilla_cold",
        "pagefind",
        "pagefind_mib",
    ):
        assert row[key] > 0, key
    assert row["ours_cold_cpu"] > 0 and row["ours_cold_mib"] > 0
    # In the preview process the search index is finished after the pages.
    assert row["ours_warm_edit_search"] >= row["ours_warm_edit"]
    assert set(row["ratios"]) >= {"cold_vs_vanilla", "cpu_cold_vs_vanilla", "cpu_one_edit_vs_cold"}
    # The cold build had its own empty cache, which the later builds then used.
    assert (tmp_path / "4" / "cache" / "bibliography-references.json").is_file()
    assert (tmp_path / "4" / "cache" / "rendered-essays.pickle").is_file()
    assert not (tmp_path / "4" / "out" / "ours" / "pagefind-bench").exists()
    # Three cold builds of each, alternating; only the first's folders are left,
    # and the earlier run's folder was set aside and then deleted.
    assert len(row["ours_cold_runs"]) == len(row["vanilla_cold_runs"]) == 3
    assert sorted(p.name for p in (tmp_path / "4" / "out").iterdir()) == [
        "ours",
        "vanilla",
        "warm",
    ]
    assert not (tmp_path / "4" / "out" / "ours" / "stale.html").exists()
    assert not (tmp_path / "4.earlier").exists()
    assert "CPU: vs vanilla" in result.stdout
