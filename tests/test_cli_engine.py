"""What briefpub changes in Click (briefpub.startup.clickengine): relied on as tested, switchable, kept."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import click
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefpub.startup import clickengine

AT_EXIT = (
    "import sys\n"
    "from briefpub.cli import main\n"
    "print(type(sys.modules.get('uuid')).__name__, 'platform' in sys.modules)\n"
)


def _modules_after_cli(off: str = "") -> list[str]:
    env = {**os.environ, "BRIEFPUB_ENGINE_PATCHES_OFF": off}
    out = subprocess.run([sys.executable, "-c", AT_EXIT], env=env, capture_output=True, text=True, check=True)
    return out.stdout.split()


def test_the_command_line_imports_neither_uuid_nor_platform() -> None:
    assert _modules_after_cli() == ["Deferred", "False"]


def test_the_switch_turns_it_off() -> None:
    assert _modules_after_cli("click-uuid") == ["module", "True"]


READS = (
    "import sys, types\n"
    "read = []\n"
    "class Watching(types.ModuleType):\n"
    "    def __getattr__(self, name):\n"
    "        if name.startswith('__'):\n"
    "            raise AttributeError(name)\n"
    "        read.append(name)\n"
    "        return type(name, (), {})\n"
    "sys.modules['uuid'] = Watching('uuid')\n"
    "import click\n"
    "print(' '.join(read))\n"
)


def test_click_reads_only_uuid_UUID_while_it_is_imported() -> None:
    """What the stand-in answers (``UUID``) is all Click reads of ``uuid`` then: fails if Click changes it."""
    out = subprocess.run([sys.executable, "-c", READS], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["UUID"]
    assert clickengine.RELIED_ON["click-uuid"]


def test_clicks_uuid_type_still_works_after_the_stand_in() -> None:
    code = (
        "import sys\n"
        "from briefpub import cli\n"
        "import click, uuid\n"
        "value = click.UUID.convert('6f1c0b7e-3c59-4b6e-9a53-2f0e8a4b5d10', None, None)\n"
        "print(type(value).__module__, type(value).__name__, isinstance(value, uuid.UUID))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["uuid", "UUID", "True"]


@pytest.mark.parametrize("name", ["UUID", "uuid5", "NAMESPACE_DNS"])
def test_the_stand_in_answers_every_name_of_uuid_once_used(name: str) -> None:
    code = f"from briefpub import cli\nimport uuid\nprint(uuid.{name} is __import__('uuid').{name})\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True"]
    assert hasattr(click, "UUID")


def _commands(group: click.Group) -> list[click.Command]:
    found: list[click.Command] = [group]
    for command in group.commands.values():
        found += _commands(command) if isinstance(command, click.Group) else [command]
    return found


def test_the_commands_share_four_path_types() -> None:
    """Each click.Path made asks gettext for its name's translation (a search on disk): one of each kind."""
    from briefpub.cli import cli

    paths = {id(p.type) for c in _commands(cli) for p in c.params if isinstance(p.type, click.Path)}
    assert len(paths) == 4


def test_the_private_names_relied_on_are_there() -> None:
    from click import parser

    reader = parser._OptionParser(click.Context(click.Command("x")))
    for name in clickengine.RELIED_ON["click-short-options"]:
        owner, _, attribute = name.rpartition(".")
        where = reader if owner.endswith("_OptionParser") else parser
        assert hasattr(where, attribute), name


ARGUMENTS = ["-o", "x", "-ofile", "-q", "-qv", "-vq", "-qo", "-oq", "-z", "-zq", "--output", "--output=y"]
ARGUMENTS += ["-o=z", "--out", "--", "-", "f.txt", "-v", "--quiet", "-n", "-n3", "--name=a", "-nq", "-x=1"]


def _read(arguments: list[str]) -> Any:
    command = click.Command(
        "x",
        params=[
            click.Option(["-o", "--output"]),
            click.Option(["-q", "--quiet"], is_flag=True),
            click.Option(["-v"], count=True),
            click.Option(["-n", "--name"]),
            click.Argument(["files"], nargs=-1),
        ],
    )
    try:
        return command.make_context("x", list(arguments)).params
    except click.ClickException as exc:
        return type(exc).__name__, exc.format_message()


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(ARGUMENTS), max_size=6))
def test_click_reads_every_argument_list_as_without_the_patch(arguments: list[str]) -> None:
    from click import parser

    patched = _read(arguments)
    ours = parser._OptionParser._process_opts
    try:
        parser._OptionParser._process_opts = clickengine._PROCESS_OPTS  # type: ignore[method-assign]
        clicks = _read(arguments)
    finally:
        parser._OptionParser._process_opts = ours  # type: ignore[method-assign]
    assert patched == clicks


def test_reading_a_short_option_imports_no_difflib() -> None:
    code = (
        "import sys\n"
        "from briefpub.cli import cli\n"
        "cli.make_context('briefpub', ['-q', 'html', 'x.txt', '-o', 'y.html'])\n"
        "print('difflib' in sys.modules)\n"
    )
    assert _run_code(code) == ["False"]
    assert _run_code(code, "click-short-options") == ["True"]


def _run_code(code: str, off: str = "") -> list[str]:
    env = {**os.environ, "BRIEFPUB_ENGINE_PATCHES_OFF": off}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return out.stdout.split()
