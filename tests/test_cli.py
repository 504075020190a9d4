"""The command line as a user meets it: exit codes, one-line errors, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import briefpub
from conftest import FERRY, FIXTURES, Run, engines_imported


def test_version(run: Run) -> None:
    result = run("--version")
    assert result.returncode == 0
    assert briefpub.__version__ in result.stdout


def test_help_lists_commands(run: Run) -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("check", "parse"):
        assert command in result.stdout


def test_parse_json_shape(run: Run) -> None:
    result = run("parse", str(FIXTURES / "ferry-strike.txt"), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"title", "meta", "key_points", "introduction", "sections"}
    assert [len(s["body"]) for s in data["sections"]] == [3, 2, 3, 1, 1]
    assert set(data["sections"][0]) == {"question", "answer", "body", "line"}
    assert data["sections"][0]["line"] == 7
    assert data["meta"]["lang"] == "en"


def test_check_clean_project(run: Run, project: Path) -> None:
    (project / "briefpub.toml").write_text('[email]\nfrom = "Desk <desk@example.com>"\n', "utf-8")
    result = run("check", cwd=project)
    assert (result.returncode, result.stdout, result.stderr) == (0, "ok: 1 briefing\n", "")


def test_check_says_a_project_warning_once_as_build_does(run: Run, project: Path) -> None:
    source = project / "source" / "ferry.txt"
    (project / "source" / "second.txt").write_text(source.read_text("utf-8"), "utf-8")
    result = run("check", "--only", "email", cwd=project)  # no [email] from: said once, not per source
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("no From: address") == 1, result.stderr


def test_check_reports_every_file(run: Run, project: Path) -> None:
    (project / "source" / "a-bad.txt").write_text("Title\n\n• p\n\nAnswer: x\n", encoding="utf-8")
    (project / "source" / "b-empty.txt").write_text("", encoding="utf-8")
    (project / "source" / "c-warn.txt").write_text("T\n\nQ?\n\nAnswer: A\x01.\n", encoding="utf-8")
    result = run("check", cwd=project)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert (
        lines[0]
        == "briefpub: error: source/a-bad.txt:5: 'Answer:' without a question: there is no question before it"
    )
    assert lines[1] == "briefpub: error: source/b-empty.txt:1: the file is empty"
    assert lines[2].startswith("briefpub: warning: source/c-warn.txt:5: dropped")
    assert "Traceback" not in result.stderr


def test_error_is_one_line_exit_1(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes("Title\n\nQ?\n\nAnswer: caf\xe9\n".encode("cp1252"))
    result = run("parse", "bad.txt", "--json")
    assert result.returncode == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("briefpub: error: bad.txt:5: not UTF-8")


def test_encoding_option(run: Run, tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes("Title\n\nQ?\n\nAnswer: caf\xe9\n".encode("cp1252"))
    result = run("parse", "bad.txt", "--json", "--encoding", "windows-1252")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["sections"][0]["answer"] == "café"


def test_usage_error_exits_2(run: Run) -> None:
    assert run("parse").returncode == 2
    assert run("no-such-command").returncode == 2


def test_no_sources_in_project(run: Run, tmp_path: Path) -> None:
    (tmp_path / "briefpub.toml").write_text("", encoding="utf-8")
    result = run("check")
    assert result.returncode == 1
    assert result.stderr == "briefpub: error: source: no such folder; name the files to use\n"
    (tmp_path / "source").mkdir()
    result = run("check")
    assert result.stderr == "briefpub: error: source: no briefings (*.txt) here; name the files to use\n"


def test_outside_a_project_the_message_suggests_init(run: Run, tmp_path: Path) -> None:
    for command in ("build", "check", "pdf"):
        result = run(command)
        assert result.returncode == 1
        assert result.stderr == (
            "briefpub: error: source: no such folder, and no briefpub.toml here or above: "
            "`briefpub init` makes a project that builds at once; or name the files to use\n"
        )
    # A briefing beside it was told "no briefings (*.txt) here": it is named, to be given.
    (tmp_path / "brief.txt").write_text(FERRY, encoding="utf-8")
    assert run("build").stderr.endswith("; or name the files to use (brief.txt)\n")
    assert run("build", "brief.txt").returncode == 0


def test_bad_config_lists_all_problems(run: Run, project: Path) -> None:
    (project / "briefpub.toml").write_text('[pdf]\npaper = "a5"\n[brand]\naccent = "red"\n', encoding="utf-8")
    result = run("check", cwd=project)
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 2
    assert "pdf.paper" in result.stderr
    assert "brand.accent" in result.stderr


def test_project_found_from_subfolder(run: Run, project: Path) -> None:
    (project / "briefpub.toml").write_text('[paths]\nsource = "source"\n', encoding="utf-8")
    sub = project / "deep" / "er"
    sub.mkdir(parents=True)
    assert run("check", cwd=sub).returncode == 0


def test_config_defaults_reach_the_model(run: Run, project: Path) -> None:
    (project / "briefpub.toml").write_text(
        '[defaults]\npublication = "Desk"\nlang = "fi"\n', encoding="utf-8"
    )
    data = json.loads(run("parse", "source/ferry.txt", "--json", cwd=project).stdout)
    assert (data["meta"]["publication"], data["meta"]["lang"]) == ("Desk", "fi")


def test_startup_commands_do_not_import_engines(project: Path) -> None:
    for args in (["--help"], ["parse", "source/ferry.txt", "--json"]):
        assert engines_imported(*args, cwd=project) == [], args
    # check renders every edition in memory, as build would, but lays no PDF out.
    assert "weasyprint" not in engines_imported("check", cwd=project)


def test_output_over_its_own_source_is_refused(run: Run, project: Path) -> None:
    before = (project / "source" / "ferry.txt").read_bytes()
    result = run("html", "source/ferry.txt", "-o", "source/ferry.txt", cwd=project)
    assert result.returncode == 1
    assert "over its own source" in result.stderr
    assert (project / "source" / "ferry.txt").read_bytes() == before


def test_library_api_names() -> None:
    assert callable(briefpub.parse)
    assert callable(briefpub.render_html)
    briefing = briefpub.parse("T\n\nQ?\n\nAnswer: A.\n")
    assert briefpub.render_html(briefing).startswith("<!DOCTYPE html>")
    assert set(briefpub.__all__) >= {
        "parse",
        "render_html",
        "render_pdf",
        "render_slides",
        "plan_slides",
        "Briefing",
    }
    assert briefpub.plan_slides(briefing).slides[-1].role == "question"


def test_help_says_what_the_commands_do(run: Run) -> None:
    """watch reads [build] jobs as build does; clean removes what the manifest records, not look-alikes."""
    watch = " ".join(run("watch", "--help").stdout.split())
    assert "(default: [build] jobs, else CPUs)" in watch
    clean = " ".join(run("clean", "--help").stdout.split())
    assert "as its manifest records" in clean
    assert "and the cache of earlier runs (.briefpub-cache" in clean  # clean removes it, as the README says
    # A deck's --templates is where deck.pptx is looked for, not only the newsletter's templates.
    slides = " ".join(run("slides", "--help").stdout.split())
    assert "before the packaged ones, and where deck.pptx is looked for" in slides
    assert "else deck.pptx in --templates" in slides


def test_a_broken_mapping_is_said_once_however_many_sources_it_fails(run: Run, project: Path) -> None:
    source = project / "source" / "ferry.txt"
    (project / "source" / "second.txt").write_text(source.read_text("utf-8"), "utf-8")
    (project / "briefpub.toml").write_text('[slides.layouts]\nquestion = "Nope"\n', "utf-8")
    for command in ("check", "build"):
        result = run(command, "--only", "slides", cwd=project)
        assert result.returncode == 1, result.stderr
        assert result.stderr.count("no layout named 'Nope'") == 1, result.stderr


def test_quiet_and_verbose_are_taken_after_the_command_too(run: Run, project: Path) -> None:
    (project / "briefpub.toml").write_text('[email]\nfrom = "Desk <desk@example.com>"\n', "utf-8")
    assert run("build", "--only", "html", cwd=project).returncode == 0
    verbose = run("build", "--only", "html", "-v", cwd=project)
    assert verbose.returncode == 0, verbose.stderr
    assert "skipped source/ferry.txt: up to date" in verbose.stderr
    quiet = run("build", "-q", "--only", "html", cwd=project)
    assert (quiet.returncode, quiet.stderr) == (0, "")


def test_master_inspect_and_its_0_2_name_template_inspect(run: Run) -> None:
    """``template inspect`` looked into deck masters; it is ``master inspect`` now, the old name unlisted."""
    from briefpub.packaged import PACKAGE_DECK

    shown = run("master", "inspect", str(PACKAGE_DECK))
    assert shown.returncode == 0, shown.stderr
    assert "Title Slide" in shown.stdout
    old = run("template", "inspect", str(PACKAGE_DECK))
    assert (old.returncode, old.stdout) == (0, shown.stdout)
    missing = run("master", "inspect", "missing.pptx")
    assert missing.returncode == 1
    assert missing.stderr == "briefpub: error: missing.pptx: no such file (the deck master)\n"
    listing = run("--help").stdout.split("Commands:")[1].splitlines()
    commands = [line.split()[0] for line in listing if line.startswith("  ") and not line.startswith("   ")]
    assert "master" in commands
    assert "template" not in commands


def test_the_deck_master_option_is_listed_by_one_name(run: Run) -> None:
    """``--template FILE`` (0.2) still works but is unlisted: beside ``--templates DIR`` it misled."""
    for command in ("slides", "check", "build", "watch", "serve"):
        listed = run(command, "--help").stdout
        assert "--master FILE" in listed, command
        assert "--template " not in listed, command
        assert "--template," not in listed, command
