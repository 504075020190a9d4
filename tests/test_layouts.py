"""Each role on the layout whose room fits it: no empty picture box, no answer cut in a strip."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefpub.deck.slides import plan_slides
from briefpub.reader.structure import parse
from masters import ROOMLESS_LAYOUTS, corporate_master
from test_plan import options

SENTENCE = (
    "War-risk premiums, which insurers now quote per transit rather than per year, decide whether a "
    "carrier sends its ships through the strait or round the Cape, and the carriers say so openly."
)
BRIEFING = parse(
    "T\n\n" + "".join(f"Question {n}?\n\nAnswer: {SENTENCE} More follows.\n\n" for n in range(4))
)


@pytest.fixture(scope="module")
def master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corporate_master(tmp_path_factory.mktemp("roomless"), layouts=ROOMLESS_LAYOUTS)


@pytest.mark.parametrize("mapped", ["Bild links", "Untertitelstreifen"])
def test_questions_leave_a_layout_that_wastes_their_room(master: Path, mapped: str) -> None:
    said: list[str] = []
    plan = plan_slides(
        BRIEFING, template=master, options=options(question=mapped), warn=lambda d: said.append(str(d))
    )
    questions = [slide for slide in plan.slides if slide.role == "question"]
    assert len(questions) == 4  # one slide each: no answer cut onto "(cont.)" slides
    assert {slide.layout for slide in questions} == {"Titel und Inhalt"}
    told = [message for message in said if "questions go on layout 'Titel und Inhalt'" in message]
    assert len(told) == 1
    assert f"not '{mapped}'" in told[0]
