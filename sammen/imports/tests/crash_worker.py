"""`manage.py worker` with a hook for the crash tests: inside the import's chunk number
CRASH_AT_CHUNK, after its inputs are inserted and before they are committed, it writes
CRASH_MARKER and hangs until it is killed (CRASH_MODE=hang, the default) or, with
CRASH_MODE=until-stop, until the worker is asked to stop (a SIGTERM), then goes on."""

import os
import sys
import threading

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from config import startup

    startup.prepare()
    django.setup()
    from django.core.management import call_command

    from sammen.core import tasks_runtime
    from sammen.imports import pipeline

    real = pipeline._insert_inputs
    at = int(os.environ["CRASH_AT_CHUNK"])
    marker = os.environ["CRASH_MARKER"]
    chunks = [0]
    until_stop = os.environ.get("CRASH_MODE") == "until-stop"

    def insert(batch, rows):
        stored = real(batch, rows)
        chunks[0] += 1
        if chunks[0] == at:
            with open(marker, "w") as handle:
                handle.write(str(os.getpid()))
            if until_stop:
                while not tasks_runtime._stop.wait(0.05):
                    pass
            else:
                threading.Event().wait()  # until killed
        return stored

    pipeline._insert_inputs = insert
    call_command("worker", *sys.argv[1:])


if __name__ == "__main__":
    main()
