"""The load test's bookkeeping: CPU accounting per process group, and what the report prints."""

import os
import signal
import subprocess
import sys
import time

from benchmarks.tips import CpuSample, LoadResult, Rate, cpu_sample, render_load


def test_cpu_sample_counts_the_server_process_and_its_children():
    # A "server" (it sleeps) whose child burns 0.4 s of CPU: the sample counts the child under the
    # server, and not under this process, which only waits.
    burn = (
        "import time\nend = time.process_time() + 0.4\nwhile time.process_time() < end: pass\ntime.sleep(3)"
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import subprocess, sys, time\n"
            f"subprocess.Popen([sys.executable, '-c', {burn!r}])\n"
            "time.sleep(3)",
        ],
        start_new_session=True,
    )
    try:
        first = cpu_sample(server.pid)
        time.sleep(1.5)
        used = cpu_sample(server.pid).minus(first)
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    assert 0.35 <= used.server <= 0.9  # the child's 0.4 s and the interpreters' start-up
    assert used.generator < 0.2
    assert used.machine_total >= used.machine_busy >= 0.35


def test_report_prints_cpu_per_request_and_the_median_of_the_rounds():
    def rate(name: str, requests: int, server: float) -> Rate:
        r = Rate(name=name, requests=0, errors=0, seconds=0.0)
        for _ in range(2):  # two rounds add up
            r.add(
                Rate(
                    name=name,
                    requests=requests,
                    errors=0,
                    seconds=1.0,
                    statuses={200: requests},
                    latencies_ms=[2.0] * requests,
                    cpu=CpuSample(server, 0.1, 0.05, 1.5, 2.0),
                )
            )
        return r

    trivial, submit = rate("trivial", 1000, 0.5), rate("submit", 600, 0.6)
    assert trivial.cpu_ms_per_request() == {"server": 0.5, "database": 0.1, "generator": 0.05}
    assert submit.cpu_ms_per_request()["server"] == 1.0
    assert trivial.machine_busy == 0.75
    result = LoadResult(trivial=trivial, submit=submit, server="s", clients=8, round_ratios=[0.5, 0.62, 0.61])
    text = render_load(result)
    assert "median of 3 paired rounds 61.0 % (ok)" in text
    assert "whole run 60.0 %" in text
    assert "CPU per trivial request (ms): server 0.50, database 0.10, generator 0.05; total 0.65" in text
    assert "CPU per submit request (ms): server 1.00, database 0.17, generator 0.08; total 1.25" in text
    assert "machine busy 75 %" in text
