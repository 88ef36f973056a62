"""Hypothesis strategies derived from the spec, for any model (no per-model code).

* :func:`valid_inputs` draws inputs that satisfy every rule of spec/README.md
  *Validation*, in every mode of the model.
* :func:`broken_inputs` draws an input that breaks one named constraint on each
  of a few inputs (and may add unknown keys), with the violations both sides
  must report, in the documented order; :func:`invalid_inputs` breaks exactly one.
* :func:`arbitrary_inputs`, :func:`url_like_strings`, :func:`json_values`: anything
  at all, for the properties where the two sides only have to agree (or answer
  with the documented error).

Built from small pieces, one per input type and per constraint, so a failing
example names the constraint the generated validator and the mock disagree on.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from hypothesis import event
from hypothesis import strategies as st

from generator.spec import FileUrlRules, Input, Media, ModelSpec, Platform

TEXT = st.characters(exclude_categories=("Cs",))
"""Any code point JSON can carry (lone surrogates cannot be encoded)."""
SHORT_TEXT = 40
FILL = ("x", "é", "😀")
"""One code point each, whatever their UTF-8 or UTF-16 length: lengths count code points."""
SEGMENT = st.text("abcdefghijklmnopqrstuvwxyz0123456789-_é", min_size=1, max_size=10)
PUBLIC_HOSTS = (
    "example.com",
    "CDN.Example.org",
    "storage.googleapis.com",
    "example.com.",
    "8.8.8.8",
    "[2001:4860:4860::8888]",
    "[::ffff:8.8.8.8]",
)
PRIVATE_HOSTS = (
    "127.0.0.1",
    "10.1.2.3",
    "192.168.0.10",
    "172.16.5.4",
    "169.254.169.254",
    "0.0.0.0",
    "240.0.0.1",
    "[::1]",
    "[fe80::1]",
    "[::ffff:127.0.0.1]",
    "[::]",
)
OTHER_SCHEMES = ("http", "ftp", "file", "gs", "s3", "javascript", "mailto", "data")
UNKNOWN_EXTENSIONS = ("php", "txt", "json", "bin")
UNKNOWN = "<unknown>"
SHUFFLER = st.randoms(use_true_random=False)
"""Shuffles the keys of an input (the order of unknown keys is the order they come in)."""
T = TypeVar("T")


@dataclass(frozen=True)
class Violation:
    """A problem an invalid input must be reported with."""

    path: str
    constraint: str


@functools.cache
def any_case(word: str) -> st.SearchStrategy[str]:
    """``word`` with each letter in either case (schemes, hosts and extensions ignore case)."""
    return st.integers(0, 2 ** len(word) - 1).map(
        lambda upper: "".join(c.upper() if upper >> i & 1 else c for i, c in enumerate(word))
    )


@functools.cache
def any_case_of(words: tuple[str, ...]) -> st.SearchStrategy[str]:
    """One of ``words``, in any case."""
    return st.one_of([any_case(word) for word in words])


def length_ok(spec: Input, value: str) -> bool:
    """Whether ``value`` satisfies the input's length limits (in code points)."""
    low, high = spec.min_length, spec.max_length
    return (low is None or len(value) >= low) and (high is None or len(value) <= high)


def memo(build: Callable[..., T]) -> Callable[..., T]:
    """Build once per (spec objects, options): strategies are drawn from thousands of times, and
    building one (hypothesis validates it) costs more than drawing from it."""
    built: dict[tuple[Any, ...], tuple[tuple[Any, ...], T]] = {}

    @functools.wraps(build)
    def cached(*args: Any, **options: Any) -> T:
        key = (*map(id, args), *sorted(options.items()))
        if key not in built:
            built[key] = (args, build(*args, **options))  # args kept alive: ids stay unique
        return built[key][1]

    return cached


# --------------------------------------------------------------------------- valid values


def _allowed_local_hosts(rules: FileUrlRules) -> list[str]:
    """Hosts that look local but that these rules accept."""
    hosts = [] if rules.reject_private_addresses else list(PRIVATE_HOSTS)
    rejected = {host.lower() for host in rules.rejected_hosts}
    return hosts + [host for host in ("localhost", "localhost.localdomain") if host not in rejected]


def _file_names(rules: FileUrlRules, media: Media) -> st.SearchStrategy[str]:
    """Last path segments the format rule accepts: a listed format, no or an unknown extension."""
    extension = any_case_of(tuple(media.formats))
    known = {ext.lower() for ext in rules.known_extensions}
    unknown = [ext for ext in UNKNOWN_EXTENSIONS if ext not in known]
    with_format = st.builds("{}.{}".format, SEGMENT, extension)
    options = [with_format, with_format, SEGMENT, st.just("")]
    if unknown:
        options.append(st.builds("{}.{}".format, SEGMENT, st.sampled_from(unknown)))
    return st.one_of(options)


