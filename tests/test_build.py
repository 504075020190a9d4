"""The publishing workflow: build (parallel, incremental), init and watch, run as a user would."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from briefpub.cli import WATCHING
from conftest import FIXTURES, Run, engines_imported


def outputs(project: Path, *kinds: str) -> list[str]:
    """Return the output folder's files (not its folders), only those ending as ``kinds`` if given."""
    found = sorted(
        p.name for p in (project / "output").iterdir() if not p.name.startswith(".") and p.is_file()
    )
    return [name for name in found if not kinds or name.rpartition(".")[2] in kinds]


EDITIONS = ["email.html", "eml", "html", "pdf", "pptx"]


def every_edition(*stems: str) -> list[str]:
    return sorted(f"{stem}.{ending}" for stem in stems for ending in EDITIONS)


def test_build_then_skip_then_rebuild_after_template_change(run: Run, project: Path) -> None:
    first = run("build", "-j1", cwd=project)
    assert first.returncode == 0, first.stderr
    assert outputs(project) == every_edition("ferry")
    assert "built 1, skipped 0, failed 0" in first.stderr

    second = run("build", cwd=project)
    assert second.returncode == 0
    assert "built 0, skipped 1, failed 0" in second.stderr
    assert "up to date" in second.stderr

    (project / "templates").mkdir()
    (project / "templates" / "custom.css").write_text(":root { --accent: #000000; }", encoding="utf-8")
    third = run("build", cwd=project)
    assert "built 1, skipped 0" in third.stderr

    (project / "templates" / "custom.css").touch()
    os.utime(project / "templates" / "custom.css", (time.time() + 5, time.time() + 5))
    assert "built 1, skipped 0" in run("build", cwd=project).stderr
    assert "built 1, skipped 0" in run("build", "--force", cwd=project).stderr


def test_one_bad_source_among_good_ones_in_parallel(run: Run, project: Path) -> None:
    source = project / "source"
    (source / "second.txt").write_bytes((FIXTURES / "ferry-strike.txt").read_bytes())
    (source / "broken.txt").write_text("Title\n\n• point\n\nAnswer: orphan.\n", encoding="utf-8")
    result = run("build", "-j2", cwd=project)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert errors == [
        "briefpub: error: source/broken.txt:5: 'Answer:' without a question: there is no question before it"
    ]
    assert outputs(project) == every_edition("ferry", "second")
    assert "built 2, skipped 0, failed 1" in result.stderr
    assert "Traceback" not in result.stderr
    # The failed source is tried again next time; the good ones are not.
    assert "built 0, skipped 2, failed 1" in run("build", "-j2", cwd=project).stderr


def test_only_slides(run: Run, project: Path) -> None:
    assert run("build", "--only", "slides", cwd=project).returncode == 0
    assert outputs(project) == ["ferry.pptx"]


def test_init_then_build(run: Run, tmp_path: Path) -> None:
    result = run("init", "fresh")
    assert result.returncode == 0, result.stderr
    fresh = tmp_path / "fresh"
    toml = (fresh / "briefpub.toml").read_text(encoding="utf-8")
    for key in ("publication", "paper", "variant", "agenda", "body_min_pt", "jobs", "master inspect"):
        assert key in toml
    assert (fresh / "templates" / "newsletter.html").is_file()
    assert (fresh / "templates" / "custom.css").is_file()
    assert (fresh / "output").is_dir()
    built = run("build", cwd=fresh)
    assert built.returncode == 0, built.stderr
    assert outputs(fresh) == every_edition("example")


def test_init_refuses_to_overwrite(run: Run, tmp_path: Path) -> None:
    (tmp_path / "briefpub.toml").write_text("# mine\n", encoding="utf-8")
    result = run("init")
    assert result.returncode == 1
    assert "not overwriting" in result.stderr
    assert (tmp_path / "briefpub.toml").read_text(encoding="utf-8") == "# mine\n"
    assert not (tmp_path / "source").exists()


@contextlib.contextmanager
def watching(project: Path) -> Iterator[float]:
    """Run ``briefpub watch`` until its first build is out; yield the deadline; stop it with Ctrl-C."""
    process = subprocess.Popen(
        [sys.executable, "-m", "briefpub", "watch", "--only", "slides", "-j1"],
        cwd=project,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, so stop() can end it with anything it started
    )
    deadline = time.monotonic() + 120
    try:
        first = project / "output" / "ferry.pptx"
        wait_for(first.exists, deadline)
        assert first.exists(), "the first build did not happen"
        yield deadline
    finally:
        stderr = stop(process)
    assert process.returncode == 130  # interrupted, as a shell expects of Ctrl-C
    assert "Traceback" not in stderr
    assert stderr.splitlines()[-1] == "briefpub: interrupted"
    # It says it goes on watching once the first build is out (it said only the build's summary).
    lines = stderr.splitlines()
    said = lines.index(f"briefpub: {WATCHING}")
    assert lines[said - 1].startswith("briefpub: built 1, skipped 0, failed 0")


