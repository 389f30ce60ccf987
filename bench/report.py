#!/usr/bin/python3
"""Turns the RESULT lines of bench/run.sh into medians, ratios, a target check, a Markdown
report and a PNG chart (drawn with gnuplot)."""

import argparse
import datetime
import os
import statistics
import subprocess
import sys

SYSTEMS = ["pykka", "fiber", "naive", "caf", "pykka-python", "python-pkg"]
LABELS = {
    "pykka": "pykka (C++)",
    "fiber": "pykka fiber runtime",
    "naive": "naive port",
    "caf": "CAF 0.17",
    "pykka-python": "Pykka 3.1 (Python)",
    "python-pkg": "pykka for Python",
}
# Scenarios where a smaller figure is better.
LOWER_IS_BETTER = {"memory", "memory_tuned", "idle_cpu"}
DESCRIPTIONS = {
    "tell": "1 sender → 1 actor, ints",
    "ask_thread": "plain thread blocks on each reply",
    "ask_actor": "actor asks actor, one at a time",
    "spawn": "start + 1 message + stop",
    "proxy": "a method called through a proxy, blocking on each future (Python only)",
    "stop_all": "stop_all of 10k idle actors, stops per second",
    "memory": "RSS growth per idle actor",
    "memory_tuned": "the same with GLIBC_TUNABLES=glibc.rtld.nns=1:glibc.rtld.optional_static_tls=0",
    "idle_cpu": "1000 idle actors, CPU over the window",
    "savina_pingpong": "Savina PingPong",
    "savina_counting": "Savina Counting",
    "savina_threadring": "Savina ThreadRing (1000 actors)",
    "savina_fj_throughput": "Savina Fork-Join throughput (60 actors)",
    "savina_fj_creation": "Savina Fork-Join creation",
    "savina_big": "Savina Big (100 actors)",
}
NOTES_MARKER = "<!-- Everything below this line is kept when bench/run.sh regenerates the file. -->"


def parse(path):
    samples, units, failures = {}, {}, []
    with open(path) as raw:
        for line in raw:
            fields = dict(part.split("=", 1) for part in line.split()[1:] if "=" in part)
            if line.startswith("FAILED"):
                failures.append((fields["scenario"], fields["system"]))
            elif line.startswith("RESULT"):
                key = (fields["scenario"], fields["system"])
                samples.setdefault(key, []).append(float(fields["value"]))
                units[fields["scenario"]] = fields["unit"]
    return samples, units, failures


def fmt(value):
    if value is None:
        return "–"
    magnitude = abs(value)
    if magnitude >= 1e6:
        return f"{value / 1e6:.2f} M"
    if magnitude >= 1e4:
        return f"{value / 1e3:.0f} k"
    if magnitude >= 1e3:
        return f"{value / 1e3:.1f} k"
    if magnitude >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def ratio(ours, theirs):
    if ours is None or theirs is None or theirs == 0:
        return None
    return ours / theirs


def fmt_ratio(value):
    return "–" if value is None else f"{value:.2f}×"


