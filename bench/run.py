"""Time builds of the synthetic corpus: ours, vanilla Pelican and Hugo, in one run.

For each size: our cold build; builds in a fresh process with nothing
changed, and after an edit to one essay; rebuilds after an edit inside one
running process (what `invoke livereload` does); vanilla Pelican (no
plugins, its simple theme, Pelican's own front matter) and Hugo (when the
`hugo` command exists) cold on the same essays; the peak memory of each
build; and a deploy's publish build, cold and then with the cache of the
last one restored into a fresh checkout, with nothing changed and after an
edit to one essay (what the Pages workflow does). Every figure
but the deploy's is the median of three runs (the peak memory the largest
of the three); our cold builds alternate with vanilla Pelican's, so a slow
minute on the machine falls on both. Figures are reported as ratios taken
in this one run, since the machines are noisy.

No folder is deleted between a size's measurements, only after them: on a
file system that checks each new inode against recently deleted ones (ext4
without a journal, as here), deleting thousands of files made the next cold
build spend seconds of kernel time finding free inodes. A size's folder from
an earlier run is moved aside first and deleted at the end.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from . import corpus

ROOT = Path(__file__).resolve().parents[1]
RUNS = 3  # cold builds, unchanged builds, edits, preview edits, Hugo builds: each a median
# Runs a command and prints its peak resident memory (KiB) and its CPU
# seconds (user + system) on the last line. CPU time is the steadier figure
# on a shared, noisy machine; wall time is what an author waits.
MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "sys.stderr.write(code.stderr.decode(errors='replace')[-2000:])\n"
    "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(use.ru_maxrss, use.ru_utime + use.ru_stime)\n"
    "sys.exit(code.returncode)\n"
)
VANILLA_CONF = """PATH = {path!r}
THEME = "simple"
PLUGINS = []
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
"""
WARM = """
import time
from pathlib import Path
import tasks
# As `invoke livereload` runs it: the search index and the caches are
# made in the background, and the collector tidies up between builds.
preview = tasks.Preview({conf!r}, PATH={path!r}, OUTPUT_PATH={out!r}, CACHE_PATH={cache!r})
preview.build()
from search.plugin import wait_for_index  # importable once Pelican loaded the plugins
for name in {essays!r}:
    preview.wait()  # as between two saves in the editor: the last build's work is done
    essay = Path(name)
    essay.write_text(essay.read_text() + "\\nOne more sentence, edited in the preview.\\n")
    started = time.perf_counter()
    preview.build()
    ready = time.perf_counter() - started
    wait_for_index()
    print("EDIT", ready, time.perf_counter() - started, flush=True)
preview.wait()
"""


def measure(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """(seconds, peak MiB, CPU seconds) of one command; raises if it fails."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, *command],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "200"},
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])} failed:\n{result.stderr[-2000:]}")
    peak, cpu = result.stdout.strip().splitlines()[-1].split()
    return seconds, int(peak) / 1024, float(cpu)


