#!/usr/bin/env python
"""Benchmark: near-duplicate groups (sammen.analysis.minhash, MinHash-LSH in NumPy).

    python -m bench.duplicates                       # both parts, 1,000,000 inputs
    python -m bench.duplicates --austria DIR --inputs 0
    python -m bench.duplicates --inputs 200000 --seed 3

Quality, on the Austrian climate council's comments (every *.comments.csv in DIR, accepted
and moderated-out ones together): the truth is (a) the data's own exact repeats, comments
whose text equals another's, and (b) paraphrased campaign copies injected here (a seed
comment copied 2–20 times, each copy changed by 1–3 edits: two neighbouring words swapped,
punctuation added, removed or changed, a word inserted or dropped, the case changed). Two
texts belong together when they are copies of one text or of one seed. Precision and recall
are counted over pairs of texts; pairs found that the truth does not know (the data's own
near-repeats, for a start) are counted against precision, and some are printed so a reader
can judge them.

Scale: N synthetic Norwegian inputs generated in memory (random sentences over a generated
vocabulary, 3 % of them campaign copies with the same edits), run through the pipeline with
the time of each step, peak memory and precision/recall against the planted campaigns.
Prints the machine; the last line is a JSON object. Not a test: it asserts nothing.
"""

import argparse
import csv
import json
import os
import platform
import random
import resource
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.import_xlsx import cpu_model  # noqa: E402
from sammen.analysis import minhash  # noqa: E402

# ../shared beside the main checkout, or two levels up from a worktree.
AUSTRIA = next(
    (
        path
        for path in (
            ROOT.parent / "shared" / "data" / "austria-klimarat",
            ROOT.parent.parent / "shared" / "data" / "austria-klimarat",
        )
        if path.exists()
    ),
    ROOT.parent / "shared" / "data" / "austria-klimarat",
)
INSERTS = {
    "de": ["bitte", "unbedingt", "auch", "sehr", "jetzt", "endlich", "dringend", "wirklich"],
    "nb": ["gjerne", "veldig", "også", "nå", "snart", "faktisk", "virkelig", "helst"],
}


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> str:
    import scipy

    return (
        f"machine: {cpu_model()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; "
        f"Python {platform.python_version()}, NumPy {np.__version__}, SciPy {scipy.__version__}"
    )


def perturb(text: str, rng: random.Random, language: str) -> str:
    """A campaign copy: the text with 1–3 small edits, as people change a shared text."""
    words = text.split()
    for _ in range(rng.randint(1, 3)):
        edit = rng.choice(["swap", "punctuation", "insert", "drop", "case"])
        if edit == "swap" and len(words) > 2:
            i = rng.randrange(len(words) - 1)
            words[i], words[i + 1] = words[i + 1], words[i]
        elif edit == "punctuation" and words:
            i = rng.randrange(len(words))
            stripped = words[i].rstrip(".,!?;:")
            words[i] = stripped + rng.choice(["", "!", "!!", ".", ",", " –", "?"])
        elif edit == "insert":
            words.insert(rng.randrange(len(words) + 1), rng.choice(INSERTS[language]))
        elif edit == "drop" and len(words) > 6:
            del words[rng.randrange(len(words))]
        elif edit == "case":
            words = [w.upper() for w in words] if rng.random() < 0.3 else [w.lower() for w in words]
    return " ".join(words)


def pairs_of(groups: list[list[int]]) -> set[tuple[int, int]]:
    return {pair for group in groups for pair in combinations(sorted(group), 2)}


def score(found: set, truth: set) -> tuple[float, float]:
    hits = len(found & truth)
    return (hits / len(found) if found else 1.0, hits / len(truth) if truth else 1.0)


