"""``cchc demo`` runs the server and the background worker: SIGTERM or Ctrl+C stops both.

Run on the browser tests' demo home (the demo data are already loaded, so ``cchc demo`` only serves), with the
server and the worker as real processes."""

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import CLI, _free_port


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start_demo(env) -> tuple[subprocess.Popen, int]:
    """Start ``cchc demo`` in its own process group; return it and its worker's pid once it serves."""
    port = _free_port()
    log_path = Path(env["CCHC_HOME"]) / f"demo-{port}.log"
    with open(log_path, "wb") as log:
        demo = subprocess.Popen(
            [*CLI, "demo", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert demo.poll() is None, log_path.read_text()
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=1)  # noqa: S310
            break
        except OSError:
            time.sleep(0.3)
    else:
        pytest.fail("cchc demo did not serve in time")
    workers = _children(demo.pid)
    assert len(workers) == 1, workers
    return demo, workers[0]


@pytest.mark.parametrize(
    "stop",
    [
        pytest.param(lambda demo: demo.send_signal(signal.SIGTERM), id="sigterm"),
        # Ctrl+C in a terminal: SIGINT to the whole foreground process group
        pytest.param(lambda demo: os.killpg(demo.pid, signal.SIGINT), id="ctrl-c"),
    ],
)
def test_stopping_the_demo_stops_the_server_and_the_worker(demo_env, stop):
    demo, worker = _start_demo(demo_env)
    assert _alive(worker)
    try:
        stop(demo)
        assert demo.wait(timeout=30) in (0, 128 + signal.SIGTERM)
        for _ in range(50):
            if not _alive(worker):
                break
            time.sleep(0.2)
        assert not _alive(worker), "the worker outlived cchc demo"
    finally:
        if demo.poll() is None:
            os.killpg(demo.pid, signal.SIGKILL)
        if _alive(worker):
            os.kill(worker, signal.SIGKILL)
