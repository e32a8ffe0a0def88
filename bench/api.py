"""Load test of the REST API's list endpoints (issue 15): `/api/v1/processes/` and a page of
50 inputs of the big process (and the page after it, through the cursor), against a bare
Django JSON view in the same run. Target: ≥ 0.5× the bare JSON view's throughput for a page
of 50 inputs.

    DATABASE_URL=postgres://…/db python -m bench.api [--process storby] [--seconds 15]

Same harness as bench/load.py (gunicorn with 3 workers, locust headless on 127.0.0.1).
"""

import argparse
import json

from bench import harness

SCENARIOS = [("BareJson", None), ("ApiProcesses", "BareJson"), ("ApiInputs", "BareJson")]


def check_api(server: harness.Server, process: str) -> None:
    """Stop with a clear message when this build has no API (before any load is spent)."""
    status, body = server.get("/api/v1/processes/")
    if status == 404:
        raise SystemExit(
            "The REST API is not in this build: GET /api/v1/processes/ answered 404. "
            "bench/api.py measures the API of issue 15; run it on a branch that has it."
        )
    if status != 200:
        raise SystemExit(f"GET /api/v1/processes/ answered {status}: {body[:300]!r}")
    status, body = server.get(f"/api/v1/processes/{process}/inputs?limit=50")
    if status != 200:
        raise SystemExit(
            f"GET /api/v1/processes/{process}/inputs?limit=50 answered {status}: {body[:300]!r}"
        )
    page = json.loads(body)
    if not isinstance(page, dict) or "items" not in page:
        raise SystemExit(f"The inputs list is not {{'items': [...], 'next': …}}: {body[:300]!r}")
    print(f"API: {len(page['items'])} inputs on the first page; next: {page.get('next')!r:.60}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.api", description=__doc__)
    harness.common_arguments(parser)
    args = parser.parse_args()
    print(f"Machine: {harness.machine()}")
    env = harness.base_env(args.database_url)
    prepared = harness.prepare(env, args.process)
    locust_env = {"BENCH_PROCESS": prepared["process"]}
    print(
        f"Database: {prepared['database']}; process {prepared['process']}; gunicorn "
        f"{args.workers} workers; {args.users} locust users; {args.seconds} s per scenario"
    )
    results: dict[str, list[harness.Measured]] = {}
    with harness.Server(env, workers=args.workers) as server:
        check_api(server, prepared["process"])
        for user_class, _bare in SCENARIOS:
            results[user_class] = harness.measure(server, user_class, args, locust_env)
    rows = []
    for user_class, bare in SCENARIOS:
        for measured in results.get(user_class, []):
            rows.append((measured, results[bare][0] if bare and results.get(bare) else None))
    harness.print_table("Results (target: inputs, 50 ≥ 0.5 × bare JSON req/s)", rows)
    print(f"\nMachine after the run: {harness.machine()}")


if __name__ == "__main__":
    main()
