"""PostgreSQL restarted under load (issue 14, part 5), the long run: a throw-away cluster
(initdb/pg_ctl on a free port, never the shared server), gunicorn with 3 workers, CLIENTS
threads sending public input POSTs, and `pg_ctl restart -m fast` ROUNDS times while they
send. Prints the answers by status and checks that every input answered 200 is stored once.
The reduced version runs in CI: sammen/core/tests/test_database_restart.py.

    python -m bench.faults [--clients 6] [--rounds 3] [--seconds-between 5]
"""

import argparse
import os
import secrets
import sys
import threading
import time

from bench import harness

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    from sammen.core.tests import fault_load, pg_cluster

    parser = argparse.ArgumentParser(prog="python -m bench.faults", description=__doc__)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds-between", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    if reason := pg_cluster.unavailable():
        sys.exit(f"Cannot make a throw-away PostgreSQL cluster here: {reason}")
    print(f"Machine: {harness.machine()}")
    cluster = pg_cluster.Cluster()
    try:
        cluster.create()
        env = harness.base_env(cluster.url)
        env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
        fault_load.setup_database(env, "feiltest")
        log = fault_load.Log()
        stop, down = threading.Event(), threading.Event()
        with harness.Server(env, workers=args.workers, preload=True) as server:
            clients = [
                fault_load.InputClient(
                    n,
                    server.port,
                    "feiltest",
                    env["DJANGO_SECRET_KEY"],
                    "sammen.portal.input-form",
                    log,
                    stop,
                    down,
                )
                for n in range(args.clients)
            ]
            for client in clients:
                client.start()
            restarts = []
            for _round in range(args.rounds):
                stop.wait(args.seconds_between)  # load between restarts, by design
                down.set()
                started = time.monotonic()
                cluster.restart("fast")
                restarts.append(time.monotonic() - started)
                down.clear()
            stop.wait(args.seconds_between)
            stop.set()
            for client in clients:
                client.join(timeout=70)
        statuses = fault_load.summary(log)
        texts = log.stored_texts()
        stored = fault_load.stored_counts(cluster.url, texts)
        lost = [text for text in texts if stored.get(text, 0) == 0]
        doubled = [text for text, count in stored.items() if count > 1]
        bad_503 = [
            a for a in log.answers if a.status == 503 and not (a.retry_after or "").isdigit()
        ]
        print(f"Restarts (pg_ctl restart -m fast): {', '.join(f'{s:.2f} s' for s in restarts)}")
        print(f"Answers by status: {dict(sorted(statuses.items()))}")
        print(f"Inputs answered 200: {len(texts)}; stored: {sum(stored.values())}")
        print(
            f"Lost: {len(lost)}; stored twice: {len(doubled)}; 503 without Retry-After: "
            f"{len(bad_503)}"
        )
        ok = not lost and not doubled and not bad_503 and set(statuses) <= {200, 503}
        print("PASS" if ok else "FAIL")
        sys.exit(0 if ok else 1)
    finally:
        cluster.destroy()


if __name__ == "__main__":
    main()
