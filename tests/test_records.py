"""briefpub's dataclass methods served from the table written at install (``briefpub/startup/records.py``).

Each test runs fresh processes: a class is made once per process, when its
module is imported. The module-scoped fixture runs the install step itself
(``python -m briefpub.startup.install``), as ``scripts/bootstrap`` does.
"""

from __future__ import annotations

import dataclasses
import dis
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import briefpub
import counted
from briefpub.startup import records, regexes, tablefile
from privatenames import exists

EVERY_CLASS = """
import dataclasses, importlib, json, pkgutil, re, sys
import briefpub
from briefpub.startup import records

def said(value):  # without addresses (a default's lambda), which differ from process to process
    return re.sub(r' at 0x[0-9a-f]+', '', repr(value))

def code(c):
    return [c.co_name, c.co_qualname, c.co_filename, c.co_firstlineno, c.co_flags, c.co_argcount,
            c.co_posonlyargcount, c.co_kwonlyargcount, c.co_code.hex(), c.co_linetable.hex(),
            c.co_exceptiontable.hex(), list(c.co_names), list(c.co_varnames), list(c.co_freevars),
            list(c.co_cellvars), [code(k) if hasattr(k, 'co_code') else repr(k) for k in c.co_consts]]

made = {}
for info in pkgutil.walk_packages(briefpub.__path__, 'briefpub.'):
    if info.name in ('briefpub.__main__', 'briefpub.startup.install'):
        continue
    module = importlib.import_module(info.name)
    for name, cls in sorted(vars(module).items()):
        if dataclasses.is_dataclass(cls) and isinstance(cls, type) and cls.__module__ == info.name:
            methods = {}
            for method in ('__init__', '__repr__', '__eq__', '__hash__', '__setattr__', '__delattr__'):
                function = vars(cls).get(method)
                if hasattr(function, '__wrapped__'):  # __repr__ is wrapped against recursion
                    function = function.__wrapped__
                if hasattr(function, '__code__'):
                    methods[method] = [code(function.__code__), said(function.__defaults__),
                                       said(function.__kwdefaults__), said(function.__annotations__),
                                       function.__qualname__]
            made[info.name + '.' + name] = methods
print(json.dumps({'made': made, 'counts': records.COUNTS, 'patched': 'exec' in vars(dataclasses)}))
"""

BEHAVIOUR = """
import dataclasses, importlib, json, pkgutil, re
import briefpub

def observe(act):  # what an act returns or raises, without addresses (which differ between processes)
    try:
        said = repr(act())
    except Exception as error:
        said = type(error).__name__ + ': ' + str(error)
    return re.sub(r' at 0x[0-9a-f]+', '', said)

seen = {}
for info in pkgutil.walk_packages(briefpub.__path__, 'briefpub.'):
    if info.name in ('briefpub.__main__', 'briefpub.startup.install'):
        continue
    module = importlib.import_module(info.name)
    for name, cls in sorted(vars(module).items()):
        if not (dataclasses.is_dataclass(cls) and isinstance(cls, type) and cls.__module__ == info.name):
            continue
        needed = {field.name: field.name + '!' for field in dataclasses.fields(cls)  # a text for each field
                  if field.init and field.default is field.default_factory is dataclasses.MISSING}
        try:
            one, two = cls(**needed), cls(**needed)
        except Exception:  # a __post_init__ that wants more than a text
            continue
        first = (dataclasses.fields(one) or [None])[0]
        seen[info.name + '.' + name] = [observe(act) for act in (
            lambda: one, lambda: one == two, lambda: one != two, lambda: one == object(),
            lambda: hash(one) == hash(two), lambda: [field.name for field in dataclasses.fields(one)],
            lambda: dataclasses.replace(one), lambda: dataclasses.asdict(one),
            lambda: dataclasses.astuple(one),
            lambda: setattr(one, first.name, 1), lambda: delattr(one, first.name), lambda: one,
        )]
print(json.dumps(seen))
"""

KEPT_DECK = counted.command_saying("records", "[records.COUNTS, records.FORWARD_REFS]")

