"""Hypothesis strategies derived from the spec, for any model (no per-model code).

* :func:`valid_inputs` draws inputs that satisfy every rule of spec/README.md *Validation*.
* :func:`invalid_inputs` draws an input that breaks exactly one named constraint,
  together with the one violation ``(path, constraint)`` both sides must report.

Built from small pieces, one per input type and per constraint, so a failing
example names the constraint that the generated validator and the mock disagree on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from generator.spec import Input, ModelSpec, Platform

PUBLIC_HOSTS = ("example.com", "cdn.example.org", "storage.googleapis.com", "files.example.net")
TEXT = st.characters(exclude_categories=("Cs",))  # lone surrogates cannot be sent as JSON
SHORT_TEXT_MAX = 40


@dataclass(frozen=True)
class Violation:
    """The one problem an invalid input must be reported with."""

    path: str
    constraint: str


# --------------------------------------------------------------------------- valid values


def file_urls(spec: Input) -> st.SearchStrategy[str]:
    """Public https URLs whose extension, if any, is one of the input's formats."""
    assert spec.media is not None
    segment = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=12)
    extension = st.sampled_from(spec.media.formats).flatmap(
        lambda fmt: st.sampled_from([fmt, fmt.upper()])
    )
    tail = st.one_of(
        st.builds(lambda name, ext: f"{name}.{ext}", segment, extension),
        segment,  # no extension: the format cannot be known, so it is accepted
    )
    query = st.one_of(st.just(""), st.builds(lambda q: f"?sig={q}", segment))
    return st.builds(
        lambda host, dirs, name, q: f"https://{host}/{'/'.join([*dirs, name])}{q}",
        st.sampled_from(PUBLIC_HOSTS),
        st.lists(segment, max_size=3),
        tail,
        query,
    )


def strings(spec: Input) -> st.SearchStrategy[str]:
    """Strings within the input's length limits, boundaries included."""
    low = spec.min_length or 0
    high = spec.max_length
    short = st.text(
        TEXT, min_size=low, max_size=min(high, SHORT_TEXT_MAX) if high else SHORT_TEXT_MAX
    )
    if high is None or high <= SHORT_TEXT_MAX:
        return short
    return st.one_of(short, st.just("x" * high), st.just("é" * high))


def integers(spec: Input) -> st.SearchStrategy[int | float]:
    """Integers within range, boundaries included; integral floats too (JSON Schema integers)."""
    low = int(spec.minimum) if spec.minimum is not None else -(2**31)
    high = int(spec.maximum) if spec.maximum is not None else 2**31
    ints = st.integers(low, high)
    return st.one_of(ints, st.just(low), st.just(high), ints.map(float))


def numbers(spec: Input) -> st.SearchStrategy[int | float]:
    """Finite numbers within range."""
    low = spec.minimum if spec.minimum is not None else -1e9
    high = spec.maximum if spec.maximum is not None else 1e9
    return st.one_of(
        st.floats(low, high, allow_nan=False, allow_infinity=False), st.just(low), st.just(high)
    )


def valid_value(spec: Input) -> st.SearchStrategy[Any]:
    """Any value the input accepts."""
    if spec.enum is not None:
        return st.sampled_from(spec.enum)
    if spec.media is not None:
        return file_urls(spec)
    return {
        "string": strings,
        "integer": integers,
        "number": numbers,
        "boolean": lambda _: st.booleans(),
        "object": lambda _: st.dictionaries(st.text(TEXT, max_size=8), json_values(), max_size=3),
    }[spec.type](spec)


def valid_inputs(model: ModelSpec) -> st.SearchStrategy[dict[str, Any]]:
    """Inputs that satisfy every constraint: required inputs always, optional ones sometimes."""
    required = {name: valid_value(spec) for name, spec in model.inputs.items() if spec.required}
    optional = {name: valid_value(spec) for name, spec in model.inputs.items() if not spec.required}
    return st.fixed_dictionaries(required, optional=optional)


# --------------------------------------------------------------------------- breaking one rule


def _wrong_types(kind: str) -> st.SearchStrategy[Any]:
    wrong: dict[str, st.SearchStrategy[Any]] = {
        "string": st.one_of(
            st.integers(), st.booleans(), st.lists(st.text(max_size=3), max_size=2)
        ),
        "integer": st.one_of(
            st.text(max_size=5),
            st.booleans(),
            st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: not f.is_integer()),
        ),
        "number": st.one_of(
            st.text(max_size=5),
            st.booleans(),
            st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
        ),
        "boolean": st.one_of(
            st.integers(), st.sampled_from(["true", "false", ""]), st.floats(allow_nan=False)
        ),
        "object": st.one_of(
            st.integers(), st.booleans(), st.text(max_size=5), st.lists(st.integers(), max_size=2)
        ),
    }
    return wrong[kind]


