#!/usr/bin/env bash
# End-to-end sync benchmark on a local devnet (docs/performance.md, "End-to-end sync benchmark").
#
#   scripts/bench-sync.sh [--blocks N] [--producers "1 2 4"] [--dir DIR] [--profile mainnet]
#                         [--seed S] [--jar JAR] [--jfr] [--no-pipeline] [--timeout SEC] [--keep]
#   scripts/bench-sync.sh --idle [--idle-seconds 60] [--dir DIR]
#
# Sync mode: generates (once; reused, keyed by profile/seed/blocks) a devnet prefilled with N blocks
# and a one-hour block time, so the chain does not grow during the run. For each K it starts K
# producers (`devnet serve`, each cloning the prefill: hard links) and one daemon (`run
# --start-block 0`, fresh data dir, the K producers as static peers, heap -Xmx1g, GC log), polls
# /status every 0.5 s until contiguousHead == N, and records wall time (from daemon start; also when
# fast sync's target was agreed, to separate the 5 s quorum grace), CPU seconds of the daemon and
# of the producers (/proc/PID/stat utime+stime; producers counted from when they were ready), the
# daemon's peak RSS (VmHWM) and peak heap (largest "before" size in the GC log), and payload MB/s
# (header+body+receipt bytes of blocks 1..N, as `bench pipeline` counts them). Then it runs `ethfollow
# bench pipeline` over the same blocks (no network) and prints networked ÷ offline blocks/s.
#
# Idle mode: a small-profile devnet with 1 s blocks, one producer, one daemon; once the daemon
# follows (lag <= 2) it samples the daemon's CPU for --idle-seconds and reports % of one core.
#
# Output: one JSON line per run (also appended to DIR/results.jsonl), then a markdown table.
# Every JSON line carries the 1-minute load average at start and end: on a shared machine the
# numbers are only as good as that.
#
# Needs: java 17, python3, curl. Builds target/ethfollow.jar with Maven if it is missing
# (MVN_OFFLINE=1 builds with -o). --jar runs another build (e.g. a "before" jar) instead.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