@memo
def file_urls(rules: FileUrlRules, media: Media) -> st.SearchStrategy[str]:
    """URLs every file-URL rule accepts for a media input (any case, ports, user info, queries)."""
    hosts = [*PUBLIC_HOSTS, *_allowed_local_hosts(rules)]
    host = st.one_of(
        st.sampled_from(hosts), st.builds("{}.{}".format, SEGMENT, st.sampled_from(["com", "io"]))
    )
    return st.builds(
        "{}://{}{}{}/{}{}{}".format,
        any_case_of(tuple(rules.schemes)),
        st.sampled_from(["", "user@", "user:pw@"]),
        host,
        st.sampled_from(["", ":443", ":8080"]),
        st.lists(SEGMENT.map("{}/".format), max_size=2).map("".join),
        _file_names(rules, media),
        st.sampled_from(["", "?sig=abc", "?file=clip.gif", "#part.mov"]),
    )


def strings(spec: Input) -> st.SearchStrategy[str]:
    """Strings within the input's length limits, both boundaries included."""
    low = spec.min_length or 0
    high = spec.max_length if spec.max_length is not None else low + SHORT_TEXT
    bounds = sorted({low, high})
    return st.one_of(
        st.text(TEXT, min_size=low, max_size=min(high, low + SHORT_TEXT)),
        st.tuples(st.sampled_from(bounds), st.sampled_from(FILL)).map(lambda nc: nc[1] * nc[0]),
    )


def _integer_bounds(spec: Input) -> tuple[int, int]:
    low = math.ceil(spec.minimum) if spec.minimum is not None else -(2**53)
    high = math.floor(spec.maximum) if spec.maximum is not None else 2**53
    return low, high


def integers(spec: Input) -> st.SearchStrategy[int | float]:
    """Integers within range, boundaries included; integral floats too (JSON Schema integers)."""
    low, high = _integer_bounds(spec)
    ints = st.one_of(st.integers(low, high), st.sampled_from([low, high]))
    return st.one_of(ints, ints.map(float))


def numbers(spec: Input) -> st.SearchStrategy[int | float]:
    """Finite numbers within range, boundaries included; integers too."""
    low = spec.minimum if spec.minimum is not None else -1e9
    high = spec.maximum if spec.maximum is not None else 1e9
    options = [st.floats(low, high), st.sampled_from([low, high])]
    if math.ceil(low) <= math.floor(high):
        options.append(st.integers(math.ceil(low), math.floor(high)))
    return st.one_of(options)


@memo
def unconstrained_enum_values(platform: Platform, spec: Input) -> st.SearchStrategy[Any]:
    """Values of the input's type that satisfy every rule but its ``enum``."""
    if spec.media is not None:
        return file_urls(platform.file_urls, spec.media).filter(lambda v: length_ok(spec, v))
    return {
        "string": strings,
        "integer": integers,
        "number": numbers,
        "boolean": lambda _: st.booleans(),
        "object": lambda _: st.dictionaries(st.text(TEXT, max_size=8), json_values(), max_size=3),
    }[spec.type](spec)


@memo
def valid_value(platform: Platform, spec: Input) -> st.SearchStrategy[Any]:
    """Any value the input accepts."""
    if spec.enum is None:
        return unconstrained_enum_values(platform, spec)
    allowed = st.sampled_from(spec.enum)
    if spec.type == "integer":  # 2.0 is the integer 2
        return st.one_of(allowed, allowed.map(float))
    return allowed


@memo
def extra_keys(model: ModelSpec) -> st.SearchStrategy[str]:
    """Keys that are not inputs of ``model`` (the empty string included)."""
    return st.text(TEXT, max_size=12).filter(lambda key: key not in model.inputs)


ABSENT, NULL, GIVEN = "absent", "null", "given"
PRESENCE = {False: st.sampled_from([ABSENT, NULL, GIVEN]), True: st.sampled_from([ABSENT, NULL])}
"""How an optional input appears; ``True``: one that must stay out (to keep a mode away)."""


