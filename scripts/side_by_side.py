#!/usr/bin/env python3
"""Times tally beside Timewarrior, klog and hours on the same generated work.

For each history length it makes a `tally demo` database, exports its
entries, writes the same intervals in each peer's own format (Timewarrior's
data files, one klog file, an hours SQLite database), and runs the same
questions as whole processes, printing the median wall time of each.

    python3 scripts/side_by_side.py --tally ./tally --peers /tmp/peers/bin

--peers holds the klog and hours binaries (built from source, see the
README); timew is found on PATH. A peer that is not there is left out
(its cells say —). Nothing here is part of the test suite.
"""

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone


def run(cmd, env=None, check=True):
    out = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    if check and out.returncode != 0:
        sys.exit(f"{' '.join(cmd)}: exit {out.returncode}\n{out.stderr.decode()}")
    return out.stdout


def median_ms(cmds, env, runs):
    """Median wall time of running cmds (one or more processes) in turn."""
    if not callable(cmds):
        cmds = (lambda fixed: lambda i: fixed)(cmds)
    for cmd in cmds(0):
        run(cmd, env, check=False)  # warm the page cache
    times = []
    for i in range(runs):
        start = time.perf_counter()
        for cmd in cmds(i):
            run(cmd, env, check=False)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


# The earliest day a report may start on: tally refuses ranges over 20 years.
FIRST = (date.today() - timedelta(days=20 * 365)).isoformat()


def entries_of(tally, db, env):
    """Every finished entry of the file as (start, end, client, task)."""
    doc = json.loads(run([tally, "--db", db, "export", "--from", FIRST, "--format", "json"], env))
    out = []
    for c in doc["clients"]:
        for e in c["entries"]:
            if e["end"]:
                start = datetime.fromisoformat(e["start"].replace("Z", "+00:00")).astimezone(timezone.utc)
                end = datetime.fromisoformat(e["end"].replace("Z", "+00:00")).astimezone(timezone.utc)
                out.append((start, end, c["client"], e["task"]))
    out.sort()
    return out


def write_timewarrior(entries, folder):
    os.makedirs(os.path.join(folder, "data"))
    open(os.path.join(folder, "timewarrior.cfg"), "w").close()
    months = {}
    for start, end, client, task in entries:
        line = f'inc {start:%Y%m%dT%H%M%SZ} - {end:%Y%m%dT%H%M%SZ} # "{client}" "{task}"\n'
        months.setdefault(f"{start:%Y-%m}", []).append(line)
    for month, lines in months.items():
        with open(os.path.join(folder, "data", month + ".data"), "w") as f:
            f.writelines(lines)


def write_klog(entries, path):
    days = {}
    for start, end, client, task in entries:
        if start.date() == end.date():
            days.setdefault(start.date(), []).append(f"    {start:%H:%M}-{end:%H:%M} {client}: {task}\n")
    with open(path, "w") as f:
        for day in sorted(days):
            f.write(f"{day:%Y-%m-%d}\n")
            f.writelines(days[day])
            f.write("\n")