jar="${ETHFOLLOW_JAR:-$root/target/ethfollow.jar}"
for ((i = 1; i <= $#; i++)); do
  if [[ "${!i}" == "--jar" ]]; then j=$((i + 1)); jar="${!j}"; fi
done
if [[ ! -f "$jar" ]]; then
  echo "bench-sync: $jar missing; building it" >&2
  mvn_args=(-q -B -DskipTests)
  if [[ "${MVN_OFFLINE:-0}" == "1" ]]; then mvn_args+=(-o); fi
  (cd "$root" && mvn "${mvn_args[@]}" package)
fi

exec python3 - "$root" "$jar" "$@" <<'PY'
import argparse, json, os, re, shutil, signal, subprocess, sys, time, urllib.request

root, jar = sys.argv[1], os.path.abspath(sys.argv[2])
ap = argparse.ArgumentParser(prog="bench-sync.sh")
ap.add_argument("--blocks", type=int, default=20000)
ap.add_argument("--producers", default="1 2 4")
ap.add_argument("--dir", default="/tmp/ethfollow-bench")
ap.add_argument("--profile", default="mainnet", choices=["mainnet", "small"])
ap.add_argument("--seed", type=int, default=7)
ap.add_argument("--jar")
ap.add_argument("--jfr", action="store_true", help="record the daemon with JFR and print its top frames")
ap.add_argument("--no-pipeline", action="store_true", help="skip the offline bench pipeline run")
ap.add_argument("--timeout", type=int, default=1800, help="seconds per sync run")
ap.add_argument("--keep", action="store_true", help="keep each run's daemon data dir")
ap.add_argument("--port-base", type=int, default=30700)
ap.add_argument("--heap", default="1g", help="daemon -Xmx")
ap.add_argument("--idle", action="store_true")
ap.add_argument("--idle-seconds", type=int, default=60)
ap.add_argument("--jfr-summary", metavar="FILE", help="only print the top frames of a JFR recording")
a = ap.parse_args(sys.argv[3:])

CLK = os.sysconf("SC_CLK_TCK")
os.makedirs(a.dir, exist_ok=True)
results_file = os.path.join(a.dir, "results.jsonl")
procs = []


def log(*m):
    print("[bench-sync %s]" % time.strftime("%H:%M:%S"), *m, file=sys.stderr, flush=True)


def loadavg():
    return float(open("/proc/loadavg").read().split()[0])


def cpu_seconds(pid):
    try:
        f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) / CLK  # fields 14, 15: utime, stime
    except OSError:
        return None


def vm_hwm_mb(pid):
    try:
        for line in open("/proc/%d/status" % pid):
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None


def java(args, jvm, out, err=None):
    cmd = ["java"] + jvm + ["-jar", jar] + args
    p = subprocess.Popen(cmd, stdout=open(out, "w"), stderr=open(err or out + ".err", "w"),
                         start_new_session=True)
    procs.append(p)
    return p


def stop(p, grace=20):
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(grace)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    if p in procs:
        procs.remove(p)


def cleanup(*_):
    for p in list(procs):
        stop(p, 5)
    sys.exit(1)


signal.signal(signal.SIGINT, cleanup)
signal.signal(signal.SIGTERM, cleanup)


def wait_enode(p, out, timeout=120):
    end = time.time() + timeout
    while time.time() < end:
        if p.poll() is not None:
            raise SystemExit("producer exited (%s): see %s" % (p.returncode, out))
        with open(out) as f:
            line = f.readline().strip()
        if line.startswith("enode://"):
            return line
        time.sleep(0.2)
    raise SystemExit("no enode from producer within %d s: %s" % (timeout, out))


def status(port):
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d/status" % port, timeout=2) as r:
            return json.load(r)
    except Exception:
        return None


def heap_from_gc_log(path):
    """Largest heap occupancy seen by G1 (before a collection) and largest after one, in MB."""
    before = after = 0.0
    pat = re.compile(r"(\d+)M->(\d+)M\((\d+)M\)")
    try:
        for line in open(path):
            for m in pat.finditer(line):
                before = max(before, float(m.group(1)))
                after = max(after, float(m.group(2)))
    except OSError:
        pass
    return before, after


def devnet(profile, seed, blocks, block_time_ms, reuse=True):
    d = os.path.join(a.dir, "net-%s-s%d-n%d" % (profile, seed, blocks)) if reuse else \
        os.path.join(a.dir, "idle-net-%d" % int(time.time()))
    if reuse and os.path.exists(os.path.join(d, ".complete")):
        log("reusing devnet", d)
        return d, None
    shutil.rmtree(d, ignore_errors=True)
    log("generating devnet", d, "(%s, %d blocks)" % (profile, blocks))
    t = time.time()
    out = subprocess.run(["java", "-jar", jar, "devnet", "init", "--out", d, "--seed", str(seed),
                          "--block-time", str(block_time_ms), "--profile", profile,
                          "--prefill", str(blocks)], check=True, capture_output=True, text=True)
    gen = json.loads(out.stdout)
    gen["wallSeconds"] = round(time.time() - t, 1)
    open(os.path.join(d, ".complete"), "w").write(json.dumps(gen))
    return d, gen


def start_producers(net, k, run_dir, port0):
    ps, enodes = [], []
    for i in range(k):
        out = os.path.join(run_dir, "producer-%d.out" % (i + 1))
        p = java(["devnet", "serve", "--genesis", os.path.join(net, "genesis.json"),
                  "--port", str(port0 + i), "--listen-addr", "127.0.0.1",
                  "--data-dir", os.path.join(run_dir, "p%d" % (i + 1))], ["-Xmx1g"], out)
        ps.append(p)
    for i, p in enumerate(ps):
        enodes.append(wait_enode(p, os.path.join(run_dir, "producer-%d.out" % (i + 1))))
    return ps, enodes


def daemon(net, enodes, run_dir, port, status_port, extra_jvm=()):
    jvm = ["-Xmx" + a.heap, "-Xlog:gc:file=%s" % os.path.join(run_dir, "gc.log")] + list(extra_jvm)
    return java(["run", "--genesis", os.path.join(net, "genesis.json"),
                 "--static-peers", ",".join(enodes), "--no-discovery",
                 "--listen-addr", "127.0.0.1", "--port", str(port),
                 "--data-dir", os.path.join(run_dir, "follower"),
                 "--status-addr", "127.0.0.1:%d" % status_port, "--rpc-addr", "127.0.0.1:0",
                 "--start-block", "0"],
                jvm, os.path.join(run_dir, "daemon.out"))


def jfr_summary(path, top=25):
    """Top frames of the daemon's execution samples (leaf method, and leaf method per thread)."""
    try:
        out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", path],
                             check=True, capture_output=True, text=True).stdout
        events = json.loads(out)["recording"]["events"]
    except Exception as e:  # noqa: BLE001
        return {"error": str(e)}
    leaf, thread, incl = {}, {}, {}
    for ev in events:
        v = ev["values"]
        frames = (v.get("stackTrace") or {}).get("frames") or []
        tname = (v.get("sampledThread") or {}).get("javaName") or "?"
        tname = re.sub(r"-\d+$", "-N", tname)
        thread[tname] = thread.get(tname, 0) + 1
        if frames:
            m = frames[0]["method"]
            name = m["type"]["name"].replace("/", ".").split(".")[-1] + "." + m["name"]
            leaf[name] = leaf.get(name, 0) + 1
        seen = set()
        for fr in frames:
            m = fr["method"]
            t = m["type"]["name"].replace("/", ".")
            if (t.startswith("io.ethfollow") or t.startswith("org.rocksdb")) and "$$Lambda" not in t:
                name = t.split(".")[-1] + "." + m["name"]
                if name not in seen:
                    seen.add(name)
                    incl[name] = incl.get(name, 0) + 1
    n = max(1, len(events))
    def topn(d):
        return [[k, c, round(100.0 * c / n, 1)] for k, c in sorted(d.items(), key=lambda x: -x[1])[:top]]
    return {"samples": len(events), "byThread": topn(thread), "leafMethods": topn(leaf),
            "inclusiveProjectMethods": topn(incl)}


