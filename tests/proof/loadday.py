#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A day under load: five kiosks and three desks on one machine, for an
opening day compressed in time.

Kiosks (tests/e2e/kiosk-submit: cf_kiosk_submit and a sync pass, as
confide-kiosk does) and desks A and B share sync folder F1; desk C has its
own folder F2, which two real Syncthing instances keep in step with F1, so
"Syncthing between two of the desks" is A or B and C.  Every process is the
real program: confidectl for the desks, kiosk-submit for the kiosks.

Through the day students check in at random kiosks, an adviser at each desk
calls the next ticket, opens the student's record, writes a note and marks
them seen; each desk syncs with `confidectl sync --watch`; desk B goes
offline (no sync, its commands given a sync folder that is not there) for
an hour and comes back.  For each check-in, the time from the kiosk
printing its ticket to the ticket appearing in each desk's
`queue --all --json` (the queue with the day's history: a ticket may be
seen at one desk before another desk's poll catches it waiting).

At the end: every check-in on every desk, every desk's `queue --json` the
same, every desk's `digest` the same, `verify` exits 0 on every desk, and
every kiosk's segments applied on every desk (a kiosk has no user to sign
in, so no digest of its own: `status --json` on each desk says how many of
its segments are still waiting).

Prints `loadday.NAME VALUE UNIT` lines; exits 1 if anything did not arrive
or converge.
"""

import argparse
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.environ.get("BUILD_ROOT", os.path.join(HERE, "..", "..", "build"))
C = os.environ.get("CONFIDECTL", os.path.join(BUILD, "desk", "confidectl"))
KS = os.path.join(BUILD, "tests", "kiosk-submit")

MANAGER = "Mari Manager"
ADVISERS = {"a": "Ada Adviser", "b": "Ben Adviser", "c": "Cai Adviser"}
TOPICS = ["Housing and landlords", "Money, funding and hardship",
          "Academic appeals and complaints", "Exams, coursework and extensions", None]
FIRST = ["Aled", "Bethan", "Ceri", "Dafydd", "Elin", "Ffion", "Gareth", "Heledd", "Iwan", "Lowri"]
LAST = ["Jones", "Morgan", "Price", "Rees", "Hughes", "Powell", "Evans", "Lloyd"]


def log(*parts):
    print("#", *parts, file=sys.stderr, flush=True)


class Failure(Exception):
    pass


def run(argv, ok=(0,), timeout=300):
    r = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    if r.returncode not in ok:
        raise Failure(f"{os.path.basename(argv[0])} {' '.join(a for a in argv[1:] if not a.startswith('/'))[:120]}"
                      f" exited {r.returncode}: {r.stderr.strip()}")
    return r


class Clock:
    """Simulated time of day: minutes since midnight, from real seconds."""

    def __init__(self, open_min, minute_s):
        self.open_min = open_min
        self.minute_s = minute_s
        self.start = None

    def begin(self):
        self.start = time.monotonic()

    def now(self):
        return self.open_min + (time.monotonic() - self.start) / self.minute_s

    def real_at(self, sim_min):
        return self.start + (sim_min - self.open_min) * self.minute_s

    def sleep_until(self, sim_min, stop):
        while not stop.is_set():
            left = self.real_at(sim_min) - time.monotonic()
            if left <= 0:
                return True
            stop.wait(min(left, 0.5))
        return False


def hhmm(text):
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def fmt(sim_min):
    return f"{int(sim_min) // 60:02d}:{int(sim_min) % 60:02d}"


# --- Syncthing, configured as tests/test-syncthing.sh does -----------------

def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def device_id(home):
    r = run(["syncthing", "generate", f"--home={home}", "--no-default-folder"])
    for line in (r.stdout + r.stderr).splitlines():
        if "Device ID:" in line:
            return line.split("Device ID:")[1].strip().split()[0]
    raise Failure("syncthing generate printed no device ID")


def configure(home, listen, gui, folder, peer, peer_port):
    path = os.path.join(home, "config.xml")
    tree = ET.parse(path)
    root = tree.getroot()
    me = root.find("device")
    options = root.find("options")

    def setopt(name, value):
        for e in options.findall(name):
            options.remove(e)
        ET.SubElement(options, name).text = value
    setopt("listenAddress", f"tcp://127.0.0.1:{listen}")
    for name, value in [("globalAnnounceEnabled", "false"), ("localAnnounceEnabled", "false"),
                        ("relaysEnabled", "false"), ("natEnabled", "false"), ("urAccepted", "-1"),
                        ("crashReportingEnabled", "false"), ("autoUpgradeIntervalH", "0"),
                        ("startBrowser", "false")]:
        setopt(name, value)
    root.find("gui").find("address").text = f"127.0.0.1:{gui}"
    for f in root.findall("folder"):
        root.remove(f)
    me.find("address").text = f"tcp://127.0.0.1:{listen}"
    other = ET.SubElement(root, "device", id=peer, name="peer", compression="metadata",
                          introducer="false", skipIntroductionRemovals="false", introducedBy="")
    ET.SubElement(other, "address").text = f"tcp://127.0.0.1:{peer_port}"
    ET.SubElement(other, "paused").text = "false"
    f = ET.Element("folder", id="confide-sync", label="Confide", path=folder, type="sendreceive",
                   rescanIntervalS="2", fsWatcherEnabled="true", fsWatcherDelayS="1",
                   ignorePerms="false", autoNormalize="true")
    ET.SubElement(f, "device", id=me.get("id"), introducedBy="")
    ET.SubElement(f, "device", id=peer, introducedBy="")
    ET.SubElement(f, "minDiskFree", unit="%").text = "0"
    root.insert(0, f)
    tree.write(path)


# --- the office -------------------------------------------------------------

class Office:
    def __init__(self, work):
        self.work = work
        self.f1 = os.path.join(work, "f1")
        self.f2 = os.path.join(work, "f2")
        self.away = os.path.join(work, "folder-away")   # never created: an offline desk
        self.pw = {}
        self.procs = []
        self.desks = {"a": self.f1, "b": self.f1, "c": self.f2}
        self.kiosks = [os.path.join(work, f"kiosk-{i}") for i in range(1, 6)]
        self.offline = set()

    def secret(self, name, text):
        path = os.path.join(self.work, name)
        with open(path, "w") as f:
            f.write(text + "\n")
        os.chmod(path, 0o600)
        return path

    def ctl(self, desk, user, *args, ok=(0,), json_out=False):
        sync = self.away if desk in self.offline else self.desks[desk]
        argv = [C, "--data-dir", os.path.join(self.work, f"desk-{desk}"), "--sync-dir", sync,
                "--user", user, "--passphrase-file", self.pw[user]]
        if json_out:
            argv.append("--json")
        return run(argv + list(args), ok=ok)

    def manager(self, desk, *args, **kw):
        return self.ctl(desk, MANAGER, *args, **kw)

    def start_syncthing(self):
        if shutil.which("syncthing") is None:
            raise Failure("syncthing is not installed (./run installs it)")
        homes = [os.path.join(self.work, "st-1"), os.path.join(self.work, "st-2")]
        ids = [device_id(h) for h in homes]
        ports = [free_port() for _ in range(4)]
        configure(homes[0], ports[0], ports[2], self.f1, ids[1], ports[1])
        configure(homes[1], ports[1], ports[3], self.f2, ids[0], ports[0])
        for h in homes:
            self.procs.append(subprocess.Popen(
                ["syncthing", "serve", f"--home={h}", "--no-browser", "--no-restart",
                 f"--logfile={h}.log"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))

    def set_up(self):
        os.makedirs(self.f1)
        os.makedirs(self.f2)
        self.pw[MANAGER] = self.secret("manager.pw", "manager passphrase")
        run([C, "--data-dir", os.path.join(self.work, "desk-a"), "--passphrase-file",
             self.pw[MANAGER], "init", "--office", "Load Day Office", "--user", MANAGER,
             "--sync-dir", self.f1])
        for desk, name in ADVISERS.items():
            self.pw[name] = self.secret(f"adviser-{desk}.pw", f"{name.lower()} passphrase")
            self.manager("a", "user", "add", name, "--role", "adviser",
                         "--new-passphrase-file", self.pw[name])
        self.start_syncthing()
        for desk in ("b", "c"):
            self.manager("a", "enroll", "desk", "--out", os.path.join(self.work, f"desk-{desk}.bundle"),
                         "--code-file", os.path.join(self.work, f"desk-{desk}.code"))
        for i in range(1, len(self.kiosks) + 1):
            self.manager("a", "enroll", "kiosk", "--out", os.path.join(self.work, f"kiosk-{i}.bundle"),
                         "--code-file", os.path.join(self.work, f"kiosk-{i}.code"))
        self.manager("a", "sync")
        for i, kiosk in enumerate(self.kiosks, 1):
            run([KS, "join", kiosk, self.f1, os.path.join(self.work, f"kiosk-{i}.bundle"),
                 os.path.join(self.work, f"kiosk-{i}.code")])
        for desk in ("b", "c"):
            if desk == "c":
                self.wait_for_carried("desk-a", 120)
            run([C, "--data-dir", os.path.join(self.work, f"desk-{desk}"), "--sync-dir",
                 self.desks[desk], "--user", MANAGER, "--passphrase-file", self.pw[MANAGER],
                 "join", os.path.join(self.work, f"desk-{desk}.bundle"),
                 "--code-file", os.path.join(self.work, f"desk-{desk}.code")])

    def wait_for_carried(self, desk_dir, seconds):
        """Until Syncthing has carried desk A's newest segment to F2."""
        node = None
        with open(os.path.join(self.work, desk_dir, "node.conf")) as f:
            for line in f:
                if line.startswith("id="):
                    node = line.strip()[3:]
        src = os.path.join(self.f1, node)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            want = set(n for n in os.listdir(src) if n.endswith(".seg"))
            dst = os.path.join(self.f2, node)
            have = set(os.listdir(dst)) if os.path.isdir(dst) else set()
            if want and want <= have:
                return
            time.sleep(0.3)
        raise Failure("Syncthing did not carry desk A's segments to F2")

    def stop(self):
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()