def targets(medians):
    def get(scenario, system):
        return medians.get((scenario, system))

    def check(name, value, goal, passed, shown):
        return (name, goal, shown if value is not None else "not measured",
                "–" if value is None else ("met" if passed(value) else "**missed**"))

    rows = []
    tell_caf = ratio(get("tell", "pykka"), get("tell", "caf"))
    rows.append(check("tell vs CAF", tell_caf, "≥ 2× CAF", lambda v: v >= 2, fmt_ratio(tell_caf)))
    ask_thread = get("ask_thread", "pykka")
    rows.append(check("ask from a plain thread", ask_thread, "≥ 1 M round trips/s",
                      lambda v: v >= 1e6, f"{fmt(ask_thread)} /s"))
    ask_actor = ratio(get("ask_actor", "pykka"), get("ask_actor", "caf"))
    rows.append(check("ask actor→actor vs CAF", ask_actor, "≥ 1× CAF", lambda v: v >= 1,
                      fmt_ratio(ask_actor)))
    spawn = ratio(get("spawn", "pykka"), get("spawn", "caf"))
    rows.append(check("spawn+stop vs CAF", spawn, "≥ 0.5× CAF", lambda v: v >= 0.5,
                      fmt_ratio(spawn)))
    memory = get("memory", "pykka")
    rows.append(check("RSS per idle actor", memory, "≤ 8 KiB", lambda v: v <= 8,
                      f"{fmt(memory)} KiB"))
    memory_tuned = get("memory_tuned", "pykka")
    rows.append(check("RSS per idle actor, glibc's static-TLS surplus off", memory_tuned,
                      "≤ 8 KiB", lambda v: v <= 8, f"{fmt(memory_tuned)} KiB"))
    tell_py = ratio(get("tell", "pykka"), get("tell", "pykka-python"))
    rows.append(check("tell vs Pykka", tell_py, "≥ 30× Pykka", lambda v: v >= 30,
                      fmt_ratio(tell_py)))
    ask_py = ratio(get("ask_thread", "pykka"), get("ask_thread", "pykka-python"))
    rows.append(check("ask vs Pykka", ask_py, "≥ 30× Pykka", lambda v: v >= 30,
                      fmt_ratio(ask_py)))
    idle = get("idle_cpu", "pykka")
    rows.append(check("1000 idle actors", idle, "< 1 % of a core", lambda v: v < 1,
                      f"{fmt(idle)} % of a core"))
    def ratio_targets(prefix, system, peer, peer_name, scenarios, at_least):
        for scenario in scenarios:
            value = ratio(get(scenario, system), get(scenario, peer))
            rows.append(check(f"{prefix}: {scenario} vs {peer_name}", value,
                              f"≥ {at_least}× {peer_name}", lambda v: v >= at_least,
                              fmt_ratio(value)))

    def memory_target(prefix, system, peer, peer_name, at_most):
        value = ratio(get("memory", system), get("memory", peer))
        rows.append(check(f"{prefix}: RSS per idle actor vs {peer_name}", value,
                          f"≤ {at_most}× {peer_name}", lambda v: v <= at_most,
                          f"{fmt_ratio(value)} ({fmt(get('memory', system))} KiB)"))

    # The fiber runtime's own targets, beside CAF.
    ratio_targets("fiber", "fiber", "caf", "CAF",
                  ["savina_pingpong", "savina_counting", "savina_threadring",
                   "savina_fj_throughput", "savina_fj_creation", "savina_big", "spawn", "tell"], 2)
    memory_target("fiber", "fiber", "caf", "CAF", 0.5)
    fiber_idle = get("idle_cpu", "fiber")
    rows.append(check("fiber: 1000 idle actors", fiber_idle, "≈ 0 % of a core (< 0.1)",
                      lambda v: v < 0.1, f"{fmt(fiber_idle)} % of a core"))
    fiber_ask = get("ask_thread", "fiber")
    rows.append(check("fiber: ask from a plain thread", fiber_ask, "≥ 1 M round trips/s",
                      lambda v: v >= 1e6, f"{fmt(fiber_ask)} /s"))
    # The Python package's own targets, beside Pykka: Pykka's scripts on both.
    ratio_targets("Python", "python-pkg", "pykka-python", "Pykka",
                  ["tell", "ask_thread", "proxy", "spawn"], 5)
    memory_target("Python", "python-pkg", "pykka-python", "Pykka", 1)
    return rows