def bench_size(size: int, work: Path) -> dict:
    root = work / str(size)
    earlier = root.with_name(f"{size}.earlier")
    shutil.rmtree(earlier, ignore_errors=True)  # left by a run that stopped half-way
    if root.exists():
        root.rename(earlier)  # deleted once this size is measured (see the docstring)
    folders = corpus.write(root, size)
    out = root / "out"
    pelican = [sys.executable, "-m", "pelican"]

    def ours_into(output: Path, cache: Path, conf: str = "pelicanconf.py") -> list[str]:
        return [
            *pelican,
            str(folders["ours"]),
            "-s",
            str(ROOT / conf),
            "-o",
            str(output),
            "-e",
            f"CACHE_PATH={json.dumps(str(cache))}",
        ]

    conf = root / "vanilla_conf.py"
    conf.write_text(VANILLA_CONF.format(path=str(folders["vanilla"])))

    def vanilla_into(output: Path) -> list[str]:
        return [*pelican, str(folders["vanilla"]), "-s", str(conf), "-o", str(output)]

    # Our cold builds, each with a cache folder of its own that starts empty
    # (it must not find the references an earlier build formatted), and
    # vanilla Pelican's, alternating. The first run's output and cache are the
    # ones the later builds start from.
    cache = root / "cache"
    ours = ours_into(out / "ours", cache)
    cold: dict[str, list[tuple[float, float, float]]] = {"ours": [], "vanilla": []}
    for run in range(RUNS):
        suffix = "" if run == 0 else f"-{run}"
        for which in ("ours", "vanilla") if run % 2 == 0 else ("vanilla", "ours"):
            if which == "ours":
                command = ours_into(out / f"ours{suffix}", root / f"cache{suffix}")
            else:
                command = vanilla_into(out / f"vanilla{suffix}")
            cold[which].append(measure(command, ROOT))
    row: dict[str, object] = {"essays": size}
    for which in ("ours", "vanilla"):
        runs = cold[which]
        row[f"{which}_cold"] = statistics.median(run[0] for run in runs)
        row[f"{which}_cold_mib"] = max(run[1] for run in runs)
        row[f"{which}_cold_cpu"] = statistics.median(run[2] for run in runs)
        row[f"{which}_cold_runs"] = [round(run[0], 2) for run in runs]
    # Pagefind on its own, over the cold build's pages: its share of the
    # build's time, and its memory (a separate process, often the peak).
    row["pagefind"], row["pagefind_mib"], _ = measure(
        [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(out / "ours"),
            "--output-subdir",
            "pagefind-bench",
            "--silent",
        ],
        ROOT,
    )
    shutil.rmtree(out / "ours" / "pagefind-bench", ignore_errors=True)
    # A build in a fresh process with nothing changed, then after an edit to
    # one essay: each the median of three (a different essay each time).
    unchanged = [measure(ours, ROOT) for _ in range(RUNS)]
    row["ours_unchanged"] = statistics.median(run[0] for run in unchanged)
    row["ours_unchanged_cpu"] = statistics.median(run[2] for run in unchanged)
    edits = []
    for essay in sorted((folders["ours"] / "posts").glob("*.md"))[1 : 1 + RUNS]:
        essay.write_text(essay.read_text() + "\nOne more sentence, edited.\n")
        edits.append(measure(ours, ROOT))
    row["ours_one_edit"] = statistics.median(run[0] for run in edits)
    row["ours_one_edit_cpu"] = statistics.median(run[2] for run in edits)

    if shutil.which("hugo"):
        # Each a cold build into a new folder; the median of three runs.
        runs = []
        for run in range(RUNS):
            runs.append(
                measure(
                    [
                        "hugo",
                        "--quiet",
                        "--source",
                        str(folders["hugo"]),
                        "--destination",
                        str(out / f"hugo-{run}"),
                    ],
                    ROOT,
                )
            )
        row["hugo_cold"], row["hugo_cold_mib"], row["hugo_cold_cpu"] = (
            statistics.median(run[i] for run in runs) for i in range(3)
        )
    else:
        row["hugo_cold"] = row["hugo_cold_mib"] = row["hugo_cold_cpu"] = None

    # Three edits to three essays, one after another in one preview process:
    # the median of each figure (a single rebuild of a second or two is
    # easily thrown off on this shared machine).
    warm = WARM.format(
        conf=str(ROOT / "pelicanconf.py"),
        path=str(folders["ours"]),
        out=str(out / "warm"),
        cache=str(root / "warm-cache"),
        essays=[str(p) for p in sorted((folders["ours"] / "posts").glob("*.md"))[2 : 2 + RUNS]],
    )
    result = subprocess.run(
        [sys.executable, "-c", warm], cwd=ROOT, capture_output=True, text=True, check=True
    )
    # When the page can reload, and when its search index is written too.
    edits = [line.split()[1:] for line in result.stdout.splitlines() if line.startswith("EDIT ")]
    row["ours_warm_edit"] = statistics.median(float(ready) for ready, _ in edits)
    row["ours_warm_edit_search"] = statistics.median(float(done) for _, done in edits)

    # A deploy, as the Pages workflow makes it: the publish build cold; then
    # twice more, each from a copy of that build's cache (as actions/cache
    # restores one), with every content file new as a fresh checkout leaves
    # it and an empty output folder: once with nothing changed (the daily
    # run), once after an edit to one essay (a push). Last, since it touches
    # every essay.
    def publish_into(output: Path, cache: Path) -> list[str]:
        return ours_into(output, cache, "publishconf.py")

    deploy_cache = root / "deploy-cache"
    row["deploy_cold"], _, row["deploy_cold_cpu"] = measure(
        publish_into(out / "deploy", deploy_cache), ROOT
    )
    # The last essay: the edits above took the first few.
    pushed = sorted((folders["ours"] / "posts").glob("*.md"))[-1]
    for name in ("deploy_cached", "deploy_edited"):
        restored = root / f"{name}-cache"
        shutil.copytree(deploy_cache, restored)
        if name == "deploy_edited":
            pushed.write_text(pushed.read_text() + "\nOne more sentence, pushed.\n")
        for path in folders["ours"].rglob("*"):
            os.utime(path)
        row[name], _, row[f"{name}_cpu"] = measure(publish_into(out / name, restored), ROOT)
    # Every figure is taken: now the extra cold builds' folders and an earlier
    # run's may go.
    extra = [out / f"hugo-{run}" for run in range(RUNS)]
    extra += [out / "deploy", deploy_cache]
    extra += [
        p
        for name in ("deploy_cached", "deploy_edited")
        for p in (out / name, root / f"{name}-cache")
    ]
    for run in range(1, RUNS):
        extra += [out / f"ours-{run}", out / f"vanilla-{run}", root / f"cache-{run}"]
    for folder in [*extra, earlier]:
        shutil.rmtree(folder, ignore_errors=True)
    return row


