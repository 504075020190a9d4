"""Inputs from outside and runs that go wrong: one clear line, nothing read outside, nothing left behind."""

from __future__ import annotations

import datetime
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import briefpub
from briefpub.model.briefing import Meta, Section
from conftest import FERRY, Run, one_error_line


@pytest.mark.parametrize("special", ["source/odd.txt", "/dev/zero"])
def test_build_refuses_what_is_not_a_regular_file_without_hanging(
    run: Run, project: Path, special: str
) -> None:
    if special == "source/odd.txt":
        os.mkfifo(project / special)
    result = run("build", "-j1", "--only", "slides", special, "source/ferry.txt", cwd=project)
    assert f"{special}: is not a regular file" in one_error_line(result)
    assert (project / "output" / "ferry.pptx").is_file()  # the rest of the batch went on
    if special == "source/odd.txt":
        assert f"{special}: is not a regular file" in one_error_line(run("check", cwd=project))


@pytest.mark.parametrize(
    ("table", "key", "value"),
    [
        ("paths", "output", "/etc"),
        ("paths", "templates", "/usr"),
        ("paths", "source", "../elsewhere"),
        ("slides", "master", "/tmp/deck.pptx"),
        ("slides", "template", "/tmp/deck.pptx"),  # 0.2's spelling: named as the file spells it
        ("brand", "logo", "../../logo.png"),
    ],
)
def test_config_paths_stay_inside_the_project(
    run: Run, project: Path, table: str, key: str, value: str
) -> None:
    (project / "briefpub.toml").write_text(f'[{table}]\n{key} = "{value}"\n', encoding="utf-8")
    line = one_error_line(run("check", cwd=project))
    assert f"{table}.{key}: {value} is outside the project folder" in line