def write_hours(hours, entries, path, env):
    run([hours, "--dbpath", path, "active"], env, check=False)  # let hours make its schema
    db = sqlite3.connect(path)
    tasks = {}
    stamp = lambda t: t.strftime("%Y-%m-%d %H:%M:%S+00:00")
    for start, end, client, task in entries:
        key = f"{client}: {task}"
        if key not in tasks:
            cur = db.execute("INSERT INTO task (summary, secs_spent, active, created_at, updated_at) VALUES (?, 0, 1, ?, ?)",
                             (key, stamp(start), stamp(start)))
            tasks[key] = cur.lastrowid
        secs = int((end - start).total_seconds())
        db.execute("INSERT INTO task_log (task_id, begin_ts, end_ts, secs_spent, comment, active) VALUES (?, ?, ?, ?, '', 0)",
                   (tasks[key], stamp(start), stamp(end), secs))
        db.execute("UPDATE task SET secs_spent = secs_spent + ? WHERE id = ?", (secs, tasks[key]))
    db.commit()
    db.close()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--tally", default="./tally")
    p.add_argument("--peers", default="/tmp/peers/bin")
    p.add_argument("--years", default="1,20")
    p.add_argument("--runs", type=int, default=21)
    args = p.parse_args()
    tally = os.path.abspath(args.tally)
    klog, hours, timew = os.path.join(args.peers, "klog"), os.path.join(args.peers, "hours"), shutil.which("timew")
    have_klog, have_hours = os.path.exists(klog), os.path.exists(hours)
    work = tempfile.mkdtemp(prefix="side-by-side-")
    env = dict(os.environ, TZ="UTC", TALLY_CONFIG="/nonexistent", HOME=work)
    year = date.today().year - 1
    print(f"| question | history | tally | Timewarrior | klog | hours |")
    print(f"|---|---|---:|---:|---:|---:|")
    for years in [int(y) for y in args.years.split(",")]:
        db = os.path.join(work, f"tally-{years}y.db")
        run([tally, "demo", "--db", db, "--years", str(years)], env)
        entries = entries_of(tally, db, env)
        tw = os.path.join(work, f"timew-{years}y")
        write_timewarrior(entries, tw)
        klg = os.path.join(work, f"{years}y.klg")
        if have_klog:
            write_klog(entries, klg)
        hdb = os.path.join(work, f"hours-{years}y.db")
        if have_hours:
            write_hours(hours, entries, hdb, env)
        twenv = dict(env, TIMEWARRIORDB=tw)
        tasks = [l.split()[0] for l in run([tally, "--db", db, "task", "list"], env).decode().splitlines()[1:3]]
        questions = [
            ("status", [[tally, "--db", db, "status"]], [[timew]], [[klog, "today", klg]], [[hours, "--dbpath", hdb, "active"]]),
            ("week", [[tally, "--db", db, "report", "--week"]], [[timew, "summary", ":week"]],
             [[klog, "total", "--this-week", klg]], [[hours, "--dbpath", hdb, "report", "week", "-p"]]),
            (f"year {year}", [[tally, "--db", db, "report", "--from", f"{year}-01-01", "--to", f"{year}-12-31"]],
             [[timew, "summary", f"{year}-01-01", "-", f"{year + 1}-01-01"]], [[klog, "total", "--period", str(year), klg]],
             [[hours, "--dbpath", hdb, "stats", f"{year}/01/01...{year}/12/31", "-p"]]),
            ("all time", [[tally, "--db", db, "report", "--from", FIRST]], [[timew, "summary", ":all"]],
             [[klog, "total", klg]], [[hours, "--dbpath", hdb, "stats", "all", "-p"]]),
        ]
        for name, t, w, k, h in questions:
            cells = [median_ms(t, env, args.runs), median_ms(w, twenv, args.runs),
                     median_ms(k, env, args.runs) if have_klog else None, median_ms(h, env, args.runs) if have_hours else None]
            print(f"| {name} | {years}y ({len(entries)} entries) | " + " | ".join("—" if c is None else f"{c:.1f} ms" for c in cells) + " |")
        # A switch: tally and Timewarrior switch in one command; klog stops
        # and starts in two (on twenty years its stop ran over a minute, so
        # it is timed on one year only); hours switches only in its TUI.
        tally_switch = lambda i: [[tally, "--db", db, "start", tasks[i % 2], "--long"]]
        timew_switch = lambda i: [[timew, "start", f"task{i % 2}"]]
        klog_switch = lambda i: [[klog, "stop", klg], [klog, "start", klg]]
        cells = [f"{median_ms(tally_switch, env, args.runs):.1f} ms", f"{median_ms(timew_switch, twenv, args.runs):.1f} ms", "—"]
        if years == 1 and have_klog:
            run([klog, "start", klg], env, check=False)
            cells[2] = f"{median_ms(klog_switch, env, args.runs):.1f} ms"
        print(f"| switch | {years}y | " + " | ".join(cells) + " | — |")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
