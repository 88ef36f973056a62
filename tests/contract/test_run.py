"""The generated client's ``run()`` against the in-process mock, on a virtual clock."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from .runs import RUN
from .targets import Target, each_target


@each_target
@given(data=st.data())
def test_run_ends_as_scripted(target: Target, data: st.DataObject) -> None:
    RUN.run(target, data)