@memo
def mode_plans(
    model: ModelSpec,
) -> st.SearchStrategy[tuple[str | None, frozenset[str], frozenset[str]]]:
    """A mode of the model: its name, the inputs it needs, and inputs to leave out so that
    no earlier mode applies."""
    if not model.modes:
        return st.just((None, frozenset(), frozenset()))

    def plan(index: int) -> st.SearchStrategy[tuple[str | None, frozenset[str], frozenset[str]]]:
        mode = model.modes[index]
        needed = frozenset(mode.when_present)
        choices = [
            st.sampled_from(optional)
            for earlier in model.modes[:index]
            if (optional := [name for name in earlier.when_present if name not in needed])
        ]
        return st.tuples(*choices).map(lambda out: (mode.name, needed, frozenset(out)))

    return st.one_of([plan(index) for index in range(len(model.modes))])


@memo
def valid_inputs(
    platform: Platform, model: ModelSpec, *, extras: bool = True
) -> st.SearchStrategy[dict[str, Any]]:
    """An input that satisfies every constraint, in a mode drawn from the model's modes.

    Optional inputs are absent, ``null`` or given; with ``extras``, inputs of a platform
    that ignores unknown keys also carry some.
    """
    values = {name: valid_value(platform, spec) for name, spec in model.inputs.items()}
    plans = mode_plans(model)
    unknown = st.dictionaries(extra_keys(model), json_values(), max_size=2)
    with_unknown = extras and platform.inputs.unknown_inputs == "ignore"

    @st.composite
    def inputs(draw: st.DrawFn) -> dict[str, Any]:
        mode, needed, left_out = draw(plans)
        if mode is not None:
            event(f"mode {mode}")
        drawn: dict[str, Any] = {}
        for name, spec in model.inputs.items():
            presence = GIVEN
            if not (spec.required or name in needed):
                presence = draw(PRESENCE[name in left_out])
            if presence != ABSENT:
                drawn[name] = draw(values[name]) if presence == GIVEN else None
        if with_unknown:
            drawn.update(draw(unknown))
        return drawn

    return inputs()


# --------------------------------------------------------------------------- breaking one rule

FINITE = st.floats(allow_nan=False, allow_infinity=False)
"""Floats JSON can carry."""
_JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), FINITE, st.text(TEXT, max_size=5)
)
_CONTAINERS = st.one_of(
    st.lists(_JSON_SCALARS, max_size=2),
    st.dictionaries(st.text(max_size=3), _JSON_SCALARS, max_size=2),
)
_FRACTIONS = st.floats(-(2.0**50), 2.0**50).map(lambda f: f + 0.5 if f.is_integer() else f)


