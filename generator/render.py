"""Render the Jinja templates in ``generator/templates`` for a loaded spec.

Layout of ``templates/``:

* ``package/**``: one output file per template under ``eachlabs/``; a ``.jinja``
  suffix is dropped after rendering, other files are copied verbatim.
* ``model.py.jinja``: rendered once per model into ``eachlabs/models/<module>.py``.
* ``root/**``: files placed at the top of the output directory (``pyproject.toml``, ...).
* ``runtime.jinja``: tuning constants other templates import; not rendered itself.

Every template sees ``spec``, ``platform`` and ``models``; ``model.py.jinja``
also sees ``model``. Output is a mapping of relative path to text, which
:mod:`generator.output` writes or compares.
"""

from __future__ import annotations

import functools
import json
import re
import shlex
import textwrap
from pathlib import Path
from typing import Any

import jinja2

from . import naming, openapi
from .cache import cache_dir
from .formatting import format_python
from .spec import ModelSpec, Spec

TEMPLATES = Path(__file__).parent / "templates"
PACKAGE = "eachlabs"
TEXT_WIDTH = 92
"""Width of wrapped docstring and comment text, indentation included (within ruff's 100)."""


def environment() -> jinja2.Environment:
    """The Jinja environment every template renders in (strict: undefined names fail)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        bytecode_cache=template_cache(),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["py"] = python_literal
    env.filters["py_text"] = python_text
    env.filters["sh"] = lambda value: shlex.quote(str(value))
    env.filters["json"] = lambda value: json.dumps(value, ensure_ascii=False, sort_keys=True)
    env.filters["class_name"] = naming.class_name
    env.filters["module_name"] = naming.module_name
    env.globals["wrap"] = wrap
    return env


@functools.lru_cache(maxsize=4096)
def wrap(text: str, indent: int) -> str:
    """``text`` wrapped at :data:`TEXT_WIDTH` with every line after the first indented by
    ``indent`` spaces, each of its own lines wrapped apart; words are never broken.

    Cached: the same docstring text recurs in a model's sync and async methods.
    """
    newline = "\n" + " " * indent
    return newline.join(
        newline.join(
            textwrap.wrap(
                line,
                width=TEXT_WIDTH - indent,
                expand_tabs=False,
                replace_whitespace=False,
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
        for line in text.splitlines()
    )


def template_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs, as Python keeps ``.pyc`` files (see
    :mod:`generator.cache`). Jinja checks each entry against its template's source, so an
    edited template is compiled again."""
    directory = cache_dir("templates")
    return jinja2.FileSystemBytecodeCache(str(directory)) if directory is not None else None


def python_literal(value: Any) -> str:
    """A deterministic Python literal for a JSON-like value (dict keys keep spec order).

    Long strings are split with :func:`python_text`, so the literal keeps within the line
    length wherever it lands.
    """
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"{python_literal(k)}: {python_literal(v)}" for k, v in value.items())
            + "}"
        )
    if isinstance(value, list):
        return "[" + ", ".join(python_literal(v) for v in value) + "]"
    if isinstance(value, tuple):
        inner = ", ".join(python_literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, str):
        return python_text(value)
    if isinstance(value, (bool, int, float)) or value is None:
        return repr(value)
    return python_text(str(value))


def python_text(value: str, width: int = 72) -> str:
    """A string literal in pieces of at most ``width`` characters, split after spaces.

    Long text (a description, a summary) becomes an implicitly concatenated literal in
    parentheses, one piece per line, so that generated code keeps within the line length.
    """
    if len(repr(value)) <= width:
        return repr(value)
    pieces = [""]
    for word in re.split(r"(?<= )", value):
        if pieces[-1] and len(repr(pieces[-1] + word)) > width:
            pieces.append(word)
        else:
            pieces[-1] += word
    return "(\n" + "\n".join(repr(piece) for piece in pieces) + "\n)"


def render(spec: Spec) -> dict[str, str]:
    """Every generated file for ``spec``: relative path -> content, sorted by path."""
    env = environment()
    models = list(spec.models.values())
    context = {
        "spec": spec,
        "platform": spec.platform,
        "models": models,
        "lead": lead_model(models),
    }
    files: dict[str, str] = {}
    for template in sorted(_templates("package")):
        target = f"{PACKAGE}/{template.removeprefix('package/').removesuffix('.jinja')}"
        files[target] = _render_one(env, template, context)
    for template in sorted(_templates("root")):
        files[template.removeprefix("root/").removesuffix(".jinja")] = _render_one(
            env, template, context
        )
    model_template = env.get_template("model.py.jinja")
    for model in spec.models.values():
        target = f"{PACKAGE}/models/{naming.module_name(model.slug)}.py"
        files[target] = model_template.render(context, model=model)
    files["openapi.json"] = json.dumps(openapi.document(spec), indent=2, ensure_ascii=False) + "\n"
    return dict(sorted(format_python(files).items()))


def lead_model(models: list[ModelSpec]) -> ModelSpec | None:
    """The model the docs' examples use: the first with an example input and its price."""
    for model in models:
        if model.model.example_input is not None and model.pricing.example_estimate is not None:
            return model
    return None


def _templates(folder: str) -> list[str]:
    root = TEMPLATES / folder
    return [
        p.relative_to(TEMPLATES).as_posix()
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    ]


def _render_one(env: jinja2.Environment, template: str, context: dict[str, Any]) -> str:
    if not template.endswith(".jinja"):
        return (TEMPLATES / template).read_text(encoding="utf-8")
    return env.get_template(template).render(context)
