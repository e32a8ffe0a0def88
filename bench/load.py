"""Load test (issue 14, part 4): the public pages, the input form (GET and POST), the staff
workbench and overview, each against a bare Django view measured in the same run, with
gunicorn (3 workers) on 127.0.0.1 and locust headless, each scenario bounded in time.

    DATABASE_URL=postgres://…/db python -m bench.load [--process storby] [--seconds 15]

Fill the database first: `python -m bench.generate --inputs N` (a big process `storby` and
the Borgen demo beside it). Prints requests per second, p50 and p95 per request, and each
beside its bare view: throughput as a share of the bare view's, the median as a multiple.
Pages are compared with the bare HTML view, the POST with the bare view that inserts one row
and commits.
"""

import argparse

from bench import harness

SCENARIOS = [
    # (user class in bench/locustfile.py, the bare view it is compared with)
    ("BareHtml", None),
    ("BareInsert", None),
    ("PublicPages", "BareHtml"),
    ("InputFormGet", "BareHtml"),
    ("InputFormPost", "BareInsert"),
    ("StaffWorkbench", "BareHtml"),
    ("StaffOverview", "BareHtml"),
    ("SmallOverview", "BareHtml"),
]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    harness.common_arguments(parser)
    parser.add_argument(
        "--small-process",
        default="borgen",
        help="A small process in the same database, its overview measured too ('' to skip).",
    )
    parser.add_argument(
        "--only",
        help="Comma-separated scenarios (user classes) to run; the bare views always run.",
    )
    args = parser.parse_args()
    print(f"Machine: {harness.machine()}")
    env = harness.base_env(args.database_url)
    prepared = harness.prepare(env, args.process, also=args.small_process)
    chosen = set(args.only.split(",")) if args.only else None
    locust_env = {
        "BENCH_PROCESS": prepared["process"],
        "BENCH_SESSION_COOKIE": prepared["session_cookie"],
        "BENCH_CSRF_COOKIE_NAME": prepared["csrf_cookie_name"],
        "BENCH_TOKEN_SALT": prepared["token_salt"],
        "BENCH_SECRET_KEY": env["DJANGO_SECRET_KEY"],
        "BENCH_SMALL_PROCESS": args.small_process,
    }
    print(
        f"Database: {prepared['database']}; process {prepared['process']}; gunicorn "
        f"{args.workers} workers; {args.users} locust users; {args.seconds} s per scenario"
    )
    results: dict[str, list[harness.Measured]] = {}
    with harness.Server(env, workers=args.workers) as server:
        for user_class, _bare in SCENARIOS:
            if _bare is not None and chosen is not None and user_class not in chosen:
                continue
            if user_class == "SmallOverview" and not args.small_process:
                continue
            results[user_class] = harness.measure(server, user_class, args, locust_env)
            for measured in results[user_class]:
                print(f"  {measured.label}: {measured.rps:.1f} req/s", flush=True)
    rows = []
    for user_class, bare in SCENARIOS:
        for measured in results.get(user_class, []):
            rows.append((measured, results[bare][0] if bare and results.get(bare) else None))
    harness.print_table("Results (p50/p95 as the client saw them, over loopback)", rows)
    print(f"\nMachine after the run: {harness.machine()}")


if __name__ == "__main__":
    main()