def ratios(row: dict) -> dict:
    def r(a, b):
        return round(row[a] / row[b], 2) if row.get(a) and row.get(b) else None

    return {
        "cold_vs_vanilla": r("ours_cold", "vanilla_cold"),
        "cold_vs_hugo": r("ours_cold", "hugo_cold"),
        "unchanged_vs_cold": r("ours_unchanged", "ours_cold"),
        "one_edit_vs_cold": r("ours_one_edit", "ours_cold"),
        "warm_edit_vs_hugo_cold": r("ours_warm_edit", "hugo_cold"),
        "cpu_cold_vs_vanilla": r("ours_cold_cpu", "vanilla_cold_cpu"),
        "cpu_unchanged_vs_cold": r("ours_unchanged_cpu", "ours_cold_cpu"),
        "cpu_one_edit_vs_cold": r("ours_one_edit_cpu", "ours_cold_cpu"),
        "pagefind_vs_cold": r("pagefind", "ours_cold"),
        "deploy_cached_vs_cold": r("deploy_cached", "deploy_cold"),
        "deploy_cached_vs_vanilla": r("deploy_cached", "vanilla_cold"),
        "deploy_edited_vs_vanilla": r("deploy_edited", "vanilla_cold"),
    }


def targets(rows: list[dict]) -> list[dict]:
    """Issue #7's targets, judged on the unrounded figures of the sizes measured
    (a ratio printed as 0.15 may be 0.151: over a target of 0.15)."""
    by_size = {row["essays"]: row for row in rows}
    small, large = by_size.get(1000), by_size.get(5000)
    found = []

    def judge(name: str, value: float | None, limit: float, unit: str = "", below=False) -> None:
        """``below``: the target is strictly under ``limit`` ("faster than", "below")."""
        if value is not None:
            met = value < limit if below else value <= limit
            found.append({"target": name, "value": round(value, 3), "limit": limit,
                          "unit": unit, "met": met})  # fmt: skip

    def ratio(row: dict | None, a: str, b: str) -> float | None:
        return row[a] / row[b] if row and row.get(a) and row.get(b) else None

    judge("cold at 1,000 essays, times vanilla Pelican's", ratio(small, "ours_cold",
          "vanilla_cold"), 1.0, "x")  # fmt: skip
    judge("one edit at 1,000 essays, share of the cold build", ratio(small, "ours_one_edit",
          "ours_cold"), 0.15)  # fmt: skip
    judge("edit in livereload at 1,000 essays, times Hugo's cold build",
          ratio(small, "ours_warm_edit", "hugo_cold"), 1.0, "x", below=True)  # fmt: skip
    if small and large:
        judge("cold at 5,000 essays, times the 1,000-essay one",
              large["ours_cold"] / small["ours_cold"], 5.5, "x")  # fmt: skip
    if large:
        judge("peak memory at 5,000 essays, MiB", round(large["ours_cold_mib"]), 1024, below=True)
    return found


