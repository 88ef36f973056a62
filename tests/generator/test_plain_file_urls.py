"""The compiled validators' fast check of file URLs never accepts what the general check refuses.

``plain_file_url(formats)`` is a pattern the validators try before ``file_url_issue``; it may
only ever vouch for URLs the general check (``urlsplit``, the spec's rules) finds valid.
"""

from __future__ import annotations

from contract.strategies import url_like_strings
from eachlabs import _validation
from eachlabs._platform import FILE_URL_SCHEMES, KNOWN_EXTENSIONS, REJECTED_HOSTS
from generator_support import SPEC
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.spec import load_spec

PLATFORM = load_spec(SPEC).platform
FORMATS = st.lists(st.sampled_from(sorted(KNOWN_EXTENSIONS)), max_size=4).map(tuple)
LABEL = st.text("abcxyz019-", min_size=1, max_size=6)
PLAIN_LOOKING = st.builds(
    "{}://{}{}{}{}".format,
    st.sampled_from([*sorted(FILE_URL_SCHEMES), "http", "data", "HTTPS"]),
    st.one_of(
        st.lists(LABEL, min_size=1, max_size=3).map(".".join),
        st.sampled_from([*sorted(REJECTED_HOSTS), "a.localhost", "LOCALHOST", "127.0.0.1"]),
    ),
    st.sampled_from(["", "/", "/dir/", "/a.b/"]),
    st.one_of(
        st.builds("{}.{}".format, LABEL, st.sampled_from([*sorted(KNOWN_EXTENSIONS), "PNG"])),
        st.text("ab./", max_size=4),
    ),
    st.sampled_from(["", "?q=x.gif", "#f.mp4", "?", ":8080"]),
)


@settings(max_examples=300, deadline=None)
@given(url=st.one_of(PLAIN_LOOKING, url_like_strings(PLATFORM.file_urls)), formats=FORMATS)
def test_the_fast_check_only_vouches_for_valid_urls(url: str, formats: tuple[str, ...]) -> None:
    if _validation.plain_file_url(formats).fullmatch(url) is not None:
        assert _validation.file_url_issue(url, "input", formats, False) is None


def test_the_fast_check_covers_the_common_shape() -> None:
    pattern = _validation.plain_file_url(("png", "jpg"))
    assert pattern.fullmatch("https://cdn.example.com/u/123/frame.png?sig=a.gif#x")
    assert pattern.fullmatch("https://cdn.example.com/u/frame")  # no extension: format unknown
    for refused in (
        "https://cdn.example.com/u/frame.gif",
        "https://cdn.example.com/u/frame.MP4",
        "https://localhost/frame.png",
        "https://x.localhost/frame.png",
        "http://cdn.example.com/frame.png",
    ):
        assert pattern.fullmatch(refused) is None, refused
