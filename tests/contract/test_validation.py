"""Validation, pricing and modes: the generated client and the mock against the spec."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .properties import VALIDATION, Property
from .targets import Target, each_target


@pytest.mark.parametrize("prop", VALIDATION, ids=lambda prop: prop.name.replace(" ", "-"))
@each_target
@given(data=st.data())
def test_contract(prop: Property, target: Target, data: st.DataObject) -> None:
    prop.run(target, data)
