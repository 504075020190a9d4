"""docs/format.md, case by case: each fixture parses to its JSON, or is refused with its one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefpub import SourceError, parse
from briefpub.model.briefing import to_dict

CASES = Path(__file__).parent / "fixtures" / "reader"
PARSED = sorted(p for p in CASES.glob("*.txt") if p.with_suffix(".json").exists())
REFUSED = sorted(p for p in CASES.glob("*.txt") if p.with_suffix(".error").exists())


def test_every_case_has_its_expectation_and_the_spec_names_it() -> None:
    spec = (Path(__file__).parent.parent / "docs" / "format.md").read_text(encoding="utf-8")
    cases = sorted(CASES.glob("*.txt"))
    assert cases
    assert sorted(PARSED + REFUSED) == cases
    assert [case.name for case in cases if case.name not in spec] == []


@pytest.mark.parametrize("case", PARSED, ids=lambda p: p.stem)
def test_a_case_parses_to_its_model(case: Path) -> None:
    expected = json.loads(case.with_suffix(".json").read_text(encoding="utf-8"))
    assert to_dict(parse(case, file=case.name)) == expected


@pytest.mark.parametrize("case", REFUSED, ids=lambda p: p.stem)
def test_a_case_is_refused_in_one_line(case: Path) -> None:
    with pytest.raises(SourceError) as refused:
        parse(case, file=case.name)
    assert [str(d) for d in refused.value.diagnostics] == [case.with_suffix(".error").read_text().strip()]