def half(first: st.SearchStrategy[Any], rest: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``first`` half of the time (``one_of`` would flatten ``rest`` into equal shares)."""
    return st.booleans().flatmap(lambda other: rest if other else first)


_OTHERS = st.one_of(st.text(TEXT, max_size=5), _CONTAINERS)
_WRONG_TYPES: dict[str, st.SearchStrategy[Any]] = {
    # Mostly near misses (a boolean for a number, "5" for 5, 1 for true): the classic bugs.
    "string": st.one_of(st.integers(), FINITE, st.booleans(), _CONTAINERS),
    "integer": half(st.booleans(), st.one_of(st.integers().map(str), _FRACTIONS, _OTHERS)),
    "number": half(st.booleans(), st.one_of(FINITE.map(str), _OTHERS)),
    "boolean": st.one_of(
        st.integers(0, 1), st.sampled_from(["true", "false", ""]), FINITE, _CONTAINERS
    ),
    "object": st.one_of(
        st.integers(), FINITE, st.booleans(), st.text(TEXT, max_size=5), st.lists(_JSON_SCALARS)
    ),
}
"""Values of every type but the input's (``null`` is absent, not a wrong type)."""


def _enum_breakable(spec: Input) -> bool:
    """Whether some value of the input's type and range is outside its enum."""
    assert spec.enum is not None
    if spec.type == "boolean":
        return len(set(spec.enum)) < 2
    if spec.type == "integer":
        low, high = _integer_bounds(spec)
        return high - low + 1 > len(set(spec.enum))
    return True


def _url_breakages(rules: FileUrlRules, media: Media) -> dict[str, st.SearchStrategy[str]]:
    """For a media input: constraint -> URLs that break that file-URL rule first."""
    scheme = any_case_of(tuple(rules.schemes))
    allowed = {s.lower() for s in rules.schemes}
    out: dict[str, st.SearchStrategy[str]] = {}
    if rules.reject_data_uris:
        out["data_uri"] = st.builds(
            "{}:{}".format,
            any_case("data"),
            st.sampled_from(["image/png;base64,iVBORw0KGgo=", "text/plain,hello", ",x", ""]),
        )
    others = [
        s
        for s in OTHER_SCHEMES
        if s not in allowed and not (s == "data" and rules.reject_data_uris)
    ]
    out["url_scheme"] = st.one_of(
        st.builds("{}://example.com/{}".format, any_case_of(tuple(others)), SEGMENT),
        st.sampled_from(["example.com/a", "//example.com/a", "/a", ""]),
    )
    local = [*rules.rejected_hosts, "app.localhost", "x.y.LOCALHOST"]
    if rules.reject_private_addresses:
        local += PRIVATE_HOSTS
    host = st.builds("{}{}".format, any_case_of(tuple(local)), st.sampled_from(["", ".", ":443"]))
    out["url_host"] = st.builds(
        "{}://{}/{}".format,
        scheme,
        st.one_of(host, st.sampled_from(["", ":443", "user@", "[::1", "[nonsense]"])),
        SEGMENT,
    )
    bad = sorted(
        {ext.lower() for ext in rules.known_extensions} - {f.lower() for f in media.formats}
    )
    if bad:
        out["format"] = st.builds(
            "{}://{}/{}.{}".format,
            scheme,
            st.sampled_from(PUBLIC_HOSTS),
            SEGMENT,
            any_case_of(tuple(bad)),
        )
    return out


def _long_urls(rules: FileUrlRules, max_length: int) -> st.SearchStrategy[str]:
    """Valid file URLs (no extension) longer than ``max_length``."""

    def build(scheme: str, extra: int) -> str:
        head = f"{scheme}://example.com/"
        return head + "d" * max(0, max_length + extra - len(head))

    return st.builds(build, st.sampled_from(rules.schemes), st.integers(1, 3))


@memo
def breakages(platform: Platform, spec: Input) -> dict[str, st.SearchStrategy[Any]]:
    """For one input: constraint name -> values that break exactly that constraint."""
    out: dict[str, st.SearchStrategy[Any]] = {"type": _WRONG_TYPES[spec.type]}
    if spec.enum is not None:
        if _enum_breakable(spec):
            out["enum"] = unconstrained_enum_values(platform, spec).filter(
                lambda v: v not in spec.enum
            )
        return out  # a value out of range or length is out of the enum too
    if spec.type in ("integer", "number"):
        step = st.integers(1, 1000) if spec.type == "integer" else st.floats(1e-6, 1000)
        low, high = spec.minimum, spec.maximum
        if low is not None:
            out["minimum"] = step.map(lambda d: low - d).filter(lambda v: v < low)
        if high is not None:
            out["maximum"] = step.map(lambda d: high + d).filter(lambda v: v > high)
    if spec.type != "string":
        return out
    if spec.media is not None:
        for constraint, urls in _url_breakages(platform.file_urls, spec.media).items():
            out[constraint] = urls.filter(lambda v: length_ok(spec, v))
        if spec.max_length is not None:
            out["max_length"] = _long_urls(platform.file_urls, spec.max_length)
        return out  # a URL shorter than min_length is not generated (none exists in practice)
    longest = spec.max_length
    if longest is not None:
        out["max_length"] = st.tuples(st.integers(1, 3), st.sampled_from(FILL)).map(
            lambda ec: ec[1] * (longest + ec[0])
        )
    if spec.min_length:
        out["min_length"] = st.tuples(
            st.integers(0, spec.min_length - 1), st.sampled_from(FILL)
        ).map(lambda nc: nc[1] * nc[0])
    return out


@memo
def constraints(platform: Platform, model: ModelSpec) -> dict[str, list[str]]:
    """Input name -> every constraint that can be broken on it alone."""
    return {
        name: [*breakages(platform, spec), *(["required"] if spec.required else [])]
        for name, spec in model.inputs.items()
    }


CONSTRAINTS = (
    "type",
    "required",
    "unknown",
    "enum",
    "minimum",
    "maximum",
    "min_length",
    "max_length",
    "data_uri",
    "url_scheme",
    "url_host",
    "format",
)
"""Every constraint of spec/README.md *Validation*, commonest bugs first (hypothesis draws
earlier choices a little more often)."""


def constraint_rank(item: tuple[str, Any]) -> int:
    return CONSTRAINTS.index(item[0])


def inputs_of_each_kind(model: ModelSpec, names: list[str]) -> st.SearchStrategy[str]:
    """One of ``names``, each kind of input (type, media or not, enum or not) equally likely."""
    kinds: dict[tuple[str, bool, bool], list[str]] = {}
    for name in names:
        spec = model.inputs.get(name)
        kind = (spec.type, spec.media is not None, spec.enum is not None) if spec else ("", 0, 0)
        kinds.setdefault(kind, []).append(name)
    return st.one_of([st.sampled_from(group) for group in kinds.values()])


@memo
def broken_inputs(
    platform: Platform, model: ModelSpec, *, most: int | None = None
) -> st.SearchStrategy[tuple[dict[str, Any], list[Violation]]]:
    """An input with 1 to ``most`` breaks (by default, up to one per input and two unknown
    keys), and the violations both sides must report, in the documented order.

    Each break picks a constraint, then a kind of input it applies to, then an input; an
    input is broken once, and ``unknown`` adds a key the model does not have.
    """
    inputs_by_constraint: dict[str, list[str]] = {}
    for name, options in constraints(platform, model).items():
        for constraint in options:
            inputs_by_constraint.setdefault(constraint, []).append(name)
    if platform.inputs.unknown_inputs == "reject":
        inputs_by_constraint["unknown"] = [UNKNOWN]
    pick = st.one_of(
        [
            st.tuples(inputs_of_each_kind(model, names), st.just(constraint))
            for constraint, names in sorted(inputs_by_constraint.items(), key=constraint_rank)
        ]
    )
    most = len(model.inputs) + 2 if most is None else most
    picks = st.lists(pick, min_size=1, max_size=most)
    base = valid_inputs(platform, model, extras=False)
    values = {name: breakages(platform, spec) for name, spec in model.inputs.items()}
    unknown_keys = [
        st.lists(extra_keys(model), min_size=n, max_size=n, unique=True) for n in range(most + 1)
    ]

    @st.composite
    def broken(draw: st.DrawFn) -> tuple[dict[str, Any], list[Violation]]:
        chosen = draw(picks)
        breaks: dict[str, str] = {}
        for name, constraint in chosen:
            if name == UNKNOWN or name not in breaks:
                event(f"breaks {constraint}")
            if name != UNKNOWN:
                breaks.setdefault(name, constraint)
        drawn = draw(base)
        for name, constraint in breaks.items():
            if constraint == "required":
                drawn.pop(name, None)
                if draw(st.booleans()):
                    drawn[name] = None
            else:
                drawn[name] = draw(values[name][constraint])
        unknown = draw(unknown_keys[sum(name == UNKNOWN for name, _ in chosen)])
        for key in unknown:
            drawn[key] = draw(json_values())
        keys = list(drawn)
        draw(SHUFFLER).shuffle(keys)
        shuffled = {key: drawn[key] for key in keys}
        expected = [Violation(key, "unknown") for key in shuffled if key in unknown]
        expected += [Violation(name, breaks[name]) for name in model.inputs if name in breaks]
        return shuffled, expected

    return broken()


def invalid_inputs(
    platform: Platform, model: ModelSpec
) -> st.SearchStrategy[tuple[dict[str, Any], list[Violation]]]:
    """An input breaking exactly one constraint, and the one violation it must be reported with."""
    return broken_inputs(platform, model, most=1)


# --------------------------------------------------------------------------- anything at all


@memo
def json_values(max_leaves: int = 8) -> st.SearchStrategy[Any]:
    """Arbitrary JSON."""
    return st.recursive(
        _JSON_SCALARS,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(st.text(TEXT, max_size=6), inner, max_size=3),
        ),
        max_leaves=max_leaves,
    )