# --- the day ------------------------------------------------------------------

class Day:
    def __init__(self, office, clock, args):
        self.o = office
        self.clock = clock
        self.args = args
        self.rng = random.Random(args.seed)
        self.lock = threading.Lock()
        self.checkins = []            # {code, kiosk, printed, sim}
        self.first_seen = {d: {} for d in "abc"}   # desk -> ticket id -> (code, real time)
        self.errors = []
        self.actions = 0
        self.refused = 0
        self.stop_polls = threading.Event()
        self.stop_day = threading.Event()
        self.watchers = {}
        self.offline_span = None      # (real start, real end) of desk B's hour away
        self.poll_rounds = {d: 0 for d in "abc"}

    # each desk syncs whenever its folder changes (and every half minute)
    def start_watch(self, desk):
        argv = [C, "--data-dir", os.path.join(self.o.work, f"desk-{desk}"), "--sync-dir",
                self.o.desks[desk], "--user", ADVISERS[desk], "--passphrase-file",
                self.o.pw[ADVISERS[desk]], "sync", "--watch"]
        path = os.path.join(self.o.work, f"watch-{desk}.log")
        passes = self.passes(path)
        with open(path, "a") as logf:
            # Line-buffered, so each pass's report is in the log as it ends.
            self.watchers[desk] = subprocess.Popen(["stdbuf", "-oL"] + argv, stdout=logf, stderr=logf)
        # Running once its first pass is done (it has signed in and will
        # stop cleanly on SIGTERM).
        deadline = time.monotonic() + 120
        while self.passes(path) == passes and time.monotonic() < deadline:
            if self.watchers[desk].poll() is not None:
                break
            time.sleep(0.2)

    @staticmethod
    def passes(path):
        if not os.path.exists(path):
            return 0
        with open(path) as f:
            return sum(1 for line in f if line.startswith("Sent "))

    def stop_watch(self, desk):
        p = self.watchers.pop(desk)
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=30)
        if p.returncode != 0:
            self.errors.append(f"desk {desk}'s sync --watch exited {p.returncode}")

    def poll(self, desk):
        while not self.stop_polls.is_set():
            try:
                r = self.o.ctl(desk, MANAGER, "queue", "--all", json_out=True)
                now = time.monotonic()
                with self.lock:
                    for t in json.loads(r.stdout):
                        self.first_seen[desk].setdefault(t["id"], (t["ticket"], now))
                    self.poll_rounds[desk] += 1
            except Failure as e:
                with self.lock:
                    self.errors.append(f"desk {desk}: {e}")
            self.stop_polls.wait(0.2)

    def checkin(self, kiosk_no, sim):
        kiosk = self.o.kiosks[kiosk_no]
        n = len(self.checkins) + 1
        name = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
        details = {"anonymous": False, "name": name, "student_id": f"L{n:05d}"}
        path = os.path.join(self.o.work, f"visit-{kiosk_no}.json")
        with open(path, "w") as f:
            json.dump(details, f)
        topic = self.rng.choice(TOPICS)
        argv = [KS, "drop-in", kiosk, path] + ([topic] if topic else [])
        p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        code = p.stdout.readline().strip()
        printed = time.monotonic()
        err = p.stderr.read()
        p.wait()
        with self.lock:
            if p.returncode != 0 or not code:
                self.errors.append(f"kiosk {kiosk_no + 1}: check-in failed ({p.returncode}): {err.strip()}")
            else:
                self.checkins.append({"code": code, "kiosk": kiosk_no, "printed": printed, "sim": sim})

    def kiosks(self):
        busy = [None] * len(self.o.kiosks)
        sim = self.clock.open_min
        while True:
            sim += self.rng.expovariate(1.0 / self.args.checkin_every)
            if sim >= self.clock.close_min or not self.clock.sleep_until(sim, self.stop_day):
                break
            free = [i for i, t in enumerate(busy) if t is None or not t.is_alive()]
            if not free:
                continue
            k = self.rng.choice(free)
            busy[k] = threading.Thread(target=self.checkin, args=(k, sim))
            busy[k].start()
        for t in busy:
            if t:
                t.join()

    def act(self, desk, *args, json_out=False):
        """An adviser's command; a move another desk made first is refused."""
        with self.lock:
            self.actions += 1
        r = self.o.ctl(desk, ADVISERS[desk], *args, ok=(0, 1), json_out=json_out)
        if r.returncode == 1:
            with self.lock:
                self.refused += 1
            return None
        return r.stdout

    def see_one(self, desk):
        out = self.act(desk, "queue", "call-next", json_out=True)
        if out is None:
            return False
        code = json.loads(out)["ticket"]
        mine = [t for t in json.loads(self.o.ctl(desk, ADVISERS[desk], "queue", json_out=True).stdout)
                if t["ticket"] == code and t["status"] == "called" and t["adviser"] == ADVISERS[desk]]
        if not mine:
            return False
        ticket = mine[0]["id"]
        out = self.act(desk, "queue", "open", ticket, json_out=True)
        if out is not None:
            student = json.loads(out)["student_id"]
            note = os.path.join(self.o.work, f"note-{desk}.txt")
            with open(note, "w") as f:
                f.write(f"Seen at the drop-in about ticket {code}; advice given, follow up next week.\n")
            self.act(desk, "note", "add", "--student", student, "--kind", "note", "--text-file", note)
        sim = min(self.clock.now() + self.rng.uniform(*self.args.consultation), self.clock.close_min)
        self.clock.sleep_until(sim, threading.Event())
        self.act(desk, "queue", "seen", ticket)
        return True

    def adviser(self, desk):
        sim = self.clock.open_min + self.rng.uniform(5, 20)
        while self.clock.sleep_until(sim, self.stop_day):
            if self.clock.now() >= self.clock.close_min:
                break
            try:
                seen = self.see_one(desk)
            except Failure as e:
                with self.lock:
                    self.errors.append(f"desk {desk} adviser: {e}")
                seen = False
            sim = self.clock.now() + (self.rng.uniform(1, 5) if seen else self.rng.uniform(3, 8))

    def desk_b_away(self):
        start = hhmm(self.args.offline_at)
        if not self.clock.sleep_until(start, self.stop_day):
            return
        log(f"{fmt(self.clock.now())} desk B goes offline")
        self.stop_watch("b")
        self.o.offline.add("b")
        begun = time.monotonic()
        self.clock.sleep_until(start + self.args.offline_for, threading.Event())
        self.o.offline.discard("b")
        self.start_watch("b")
        self.offline_span = (begun, time.monotonic())
        log(f"{fmt(self.clock.now())} desk B is back")

    def run(self):
        for d in "abc":
            self.start_watch(d)
        polls = [threading.Thread(target=self.poll, args=(d,)) for d in "abc"]
        for t in polls:
            t.start()
        self.clock.begin()
        workers = [threading.Thread(target=self.kiosks)]
        workers += [threading.Thread(target=self.adviser, args=(d,)) for d in "abc"]
        workers.append(threading.Thread(target=self.desk_b_away))
        for t in workers:
            t.start()
        for t in workers:
            t.join()
        closed = time.monotonic()
        log(f"{fmt(self.clock.now())} the office closes: {len(self.checkins)} check-ins")
        converged = self.settle(closed + self.args.settle_s)
        self.stop_polls.set()
        for t in polls:
            t.join()
        self.polled_for = time.monotonic() - self.clock.start
        for d in list(self.watchers):
            self.stop_watch(d)
        return converged, time.monotonic() - closed

    def all_arrived(self):
        with self.lock:
            want = {}
            for c in self.checkins:
                want[c["code"]] = want.get(c["code"], 0) + 1
            for d in "abc":
                have = {}
                for code, _ in self.first_seen[d].values():
                    have[code] = have.get(code, 0) + 1
                if any(have.get(code, 0) < n for code, n in want.items()):
                    return False
        return True

    def digests(self):
        return {d: self.o.manager(d, "digest").stdout.strip() for d in "abc"}

    def settle(self, deadline):
        while time.monotonic() < deadline:
            if self.all_arrived() and len(set(self.digests().values())) == 1:
                return True
            time.sleep(1)
        return False


