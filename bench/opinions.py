#!/usr/bin/env python
"""Benchmark: opinion groups (sammen.opinions.analysis) against Pol.is, and at scale.

    python -m bench.opinions --polis DIR                    # a Pol.is open-data conversation
    python -m bench.opinions --polis DIR --window 30        # replayed one run per 30 s of votes
    python -m bench.opinions --synthetic 33422x783x2000000  # participants x statements x votes
    python -m bench.opinions --synthetic 1000000x20000x50000000

--polis reads comments.csv, votes.csv and participants-votes.csv, keeps each participant's
latest vote per statement, treats statements moderated out (moderated = -1) as Pol.is does,
and compares sammen's groups with Pol.is' own group-id: the adjusted Rand index over the
participants Pol.is grouped, those sammen leaves ungrouped counted as one extra label.
--synthetic generates votes with planted opinion groups and times a full recompute (groups,
representative, consensus and divisive statements), with the ARI against the planted groups
over the participants with enough votes. Both print the machine and peak memory; the last
line is a JSON object. Not a test: it prints figures and asserts nothing.
"""

import argparse
import csv
import json
import os
import platform
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.import_xlsx import cpu_model  # noqa: E402
from sammen.opinions import analysis  # noqa: E402
from sammen.opinions.analysis import WarmStart, analyse  # noqa: E402

# Pol.is' mathematics changed in October 2017 (missing votes imputed by the statement's mean
# instead of 0; moderated-out statements no longer counted as votes when deciding who is in);
# in December 2017 base clusters went from 20 to 10 k-means steps a run.
OCTOBER_2017 = 1508630400000  # 2017-10-22 00:00 UTC, ms
NOVEMBER_2017 = 1509494400000  # 2017-11-01
DECEMBER_2017 = 1512777600000  # 2017-12-09


def polis_math_at(timestamp_ms: int) -> analysis.PolisMath:
    """The Pol.is version that ran at a time (from compdemocracy/polis' history)."""
    if timestamp_ms < OCTOBER_2017:
        return analysis.POLIS_2017_04
    if timestamp_ms < NOVEMBER_2017:
        return analysis.POLIS_2017_10
    if timestamp_ms < DECEMBER_2017:
        return replace(analysis.POLIS_2017_12, base_iters=analysis.GROUP_ITERS)
    return analysis.POLIS_2017_12


def restarted(previous):
    """The state a restarted Pol.is math server starts from: base clusters, axes and who is
    in are loaded from the database; the groups per k and the k smoother are not."""
    if previous is None or previous.warm is None:
        return previous
    warm = previous.warm
    return replace(previous, warm=WarmStart(warm.base_of, {}, 0, 0, 0, components=warm.components))


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> str:
    import scipy
    import sklearn

    load = os.getloadavg()[0]
    return (
        f"machine: {cpu_model()}, {os.cpu_count()} cores, load {load:.1f}; Python "
        f"{platform.python_version()}, NumPy {np.__version__}, SciPy {scipy.__version__}, "
        f"scikit-learn {sklearn.__version__}"
    )


def sizes(result) -> str:
    return ", ".join(str(len(g.members)) for g in result.groups)


def read_csv(path: Path, required: list[str]) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            sys.exit(f"{path}: missing column(s) {', '.join(missing)}")
        return list(reader)


def read_polis(directory: Path):
    """Every vote in time order (participant row, statement column, vote), the statements
    moderated out, Pol.is' group per participant row (-1 none) and the matrix shape."""
    comments = read_csv(directory / "comments.csv", ["comment-id", "moderated"])
    votes = read_csv(directory / "votes.csv", ["timestamp", "comment-id", "voter-id", "vote"])
    groups = read_csv(directory / "participants-votes.csv", ["participant", "group-id"])
    statement_ids = sorted({int(c["comment-id"]) for c in comments})
    column = {sid: i for i, sid in enumerate(statement_ids)}
    voter_ids = sorted(
        {int(v["voter-id"]) for v in votes} | {int(g["participant"]) for g in groups}
    )
    row = {pid: i for i, pid in enumerate(voter_ids)}
    table = np.empty((len(votes), 4), dtype=np.int64)
    for n, v in enumerate(votes):
        sid = int(v["comment-id"])
        if sid not in column:
            sys.exit(f"votes.csv line {n + 2}: comment-id {sid} is not in comments.csv")
        vote = int(v["vote"])
        if vote not in (-1, 0, 1):
            sys.exit(f"votes.csv line {n + 2}: vote {vote} is not -1, 0 or 1")
        table[n] = (int(v["timestamp"]), row[int(v["voter-id"])], column[sid], vote)
    table = table[np.argsort(table[:, 0], kind="stable")]
    moderated_out = [column[int(c["comment-id"])] for c in comments if c["moderated"] == "-1"]
    polis_group = np.full(len(voter_ids), -1, dtype=np.int64)
    for g in groups:
        if g["group-id"] != "":
            polis_group[row[int(g["participant"])]] = int(g["group-id"])
    shape = (len(voter_ids), len(statement_ids))
    return table[:, 1:], moderated_out, polis_group, shape, table[:, 0]