def austria(directory: Path, campaigns: int, rng: random.Random) -> dict:
    files = sorted(directory.glob("*.comments.csv"))
    if not files:
        sys.exit(f"{directory}: no *.comments.csv")
    texts = []
    for path in files:
        with path.open(newline="", encoding="utf-8") as handle:
            texts += [row["comment-body"] for row in csv.DictReader(handle)]
    natural = len(texts)
    by_text = defaultdict(list)
    for i, text in enumerate(texts):
        by_text[text].append(i)
    exact_truth = pairs_of([ids for ids in by_text.values() if len(ids) > 1])
    repeats = sum(len(ids) - 1 for ids in by_text.values())
    # Seeds: distinct comments of at least 8 words, each the head of one campaign.
    candidates = [ids[0] for text, ids in by_text.items() if len(text.split()) >= 8]
    families = []
    for seed in rng.sample(candidates, campaigns):
        family = list(by_text[texts[seed]])
        for _ in range(rng.randint(2, 20)):
            family.append(len(texts))
            texts.append(perturb(texts[seed], rng, "de"))
        families.append(family)
    near_truth = pairs_of(families) - exact_truth
    truth = exact_truth | near_truth
    timings: dict = {}
    groups = minhash.near_duplicate_groups(texts, timings=timings)
    found = pairs_of([group.members for group in groups])
    precision, recall = score(found, truth)
    exact_found = len(found & exact_truth) / len(exact_truth)
    near_found = len(found & near_truth) / len(near_truth)
    repeats_grouped = sum(
        len(ids) - 1
        for ids in by_text.values()
        if len(ids) > 1 and all((ids[0], i) in found for i in ids[1:])
    )
    unknown = sorted(found - truth)
    natural_unknown = [(a, b) for a, b in unknown if a < natural and b < natural]
    # Those of them not alike themselves, only joined through others (a chain A~B~C).
    direct = minhash.jaccard(texts, np.array(natural_unknown).reshape(-1, 2))
    chained = int((direct < minhash.THRESHOLD).sum())
    print(
        f"Austria: {natural} comments ({len(files)} topics), {repeats} exact repeats; "
        f"{len(texts) - natural} campaign copies injected in {campaigns} campaigns"
    )
    print(f"  groups found: {len(groups)}; pairs found {len(found)}, in the truth {len(truth)}")
    print(f"  precision (pairs) {precision:.3f}, recall (pairs) {recall:.3f}")
    print(
        f"  exact repeats: recall {exact_found:.3f} of {len(exact_truth)} pairs; "
        f"{repeats_grouped} of {repeats} repeats grouped with their original"
    )
    print(f"  paraphrased campaign copies: recall {near_found:.3f} of {len(near_truth)} pairs")
    print(
        f"  pairs found outside the truth: {len(unknown)}, {len(natural_unknown)} of them "
        f"between the data's own comments ({chained} of those only through a chain, their "
        "own Jaccard below the threshold); a sample:"
    )
    for a, b in rng.sample(natural_unknown, min(5, len(natural_unknown))):
        print(f"    · {texts[a][:90]!r}\n      {texts[b][:90]!r}")
    print(f"  seconds: {timings}")
    return {
        "austria_precision": round(precision, 4),
        "austria_recall": round(recall, 4),
        "austria_exact_recall": round(exact_found, 4),
        "austria_near_recall": round(near_found, 4),
        "austria_pairs_outside_truth": len(unknown),
        "austria_natural_pairs_outside_truth": len(natural_unknown),
        "austria_chained_pairs": chained,
    }


_SYLLABLES = (
    "ben bu lys vei park sko le barn hus gat tor skog vann sti plass bil sykk tog brygg "
    "fjord berg dal strand kirk hall bad is snø lek fot ball mål bok kaf tre blom eng hav "
    "bro tunn kjøp torv marka nord sør øst vest hav lund haug myr elv bekk"
)
SYLLABLES = _SYLLABLES.split()
ENDINGS = ["", "en", "er", "ene", "et", "a", "ane", "ar", "e", "ing", "ingen"]
_FUNCTION_WORDS = "vi og i på til for med at det er som en et ikke må bør kan skal"
FUNCTION_WORDS = _FUNCTION_WORDS.split()


