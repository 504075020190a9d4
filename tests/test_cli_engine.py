"""What briefpub changes in Click (briefpub.clickengine): relied on as tested, switchable, and kept."""

from __future__ import annotations

import os
import subprocess
import sys

import click
import pytest

from briefpub import clickengine

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
