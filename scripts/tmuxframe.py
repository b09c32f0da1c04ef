#!/usr/bin/env python3
"""The app as a user sees it in tmux, at 200x50: its first frame, and how
soon it follows another shell's `tally start`/`stop`.

    scripts/tmuxframe.py [--runs N] [--follow N] --db DB [--db DB]... BINARY...

A tmux server of its own (no config) holds one 200x50 pane; a control-mode
client (`tmux -C`) is told of every byte the pane writes, as it is written.

first frame: from asking tmux to run a command in the pane (respawn-pane)
to the pane writing what marks it done. The floor is `printf` (its text);
the app is `BINARY --db DB`, done once its status line ("today ·", drawn
from the first load) is written. Runs alternate the floor and each
binary (a build of main and one of a branch), so that a busy machine's
load falls on each alike.

follow: with the app open on a copy of DB, `BINARY --db COPY stop`, then
`start` of the first open task, run from this script (another shell); from launching each
command to the pane writing "idle" or "stop with note". Also reported from
the command's exit, when its change has landed.

Medians and ranges, in milliseconds.
"""
import argparse
import os
import re
import select
import shutil
import statistics
import subprocess
import tempfile
import time

SOCKET = "tmuxframe"


class Pane:
    """A tmux server with one 200x50 pane, read through a control client."""

    def __init__(self):
        self.tmux = ["tmux", "-L", SOCKET, "-f", "/dev/null"]
        subprocess.run(self.tmux + ["kill-server"], capture_output=True)
        subprocess.run(self.tmux + ["new-session", "-d", "-s", "m", "-x", "200", "-y", "50", "sleep 999"], check=True)
        subprocess.run(self.tmux + ["set", "-g", "window-size", "manual"], check=True)
        subprocess.run(self.tmux + ["set", "-g", "remain-on-exit", "on"], check=True)
        subprocess.run(self.tmux + ["resize-window", "-t", "m", "-x", "200", "-y", "50"], check=True)
        self.client = subprocess.Popen(self.tmux + ["-C", "attach", "-t", "m"], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, bufsize=0)
        self.buf = b""
        self.replies = []
        self.drain(0.3)

    def command(self, line, kind="other"):
        self.replies.append(kind)  # tmux answers each command in turn
        self.client.stdin.write(line.encode() + b"\n")

    def lines(self, timeout):
        """The client's lines until timeout passes with none."""
        while True:
            while b"\n" in self.buf:
                line, self.buf = self.buf.split(b"\n", 1)
                yield line
            r, _, _ = select.select([self.client.stdout], [], [], timeout)
            if not r:
                return
            self.buf += os.read(self.client.stdout.fileno(), 1 << 20)

    def drain(self, quiet, most=2.0):
        """Reads what comes until quiet seconds pass with nothing, or most
        seconds in all (the app redraws its clock each second)."""
        end = time.monotonic() + most
        for line in self.lines(quiet):
            if line.startswith((b"%end", b"%error")) and self.replies:
                self.replies.pop(0)
            if time.monotonic() > end:
                return

    def wait_for(self, marker, timeout=10):
        """When the pane wrote what shows marker on its screen (monotonic
        seconds): after each write, the screen is captured; the time is
        that of the last write before the capture that shows it. Reading
        the screen, not the bytes, copes with a renderer that moves the
        cursor over cells that stay."""
        deadline = time.monotonic() + timeout
        wrote = asked = None  # the last write; the last write before the capture in flight
        screen = None
        for line in self.lines(max(deadline - time.monotonic(), 0)):
            if line.startswith(b"%output "):
                wrote = time.monotonic()
                if asked is None:
                    asked = wrote
                    self.command("capture-pane -p -t m:0.0", "capture")
            elif line.startswith(b"%begin") and self.replies and self.replies[0] == "capture":
                screen = []
            elif line.startswith((b"%end", b"%error")) and self.replies:
                if self.replies.pop(0) == "capture":
                    if marker in "\n".join(screen):
                        return asked
                    screen, behind = None, wrote > asked
                    asked = wrote if behind else None
                    if behind:  # written to since that capture was asked for
                        self.command("capture-pane -p -t m:0.0", "capture")
            elif screen is not None:
                screen.append(line.decode(errors="replace"))
            if time.monotonic() > deadline:
                break
        raise TimeoutError(f"no {marker!r} on the screen")

    def run(self, cmd, marker):
        """ms from asking tmux to run cmd in the pane to marker."""
        self.drain(0.05)
        t0 = time.monotonic()
        self.command(f"respawn-pane -k -t m:0.0 {quote(cmd)}")
        return (self.wait_for(marker) - t0) * 1000

    def close(self):
        self.client.terminate()
        subprocess.run(self.tmux + ["kill-server"], capture_output=True)


def quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def summary(ms):
    ms = sorted(ms)
    return f"median {statistics.median(ms):6.1f}  range {ms[0]:6.1f}–{ms[-1]:6.1f}  (n={len(ms)})"


def first_frame(pane, binaries, db, runs):
    floor, apps = [], {b: [] for b in binaries}
    for _ in range(runs):
        floor.append(pane.run("printf 'floor-marker'; exec sleep 999", "floor-marker"))
        for b in binaries:
            apps[b].append(pane.run(f"exec {b} --db {db}", "today ·"))
    print(f"first frame {os.path.basename(db)}")
    print(f"  printf floor  {summary(floor)}")
    for b, ms in apps.items():
        print(f"  {os.path.basename(b)}")
        print(f"    app         {summary(ms)}")
        print(f"    app − floor {summary([a - f for a, f in zip(ms, floor)])}")


def follow(pane, binary, db, runs):
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "follow.db")
        shutil.copy(db, copy)
        task = re.search(r"^#(\d+)", subprocess.run([binary, "--db", copy, "task", "list"], capture_output=True,
                                                    text=True).stdout, re.M).group(1)
        subprocess.run([binary, "--db", copy, "start", task], capture_output=True)
        pane.run(f"exec {binary} --db {copy}", "today ·")
        pane.drain(1.5)
        launched, landed = [], []
        for i in range(2 * runs):
            args, marker = (["stop"], "idle") if i % 2 == 0 else (["start", task], "stop with note")
            pane.drain(0.05)
            t0 = time.monotonic()
            subprocess.run([binary, "--db", copy] + args, check=True, capture_output=True)
            t1 = time.monotonic()
            t2 = pane.wait_for(marker)
            launched.append((t2 - t0) * 1000)
            landed.append((t2 - t1) * 1000)
            pane.drain(0.3)
    print(f"follow {os.path.basename(db)} (stop, start)")
    print(f"  from launch   {summary(launched)}")
    print(f"  from its exit {summary(landed)}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--follow", type=int, default=0, help="stop/start pairs on the first DB")
    p.add_argument("--db", action="append", required=True)
    p.add_argument("binary", nargs="+")
    a = p.parse_args()
    binaries = [os.path.abspath(b) for b in a.binary]
    pane = Pane()
    try:
        pane.run("printf warm; exec sleep 999", "warm")
        for db in a.db:
            for b in binaries:
                pane.run(f"exec {b} --db {db}", "today ·")  # warm the page cache
            first_frame(pane, binaries, os.path.abspath(db), a.runs)
        for b in binaries[:a.follow and len(binaries)]:
            print(os.path.basename(b))
            follow(pane, b, os.path.abspath(a.db[0]), a.follow)
    finally:
        pane.close()


if __name__ == "__main__":
    main()
