#!/usr/bin/env python3
"""What a start of tally costs, side by side for several builds.

    scripts/startcost.py [--runs N] BINARY...

For each binary, e.g. a build of main and one of a branch: the package
initialisation GODEBUG=inittrace=1 reports for `BINARY --version` (each
package's median over the runs, packages of 0.02 ms and more), then whole
starts of a bare Go binary, `BINARY --version` and `BINARY status` on a
one-year `BINARY demo` file: median wall and CPU time and page faults.
The starts alternate between the commands run after run, so that a busy
machine's load falls on each alike. Needs go, to build the bare binary.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict


def init_trace(binary, runs):
    """Each package's init time in ms, median over runs (0 where a run
    did not report it)."""
    times = defaultdict(list)
    for _ in range(runs):
        out = subprocess.run([binary, "--version"], env=dict(os.environ, GODEBUG="inittrace=1"),
                             capture_output=True, text=True).stderr
        for line in out.splitlines():
            f = line.split()
            if len(f) > 4 and f[0] == "init":
                times[f[1]].append(float(f[4]))
    return {pkg: statistics.median(v + [0.0] * (runs - len(v))) for pkg, v in times.items()}


def starts(commands, runs, warmup=20):
    """Median wall ms, CPU ms and minor page faults of each command."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    got = [([], [], []) for _ in commands]
    for r in range(runs + warmup):
        for i, argv in enumerate(commands):
            t0 = time.perf_counter()
            pid = os.posix_spawn(argv[0], argv, os.environ,
                                 file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
            _, _, ru = os.wait4(pid, 0)
            if r >= warmup:
                got[i][0].append((time.perf_counter() - t0) * 1000)
                got[i][1].append((ru.ru_utime + ru.ru_stime) * 1000)
                got[i][2].append(ru.ru_minflt)
    return [tuple(statistics.median(v) for v in g) for g in got]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=500)
    p.add_argument("binaries", nargs="+")
    a = p.parse_args()
    binaries = [os.path.abspath(b) for b in a.binaries]
    names = [os.path.basename(b) for b in binaries]
    with tempfile.TemporaryDirectory() as work:
        with open(os.path.join(work, "main.go"), "w") as f:
            f.write("package main\n\nfunc main() {}\n")
        with open(os.path.join(work, "go.mod"), "w") as f:
            f.write("module bare\n")
        bare = os.path.join(work, "bare")
        subprocess.run(["go", "build", "-o", bare, "."], check=True, cwd=work, env=dict(os.environ, CGO_ENABLED="0"))
        env = dict(os.environ, TALLY_CONFIG=os.path.join(work, "none.toml"))
        dbs = []
        for i, b in enumerate(binaries):
            db = os.path.join(work, f"{i}.db")
            subprocess.run([b, "demo", "--db", db], check=True, env=env, capture_output=True)
            dbs.append(db)
        time.sleep(1)  # the demo's backup process, done

        traces = [init_trace(b, a.runs) for b in binaries]
        packages = sorted(set().union(*traces), key=lambda k: -max(t.get(k, 0) for t in traces))
        print("| package | " + " | ".join(names) + " |")
        print("|---|" + "---:|" * len(names))
        small = [0.0] * len(names)
        for pkg in packages:
            row = [t.get(pkg, 0.0) for t in traces]
            if max(row) >= 0.02:
                print(f"| {pkg} | " + " | ".join(f"{v:.3f} ms" if v else "—" for v in row) + " |")
            else:
                small = [s + v for s, v in zip(small, row)]
        print("| the other packages | " + " | ".join(f"{v:.3f} ms" for v in small) + " |")
        print("| all package initialisation | " + " | ".join(f"{sum(t.values()):.3f} ms" for t in traces) + " |")
        print()

        commands = [[bare]]
        labels = ["a bare Go binary"]
        for name, b, db in zip(names, binaries, dbs):
            commands += [[b, "--version"], [b, "--db", db, "status"]]
            labels += [f"`{name} --version`", f"`{name} status`, one year"]
        print(f"| start (median of {a.runs}, alternating) | wall | CPU | page faults |")
        print("|---|---:|---:|---:|")
        for label, (wall, cpu, faults) in zip(labels, starts(commands, a.runs)):
            print(f"| {label} | {wall:.2f} ms | {cpu:.2f} ms | {faults:.0f} |")


if __name__ == "__main__":
    sys.exit(main())
