"""Run the fuzz targets for a while: atheris when installed, else hypothesis at scale.

    python tests/fuzz/run.py                      # every target, 60 s each
    python tests/fuzz/run.py load --seconds 600   # one target, ten minutes
    python tests/fuzz/run.py --engine hypothesis  # without atheris

atheris runs each target in its own process (libFuzzer never returns) with
coverage of the glossary package; a crash leaves its input as
``tests/fuzz/crashes/<target>-crash-<hash>`` and the exit code is 1.  Replay
one with ``python tests/fuzz/run.py TARGET --replay FILE``, then turn it into
a regression test (``tests/fuzz/test_fuzz.py``).
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CRASHES = HERE / "crashes"
sys.path.insert(0, str(HERE))


def have_atheris() -> bool:
    return importlib.util.find_spec("atheris") is not None


def run_atheris(target: str, seconds: float) -> int:
    """One libFuzzer run of ``target`` in a child process; its exit code (0: nothing found)."""
    import targets

    CRASHES.mkdir(exist_ok=True)
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        target,
        "--",
        f"-max_total_time={max(1, round(seconds))}",
        f"-artifact_prefix={CRASHES}/{target}-",
        f"-max_len={targets.MAX_LEN.get(target, 4096)}",
        "-rss_limit_mb=2048",
        "-timeout=30",
        "-print_final_stats=1",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
    tail = "\n".join(proc.stderr.splitlines()[-25:])
    print(f"[atheris] {target}: exit {proc.returncode}\n{tail}", flush=True)
    return proc.returncode


def child(target: str, libfuzzer_args: list[str]) -> None:
    import atheris

    with atheris.instrument_imports(include=["glossary"]):
        import targets

    atheris.Setup([sys.argv[0], *libfuzzer_args], targets.TARGETS[target])
    atheris.Fuzz()


def run_hypothesis(target: str, seconds: float) -> int:
    """Batches of hypothesis examples over ``st.binary()`` until the time is up; 1 on a finding."""
    import targets
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    fn = targets.TARGETS[target]
    runs = 0

    @settings(
        max_examples=200,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        derandomize=False,
    )
    @given(st.binary(max_size=targets.MAX_LEN.get(target, 2048)))
    def batch(data: bytes) -> None:
        nonlocal runs
        runs += 1
        fn(data)

    stop = time.monotonic() + seconds
    try:
        while time.monotonic() < stop:
            batch()
    except Exception as exc:  # the finding: hypothesis has printed the shrunk input
        print(f"[hypothesis] {target}: FAILED after {runs} runs: {type(exc).__name__}: {exc}", flush=True)
        return 1
    print(f"[hypothesis] {target}: {runs} runs, nothing found", flush=True)
    return 0


def replay(target: str, path: Path) -> int:
    import targets

    targets.TARGETS[target](path.read_bytes())
    print(f"{path}: no failure")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        child(argv[1], argv[3:] if argv[2:3] == ["--"] else argv[2:])
        return 0
    import targets

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("targets", nargs="*", choices=[*targets.TARGETS, []], metavar="TARGET")
    p.add_argument("--seconds", type=float, default=60.0, help="time per target (default 60)")
    p.add_argument("--engine", choices=("auto", "atheris", "hypothesis"), default="auto")
    p.add_argument("--replay", type=Path, metavar="FILE", help="run one saved input through TARGET")
    args = p.parse_args(argv)
    names = args.targets or list(targets.TARGETS)
    if args.replay:
        return replay(names[0], args.replay)
    engine = args.engine
    if engine == "auto":
        engine = "atheris" if have_atheris() else "hypothesis"
    status = 0
    for name in names:
        code = run_atheris(name, args.seconds) if engine == "atheris" else run_hypothesis(name, args.seconds)
        status = status or (1 if code else 0)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