def synthetic(n: int, rng: np.random.Generator) -> tuple[list[str], list[list[int]]]:
    """n Norwegian-looking inputs, 3 % of them copies in campaigns of 5–200."""
    stems = {a + b for a in SYLLABLES for b in SYLLABLES} | set(SYLLABLES)
    vocabulary = np.array(sorted({s + e for s in stems for e in ENDINGS} | set(FUNCTION_WORDS)))
    # Zipf-like use of words, as in real text.
    weights = 1 / np.arange(1, len(vocabulary) + 1) ** 0.9
    rng.shuffle(vocabulary)
    weights /= weights.sum()
    texts = []
    # In parts, so that generating does not use more memory than the texts themselves.
    for begin in range(0, n, 50_000):
        lengths = rng.integers(4, 30, size=min(50_000, n - begin))
        words = rng.choice(vocabulary, size=int(lengths.sum()), p=weights)
        cuts = np.cumsum(lengths)[:-1]
        texts += [" ".join(part) + "." for part in np.split(words, cuts)]
    copies = int(n * 0.03)
    families = []
    plain = random.Random(int(rng.integers(1 << 30)))
    order = rng.permutation(n)
    used = 0
    while used < copies:
        size = min(int(rng.integers(5, 200)), copies - used + 1)
        members = order[used : used + size].tolist()
        seed = texts[members[0]]
        for i in members[1:]:
            texts[i] = perturb(seed, plain, "nb")
        families.append(members)
        used += size
    return texts, families


def scale(n: int, rng: np.random.Generator) -> dict:
    start = time.perf_counter()
    texts, families = synthetic(n, rng)
    generated = time.perf_counter() - start
    before = peak_mib()
    chars = sum(map(len, texts))
    timings: dict = {}
    start, cpu = time.perf_counter(), time.process_time()
    groups = minhash.near_duplicate_groups(texts, timings=timings)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    truth = {i: f for f, members in enumerate(families) for i in members}
    # Pairs would be too many to list for big campaigns: count them per found group.
    found_pairs = true_pairs = 0
    for group in groups:
        labels = defaultdict(int)
        for i in group.members:
            labels[truth.get(i, -1 - i)] += 1
        found_pairs += len(group.members) * (len(group.members) - 1) // 2
        true_pairs += sum(k * (k - 1) // 2 for label, k in labels.items() if label >= 0)
    all_true = sum(len(m) * (len(m) - 1) // 2 for m in families)
    precision = true_pairs / found_pairs if found_pairs else 1.0
    recall = true_pairs / all_true if all_true else 1.0
    print(
        f"Scale: {n:,} synthetic inputs ({chars / n:.0f} characters on average, generated in "
        f"{generated:.0f} s), {sum(map(len, families)):,} of them in {len(families)} campaigns"
    )
    print(
        f"  near-duplicate groups: {seconds:.1f} s ({seconds / 60:.1f} min; target ≤ 10 min), "
        f"CPU {cpu:.1f} s, load {os.getloadavg()[0]:.1f}; "
        + ", ".join(
            f"{k} {v:.1f} s" if isinstance(v, float) else f"{k} {v:,}" for k, v in timings.items()
        )
    )
    print(
        f"  peak memory: {peak_mib():,.0f} MiB (the texts and the generator alone: "
        f"{before:,.0f} MiB)"
    )
    print(f"  {len(groups):,} groups; precision (pairs) {precision:.4f}, recall {recall:.4f}")
    return {
        "inputs": n,
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu, 1),
        "peak_mib": round(peak_mib()),
        "peak_mib_before": round(before),
        "scale_precision": round(precision, 4),
        "scale_recall": round(recall, 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--austria", type=Path, default=AUSTRIA)
    parser.add_argument("--campaigns", type=int, default=60)
    parser.add_argument("--inputs", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(machine())
    print(
        f"MinHash-LSH: {minhash.SHINGLE}-byte shingles, {minhash.BANDS} bands × "
        f"{minhash.ROWS} rows, Jaccard ≥ {minhash.THRESHOLD}"
    )
    result = {}
    if args.austria and args.austria.exists():
        result |= austria(args.austria, args.campaigns, random.Random(args.seed))
    else:
        print(f"{args.austria}: not found, quality on the Austrian data skipped")
    if args.inputs:
        result |= scale(args.inputs, np.random.default_rng(args.seed))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
