"""A stop is never swallowed: Ctrl-C or SIGTERM while an engine draws ends the run, with nothing written."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import hostile
from briefpub import stops
from briefpub.errors import Stopped

QUESTION = "Title\n\nWhy?\n\nAnswer: Because.\n\n"
DRAWINGS = 10


def cpu_seconds(pid: int) -> float:
    """Return the processor time process ``pid`` has used so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def briefpub(*args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "briefpub", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processor time from /proc")
@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_while_the_pdf_draws_an_svg_stops_the_run(project: Path, signum: int, status: int) -> None:
    """WeasyPrint draws each SVG inside ``except BaseException``: the stop was lost, the PDF written, exit 0.

    The figure is within every limit and takes WeasyPrint some 2 s of
    processor time to draw, and it is drawn ten times; the signal is sent
    once the run has used a few seconds more than a whole run without the
    figure, so while it draws.
    """
    (project / "source" / "figures").mkdir()
    (project / "source" / "figures" / "slow.svg").write_text(hostile.slow_text(2400), encoding="utf-8")
    (project / "source" / "plain.txt").write_text(QUESTION, encoding="utf-8")
    figures = "".join(f"![Slow {n}](figures/slow.svg)\n\n" for n in range(DRAWINGS))
    (project / "source" / "slow.txt").write_text(QUESTION + figures, encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    plain = briefpub("pdf", "source/plain.txt", cwd=project)
    _, said = plain.communicate(timeout=300)
    assert plain.returncode == 0, said
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    whole_run = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime

    run = briefpub("pdf", "source/slow.txt", cwd=project)
    while run.poll() is None and cpu_seconds(run.pid) < whole_run + 5:
        time.sleep(0.05)
    assert run.poll() is None, "the figure was drawn before the signal could be sent"
    run.send_signal(signum)
    _, stderr = run.communicate(timeout=300)

    assert run.returncode == status, stderr
    assert "Traceback" not in stderr
    assert not (project / "output" / "slow.pdf").exists()
    assert not [p.name for p in (project / "output").iterdir() if p.name.endswith(".briefpub-tmp")]


def test_a_stop_written_down_is_raised_where_briefpub_has_control(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stops, "_pending", None)
    stops.raise_pending()  # nothing asked for: nothing raised
    with pytest.raises(Stopped):
        stops.stop(signal.SIGTERM)
    try:
        raise Exception("an engine's catch-all")
    except Exception:
        pass
    with pytest.raises(Stopped) as again:
        stops.raise_pending()
    assert again.value.signum == signal.SIGTERM


@pytest.fixture
def stopping(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Install briefpub's handlers for SIGTERM in this process for one test, as a command does."""
    monkeypatch.setattr(stops, "_pending", None)
    before = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, stops.stop)
    yield
    signal.signal(signal.SIGTERM, before)


def _stopped_after(monkeypatch: pytest.MonkeyPatch, module: object) -> None:
    """Make ``module``'s temporary-file maker signal SIGTERM as soon as the file exists.

    The handler runs on the next line, before the caller's ``try`` that would
    remove the file: where a build stopped by SIGTERM once left its manifest's.
    """
    real = module.create  # type: ignore[attr-defined]

    def create_then_stopped(*args: object) -> tuple[int, str]:
        made: tuple[int, str] = real(*args)
        os.kill(os.getpid(), signal.SIGTERM)
        return made

    monkeypatch.setattr(module, "create", create_then_stopped)


@pytest.mark.usefixtures("stopping")
def test_a_stop_as_a_file_is_staged_leaves_the_old_set_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefpub import temporary
    from briefpub.publish.output import write_set

    (tmp_path / "a.pdf").write_bytes(b"old")
    _stopped_after(monkeypatch, temporary)
    with pytest.raises(Stopped):
        write_set([(tmp_path / "a.pdf", b"new"), (tmp_path / "a.pptx", b"new")])
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {"a.pdf": b"old"}


@pytest.mark.usefixtures("stopping")
def test_a_stop_as_a_cache_entry_is_staged_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefpub import cache

    _stopped_after(monkeypatch, cache)
    with pytest.raises(Stopped):
        cache._write(tmp_path, "entry", b"payload")
    assert [p.name for p in tmp_path.iterdir()] == ["entry"]