def sync_run(net, k):
    run_dir = os.path.join(a.dir, "run-%s-n%d-k%d-%d" % (a.profile, a.blocks, k, int(time.time())))
    os.makedirs(run_dir)
    load0 = loadavg()
    port0 = a.port_base + 10
    ps, enodes = start_producers(net, k, run_dir, port0)
    time.sleep(2)  # let the producers finish starting (store clone, JIT of the start-up path)
    pcpu0 = [cpu_seconds(p.pid) for p in ps]
    extra = []
    jfr = os.path.join(run_dir, "daemon.jfr")
    if a.jfr:
        extra = ["-XX:StartFlightRecording=filename=%s,settings=profile,dumponexit=true" % jfr]
    t0 = time.time()
    d = daemon(net, enodes, run_dir, a.port_base, a.port_base + 1, extra)
    t_target = t_first = t_done = None
    target = None
    last = None
    peak_hwm = 0
    while True:
        time.sleep(0.5)
        now = time.time()
        if d.poll() is not None:
            raise SystemExit("daemon exited (%s): see %s" % (d.returncode, run_dir))
        peak_hwm = max(peak_hwm, vm_hwm_mb(d.pid) or 0)
        s = status(a.port_base + 1)
        if s is None:
            continue
        last = s
        fs = s.get("fastSync") or {}
        if t_target is None and fs.get("target"):
            t_target, target = now, fs.get("target")
        ch = s.get("contiguousHead") or 0
        if t_first is None and ch > 0:
            t_first = now
        if ch >= a.blocks:
            t_done = now
            break
        if now - t0 > a.timeout:
            log("timeout; last status", json.dumps(s))
            break
    dcpu = cpu_seconds(d.pid)
    pcpu = sum((cpu_seconds(p.pid) or 0) - c0 for p, c0 in zip(ps, pcpu0))
    hwm = max(peak_hwm, vm_hwm_mb(d.pid) or 0)
    load1 = loadavg()
    stop(d)
    for p in ps:
        stop(p)
    heap_before, heap_after = heap_from_gc_log(os.path.join(run_dir, "gc.log"))
    wall = (t_done or time.time()) - t0
    res = {
        "kind": "sync", "profile": a.profile, "blocks": a.blocks, "producers": k,
        "jar": jar, "completed": t_done is not None,
        "wallSeconds": round(wall, 2),
        "targetAgreedAfterSec": round(t_target - t0, 2) if t_target else None,
        "fastSyncTarget": target,
        "firstBlockAfterSec": round(t_first - t0, 2) if t_first else None,
        "afterTargetSeconds": round(t_done - t_target, 2) if (t_done and t_target) else None,
        "blocksPerSec": round(a.blocks / wall, 1),
        "blocksPerSecAfterTarget": round(a.blocks / (t_done - t_target), 1) if (t_done and t_target) else None,
        "daemonCpuSeconds": round(dcpu or 0, 2),
        "producersCpuSeconds": round(pcpu, 2),
        "cpuSecondsPer1000Blocks": round(((dcpu or 0) + pcpu) * 1000 / a.blocks, 2),
        "daemonCpuSecondsPer1000Blocks": round((dcpu or 0) * 1000 / a.blocks, 2),
        "daemonPeakRssMB": hwm,
        "daemonHeapMax": a.heap,
        "daemonHeapPeakUsedMB": heap_before,
        "daemonHeapPeakAfterGcMB": heap_after,
        "storage": (last or {}).get("storage"),
        "load1Start": load0, "load1End": load1, "runDir": run_dir,
    }
    if a.jfr:
        time.sleep(1)
        res["jfr"] = jfr_summary(jfr)
    if not a.keep:
        shutil.rmtree(os.path.join(run_dir, "follower"), ignore_errors=True)
    for i in range(k):
        shutil.rmtree(os.path.join(run_dir, "p%d" % (i + 1)), ignore_errors=True)
    return res


