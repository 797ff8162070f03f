"""How long scrgraph takes to start: `--help`, `reviews` and `query` against Python's own start-up.

Every figure is the median wall time of several runs of a fresh process, measured in the same run
and interleaved (one run of each command in turn), so a busy machine slows all of them alike. The
baselines are ``python -c pass`` (the interpreter alone) and ``python -c "import typer, rich"``
(the least any Typer command with Rich output can cost); a two-command Typer app's ``--help`` shows
what Typer itself adds to draw a help page, and ``TYPER_USE_RICH=0 scrgraph --help`` what the plain
(click) help page would cost instead of Rich's panels. The goal: ``scrgraph --help`` at most 2x the typer+rich
baseline, under 0.3 s on a quiet machine.

``reviews`` and ``query`` run on a small store the script builds from the bundled example records
(not timed). The figures before the start-up work are in ``docs/startup.md``.

Usage::

    python benchmarks/startup.py            # 7 runs of each
    python benchmarks/startup.py --runs 15
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HELP_GOAL_RATIO = 2.0
# scrgraph --help before the start-up work (commit 963976c), measured by this script on the shared
# 2-core machine (load average 7-9): docs/startup.md.
BEFORE_HELP = {"seconds": 9.175, "x typer+rich": 27.31}
HELP_GOAL_SECONDS = 0.3
SMALL_TYPER_APP = """import typer
app = typer.Typer()
@app.command()
def one(x: int = 1):
    "One."
@app.command()
def two(y: int = 1):
    "Two."
app()
"""


def scrgraph_command() -> list[str]:
    """The ``scrgraph`` console script of this interpreter's environment (else the one on PATH)."""
    beside = Path(sys.executable).parent / "scrgraph"
    found = str(beside) if beside.exists() else shutil.which("scrgraph")
    if found is None:
        sys.exit("No 'scrgraph' command found: install the package first (pip install -e .).")
    return [found]


def build_store(scrgraph: list[str], folder: Path) -> Path:
    """A store holding the bundled example records (no linking), for the commands that read one."""
    from scrgraph.resources import bundle

    store = folder / "store"
    records = Path(str(bundle("examples") / "records"))
    subprocess.run([*scrgraph, "load", str(records), "--store", str(store), "--no-link", "--quiet"], check=True)
    return store


def wall_time(command: list[str]) -> float:
    """Seconds from starting ``command`` to its exit (output discarded; a failure stops the script).

    A leading ``NAME=VALUE`` item is set in the command's environment.
    """
    env = dict(os.environ)
    while command and "=" in command[0]:
        name, _, value = command[0].partition("=")
        env[name] = value
        command = command[1:]
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def measure(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    """The median wall time of each command over ``runs`` interleaved runs (after one warm-up each)."""
    for command in commands.values():
        wall_time(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(wall_time(command))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    """Build the store, time every command, print the table and the goal."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each command (the median is printed)")
    args = parser.parse_args()

    scrgraph = scrgraph_command()
    python = [sys.executable]
    with tempfile.TemporaryDirectory() as folder:
        store = build_store(scrgraph, Path(folder))
        small_app = Path(folder) / "small_app.py"
        small_app.write_text(SMALL_TYPER_APP, encoding="utf-8")
        commands = {
            "python -c pass": [*python, "-c", "pass"],
            'python -c "import typer, rich"': [*python, "-c", "import typer, rich"],
            "two-command Typer app --help": [*python, str(small_app), "--help"],
            "scrgraph --help": [*scrgraph, "--help"],
            "TYPER_USE_RICH=0 scrgraph --help": ["TYPER_USE_RICH=0", *scrgraph, "--help"],
            "scrgraph reviews --store S": [*scrgraph, "reviews", "--store", str(store)],
            "scrgraph query recurring-themes --store S": [*scrgraph, "query", "recurring-themes", "--store", str(store)],
        }
        medians = measure(commands, args.runs)

    bare = medians["python -c pass"]
    baseline = medians['python -c "import typer, rich"']
    print(f"median wall time of {args.runs} runs each (interleaved, after one warm-up)")
    print(f"{'command':<42} {'seconds':>8} {'x typer+rich':>13} {'x python':>9}")
    for name, seconds in medians.items():
        print(f"{name:<42} {seconds:8.3f} {seconds / baseline:13.2f} {seconds / bare:9.2f}")
    help_seconds = medians["scrgraph --help"]
    ratio_met = help_seconds / baseline <= HELP_GOAL_RATIO
    print(f"goal: scrgraph --help at most {HELP_GOAL_RATIO:g}x typer+rich: "
          f"{help_seconds / baseline:.2f}x ({'met' if ratio_met else 'not met'}); "
          f"under {HELP_GOAL_SECONDS:g} s on a quiet machine: {help_seconds:.3f} s")
    print(f"before the start-up work (docs/startup.md): scrgraph --help {BEFORE_HELP['seconds']:.3f} s, "
          f"{BEFORE_HELP['x typer+rich']:.2f}x typer+rich")


if __name__ == "__main__":
    main()