def stop(process: subprocess.Popen[str], grace: float = 60) -> str:
    """Interrupt ``process`` as Ctrl-C would and return what it said; never leave it (or its group) running.

    A process still there after ``grace`` seconds is killed with its process
    group (it was started in a session of its own), and the test fails.
    """
    try:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=grace)
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    return stderr


def test_stop_leaves_no_process_behind_when_ctrl_c_is_not_enough() -> None:
    code = (
        "import signal, time\n"
        "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
        "print('ready', flush=True)\n"
        "time.sleep(600)\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "ready\n"
    try:
        stop(process, grace=0.5)
    except subprocess.TimeoutExpired:
        pass
    else:
        raise AssertionError("a process that ignores Ctrl-C cannot have stopped on it")
    assert process.returncode == -signal.SIGKILL
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, 0)
        raise AssertionError("its process group is still there")


def wait_for(condition: Callable[[], bool], deadline: float) -> None:
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.2)


def test_watch_rebuilds_on_change_and_stops_on_interrupt(project: Path) -> None:
    target = project / "output" / "ferry.pptx"
    with watching(project) as deadline:
        first = target.stat().st_mtime_ns
        time.sleep(0.5)
        source = project / "source" / "ferry.txt"
        source.write_text(source.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
        wait_for(lambda: target.stat().st_mtime_ns != first, deadline)
        assert target.stat().st_mtime_ns != first, "the change was not rebuilt"


def test_slides_does_not_import_weasyprint(project: Path) -> None:
    assert engines_imported("slides", cwd=project) == ["pptx"]


def test_init_does_not_import_engines(tmp_path: Path) -> None:
    assert engines_imported("init", "x", cwd=tmp_path) == []


def test_watch_keeps_watching_a_source_folder_made_again(project: Path) -> None:
    with watching(project) as deadline:
        text = (project / "source" / "ferry.txt").read_text(encoding="utf-8")
        shutil.rmtree(project / "source")  # a checkout or a sync tool replaces the folder
        time.sleep(1.0)
        (project / "source").mkdir()
        (project / "source" / "again.txt").write_text(text, encoding="utf-8")
        again = project / "output" / "again.pptx"
        wait_for(again.exists, deadline)
        assert again.exists(), "a source in the recreated folder was not built"


def test_an_up_to_date_build_imports_no_engine(run: Run, project: Path) -> None:
    assert run("build", "-j1", cwd=project).returncode == 0
    assert engines_imported("build", "-j1", cwd=project) == []


def test_watch_rebuilds_a_briefing_when_its_image_changes(project: Path) -> None:
    from PIL import Image

    images = project / "figures"  # outside the source folder: figures may live anywhere in the project
    images.mkdir()
    Image.new("RGB", (40, 20), (200, 0, 0)).save(images / "chart.png")
    source = project / "source" / "ferry.txt"
    source.write_text(
        source.read_text(encoding="utf-8") + "\n![Chart](../figures/chart.png)\n", encoding="utf-8"
    )
    target = project / "output" / "ferry.pptx"
    with watching(project) as deadline:
        first = target.stat().st_mtime_ns
        time.sleep(0.5)
        Image.new("RGB", (40, 20), (0, 0, 200)).save(images / "chart.png")
        wait_for(lambda: target.stat().st_mtime_ns != first, deadline)
        assert target.stat().st_mtime_ns != first, "the changed image was not rebuilt"


def test_the_engines_are_set_aside_from_garbage_collection_once_imported(project: Path) -> None:
    """After the first render the engines' objects are frozen, so collections skip them."""
    code = (
        "import gc\n"
        "from briefpub.cli import cli\n"
        "try:\n"
        "    cli(['slides', 'source/ferry.txt', '-o', 'out.pptx'], prog_name='briefpub')\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "print(gc.get_freeze_count(), gc.get_threshold()[0])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=project, capture_output=True, text=True, check=True, timeout=120
    )
    frozen, young = map(int, result.stdout.split()[-2:])
    assert frozen > 20_000  # python-pptx, lxml and briefpub's modules
    assert young == 10_000