def breakages(platform: Platform, name: str, spec: Input) -> dict[str, st.SearchStrategy[Any]]:
    """For one input: constraint name -> values that break exactly that constraint."""
    out: dict[str, st.SearchStrategy[Any]] = {"type": _wrong_types(spec.type)}
    if spec.enum is not None:
        if spec.type == "string":
            out["enum"] = st.text(TEXT, max_size=10).filter(lambda v: v not in spec.enum)
        elif spec.type in ("integer", "number"):
            out["enum"] = st.integers(-1000, 1000).filter(lambda v: v not in spec.enum)
    if spec.type in ("integer", "number") and spec.enum is None:
        step = 1 if spec.type == "integer" else 0.5
        if spec.minimum is not None:
            out["minimum"] = st.integers(1, 1000).map(lambda d: spec.minimum - d * step)  # type: ignore[operator]
        if spec.maximum is not None:
            out["maximum"] = st.integers(1, 1000).map(lambda d: spec.maximum + d * step)  # type: ignore[operator]
    if spec.type == "string" and spec.enum is None and spec.media is None:
        if spec.max_length is not None:
            out["max_length"] = st.integers(1, 3).map(lambda extra: "y" * (spec.max_length + extra))  # type: ignore[operator]
        if spec.min_length:
            out["min_length"] = st.integers(0, spec.min_length - 1).map(lambda n: "z" * n)
    if spec.media is not None:
        rules = platform.file_urls
        if rules.reject_data_uris:
            out["data_uri"] = st.sampled_from(
                ["data:image/png;base64,iVBORw0KGgo=", "DATA:text/plain,hello", "data:,x"]
            )
        out["url_scheme"] = st.sampled_from(
            [s for s in ("http", "ftp", "file", "gs", "s3") if s not in rules.schemes]
        ).map(lambda scheme: f"{scheme}://example.com/asset")
        local_hosts = ["localhost", "LOCALHOST", "app.localhost", "127.0.0.1", "[::1]", "0.0.0.0"]
        if rules.reject_private_addresses:
            local_hosts += [
                "10.1.2.3",
                "192.168.0.10",
                "172.16.5.4",
                "169.254.169.254",
                "[fe80::1]",
            ]
        local_hosts += list(rules.rejected_hosts)
        scheme = rules.schemes[0]
        out["url_host"] = st.one_of(
            st.sampled_from(local_hosts).map(lambda host: f"{scheme}://{host}/asset"),
            st.just(f"{scheme}:///asset"),
        )
        bad_formats = sorted(set(rules.known_extensions) - set(spec.media.formats))
        if bad_formats:
            out["format"] = st.sampled_from(bad_formats).map(
                lambda ext: f"{scheme}://example.com/file.{ext}"
            )
    return out


@st.composite
def invalid_inputs(
    draw: st.DrawFn, model: ModelSpec, platform: Platform
) -> tuple[dict[str, Any], Violation]:
    """An input breaking exactly one constraint, and the violation it must be reported with."""
    base = draw(valid_inputs(model))
    options: list[tuple[str, str]] = []
    for name, spec in model.inputs.items():
        options.extend((name, constraint) for constraint in breakages(platform, name, spec))
        if spec.required:
            options.append((name, "required"))
    if platform.inputs.unknown_inputs == "reject":
        options.append(("", "unknown"))
    name, constraint = draw(st.sampled_from(options))
    if constraint == "required":
        if draw(st.booleans()):
            base.pop(name, None)
        else:
            base[name] = None
        return base, Violation(name, "required")
    if constraint == "unknown":
        key = draw(
            st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12).filter(
                lambda k: k not in model.inputs
            )
        )
        base[key] = draw(st.one_of(st.integers(), st.text(max_size=5), st.none()))
        return base, Violation(key, "unknown")
    base[name] = draw(breakages(platform, name, model.inputs[name])[constraint])
    return base, Violation(name, constraint)


def non_object_inputs() -> st.SearchStrategy[Any]:
    """JSON values that are not objects: the whole input is rejected with path ``""``."""
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.text(max_size=5),
        st.lists(st.integers(), max_size=3),
    )


def json_values() -> st.SearchStrategy[Any]:
    """Arbitrary JSON, for "never raises anything but the documented error" properties."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(TEXT, max_size=10),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(st.text(TEXT, max_size=8), inner, max_size=4),
        ),
        max_leaves=12,
    )
