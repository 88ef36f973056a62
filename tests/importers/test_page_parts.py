"""Reading the parts of a page: tables in either layout, limits in descriptions, prices."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.importers.limits import read_limits
from generator.importers.prices import amount_text, read_condition, read_price
from generator.importers.tables import parse_table
from generator.spec.schema import Range

CELL = st.text(
    st.characters(blacklist_characters="|\n\r", blacklist_categories=("Cs", "Cc")), max_size=12
).map(str.strip)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    width = draw(st.integers(1, 5))
    header = draw(
        st.lists(
            CELL.filter(bool).filter(lambda c: set(c) != {"-"}), min_size=width, max_size=width
        )
    )
    rows = draw(st.lists(st.lists(CELL, min_size=width, max_size=width), max_size=6))
    return header, rows


def render(header: list[str], rows: list[list[str]], separator: str) -> str:
    lines = [header, ["---"] * len(header), *rows]
    return separator.join("| " + " | ".join(cells) + " |" for cells in lines)


@given(tables())
def test_table_reads_the_same_on_lines_or_flattened(
    table: tuple[list[str], list[list[str]]],
) -> None:
    header, rows = table
    for separator in ("\n", " "):
        found = parse_table(render(header, rows, separator) + separator + "after")
        assert found is not None
        before, parsed = found
        assert (before, parsed.header, parsed.rows, parsed.complete) == ("", header, rows, True)
        assert parsed.rest.strip() == "after"


@given(tables(), st.data())
def test_a_table_cut_short_keeps_whole_rows_and_says_so(
    table: tuple[list[str], list[list[str]]], data: st.DataObject
) -> None:
    header, rows = table
    text = render(header, rows, " ")
    start = len(render(header, [], " "))
    cut = data.draw(st.integers(start + 1, len(text) - 1)) if len(text) - 1 > start else None
    if cut is None:
        return
    found = parse_table(text[:cut])
    assert found is not None
    parsed = found[1]
    assert parsed.rows == rows[: len(parsed.rows)]
    if parsed.complete and parsed.rows != rows:
        # a cut between two rows cannot be told from the end of a table
        assert text[:cut].rstrip().endswith("|")


@pytest.mark.parametrize(
    ("description", "media", "expected", "kept"),
    [
        ("Prompt. Max 5,000 characters.", False, {"max_length": 5000}, "Prompt."),
        ("Range: 2-15. Default: 5.", False, {"minimum": 2, "maximum": 15, "default": "5"}, ""),
        ("Strength. Range: 0.5\u20131.5.", False, {"minimum": 0.5, "maximum": 1.5}, "Strength."),
        (
            "URL. Supported formats: JPEG, JPG, PNG. Max 20 MB.",
            True,
            {"formats": ["jpeg", "jpg", "png"], "max_size_mb": 20},
            "URL.",
        ),
        (
            "Clip. MP4/MOV, 2-10s, max 100 MB. When given, x is ignored.",
            True,
            {"formats": ["mp4", "mov"], "duration": Range(2, 10), "max_size_mb": 100},
            "Clip. When given, x is ignored.",
        ),
        (
            "Music. - Format: WAV, MP3. - Duration: 3 to 30 s. - File size: Up to 15 MB.",
            True,
            {"formats": ["wav", "mp3"], "duration": Range(3, 30), "max_size_mb": 15},
            "Music.",
        ),
        # a prompt's shot timings are not a clip length
        ("Shots: First [0-3s] then [3-5s].", False, {}, "Shots: First [0-3s] then [3-5s]."),
        # an aspect ratio is not a format list; a sentence with more than a limit stays
        ("Use 16/9 or 4/3.", True, {}, "Use 16/9 or 4/3."),
        (
            "Chinese and English, max 800 characters.",
            False,
            {"max_length": 800},
            "Chinese and English, max 800 characters.",
        ),
    ],
)
def test_limits_in_descriptions(
    description: str, media: bool, expected: dict[str, object], kept: str
) -> None:
    limits = read_limits(description, media=media)
    found = {
        key: value
        for key, value in vars(limits).items()
        if key != "description" and value not in (None, [])
    }
    assert found == expected
    assert limits.description == kept


@pytest.mark.parametrize(
    ("text", "kind", "label", "amount"),
    [
        ("720P pricing: $0.10/sec", "per_second", "720P pricing", "0.10"),
        ("1080P pricing: $0.15/sec (default)", "per_second", "1080P pricing (default)", "0.15"),
        (
            "1080p pricing (fallback): $0.15/second",
            "per_second",
            "1080p pricing (fallback)",
            "0.15",
        ),
        ("$0.8000", "flat", "", "0.8000"),
        ("0.03/Per image pricing", "per_unit", "0.03/Per image pricing", "0.03"),
        ("Each megapixel costs $0.008, and each input $0.008.", "prose", None, None),
        ("Free for now", "prose", None, None),
    ],
)
def test_price_cells(text: str, kind: str, label: str | None, amount: str | None) -> None:
    price = read_price(text)
    assert price.kind == kind
    if label is not None:
        assert price.label == label
    assert price.amount == (Decimal(amount) if amount else None)


def test_conditions_and_amounts() -> None:
    clauses = read_condition('duration == "4" AND resolution eq_i "4K"')
    assert clauses is not None
    assert [(c.name, c.op, c.value) for c in clauses] == [
        ("duration", "==", "4"),
        ("resolution", "eq_i", "4K"),
    ]
    assert read_condition("Rule 2") is None
    assert read_condition("duration == 4") is None
    assert [amount_text(Decimal(x)) for x in ("0.8000", "0.7500", "3.2", "0.075", "2")] == [
        "0.80",
        "0.75",
        "3.20",
        "0.075",
        "2.00",
    ]