def test_config_path_through_a_link_out_of_the_project_is_refused(
    run: Run, project: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    elsewhere.mkdir()
    (project / "templates").symlink_to(elsewhere)
    line = one_error_line(run("check", cwd=project))
    assert "paths.templates: templates is outside the project folder" in line


def test_huge_max_bytes_is_a_config_error(run: Run, project: Path) -> None:
    (project / "briefpub.toml").write_text("[reader]\nmax_bytes = 100000000000\n", encoding="utf-8")
    assert "reader.max_bytes: must be a number of bytes" in one_error_line(run("check", cwd=project))


def test_the_command_line_may_name_paths_outside(run: Run, project: Path, tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-out"
    outside.mkdir()
    result = run("slides", "-o", str(outside), cwd=project)
    assert result.returncode == 0, result.stderr
    assert (outside / "ferry.pptx").is_file()


@pytest.mark.parametrize("command", [["build", "-j1"], ["slides", "-o", "out"]])
def test_two_sources_with_one_output_name_are_refused_before_writing(
    run: Run, project: Path, command: list[str]
) -> None:
    for folder in ("a", "b"):
        (project / folder).mkdir()
        (project / folder / "weekly.txt").write_text(FERRY, encoding="utf-8")
    (project / "out").mkdir()
    result = run(*command, "a/weekly.txt", "b/weekly.txt", cwd=project)
    assert "b/weekly.txt: would write" in one_error_line(result)
    assert not list((project / "out").iterdir())
    assert not (project / "output").exists() or not list((project / "output").glob("weekly.*"))


def test_hidden_files_are_not_sources(run: Run, project: Path) -> None:
    (project / "source" / ".draft.txt").write_text("not a briefing", encoding="utf-8")
    (project / "source" / "._ferry.txt").write_bytes(b"\0\5\26\7mac resource fork")
    result = run("check", cwd=project)
    assert result.returncode == 0, result.stderr


def test_a_second_build_waits_for_the_first(project: Path) -> None:
    lock = os.open(project / ".briefpub.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(lock, fcntl.LOCK_EX)
    process = subprocess.Popen(
        [sys.executable, "-m", "briefpub", "build", "-j1", "--only", "slides"],
        cwd=project,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        assert "waiting for another briefpub writing to" in process.stderr.readline()
        time.sleep(0.5)
        assert process.poll() is None
        assert not (project / "output" / "ferry.pptx").exists()
    finally:
        os.close(lock)
    _, rest = process.communicate(timeout=120)
    assert process.returncode == 0, rest
    assert (project / "output" / "ferry.pptx").is_file()


def test_leftover_temporary_files_are_removed_by_the_next_build(run: Run, project: Path) -> None:
    (project / "output").mkdir()
    leftover = project / "output" / ".ferry.pdf.abc12345.briefpub-tmp"
    leftover.write_bytes(b"half a file")
    assert run("build", "-j1", "--only", "slides", cwd=project).returncode == 0
    assert not leftover.exists()


def test_a_long_output_name_still_gets_a_temporary_name(run: Run, project: Path) -> None:
    name = "w" * 240 + ".txt"
    shutil.copy(project / "source" / "ferry.txt", project / "source" / name)
    result = run("slides", f"source/{name}", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "output" / ("w" * 240 + ".pptx")).is_file()


def test_an_unwritable_manifest_is_a_warning(run: Run, project: Path) -> None:
    (project / "output" / ".briefpub-manifest.json").mkdir(parents=True)
    result = run("build", "-j1", "--only", "slides", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "briefpub: warning:" in result.stderr
    assert "rebuilt next time" in result.stderr
    assert "internal error" not in result.stderr


def test_an_output_rewritten_by_another_command_is_not_called_up_to_date(run: Run, project: Path) -> None:
    assert run("build", "-j1", "--only", "pdf", cwd=project).returncode == 0
    assert run("pdf", "--paper", "letter", cwd=project).returncode == 0
    again = run("build", "-j1", "--only", "pdf", cwd=project)
    assert "built 1" in again.stderr


def _processes_in(folder: Path) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if Path(os.readlink(entry / "cwd")) == folder:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_stopped_build_leaves_no_worker_and_no_temporary_file(project: Path, signum: int) -> None:
    for number in range(6):
        shutil.copy(project / "source" / "ferry.txt", project / "source" / f"copy{number}.txt")
    process = subprocess.Popen(
        [sys.executable, "-m", "briefpub", "build", "-j2"],
        cwd=project,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while len(_processes_in(project)) < 3 and time.monotonic() < deadline:  # the parent and two workers
        time.sleep(0.05)
    time.sleep(0.5)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signum, stderr
    assert "Traceback" not in stderr
    time.sleep(0.5)
    assert _processes_in(project) == []
    assert not list((project / "output").glob(".*briefpub-tmp"))


def test_ctrl_c_stops_a_build_with_130_and_no_temporary_file(project: Path) -> None:
    for number in range(6):
        shutil.copy(project / "source" / "ferry.txt", project / "source" / f"copy{number}.txt")
    process = subprocess.Popen(
        [sys.executable, "-m", "briefpub", "build", "-j2"], cwd=project, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 60
    while len(_processes_in(project)) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "briefpub: interrupted" in stderr
    assert "Traceback" not in stderr
    assert not list((project / "output").glob(".*briefpub-tmp"))


def test_a_title_too_long_for_its_box_is_a_warning_not_a_crash(run: Run, project: Path) -> None:
    subtitle = "A very long subtitle indeed. " * 45
    source = project / "source" / "ferry.txt"
    source.write_text(f"---\nsubtitle: {subtitle}\n---\n{FERRY}", encoding="utf-8")
    result = run("slides", cwd=project)
    assert "internal error" not in result.stderr
    assert result.returncode == 0 or one_error_line(result)


def test_the_library_checks_its_arguments() -> None:
    with pytest.raises(TypeError, match=r"parse\(\) takes text .* not NoneType"):
        briefpub.parse(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not bytes"):
        briefpub.parse(b"Title\n\nQ?\n\nAnswer: A.\n")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"Meta.date must be date .* str"):
        Meta(date="2026-01-01")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"Meta\.authors must be a tuple of str"):
        Meta(authors="Alice")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"Section\.body must be a tuple of str"):
        Section("Q?", "A.", ["body"], 1)  # type: ignore[arg-type]
    assert Meta(date=datetime.date(2026, 1, 1), authors=("Alice",)).authors == ("Alice",)


def test_a_source_linking_out_of_the_project_is_refused(run: Run, project: Path, tmp_path: Path) -> None:
    secret = tmp_path.parent / f"{tmp_path.name}-secret.txt"
    secret.write_text(f"SECRET TITLE\n\nQ?\n\nAnswer: {'top secret '}\n", encoding="utf-8")
    (project / "source" / "leak.txt").symlink_to(secret)
    result = run("parse", "source/leak.txt", "--json", cwd=project)
    assert "source/leak.txt: is a link leading outside the project" in one_error_line(result)
    assert "SECRET" not in result.stdout
    built = run("build", "-j1", "--only", "slides", cwd=project)
    assert "source/leak.txt: is a link leading outside the project" in one_error_line(built)
    assert (project / "output" / "ferry.pptx").is_file()
    named = run("parse", str(secret), "--json", cwd=project)  # the outside file itself, named: fine
    assert named.returncode == 0
    assert "SECRET TITLE" in named.stdout


def test_a_deck_master_linking_out_of_the_project_is_refused(run: Run, project: Path, tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-master.pptx"
    outside.write_bytes(b"PK not really")
    (project / "templates").mkdir()
    (project / "templates" / "deck.pptx").symlink_to(outside)
    line = one_error_line(run("slides", cwd=project))
    assert "templates/deck.pptx: is a link leading outside the project" in line


IDLE_WORKER = """
import os, signal, sys, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from briefpub.publish import build
pool = ProcessPoolExecutor(1, initializer=build._worker_start, initargs=(Path.cwd(), ("html",), ()))
pool.submit(os.getpid).result()
(worker,) = list(pool._processes.values())
os.kill(worker.pid, signal.SIGTERM)
deadline = time.monotonic() + 60
while worker.is_alive() and time.monotonic() < deadline:
    time.sleep(0.05)
time.sleep(0.5)  # what a dying worker prints reaches stderr
print("stopped" if not worker.is_alive() else "still running")
os._exit(0)
"""


def test_a_worker_stopped_while_it_waits_for_work_leaves_no_traceback(project: Path) -> None:
    """SIGTERM reaching a build worker between briefings stops it at once, without a traceback.

    Raised there, the stop escaped the process pool's own loop, and the
    build's stderr showed the pool's traceback (seen in CI, by timing).
    """
    run = subprocess.run(
        [sys.executable, "-c", IDLE_WORKER],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "Traceback" not in run.stderr
    assert run.stdout.strip() == "stopped"