# --- the figures ----------------------------------------------------------------

def propagation(day):
    """Per desk, per check-in: seconds from the ticket printed to it listed.
    Codes may repeat in a day (three characters): the k-th check-in with a
    code is paired with the k-th ticket with that code a desk listed."""
    times = {d: [] for d in "abc"}
    missing = {d: 0 for d in "abc"}
    away = []
    by_code = {}
    for c in day.checkins:
        by_code.setdefault(c["code"], []).append(c)
    for d in "abc":
        seen = {}
        for code, at in day.first_seen[d].values():
            seen.setdefault(code, []).append(at)
        for code, cs in by_code.items():
            ats = sorted(seen.get(code, []))
            for i, c in enumerate(sorted(cs, key=lambda c: c["printed"])):
                if i >= len(ats):
                    missing[d] += 1
                    continue
                dt = max(0.0, ats[i] - c["printed"])
                span = day.offline_span
                if d == "b" and span and c["printed"] < span[1] and ats[i] > span[0]:
                    away.append(dt)       # waited for desk B to come back
                else:
                    times[d].append(dt)
    return times, away, missing


def catch_up(office, seconds):
    """Sync passes (Syncthing carrying between them) until no desk has a
    segment waiting: the last reads and passes wrote audit entries."""
    deadline = time.monotonic() + seconds
    while True:
        waiting = []
        for d in "abc":
            office.manager(d, "sync")
        time.sleep(3)
        for d in "abc":
            office.manager(d, "sync")
            st = json.loads(office.manager(d, "status", json_out=True).stdout)
            waiting += [f"desk {d} has {m['segments_pending']} segments of a {m['kind']} waiting"
                        for m in st["machines"] if m["segments_pending"]]
        if not waiting or time.monotonic() > deadline:
            return waiting


