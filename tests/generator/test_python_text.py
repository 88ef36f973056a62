"""``py_text``: long spec text as a string literal that fits the line length."""

from __future__ import annotations

import ast

from hypothesis import given
from hypothesis import strategies as st

from generator.render import python_text

WORDS = st.lists(st.text(min_size=0, max_size=30), max_size=40).map(" ".join)


@given(st.one_of(WORDS, st.text()))
def test_the_literal_reads_back_as_the_text(text: str) -> None:
    assert ast.literal_eval(python_text(text)) == text


@given(WORDS)
def test_pieces_fit_unless_a_single_word_is_longer(text: str) -> None:
    literal = python_text(text, width=40)
    pieces = literal.splitlines()[1:-1] if literal.startswith("(\n") else [literal]
    for piece in pieces:
        assert len(piece) <= 40 or " " not in ast.literal_eval(piece).rstrip(" ")


def test_short_text_stays_one_literal() -> None:
    assert python_text("Playback speed factor.") == "'Playback speed factor.'"
