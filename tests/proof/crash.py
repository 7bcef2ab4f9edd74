#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Crash injection: the processes that write (confidectl on two desks,
kiosk-submit as the kiosk) are killed with SIGKILL at a random moment of
their run, and the machine restarts and is checked.

Each workload is timed (and timed again every tenth run, as the machine's
load changes), then killed at a uniform random point of 0..1.2 times that,
so some kills land after it finished.  A write is
acknowledged when its command exited 0 (or, at the kiosk, once it printed
the ticket code).  After each kill: the next command on that machine (the
restart, `confidectl verify`) must exit 0, and every acknowledged write
must be read back.  At the end of the round both desks sync, verify and
must have the same digest.

    crash.py [--kills N] [--seed S] [--build DIR] [--keep]

Prints `proof.crashes N kills` (kills that landed while the process still
ran) and `proof.lost N writes`; exits 1 when a write was lost, a verify
failed or the desks did not converge, naming the seed to replay it.
"""
import argparse
import datetime
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

MANAGER = "Mari Manager"
ADVISER = "Ada Adviser"
APPOINTMENT_DAY0 = datetime.date(2031, 3, 3)   # a Monday
SLOTS_A_DAY = 28                                # 09:00 to 16:00, 15 minutes each


class Failed(Exception):
    pass


class Harness:
    def __init__(self, build, work, rng, verbose, backlog=150):
        self.ctl = os.environ.get("CONFIDECTL") or os.path.join(build, "desk", "confidectl")
        self.kiosk = os.path.join(build, "tests", "kiosk-submit")
        self.fill = os.path.join(build, "tests", "proof-fill")
        self.work = work
        self.rng = rng
        self.verbose = verbose
        self.sync = os.path.join(work, "s")
        self.crashes = 0
        self.kills = 0
        self.lost = set()
        self.durations = {}
        self.runs = {}
        # The ledger: what was acknowledged, per desk.
        self.notes = {"a": {}, "b": {}}          # student -> [text]
        self.appointments = {"a": {}, "b": {}}   # day -> [id]
        self.tickets = {}                        # code -> waiting|called|opened|gone
        self.dup_codes = set()
        self.purged = set()                      # students destroyed by an acknowledged purge
        self.opened_students = []
        self.counter = 0
        self.backlog_passes = backlog

    # --- running commands ---------------------------------------------------

    def run(self, argv, want=0, stdin=None):
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, timeout=600, cwd=self.work, input=stdin)
        if want is not None and p.returncode != want:
            raise Failed("%s exited %d: %s" % (" ".join(argv[-4:]), p.returncode, p.stderr.strip()))
        return p

    def desk(self, machine, *args, user=MANAGER, root=None):
        root = root or self.work
        pw = os.path.join(self.work, "mpw" if user == MANAGER else "apw")
        return [self.ctl, "--data-dir", os.path.join(root, machine), "--sync-dir",
                os.path.join(root, "s"), "--user", user, "--passphrase-file", pw] + list(args)

    def ctl_json(self, machine, *args, root=None):
        out = self.run(self.desk(machine, "--json", *args, root=root)).stdout
        return json.loads(out)

    def killed(self, name, argv):
        """Runs ARGV, killed at a random point of its measured run time.
        Returns (crashed, returncode, stdout)."""
        runs = self.runs[name] = self.runs.get(name, 0) + 1
        if runs % 10 == 1:
            # Measured again now and then: a machine's load changes, and a
            # kill meant for the middle of the run must still land there.
            start = time.monotonic()
            p = self.run(argv, want=None)
            took = time.monotonic() - start
            self.durations[name] = (took if name not in self.durations
                                    else (self.durations[name] + took) / 2)
            return False, p.returncode, p.stdout
        delay = self.rng.uniform(0, 1.2 * self.durations[name])
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                universal_newlines=True, cwd=self.work)
        time.sleep(delay)
        crashed = proc.poll() is None
        if crashed:
            proc.send_signal(signal.SIGKILL)
        out = proc.stdout.read()
        proc.wait()
        proc.stdout.close()
        self.kills += 1
        if crashed:
            self.crashes += 1
        if self.verbose:
            print("# %-12s %.3fs of %.3fs %s rc=%d" % (name, delay, self.durations[name],
                  "killed" if crashed else "finished", proc.returncode), flush=True)
        return crashed, proc.returncode, out

    def lose(self, what, key=None):
        """A write acknowledged and not read back; KEY names the write, so
        one found missing by several checks counts once."""
        key = key or what
        if key not in self.lost:
            self.lost.add(key)
            print("# LOST: %s" % what, flush=True)

    def restart(self, machine, root=None):
        """The next command on the machine after a kill: it signs in (which
        finishes what a crash left, a re-key or a clean-up), then checks the
        database, the audit chain and the sync folder."""
        p = self.run(self.desk(machine, "verify", root=root), want=None)
        if p.returncode != 0:
            raise Failed("verify on %s after a kill exited %d: %s"
                         % (machine, p.returncode, (p.stderr + p.stdout).strip()))

    # --- setting up an office ---------------------------------------------

    def setup(self):
        w = self.work
        with open(os.path.join(w, "mpw"), "w") as f:
            f.write("manager passphrase\n")
        with open(os.path.join(w, "apw"), "w") as f:
            f.write("adviser passphrase\n")
        self.run([self.ctl, "--data-dir", os.path.join(w, "a"), "--passphrase-file",
                  os.path.join(w, "mpw"), "init", "--office", "Crash Office", "--user", MANAGER,
                  "--sync-dir", self.sync])
        self.run(self.desk("a", "user", "add", ADVISER, "--role", "adviser",
                           "--new-passphrase-file", os.path.join(w, "apw")))
        self.run(self.desk("a", "enroll", "desk", "--out", "b.bundle", "--code-file", "b.code"))
        self.run(self.desk("a", "enroll", "kiosk", "--out", "k.bundle", "--code-file", "k.code"))
        self.run(self.desk("a", "sync"))
        self.run([self.ctl, "--data-dir", os.path.join(w, "b"), "--sync-dir", self.sync,
                  "--user", MANAGER, "--passphrase-file", os.path.join(w, "mpw"),
                  "join", "b.bundle", "--code-file", "b.code"])
        self.run([self.kiosk, "join", os.path.join(w, "k"), self.sync, "k.bundle", "k.code"])
        self.students = {}
        for machine in ("a", "b"):
            self.students[machine] = []
            for i in range(3):
                s = self.ctl_json(machine, "student", "add", "--name",
                                  "Crash Student %s%d" % (machine, i))["id"]
                self.students[machine].append(s)
                self.notes[machine][s] = []
        for machine in ("a", "b", "a", "b"):
            self.run(self.desk(machine, "sync"))
        self.setup_backlog()

    def setup_backlog(self):
        """A world of its own for the sync workload: desk B has written
        hundreds of segments desk A has not read; each kill works on a copy."""
        root = os.path.join(self.work, "backlog")
        os.mkdir(root)
        for d in ("a", "b", "s"):
            shutil.copytree(os.path.join(self.work, d), os.path.join(root, d), symlinks=True)
        out = self.run([self.fill, "backlog", os.path.join(root, "b"), os.path.join(root, "s"),
                        MANAGER, os.path.join(self.work, "mpw"),
                        str(self.backlog_passes)]).stdout
        self.backlog_students = out.split()
        self.backlog_root = root

    # --- checks -----------------------------------------------------------

    def check_notes(self, machine, student):
        listed = self.ctl_json(machine, "note", "list", "--student", student)
        texts = [e["text"] for e in listed]
        for text in self.notes[machine][student]:
            if text not in texts:
                self.lose("note %r of %s on desk %s" % (text, student, machine), text)

    def check_day(self, machine, day):
        listed = {a["id"] for a in self.ctl_json(machine, "appointment", "list", "--date", day)}
        for appointment in self.appointments[machine].get(day, []):
            if appointment not in listed:
                self.lose("appointment %s on %s, desk %s" % (appointment, day, machine), appointment)

    def queue_now(self, machine="a"):
        statuses = {}
        for t in self.ctl_json(machine, "queue"):
            statuses.setdefault(t["ticket"], []).append(t["status"])
        return statuses

    def check_queue(self, machine="a", unsure=None):
        """Every acknowledged ticket is in the queue with the status its
        acknowledged moves gave it; UNSURE, a ticket whose last move was
        killed, may be in either state and is taken as found."""
        now = self.queue_now(machine)
        for code, state in list(self.tickets.items()):
            found = now.get(code, [])
            if code in self.dup_codes:
                continue
            if unsure and code == unsure[0]:
                seen = found[0] if found else "gone"
                seen = "opened" if seen == "called" and "opened" in unsure[1] else seen
                if seen not in unsure[1]:
                    self.lose("ticket %s is %s, not one of %s" % (code, seen, unsure[1]))
                self.tickets[code] = seen if seen in unsure[1] else state
                continue
            want = "called" if state == "opened" else state
            if want == "gone" and found:
                self.lose("ticket %s was closed, but is %s" % (code, found[0]), (code, state))
            elif want != "gone" and found != [want]:
                self.lose("ticket %s should be %s, is %s" % (code, want, found or "missing"),
                          (code, state))

    # --- workloads --------------------------------------------------------

    def next_text(self):
        self.counter += 1
        return "Crash note %d: what was said, and what comes next." % self.counter

    def work_note(self):
        machine = self.rng.choice("ab")
        student = self.rng.choice(self.students[machine])
        text = self.next_text()
        path = os.path.join(self.work, "note.txt")
        with open(path, "w") as f:
            f.write(text)
        user = self.rng.choice((MANAGER, ADVISER)) if machine == "a" else MANAGER
        crashed, rc, out = self.killed("note add", self.desk(
            machine, "note", "add", "--student", student, "--kind", "note", "--text-file", path,
            user=user))
        if rc == 0 and out.strip():
            self.notes[machine][student].append(text)
        self.restart(machine)
        self.check_notes(machine, student)

    def work_appointment(self):
        machine = self.rng.choice("ab")
        self.counter += 1
        i = self.counter
        student = self.students[machine][i % 3]
        slot = i // 3
        day = APPOINTMENT_DAY0 + datetime.timedelta(days=7 * (slot // (SLOTS_A_DAY * 5))
                                                    + (slot // SLOTS_A_DAY) % 5)
        minutes = 9 * 60 + 15 * (slot % SLOTS_A_DAY)
        start = "%sT%02d:%02d" % (day.isoformat(), minutes // 60, minutes % 60)
        end = "%sT%02d:%02d" % (day.isoformat(), (minutes + 15) // 60, (minutes + 15) % 60)
        crashed, rc, out = self.killed("appointment add", self.desk(
            machine, "appointment", "add", "--student", student, "--start", start, "--end", end))
        if rc == 0 and out.strip():
            self.appointments[machine].setdefault(day.isoformat(), []).append(out.strip())
        self.restart(machine)
        self.check_day(machine, day.isoformat())

    def work_kiosk(self):
        self.counter += 1
        visit = {"anonymous": False, "name": "Crash Visitor %d" % self.counter,
                 "student_id": "CR%06d" % self.counter,
                 "consent": {"version": "1", "parties": {"college-tutor": True, "health": False},
                             "signature": "Crash Visitor %d" % self.counter}}
        path = os.path.join(self.work, "visit.json")
        with open(path, "w") as f:
            json.dump(visit, f)
        crashed, rc, out = self.killed("kiosk drop-in", [self.kiosk, "drop-in",
                                                         os.path.join(self.work, "k"), path])
        code = out.strip()
        if code:                       # the kiosk showed a ticket
            if code in self.tickets:
                self.dup_codes.add(code)
            self.tickets[code] = "waiting"
        # The kiosk's restart: its next sync pass sends what was left.
        self.run([self.kiosk, "sync", os.path.join(self.work, "k")])
        self.run(self.desk("a", "sync"))
        self.check_queue("a")

    def pick_ticket(self, states):
        codes = sorted(c for c, s in self.tickets.items() if s in states and c not in self.dup_codes)
        return self.rng.choice(codes) if codes else None

    def work_queue(self, move):
        froms = {"call": ("waiting",), "open": ("called",), "seen": ("opened",),
                 "no-show": ("waiting", "called")}[move]
        code = self.pick_ticket(froms)
        if code is None:
            # Nobody at that step yet: the step before it.
            earlier = {"seen": "open", "open": "call", "no-show": None, "call": None}[move]
            return self.work_queue(earlier) if earlier else self.work_kiosk()
        before = self.tickets[code]
        after = {"call": "called", "open": "opened", "seen": "gone", "no-show": "gone"}[move]
        crashed, rc, out = self.killed("queue " + move, self.desk(
            "a", "--json", "queue", move, code, user=ADVISER))
        self.restart("a")
        if rc == 0:
            self.tickets[code] = after
            if move == "open":
                self.opened_students.append(json.loads(out)["student_id"])
            self.check_queue("a")
        else:
            self.check_queue("a", unsure=(code, (before, after)))
        if move == "open" and self.tickets[code] == "opened" and rc == 0:
            self.check_opened(self.opened_students[-1])
        elif move == "open" and rc != 0 and self.tickets[code] in ("called", "opened"):
            # Opened or not, nobody can tell from the queue: close it.
            self.run(self.desk("a", "queue", "no-show", code, user=ADVISER))
            self.tickets[code] = "gone"

    def check_opened(self, student):
        """Opening a ticket makes the record and records the consent the
        student gave at the kiosk."""
        path = os.path.join(self.work, "export.json")
        p = self.run(self.desk("a", "student", "export", student, "--format", "json",
                               "--out", path), want=None)
        if p.returncode != 0:
            self.lose("student %s made by opening a ticket: %s" % (student, p.stderr.strip()))
            return
        with open(path) as f:
            text = f.read()
        os.unlink(path)
        if "college-tutor" not in text:
            self.lose("the consent of student %s, given at the kiosk" % student)

    def work_rotate(self):
        self.killed("rotate-keys", self.desk("a", "user", "rotate-keys"))
        self.restart("a")
        for student in self.students["a"]:
            self.check_notes("a", student)

    def work_purge(self):
        # Now and then more than the hundred a transaction of the purge takes.
        n = self.rng.randint(101, 110) if self.rng.random() < 0.15 else self.rng.randint(1, 20)
        due = self.run([self.fill, "due", os.path.join(self.work, "a"), MANAGER,
                        os.path.join(self.work, "mpw"), str(n)]).stdout.split()
        crashed, rc, out = self.killed("retention purge", self.desk("a", "retention", "purge", "--yes"))
        self.restart("a")
        left = {r["id"] for r in self.ctl_json("a", "retention", "due")}
        if rc == 0:
            self.purged.update(due)
            for s in due:
                if s in left:
                    self.lose("student %s was purged but is still held" % s)
        else:
            # What a killed purge left is purged now.
            self.run(self.desk("a", "retention", "purge", "--yes"))
            self.purged.update(due)
        for student in self.students["a"]:
            self.check_notes("a", student)

    def work_sync(self):
        root = os.path.join(self.work, "scratch")
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(self.backlog_root, root, symlinks=True)
        self.killed("sync backlog", self.desk("a", "sync", root=root))
        # The restart: sync again, to the end, then verify.
        self.run(self.desk("a", "sync", root=root))
        self.restart("a", root=root)
        listed = {s["id"] for s in self.ctl_json("a", "student", "list", root=root)}
        missing = [s for s in self.backlog_students if s not in listed]
        if missing:
            self.lose("%d of desk B's %d backlog students after the sync" %
                      (len(missing), len(self.backlog_students)))
        self.converge(root)
        shutil.rmtree(root)

    # --- the end of a round ---------------------------------------------

    def converge(self, root=None):
        for machine in ("b", "a", "b", "a"):
            self.run(self.desk(machine, "sync", root=root))
        digests = [self.run(self.desk(m, "digest", root=root)).stdout.strip() for m in "ab"]
        if digests[0] != digests[1]:
            raise Failed("the desks did not converge%s: %s" %
                         (" (sync backlog)" if root else "", digests))

    def finish(self):
        self.run([self.kiosk, "sync", os.path.join(self.work, "k")])
        self.converge()
        for machine in ("a", "b"):
            self.run(self.desk(machine, "verify"))
            for m in ("a", "b"):
                for student in self.students[m]:
                    listed = [e["text"] for e in
                              self.ctl_json(machine, "note", "list", "--student", student)]
                    for text in self.notes[m][student]:
                        if text not in listed:
                            self.lose("note %r of %s, written on %s, on desk %s"
                                      % (text, student, m, machine), text)
                for day, ids in self.appointments[m].items():
                    listed = {a["id"] for a in
                              self.ctl_json(machine, "appointment", "list", "--date", day)}
                    for i in ids:
                        if i not in listed:
                            self.lose("appointment %s, made on %s, on desk %s" % (i, m, machine), i)
            self.check_queue(machine)
        for s in sorted(self.purged)[:20]:
            p = self.run(self.desk("b", "student", "show", s), want=None)
            if p.returncode == 0:
                self.lose("student %s purged on desk A is still on desk B" % s)


WORKLOADS = [
    ("note", 4), ("appointment", 3), ("kiosk", 4), ("call", 2), ("open", 2),
    ("seen", 1), ("no-show", 1), ("rotate", 1), ("purge", 1), ("sync", 1),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=100,
                        help="kills that land while the process runs")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--build", default=os.environ.get("BUILD_ROOT", "build"))
    parser.add_argument("--keep", action="store_true", help="keep the folder of the round")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--backlog", type=int, default=150,
                        help="sync passes on desk B before the sync workload (two segments each)")
    parser.add_argument("--only", help="one workload, to chase a failure")
    parser.add_argument("--seconds", type=float, default=0,
                        help="end the round early after this long (a loaded machine)")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 32)
    replay = "crash.py --seed %d --kills %d --backlog %d" % (seed, args.kills, args.backlog)
    print("# seed %d (replay: %s)" % (seed, replay), flush=True)
    rng = random.Random(seed)
    work = tempfile.mkdtemp(prefix="confide-crash-")
    h = Harness(os.path.abspath(args.build), work, rng, args.verbose, args.backlog)
    names = [args.only] if args.only else [n for n, w in WORKLOADS for _ in range(w)]
    status = 0
    started = time.monotonic()
    stop = []
    # Asked to stop (a test's time is up): the round ends as it would, with
    # its checks and its figures.
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    try:
        h.setup()
        while h.crashes < args.kills and not stop:
            if args.seconds and time.monotonic() - started > args.seconds:
                print("# out of time after %d crashes: the round ends short" % h.crashes, flush=True)
                break
            if h.crashes and h.crashes % 100 == 0 and h.crashes != getattr(h, "told", 0):
                h.told = h.crashes
                print("# %d crashes, %d lost, %.0f s" % (h.crashes, len(h.lost),
                      time.monotonic() - started), flush=True)
            name = rng.choice(names)
            if name in ("call", "open", "seen", "no-show"):
                h.work_queue(name)
            else:
                getattr(h, "work_" + name)()
        h.finish()
    except Failed as e:
        print("# FAILED: %s" % e, flush=True)
        status = 1
    print("proof.crashes %d kills" % h.crashes)
    print("proof.lost %d writes" % len(h.lost))
    print("# %d kills in all (%d after the process had finished), %.0f s, seed %d"
          % (h.kills, h.kills - h.crashes, time.monotonic() - started, seed), flush=True)
    if h.lost:
        status = 1
    if status or args.keep:
        print("# the round's folder is kept: %s" % work)
    else:
        shutil.rmtree(work, ignore_errors=True)
    if status:
        print("# replay: %s" % replay)
    return status


if __name__ == "__main__":
    sys.exit(main())