def results_table(medians, samples, units):
    scenarios = [s for s in DESCRIPTIONS if any((s, system) in medians for system in SYSTEMS)]
    lines = ["| scenario | unit | " + " | ".join(LABELS[s] for s in SYSTEMS)
             + " | us ÷ naive | us ÷ CAF | fiber ÷ CAF | us ÷ Pykka | Python ÷ Pykka | runs |",
             "|---|---|" + "---:|" * (len(SYSTEMS) + 6)]
    for scenario in scenarios:
        ours = medians.get((scenario, "pykka"))
        unit = units.get(scenario, "")
        if scenario in LOWER_IS_BETTER:
            unit += " (lower is better)"
        cells = [fmt(medians.get((scenario, system))) for system in SYSTEMS]
        runs = max(len(samples.get((scenario, system), [])) for system in SYSTEMS)
        lines.append(f"| {scenario} — {DESCRIPTIONS[scenario]} | {unit} | " + " | ".join(cells)
                     + f" | {fmt_ratio(ratio(ours, medians.get((scenario, 'naive'))))}"
                     + f" | {fmt_ratio(ratio(ours, medians.get((scenario, 'caf'))))}"
                     + f" | {fmt_ratio(ratio(medians.get((scenario, 'fiber')), medians.get((scenario, 'caf'))))}"
                     + f" | {fmt_ratio(ratio(ours, medians.get((scenario, 'pykka-python'))))}"
                     + f" | {fmt_ratio(ratio(medians.get((scenario, 'python-pkg')), medians.get((scenario, 'pykka-python'))))}"
                     + f" | {runs} |")
    return lines


def ab_table(medians, samples):
    """This build beside a baseline build (bench/run.sh --baseline): medians and their ratio."""
    scenarios = [s for s in DESCRIPTIONS if (s, "baseline") in medians and (s, "pykka") in medians]
    if not scenarios:
        return []
    lines = ["| scenario | this build | baseline | this ÷ baseline | runs |", "|---|---:|---:|---:|---:|"]
    for scenario in scenarios:
        ours, base = medians[(scenario, "pykka")], medians[(scenario, "baseline")]
        runs = min(len(samples[(scenario, "pykka")]), len(samples[(scenario, "baseline")]))
        lines.append(f"| {scenario} | {fmt(ours)} | {fmt(base)} | {fmt_ratio(ratio(ours, base))}"
                     f" | {runs} |")
    return lines