def main(sizes: list[int], work: Path) -> list[dict]:
    rows = []
    for size in sizes:
        row = bench_size(size, work)
        row["ratios"] = ratios(row)
        rows.append(row)
    if len(rows) > 1:
        by_size = {row["essays"]: row for row in rows}
        if 1000 in by_size and 5000 in by_size:
            by_size[5000]["ratios"]["growth_5000_vs_1000"] = round(
                by_size[5000]["ours_cold"] / by_size[1000]["ours_cold"], 2
            )
    (work / "results.json").write_text(json.dumps(rows, indent=2) + "\n")
    (work / "targets.json").write_text(json.dumps(targets(rows), indent=2) + "\n")
    return rows


def table(rows: list[dict]) -> str:
    head = (
        f"{'essays':>7} {'ours cold':>10} {'unchanged':>10} {'one edit':>9} {'warm edit':>10} "
        f"{'+search':>9} "
        f"{'vanilla':>8} {'hugo':>7} {'ours MiB':>9} {'vs vanilla':>11} {'vs hugo':>8} "
        f"{'edit/cold':>10} {'warm/hugo':>10} {'CPU: vs vanilla':>16} {'CPU: edit/cold':>15} "
        f"{'pagefind':>9} {'its MiB':>8} {'deploy':>7} {'+cache':>7} {'+edit':>7} "
        f"{'vs vanilla':>11}"
    )
    lines = [head, "-" * len(head)]
    for row in rows:
        q = row["ratios"]

        def s(value, unit="s"):
            return "n/a" if value is None else f"{value:.2f}{unit}"

        lines.append(
            f"{row['essays']:>7} {s(row['ours_cold']):>10} {s(row['ours_unchanged']):>10} "
            f"{s(row['ours_one_edit']):>9} {s(row['ours_warm_edit']):>10} "
            f"{s(row.get('ours_warm_edit_search')):>9} "
            f"{s(row['vanilla_cold']):>8} {s(row['hugo_cold']):>7} "
            f"{row['ours_cold_mib']:>9.0f} {s(q['cold_vs_vanilla'], 'x'):>11} "
            f"{s(q['cold_vs_hugo'], 'x'):>8} {s(q['one_edit_vs_cold'], 'x'):>10} "
            f"{s(q['warm_edit_vs_hugo_cold'], 'x'):>10} "
            f"{s(q['cpu_cold_vs_vanilla'], 'x'):>16} {s(q['cpu_one_edit_vs_cold'], 'x'):>15} "
            f"{s(row['pagefind']):>9} {row['pagefind_mib']:>8.0f} "
            f"{s(row.get('deploy_cold')):>7} {s(row.get('deploy_cached')):>7} "
            f"{s(row.get('deploy_edited')):>7} {s(q.get('deploy_edited_vs_vanilla'), 'x'):>11}"
        )
    judged = targets(rows)
    if judged:
        lines += ["", "Issue #7's targets, from the unrounded figures:"]
        for t in judged:
            verdict = "met" if t["met"] else "NOT met"
            lines.append(
                f"  {t['target']}: {t['value']:g}{t['unit']} (limit {t['limit']:g}{t['unit']})"
                f"  {verdict}"
            )
    return "\n".join(lines)