BRIEFING = (
    "Weekly brief\n\n- One key point.\n- Another one.\n\nWhat changed this week?\n\n"
    "Answer: A dispute over transit fees closed the pipeline.\n\nBody text.\n"
)

OFF = {"BRIEFPUB_ENGINE_PATCHES_OFF": "dataclass-methods"}


_run = counted.run


def _json(script: str, env: dict[str, str] | None = None) -> Any:
    return json.loads(_run(script, env=env).stdout)


@pytest.mark.usefixtures("installed")
def test_every_class_of_briefpubs_gets_the_same_methods_from_the_table() -> None:
    served, compiled = _json(EVERY_CLASS), _json(EVERY_CLASS, OFF)
    assert served["patched"]
    assert not compiled["patched"]
    assert len(served["made"]) >= 60
    assert served["made"] == compiled["made"]
    methods = sum(len(made) for made in served["made"].values())
    assert served["counts"] == {"served": methods, "compiled": 0}  # a fresh import: every one from the table
    assert compiled["counts"] == {"served": 0, "compiled": 0}  # switched off: dataclasses' own exec


@pytest.mark.usefixtures("installed")
def test_classes_from_the_table_behave_as_compiled_ones() -> None:
    served, compiled = _json(BEHAVIOUR), _json(BEHAVIOUR, OFF)
    assert len(served) >= 40
    assert served == compiled
    frozen = [said for said in served.values() if said[-3].startswith("FrozenInstanceError")]
    assert frozen  # the frozen classes' errors are among what is compared


@pytest.mark.usefixtures("installed")
def test_a_kept_deck_makes_every_class_of_briefpubs_from_the_table(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "weekly.txt").write_text(BRIEFING, encoding="utf-8")
    _run(KEPT_DECK, "slides", "source/weekly.txt", cwd=tmp_path)
    kept = _run(KEPT_DECK, "slides", "source/weekly.txt", cwd=tmp_path)
    counts, forward = json.loads(kept.stderr.split("COUNTS ", 1)[1])
    assert counts["compiled"] == 0
    assert counts["served"] >= 6 * 40  # some 50 classes on a deck's path, four to six methods each
    assert forward["compiled"] == 0  # Click's, and the kept master's field types
    assert forward["served"] >= 20


def test_python_compiles_dataclass_methods_by_calling_exec_by_its_global_name() -> None:
    """Fails when Python's dataclasses stops calling ``exec`` as relied on: read ``dataclasses.py``
    of the new version, mend briefpub/startup/records.py, then update CHECKED_WITH."""
    names = [name for names in records.PRIVATE_NAMES.values() for name in names]
    assert all(exists(name) for name in names), f"{sys.version}, checked with {records.CHECKED_WITH}"
    assert "exec" in dataclasses._create_fn.__code__.co_names  # type: ignore[attr-defined]


@pytest.mark.usefixtures("installed")
def test_a_fresh_import_serves_briefpubs_classes_from_the_table() -> None:
    script = "import briefpub.model.briefing; from briefpub import records; print(records.COUNTS['served'])"
    assert int(_run(script).stdout) > 0


@pytest.fixture
def probe(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Any]:
    """A module of briefpub's name, empty, and a table file of its own in place of the package's."""
    namespace: dict[str, Any] = {"__name__": "briefpub.probe"}
    monkeypatch.setattr(records, "FILE", str(tmp_path / "table"))
    monkeypatch.setattr(records, "_tables", {})
    monkeypatch.setattr(records, "COUNTS", {"served": 0, "compiled": 0})
    return namespace


TEXT = "def __create_fn__():\n def f(x):\n  return x + 1\n return f"


def _made(namespace: dict[str, Any]) -> Any:
    local: dict[str, Any] = {}
    records._exec(TEXT, namespace, local)
    return local["__create_fn__"]()


def test_a_text_in_the_table_is_run_from_its_code(probe: dict[str, Any]) -> None:
    code = compile(TEXT, "<string>", "exec", dont_inherit=True)
    records.write_table({TEXT: code}, records.FILE)
    assert _made(probe)(1) == 2
    assert records.COUNTS == {"served": 1, "compiled": 0}