def latest(ordered: np.ndarray, n_statements: int):
    """The latest vote per (participant, statement) among votes in time order."""
    key = ordered[:, 0] * n_statements + ordered[:, 1]
    _, last_from_end = np.unique(key[::-1], return_index=True)
    keep = np.sort(len(key) - 1 - last_from_end)
    return ordered[keep, 0], ordered[keep, 1], ordered[keep, 2]


def window_cuts(times: np.ndarray, seconds: float) -> np.ndarray:
    """Where each update ends when, as Pol.is' poller does, an update starts at the first vote
    after the last update's window and takes every vote cast within `seconds` of it."""
    cuts, end = [], None
    for i, t in enumerate(times.tolist()):
        if end is None or t > end:
            if i:
                cuts.append(i)
            end = t + seconds * 1000
    cuts.append(len(times))
    return np.asarray(cuts)


def run_polis(directory: Path, replay: int, window: float | None, restart: bool) -> None:
    from sklearn.metrics import adjusted_rand_score

    ordered, moderated_out, polis_group, (n_p, n_s), times = read_polis(directory)
    # Pol.is recomputes as votes arrive and each run starts from the last one's clusters;
    # replay that, one run per window of `window` seconds from the votes' timestamps, or
    # at `replay` points in time (geometric in the number of votes), with the Pol.is version
    # that computed the export (the one running at the last vote). Then the full recompute
    # that is timed: as after a restart of Pol.is' math server (it re-reads the last 10 days'
    # votes when it starts, and restarts at least daily), groups per k and the k smoother
    # forgotten, unless restart is False.
    polis = polis_math_at(int(times[-1]))
    if window is not None:
        cuts = window_cuts(times, window)
    else:
        cuts = np.unique(
            np.geomspace(min(100, len(ordered)), len(ordered), max(replay, 1)).astype(int)
        )
    previous = None
    started = time.perf_counter()
    for cut in cuts[:-1] if not restart else cuts:
        rows, cols, values = latest(ordered[:cut], n_s)
        previous = analyse(
            rows, cols, values, n_participants=n_p, n_statements=n_s,
            moderated_out=moderated_out, previous=previous, polis=polis,
        )  # fmt: skip
    replayed = time.perf_counter() - started
    if restart:
        previous = restarted(previous)
    rows, cols, values = latest(ordered, n_s)
    started = time.perf_counter()
    result = analyse(
        rows, cols, values, n_participants=n_p, n_statements=n_s,
        moderated_out=moderated_out, previous=previous, polis=polis,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    grouped = polis_group >= 0
    ours = result.group_of[grouped]
    ari = adjusted_rand_score(polis_group[grouped], ours)
    ungrouped = int((ours < 0).sum())
    print(machine())
    print(f"conversation: {directory.name}: {n_p} participants, {n_s} statements, ", end="")
    print(f"{len(values)} votes ({len(ordered)} before keeping the latest per statement)")
    print(
        f"groups: sammen {len(result.groups)} ({sizes(result)}), "
        f"Pol.is {len(np.unique(polis_group[grouped]))} "
        f"({', '.join(str(int(c)) for c in np.bincount(polis_group[grouped]))})"
    )
    print(
        f"ARI over the {int(grouped.sum())} participants Pol.is grouped: {ari:.3f}; "
        f"of them sammen leaves {ungrouped} ungrouped"
    )
    print(
        f"seconds: {seconds:.3f} for the full recompute{' after a restart' if restart else ''}, "
        f"after {len(cuts) - (0 if restart else 1)} earlier runs "
        f"({'windows of ' + str(window) + ' s' if window is not None else 'geometric'}) "
        f"replayed in {replayed:.1f} s; peak memory {peak_mib():.0f} MiB"
    )
    print(
        json.dumps(
            {
                "ari": round(float(ari), 4),
                "groups": len(result.groups),
                "participants": int(grouped.sum()),
                "ungrouped": ungrouped,
                "seconds": round(seconds, 3),
            }
        )
    )


def synthetic(n_p: int, n_s: int, n_v: int, seed: int = 1, n_groups: int = 3):
    """Votes with planted groups: each participant votes on distinct random statements."""
    rng = np.random.default_rng(seed)
    planted = rng.choice(
        n_groups, size=n_p, p=[0.5, 0.3, 0.2][:n_groups] if n_groups == 3 else None
    )
    # Votes per participant: heavy-tailed like real conversations, at least 1, at most n_s.
    counts = np.minimum(np.maximum(rng.exponential(n_v / n_p, n_p).astype(np.int64), 1), n_s)
    diff = n_v - int(counts.sum())
    while diff != 0:  # nudge to exactly n_v votes
        pick = rng.integers(0, n_p, min(abs(diff), n_p))
        if diff > 0:
            room = counts[pick] < n_s
            counts[pick[room]] += 1
        else:
            room = counts[pick] > 1
            counts[pick[room]] -= 1
        diff = n_v - int(counts.sum())
    rows = np.repeat(np.arange(n_p, dtype=np.int32), counts)
    # Distinct statements per participant: an arithmetic walk with a step coprime to n_s,
    # through a random permutation of the statements.
    steps = np.array([s for s in range(1, min(n_s, 5000)) if np.gcd(s, n_s) == 1], dtype=np.int64)
    start = rng.integers(0, n_s, n_p)
    step = steps[rng.integers(0, len(steps), n_p)]
    offsets = np.arange(n_v, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    walk = (np.repeat(start, counts) + offsets * np.repeat(step, counts)) % n_s
    del offsets
    cols = rng.permutation(n_s).astype(np.int32)[walk]
    del walk
    # Each statement: 30 % consensus (every group agrees 80 %), else each group leans its own way.
    consensus = rng.random(n_s) < 0.3
    lean = rng.choice([-1.0, 1.0], size=(n_groups, n_s))
    lean[:, consensus] = 1.0
    p_agree = np.where(lean > 0, 0.75, 0.12).astype(np.float32)
    p_disagree = np.where(lean > 0, 0.12, 0.75).astype(np.float32)
    g = planted[rows].astype(np.int8)
    u = rng.random(n_v, dtype=np.float32)
    a = p_agree[g, cols]
    values = np.zeros(n_v, dtype=np.int8)
    values[u < a] = 1
    values[(u >= a) & (u < a + p_disagree[g, cols])] = -1
    del u, a, g
    return rows, cols, values, planted


def run_synthetic(shape: str) -> None:
    from sklearn.metrics import adjusted_rand_score

    try:
        n_p, n_s, n_v = (int(x) for x in shape.lower().split("x"))
    except ValueError:
        sys.exit("--synthetic wants PARTICIPANTSxSTATEMENTSxVOTES, e.g. 33422x783x2000000")
    if n_v > n_p * n_s:
        sys.exit("more votes than cells")
    started = time.perf_counter()
    rows, cols, values, planted = synthetic(n_p, n_s, n_v)
    generated = time.perf_counter() - started
    peak_generated = peak_mib()
    started = time.perf_counter()
    result = analyse(rows, cols, values, n_participants=n_p, n_statements=n_s)
    seconds = time.perf_counter() - started
    placed = result.in_conversation
    ari = adjusted_rand_score(planted[placed], result.group_of[placed])
    print(machine())
    print(
        f"synthetic: {n_p:,} participants x {n_s:,} statements, {n_v:,} votes, "
        f"{len(np.unique(planted))} planted groups; generated in {generated:.1f} s "
        f"(peak {peak_generated:.0f} MiB)"
    )
    print(
        f"placed: {int(placed.sum()):,} participants with enough votes; groups "
        f"{len(result.groups)} ({', '.join(str(len(g.members)) for g in result.groups)}); "
        f"ARI against the planted groups {ari:.3f}"
    )
    print(
        f"representative per group: {[len(g.representative) for g in result.groups]}; "
        f"consensus {len(result.consensus)}, divisive {len(result.divisive)}"
    )
    print(f"full recompute: {seconds:.2f} s; peak memory {peak_mib():.0f} MiB (whole process)")
    print(
        json.dumps(
            {
                "ari": round(float(ari), 4),
                "groups": len(result.groups),
                "participants": int(placed.sum()),
                "seconds": round(seconds, 2),
                "peak_mib": round(peak_mib()),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--polis", type=Path, metavar="DIR")
    what.add_argument("--synthetic", metavar="PxSxV")
    parser.add_argument(
        "--replay",
        type=int,
        default=30,
        help="--polis: earlier runs to replay as votes arrived (1: none), default 30",
    )
    parser.add_argument(
        "--window",
        type=float,
        metavar="SECONDS",
        help="--polis: replay one run per window of SECONDS from the votes' timestamps "
        "(Pol.is' poller) instead of --replay",
    )
    parser.add_argument(
        "--no-restart",
        action="store_true",
        help="--polis: the last run continues the one before (no restart of Pol.is' server "
        "after the last vote)",
    )
    args = parser.parse_args()
    if args.polis:
        run_polis(args.polis, args.replay, args.window, not args.no_restart)
    else:
        run_synthetic(args.synthetic)


if __name__ == "__main__":
    main()