def final_checks(office, day):
    problems = []
    queues = {d: office.manager(d, "queue", json_out=True).stdout for d in "abc"}
    if len(set(queues.values())) != 1:
        problems.append("the desks' queue --json differ")
        for d, q in queues.items():
            with open(os.path.join(office.work, f"queue-{d}.json"), "w") as f:
                f.write(q)
    histories = {d: office.manager(d, "queue", "--all", json_out=True).stdout for d in "abc"}
    if len(set(histories.values())) != 1:
        problems.append("the desks' queue --all --json differ")
    problems += catch_up(office, 60)
    digests = day.digests()
    if len(set(digests.values())) != 1:
        problems.append(f"digests differ: {digests}")
    for d in "abc":
        r = office.manager(d, "verify", ok=(0, 1, 4))
        if r.returncode != 0:
            problems.append(f"verify on desk {d} exited {r.returncode}: {r.stderr.strip()}")
    for d in "abc":
        st = json.loads(office.manager(d, "status", json_out=True).stdout)
        machines = st["machines"]
        kiosks = [m for m in machines if m["kind"] == "kiosk"]
        if len(kiosks) != len(office.kiosks) or any(m["last_seen"] is None for m in kiosks):
            problems.append(f"desk {d} has not heard from every kiosk")
    return problems, queues, digests


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minute-s", type=float, default=1.0, help="real seconds per simulated minute")
    ap.add_argument("--open", default="09:00")
    ap.add_argument("--close", default="17:00")
    ap.add_argument("--checkin-every", type=float, default=3.0,
                    help="mean simulated minutes between check-ins")
    ap.add_argument("--offline-at", default="12:00", help="when desk B goes offline")
    ap.add_argument("--offline-for", type=float, default=60, help="simulated minutes away")
    ap.add_argument("--consultation", type=float, nargs=2, default=(4, 12),
                    help="simulated minutes an adviser spends with a student")
    ap.add_argument("--settle-s", type=float, default=180,
                    help="real seconds allowed to converge after closing")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    args = ap.parse_args()
    os.environ["LC_ALL"] = "C.UTF-8"      # the watch's reports are read back
    if args.seed is None:
        args.seed = random.randrange(1 << 30)
    log(f"seed {args.seed}")

    work = tempfile.mkdtemp(prefix="loadday-")
    office = Office(work)
    ok = False
    try:
        t0 = time.monotonic()
        office.set_up()
        log(f"office set up in {time.monotonic() - t0:.1f} s: 3 desks, 5 kiosks, Syncthing F1 <-> F2")
        clock = Clock(hhmm(args.open), args.minute_s)
        clock.close_min = hhmm(args.close)
        day = Day(office, clock, args)
        converged, settle = day.run()
        times, away, missing = propagation(day)
        problems, queues, digests = final_checks(office, day)
        problems += day.errors[:20]
        online = [t for d in "abc" for t in times[d]]
        every = online + away
        print(f"loadday.checkins {len(day.checkins)} count")
        print(f"loadday.kiosks {len(office.kiosks)} count")
        print(f"loadday.desks 3 count")
        print(f"loadday.adviser_actions {day.actions} count")
        print(f"loadday.adviser_actions_refused {day.refused} count")
        codes = [c["code"] for c in day.checkins]
        print(f"loadday.repeated_ticket_codes {len(codes) - len(set(codes))} count")
        print(f"loadday.tickets_in_queue_at_close {len(json.loads(queues['a']))} count")
        for d in "abc":
            print(f"loadday.missing_on_desk_{d} {missing[d]} count")
        for d in "abc":
            if times[d]:
                print(f"loadday.slowest_to_desk_{d}_s {max(times[d]):.2f} s")
                print(f"loadday.median_to_desk_{d}_s {statistics.median(times[d]):.2f} s")
        if away:
            print(f"loadday.slowest_to_desk_b_while_away_s {max(away):.2f} s")
        if online:
            print(f"loadday.slowest_online_propagation_s {max(online):.2f} s")
        if every:
            print(f"loadday.slowest_propagation_s {max(every):.2f} s")
        rounds = sum(day.poll_rounds.values())
        print(f"loadday.poll_rounds {rounds} count")
        if rounds:
            print(f"loadday.mean_poll_interval_s {3 * day.polled_for / rounds:.2f} s")
        print(f"loadday.settled_after_close_s {settle:.1f} s")
        print(f"loadday.digest {next(iter(digests.values()))[:16]}")
        good = converged and not problems and not any(missing.values()) and day.checkins
        print(f"loadday.converged {'yes' if good else 'no'}")
        for p in problems:
            print(f"# problem: {p}")
        ok = bool(good)
    except Failure as e:
        print(f"# loadday failed: {e}")
    finally:
        office.stop()
        if args.keep or not ok:
            log(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