@pytest.mark.parametrize(
    "damage",
    [
        "none",
        "missing",
        "cut short",
        "garbage after the header",
        "another Python's magic",
        "another optimisation level",
        "not a dict",
        "not code",
        "a bit flipped in the code",
        "too large",
        "a folder",
        "a link",
        "a pipe",
    ],
)
def test_a_missing_or_damaged_table_compiles_as_without_one(probe: dict[str, Any], damage: str) -> None:
    import marshal
    from importlib.util import MAGIC_NUMBER

    path = Path(records.FILE)
    code = compile(TEXT, "<string>", "exec", dont_inherit=True)
    whole = tablefile.seal(records.header(), marshal.dumps({TEXT: code}))
    if damage == "none":  # the control: an undamaged table, served
        path.write_bytes(whole)
    elif damage == "cut short":
        path.write_bytes(whole[: len(whole) // 2])
    elif damage == "garbage after the header":
        path.write_bytes(tablefile.seal(records.header(), b"\xff\x00garbage"))
    elif damage == "another Python's magic":
        other = bytes([MAGIC_NUMBER[0] ^ 1, *MAGIC_NUMBER[1:]])
        start = records.FORMAT + other + bytes([sys.flags.optimize])
        path.write_bytes(tablefile.seal(start, marshal.dumps({TEXT: code})))
    elif damage == "another optimisation level":
        level = bytes([sys.flags.optimize + 1])
        path.write_bytes(tablefile.seal(records.FORMAT + MAGIC_NUMBER + level, marshal.dumps({TEXT: code})))
    elif damage == "not a dict":
        path.write_bytes(tablefile.seal(records.header(), marshal.dumps([TEXT, code])))
    elif damage == "not code":
        path.write_bytes(tablefile.seal(records.header(), marshal.dumps({TEXT: b"code"})))
    elif damage == "a bit flipped in the code":  # still marshal, still code: f's ``1`` is now None
        inner = next(k for k in code.co_consts[0].co_consts if type(k) is type(code)).co_code
        at = whole.index(inner) + inner.index(bytes([dis.opmap["LOAD_CONST"], 1])) + 1
        path.write_bytes(whole[:at] + b"\0" + whole[at + 1 :])
    elif damage == "too large":
        path.write_bytes(whole + b"\0" * records.MAX_FILE)
    elif damage == "a folder":
        path.mkdir()
    elif damage == "a link":
        (path.parent / "real").write_bytes(whole)
        path.symlink_to(path.parent / "real")
    elif damage == "a pipe":  # refused, not waited on
        os.mkfifo(path)
    assert _made(probe)(1) == 2
    served = int(damage == "none")
    assert records.COUNTS["served"] == served
    assert records.COUNTS["compiled"] == 1 - served


def test_only_briefpubs_classes_are_looked_up(probe: dict[str, Any]) -> None:
    records.write_table({TEXT: compile(TEXT, "<string>", "exec", dont_inherit=True)}, records.FILE)
    local: dict[str, Any] = {}
    records._exec(TEXT, {"__name__": "someone.else"}, local)
    assert local["__create_fn__"]()(1) == 2
    assert records.COUNTS == {"served": 0, "compiled": 0}


def test_a_compiled_text_keeps_dataclasses_future_features(probe: dict[str, Any]) -> None:
    """The builtin ``exec`` takes on its caller's ``from __future__`` features: compiled from records.py,
    a method's annotations must stay objects, as ``dataclasses`` (which has none) makes them."""
    text = "def __create_fn__(_type_x):\n def f(x: _type_x):\n  return x\n return f"
    local: dict[str, Any] = {}
    records._exec(text, probe, local)
    assert local["__create_fn__"](int).__annotations__ == {"x": int}
    assert records.COUNTS == {"served": 0, "compiled": 1}


def test_the_table_is_written_whole_and_bounded(tmp_path: Path) -> None:
    code = compile(TEXT, "<string>", "exec", dont_inherit=True)
    target = tmp_path / "table"
    records.write_table({TEXT: code}, str(target))
    assert [path.name for path in tmp_path.iterdir()] == ["table"]  # no partial file left
    assert records.read_table(str(target)) == {TEXT: code}
    with pytest.raises(ValueError, match="more than"):
        records.write_table({str(n): code for n in range(records.MAX_ENTRIES + 1)}, str(target))
    assert records.read_table(str(target)) == {TEXT: code}  # the old one stays


@pytest.mark.usefixtures("installed")
def test_no_table_is_read_from_a_project_and_none_written_by_a_run(tmp_path: Path) -> None:
    """Compiled code is code: only the package's own file is opened, and a run writes none."""
    name = Path(records.FILE).name
    planted = ("__pycache__", "output/.briefpub-cache", "output/.briefpub-cache/kept", "source/__pycache__")
    for folder in planted:
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / name).write_bytes(b"planted")
    (tmp_path / "source" / "weekly.txt").write_text(BRIEFING, encoding="utf-8")
    table = Path(records.FILE)
    before = table.stat().st_mtime_ns, table.read_bytes()
    opened = (
        "import sys\n"
        "seen = []\n"
        "sys.addaudithook(lambda event, args: event == 'open' and 'dataclass-methods' in str(args[0])"
        " and seen.append(str(args[0])))\n"
        "import atexit\n"
        "atexit.register(lambda: sys.__stderr__.write('OPENED ' + '|'.join(seen) + '\\n'))\n"
        "sys.argv = ['briefpub', 'slides', 'source/weekly.txt']\n"
        "from briefpub.cli import main\n"
        "main()\n"
    )
    out = _run(opened, cwd=tmp_path)
    assert out.stderr.split("OPENED ", 1)[1].split()[0].split("|") == [records.FILE]
    assert (table.stat().st_mtime_ns, table.read_bytes()) == before
    assert Path(records.FILE).parent == Path(briefpub.__file__).parent / "__pycache__"


def test_switched_off_dataclasses_is_left_alone() -> None:
    script = "import briefpub.model.briefing, dataclasses; print('exec' in vars(dataclasses))"
    assert _run(script, env={"BRIEFPUB_ENGINE_PATCHES_OFF": "all"}).stdout.split() == ["False"]
    assert _run(script, env=OFF).stdout.split() == ["False"]
    assert _run(script).stdout.split() == ["True"]


def test_briefpub_help_does_not_import_dataclasses() -> None:
    script = "import sys; sys.argv = ['briefpub', '--help']\nfrom briefpub.cli import main\ntry:\n main()\n"
    script += "except SystemExit:\n pass\nprint('dataclasses' in sys.modules)"
    assert _run(script).stdout.split()[-1] == "False"


def test_dataclasses_imported_before_briefpub_is_patched_at_once() -> None:
    script = "import dataclasses\nimport briefpub\nprint('exec' in vars(dataclasses))"
    assert _run(script).stdout.split() == ["True"]


def test_a_class_made_by_the_served_code_is_a_dataclass(probe: dict[str, Any]) -> None:
    """A class of a module of briefpub's made through ``dataclasses`` itself, in this process."""
    module = type(sys)("briefpub.probe_module")
    sys.modules[module.__name__] = module
    try:
        fields: list[tuple[str, Any] | tuple[str, Any, Any]] = [("x", int), ("y", int, 0)]
        namespace = {"__module__": module.__name__}
        point = dataclasses.make_dataclass("Point", fields, frozen=True, namespace=namespace)
        assert records.COUNTS["compiled"] >= 4  # patched in this process: briefpub was imported first
        assert repr(point(1)) == "Point(x=1, y=0)"
        with pytest.raises(dataclasses.FrozenInstanceError):
            point(1).x = 2
    finally:
        del sys.modules[module.__name__]


def test_a_module_that_cannot_be_imported_leaves_the_others_recorded(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from briefpub.startup import install

    real = importlib.import_module
    seen: list[str] = []

    def importing(name: str, package: str | None = None) -> Any:
        seen.append(name)
        if name == "briefpub.rasterise":
            raise ImportError("no cairo")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", importing)
    install.record(run=False)
    assert "briefpub.rasterise" in seen
    assert "briefpub.stops" in seen  # went on past it
    assert "briefpub.rasterise not imported (no cairo)" in capsys.readouterr().err
    assert records._recording is None


SELECTORS = "p > a.x, h1 + h2, li:nth-child(2n+1), [lang|=en], td:not(:first-child), ::before, * , a:link"


def _selector_codes() -> list[Any]:
    cssselect2 = importlib.import_module("cssselect2")  # no type stubs
    return [selector.test.__code__ for selector in cssselect2.compile_selector_list(SELECTORS)]


def _code_parts(code: Any) -> tuple[Any, ...]:
    return (
        code.co_code,
        code.co_consts,
        code.co_names,
        code.co_varnames,
        code.co_flags,
        code.co_filename,
        code.co_name,
        code.co_qualname,
        code.co_firstlineno,
        code.co_linetable,
    )


def test_selectors_from_the_table_are_the_code_cssselect2_compiles(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    compiler = importlib.import_module("cssselect2.compiler")
    monkeypatch.delitem(vars(compiler), "eval", raising=False)
    compiled = [_code_parts(code) for code in _selector_codes()]  # the builtin eval, from cssselect2
    monkeypatch.setitem(vars(compiler), "eval", records._eval)
    kept: dict[Any, Any] = {}
    records.recording(kept)
    try:
        assert [_code_parts(code) for code in _selector_codes()] == compiled
    finally:
        records.recording(None)
    path = tmp_path / "selectors"
    records.write_table({key[1]: code for key, code in kept.items()}, str(path))
    monkeypatch.setattr(records, "SELECTOR_FILE", str(path))
    monkeypatch.setattr(records, "_tables", {})
    monkeypatch.setattr(records, "SELECTORS", {"served": 0, "compiled": 0})
    assert [_code_parts(code) for code in _selector_codes()] == compiled
    n = len(compiled)
    assert records.SELECTORS["served"] == n
    assert records.SELECTORS["compiled"] == 0
    path.unlink()  # no table: compiled, the same code
    monkeypatch.setattr(records, "_tables", {})
    assert [_code_parts(code) for code in _selector_codes()] == compiled
    assert records.SELECTORS["served"] == n
    assert records.SELECTORS["compiled"] == n


def test_cssselect2_compiles_selectors_by_calling_eval_by_its_global_name() -> None:
    """Fails when cssselect2 changes how it compiles a selector: read its compiler.py, mend
    briefpub/startup/records.py, then update CHECKED_WITH."""
    compiler = importlib.import_module("cssselect2.compiler")
    assert "eval" in compiler.CompiledSelector.__init__.__code__.co_names


@pytest.mark.usefixtures("installed")
def test_a_pdf_makes_its_selectors_from_the_packages_table_only(tmp_path: Path) -> None:
    name = Path(records.SELECTOR_FILE).name
    for folder in ("__pycache__", "output/.briefpub-cache", "templates"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / name).write_bytes(b"planted")
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "weekly.txt").write_text(BRIEFING, encoding="utf-8")
    script = (
        "import atexit, json, sys\n"
        "seen = []\n"
        f"sys.addaudithook(lambda event, args: event == 'open' and {name!r} in str(args[0])"
        " and seen.append(str(args[0])))\n"
        "def said():\n"
        "    from briefpub import records\n"
        "    sys.__stderr__.write('SAID ' + json.dumps([seen, records.SELECTORS]) + '\\n')\n"
        "atexit.register(said)\n"
        "sys.argv = ['briefpub', 'pdf', 'source/weekly.txt']\n"
        "from briefpub.cli import main\n"
        "main()\n"
    )
    seen, counts = json.loads(_run(script, cwd=tmp_path).stderr.split("SAID ", 1)[1])
    assert seen == [records.SELECTOR_FILE]
    assert counts["served"] >= 300
    assert counts["compiled"] == 0
    off = _run(script, cwd=tmp_path, env={"BRIEFPUB_ENGINE_PATCHES_OFF": "selector-code"})
    assert json.loads(off.stderr.split("SAID ", 1)[1]) == [[], {"served": 0, "compiled": 0}]


@pytest.mark.usefixtures("installed")
def test_forward_references_from_the_table_are_the_code_typing_compiles(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import typing

    texts = list(records.read_table(records.FORWARD_FILE))
    assert len(texts) >= 60
    served = [_code_parts(typing.ForwardRef(text).__forward_code__) for text in texts]
    monkeypatch.delitem(vars(typing), "compile")  # typing's own compile, the builtin
    assert [_code_parts(typing.ForwardRef(text).__forward_code__) for text in texts] == served


def test_typing_compiles_forward_references_by_calling_compile_by_its_global_name() -> None:
    import typing

    assert "compile" in typing.ForwardRef.__init__.__code__.co_names


def test_each_switch_leaves_its_module_alone() -> None:
    script = (
        "import briefpub, dataclasses, typing, importlib\n"
        "compiler = importlib.import_module('cssselect2.compiler')\n"
        "print(*('exec' in vars(dataclasses), 'eval' in vars(compiler), 'compile' in vars(typing)))"
    )
    assert _run(script).stdout.split() == ["True", "True", "True"]
    assert _run(script, env={"BRIEFPUB_ENGINE_PATCHES_OFF": "forward-refs"}).stdout.split() == [
        "True",
        "True",
        "False",
    ]
    assert _run(script, env={"BRIEFPUB_ENGINE_PATCHES_OFF": "selector-code"}).stdout.split() == [
        "True",
        "False",
        "True",
    ]
    assert _run(script, env={"BRIEFPUB_ENGINE_PATCHES_OFF": "all"}).stdout.split() == [
        "False",
        "False",
        "False",
    ]


@pytest.mark.usefixtures("installed")
def test_briefpub_help_reads_neither_the_dataclasses_table_nor_the_selectors(tmp_path: Path) -> None:
    """Click's forward references are served from their own small table (and its patterns from theirs)."""
    script = (
        "import sys\n"
        "seen = []\n"
        "sys.addaudithook(lambda event, args: event == 'open' and str(args[0]).endswith('.marshal')"
        " and seen.append(str(args[0])))\n"
        "sys.argv = ['briefpub', '--help']\n"
        "from briefpub.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.__stderr__.write('OPENED ' + '|'.join(seen) + '\\n')\n"
    )
    out = _run(script, cwd=tmp_path)
    opened = out.stderr.split("OPENED ", 1)[1].split()[0].split("|")
    assert sorted(opened) == sorted([records.FORWARD_FILE, regexes.FILE])


@pytest.mark.usefixtures("installed")
def test_every_edition_is_byte_for_byte_the_same_with_the_tables_and_without(tmp_path: Path) -> None:
    """The dataclass, forward reference, selector and pattern tables change nothing an edition holds."""
    (tmp_path / "source").mkdir()
    markup = "Why?\n\nAnswer: A dispute[^1], *at last*.\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n[^1]: A note.\n"
    (tmp_path / "source" / "weekly.txt").write_text(BRIEFING + "\n" + markup, encoding="utf-8")
    made = []
    for off in ("", "dataclass-methods,forward-refs,selector-code,regex-table"):
        build = [sys.executable, "-m", "briefpub", "-q", "build", "--force", "-j", "1"]
        env = {**os.environ, "BRIEFPUB_ENGINE_PATCHES_OFF": off}
        subprocess.run(build, cwd=tmp_path, env=env, capture_output=True, check=True, timeout=300)
        made.append({path.name: path.read_bytes() for path in (tmp_path / "output").glob("weekly.*")})
    assert set(made[0]) == {"weekly.pdf", "weekly.pptx", "weekly.html", "weekly.eml", "weekly.email.html"}
    assert made[0] == made[1]