def chart(medians, out_dir, work_dir):
    """Draws us÷naive, us÷CAF, us÷Pykka, fiber÷CAF and Python package÷Pykka per scenario (log
    scale) into out_dir/benchmarks.png."""
    data = os.path.join(work_dir, "chart.dat")
    peers = ["naive", "caf", "pykka-python"]
    with open(data, "w") as handle:
        for scenario in DESCRIPTIONS:
            ours = medians.get((scenario, "pykka"))
            ratios = [ratio(ours, medians.get((scenario, peer))) for peer in peers]
            ratios.append(ratio(medians.get((scenario, "fiber")), medians.get((scenario, "caf"))))
            ratios.append(ratio(medians.get((scenario, "python-pkg")),
                                medians.get((scenario, "pykka-python"))))
            if all(r is None for r in ratios):
                continue
            if scenario in LOWER_IS_BETTER:  # plot "how many times better" for every bar
                ratios = [None if r is None or r == 0 else 1 / r for r in ratios]
            label = scenario.replace("savina_", "S:").replace("_", "-")
            cells = " ".join("NaN" if r is None else f"{r:.6g}" for r in ratios)
            handle.write(f'"{label}" {cells}\n')
    png = os.path.join(out_dir, "benchmarks.png")
    script = f"""
set terminal pngcairo size 1100,520 font "sans,10"
set output "{png}"
set title "pykka (C++: threading and fiber runtimes; Python package) relative to its peers — higher is better"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set logscale y
set yrange [0.01:*]
set ylabel "ratio (memory and idle CPU inverted)"
set grid ytics
set xtics rotate by -30
set key outside top center horizontal
set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2 lc rgb "black"
plot "{data}" using 2:xtic(1) title "pykka ÷ naive port" lc rgb "#8c8c8c", \
     "" using 3 title "pykka ÷ CAF 0.17" lc rgb "#3b6ea8", \
     "" using 4 title "pykka ÷ Pykka (Python)" lc rgb "#e3a21a", \
     "" using 5 title "pykka fiber runtime ÷ CAF 0.17" lc rgb "#4f9a5b", \
     "" using 6 title "pykka for Python ÷ Pykka (Python)" lc rgb "#9b59b6"
"""
    try:
        subprocess.run(["gnuplot"], input=script, text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        print(f"report: no chart drawn ({error})", file=sys.stderr)
        return None
    return png


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--raw", required=True)
    parser.add_argument("--mode", default="full")
    parser.add_argument("--reps", default="?")
    parser.add_argument("--elapsed", default="?")
    parser.add_argument("--command", default="bench/run.sh")
    parser.add_argument("--machine", default="")
    parser.add_argument("--out")
    args = parser.parse_args()

    samples, units, failures = parse(args.raw)
    medians = {key: statistics.median(values) for key, values in samples.items()}
    target_rows = targets(medians)

    summary = ["| target | goal | measured | |", "|---|---|---|---|"]
    summary += [f"| {name} | {goal} | {shown} | {state} |"
                for name, goal, shown, state in target_rows]
    table = results_table(medians, samples, units)

    print()
    print(f"Benchmark summary ({args.mode}, median of {args.reps} interleaved runs, "
          f"{args.elapsed} s):")
    for line in table + [""] + summary:
        print(line)
    ab = ab_table(medians, samples)
    if ab:
        print("\nA/B against the baseline build (ratios near 1 are within noise):")
        for line in ab:
            print(line)
    for scenario, system in failures:
        print(f"FAILED: {scenario} on {system}")

    if not args.out:
        return 1 if failures else 0

    os.makedirs(args.out, exist_ok=True)
    png = chart(medians, args.out, os.path.dirname(os.path.abspath(args.raw)))
    path = os.path.join(args.out, "benchmarks.md")
    notes = ""
    if os.path.exists(path):
        with open(path) as old:
            text = old.read()
        if NOTES_MARKER in text:
            notes = text.split(NOTES_MARKER, 1)[1]
    today = datetime.date.today().isoformat()
    doc = [
        "# Benchmarks",
        "",
        f"Generated by `{args.command}` on {today} ({args.machine}); median of {args.reps} "
        f"repetitions, the systems interleaved within each repetition; {args.elapsed} s in all.",
        "Ratios are ours ÷ the peer's median, so above 1 means pykka is ahead for rates; for "
        "memory and idle CPU (lower is better) below 1 means pykka is ahead. The naive port is "
        "the same scenario code on pykka::NaiveActor, the deliberately simple runtime (a new "
        "thread per actor waiting on mutexes and condition variables; `src/runtime/naive/`): "
        "us ÷ naive is what the threading runtime's waiting and thread reuse buy. "
        "\"pykka for Python\" is this project's Python package running Pykka's own scripts "
        "(`bench/<scenario>/pykka.py`, unchanged) beside Debian's Pykka 3.1; Python ÷ Pykka "
        "compares the two.",
        "",
        "Reproduce (installs what it needs with apt, builds the `release` preset, runs everything):",
        "",
        "```sh",
        args.command,
        "```",
        "",
        "## Targets",
        "",
        *summary,
        "",
        "## Results",
        "",
        *table,
        "",
    ]
    if png:
        doc += [f"![pykka relative to CAF and Pykka]({os.path.basename(png)})", ""]
    if failures:
        doc += ["Runs that failed: " + ", ".join(f"{s} on {y}" for s, y in failures), ""]
    doc += [NOTES_MARKER]
    with open(path, "w") as handle:
        handle.write("\n".join(doc) + (notes if notes else "\n"))
    print(f"\nwrote {path}" + (f" and {png}" if png else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