def pipeline_run(net):
    out_dir = os.path.join(a.dir, "pipeline-%d" % int(time.time()))
    load0 = loadavg()
    t = time.time()
    r = subprocess.run(["java", "-Xmx" + a.heap, "-jar", jar, "bench", "pipeline", "--source",
                        os.path.join(net, "store"), "--data-dir", out_dir, "--from", "1",
                        "--to", str(a.blocks)], capture_output=True, text=True)
    shutil.rmtree(out_dir, ignore_errors=True)
    if r.returncode != 0:
        raise SystemExit("bench pipeline failed: " + r.stderr[-2000:])
    res = json.loads(r.stdout.strip().splitlines()[-1])
    res.update({"kind": "pipeline", "profile": a.profile, "jar": jar, "load1Start": load0,
                "load1End": loadavg(), "wallSeconds": round(time.time() - t, 2)})
    return res


def emit(res):
    line = json.dumps(res, sort_keys=False)
    print(line, flush=True)
    with open(results_file, "a") as f:
        f.write(line + "\n")


def idle_run():
    net, gen = devnet("small", a.seed, 100, 1000, reuse=False)
    run_dir = net + "-run"
    os.makedirs(run_dir)
    load0 = loadavg()
    ps, enodes = start_producers(net, 1, run_dir, a.port_base + 10)
    d = daemon(net, enodes, run_dir, a.port_base, a.port_base + 1)
    t0 = time.time()
    s = None
    while time.time() - t0 < 300:
        time.sleep(0.5)
        if d.poll() is not None:
            raise SystemExit("daemon exited (%s): see %s" % (d.returncode, run_dir))
        s = status(a.port_base + 1)
        if s and s.get("mode") == "follow" and s.get("lagBlocks") is not None and s["lagBlocks"] <= 2:
            break
    else:
        raise SystemExit("daemon not following after 300 s; last status %s" % json.dumps(s))
    time.sleep(5)  # settle: the catch-up's JIT and GC are not idle work
    s0 = status(a.port_base + 1)
    c0, p0, w0 = cpu_seconds(d.pid), cpu_seconds(ps[0].pid), time.time()
    max_lag = 0
    while time.time() - w0 < a.idle_seconds:
        time.sleep(1)
        s = status(a.port_base + 1) or {}
        max_lag = max(max_lag, s.get("lagBlocks") or 0)
    c1, p1, w1 = cpu_seconds(d.pid), cpu_seconds(ps[0].pid), time.time()
    s1 = status(a.port_base + 1)
    res = {"kind": "idle", "profile": "small", "blockTimeMs": 1000, "seconds": round(w1 - w0, 1),
           "blocksFollowed": (s1["contiguousHead"] - s0["contiguousHead"]) if (s0 and s1) else None,
           "maxLagBlocks": max_lag,
           "daemonCpuSeconds": round(c1 - c0, 2),
           "daemonCpuPercentOfOneCore": round(100 * (c1 - c0) / (w1 - w0), 2),
           "producerCpuPercentOfOneCore": round(100 * (p1 - p0) / (w1 - w0), 2),
           "daemonPeakRssMB": vm_hwm_mb(d.pid),
           "jar": jar, "load1Start": load0, "load1End": loadavg(), "runDir": run_dir}
    stop(d)
    stop(ps[0])
    shutil.rmtree(net, ignore_errors=True)
    shutil.rmtree(os.path.join(run_dir, "follower"), ignore_errors=True)
    shutil.rmtree(os.path.join(run_dir, "p1"), ignore_errors=True)
    return res