@memo
def url_like_strings(rules: FileUrlRules) -> st.SearchStrategy[str]:
    """Strings shaped like URLs with odd schemes, hosts, ports and paths (to compare readings)."""
    host_chars = st.text("abc019.:%[]@-_ Ä\t", max_size=12)
    return st.builds(
        "{}{}{}{}".format,
        st.one_of(
            any_case_of(tuple([*rules.schemes, *OTHER_SCHEMES])),
            st.text("hs:/ ", max_size=4),
        ),
        st.sampled_from(["://", ":", ":/", ""]),
        st.one_of(
            st.sampled_from([*PUBLIC_HOSTS, *PRIVATE_HOSTS, *rules.rejected_hosts]), host_chars
        ),
        st.one_of(
            st.builds(
                "/{}.{}".format, SEGMENT, st.sampled_from([*rules.known_extensions, "PNG", ""])
            ),
            st.text(TEXT, max_size=6),
        ),
    )


@memo
def arbitrary_inputs(platform: Platform, model: ModelSpec) -> st.SearchStrategy[Any]:
    """Any JSON as an input: objects mixing the model's keys with others, with any values."""
    key = st.one_of(st.sampled_from(list(model.inputs)), st.text(TEXT, max_size=6))
    value = st.one_of(json_values(), url_like_strings(platform.file_urls))
    return st.one_of(json_values(), st.dictionaries(key, value, max_size=len(model.inputs) + 2))