try:
    if a.jfr_summary:
        print(json.dumps(jfr_summary(a.jfr_summary), indent=1))
        sys.exit(0)
    if a.idle:
        r = idle_run()
        emit(r)
        print("\n| mode | seconds | blocks followed | max lag | daemon CPU % of one core | producer CPU % | load1 start/end |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        print("| follow, small, 1 s blocks | %s | %s | %s | %s | %s | %s / %s |" % (
            r["seconds"], r["blocksFollowed"], r["maxLagBlocks"], r["daemonCpuPercentOfOneCore"],
            r["producerCpuPercentOfOneCore"], r["load1Start"], r["load1End"]))
        sys.exit(0)
    net, gen = devnet(a.profile, a.seed, a.blocks, 3600000)
    if gen:
        gen.update({"kind": "generate", "load1": loadavg()})
        emit(gen)
    runs = []
    for k in [int(x) for x in a.producers.split()]:
        log("sync run: %d producer(s), %d blocks" % (k, a.blocks))
        r = sync_run(net, k)
        emit(r)
        runs.append(r)
    pipe = None
    if not a.no_pipeline:
        log("offline bench pipeline over the same blocks")
        pipe = pipeline_run(net)
        emit(pipe)
        for r in runs:
            r["ratioToOffline"] = round(r["blocksPerSec"] / pipe["blocksPerSec"], 2)
            if pipe.get("payloadBytes"):
                r["payloadMBps"] = round(pipe["payloadBytes"] / 1e6 / r["wallSeconds"], 1)
    print()
    print("| producers | wall s | target agreed at s | blocks/s | after target blocks/s | MB/s | ratio to offline "
          "| daemon CPU s | producers CPU s | CPU s per 1000 blocks | peak RSS MB | peak heap used MB (-Xmx%s) | load1 start/end |" % a.heap)
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in runs:
        print("| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s |" % (
            r["producers"], r["wallSeconds"] if r["completed"] else "timeout", r["targetAgreedAfterSec"],
            r["blocksPerSec"], r["blocksPerSecAfterTarget"], r.get("payloadMBps"), r.get("ratioToOffline"),
            r["daemonCpuSeconds"], r["producersCpuSeconds"], r["cpuSecondsPer1000Blocks"],
            r["daemonPeakRssMB"], r["daemonHeapPeakUsedMB"], r["load1Start"], r["load1End"]))
    if pipe:
        print("| offline `bench pipeline` | %s | - | %s | - | %s | 1 | %s (all) | - | %s | - | - | %s / %s |" % (
            pipe["seconds"], pipe["blocksPerSec"], pipe["payloadMBps"], pipe["cpuSeconds"],
            pipe["cpuSecondsPer1000Blocks"], pipe["load1Start"], pipe["load1End"]))
    for r in runs:
        if "jfr" in r:
            print("\nJFR, %d producer(s): %s" % (r["producers"], json.dumps(r["jfr"], indent=1)))
finally:
    for p in list(procs):
        stop(p, 5)
PY
