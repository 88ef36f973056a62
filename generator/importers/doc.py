"""``eachlabs-gen import-doc``: an Eachlabs model page -> a model file draft.

Facts the page states become spec values; what it leaves undecided becomes a
:class:`~generator.importers.draft.Review` marker: a rule whose condition is
only "Rule 2", a price written as prose or "per image", a URL input without
formats, a page that ends inside a table. Nothing is invented.
"""

from __future__ import annotations

import re
from typing import Any

from generator.spec.schema import INPUT_TYPES

from .draft import Draft, Review
from .limits import read_limits
from .page import Page, read_page
from .prices import Clause, amount_text, is_rule_name, read_condition, read_price
from .tables import Table
from .values import INVALID, number, options, typed, value_range

NOT_AVAILABLE = "Pricing information not available."
REST_OF_INPUTS = "(the rest of the input table)"
"""Key of the marker left where a page ends inside its input table."""

_INFO = {
    "slug": "Model Slug",
    "provider": "Provider",
    "category": "Category",
    "output_type": "Output Type",
    "status": "Status",
    "version": "Version",
    "estimated_processing_seconds": "Estimated Processing Time",
    "last_updated": "Last Updated",
    "source_url": "Branded URL",
}
_SECONDS = re.compile(r"^([0-9]+(?:\.[0-9]+)?)\s*seconds?$")
_ITEM_KINDS = {"image": "image", "video": "video", "audio": "audio", "speech": "audio"}
_URL_OF = re.compile(
    r"\bURLs? of (?:an? |the )?(?:[\w-]+ ){0,3}?"
    r"(image|frame|photo|picture|video|clip|audio|music|sound|voice|speech)\b",
    re.I,
)
_MEDIA_WORDS = {
    "image": "image",
    "img": "image",
    "frame": "image",
    "photo": "image",
    "picture": "image",
    "video": "video",
    "clip": "video",
    "audio": "audio",
    "music": "audio",
    "sound": "audio",
    "voice": "audio",
    "speech": "audio",
}


class NotAModelPage(ValueError):
    """The text is not an Eachlabs model page (it has no "API Information" section)."""


def import_doc(text: str, source: str) -> Draft:
    """A model file draft from the text of a model page (``source`` names it in the header).

    Raises :class:`NotAModelPage` when the text lacks the page's "API Information" section.
    """
    page = read_page(text)
    if "API Information" not in page.sections:
        raise NotAModelPage(
            f'{source} is not an Eachlabs model page: it has no "## API Information" section'
        )
    notes: list[str] = []
    model = _identity(page)
    inputs = _inputs(page)
    pricing = _pricing(page, inputs)
    if page.example_input is not None:
        model["example_input"] = page.example_input
    else:
        notes.append("the page has no complete example request: model.example_input is left out")
        if pricing.pop("example_estimate", None) is not None:
            notes.append("pricing.example_estimate is left out: it needs the example input")
    url = page.info.get("Branded URL")
    header = [
        f"Imported by `eachlabs-gen import-doc` from {source}" + (f" ({url})." if url else "."),
        "Every value is from that page. `!review` marks what the page leaves undecided;",
        "resolve each one (the loader names them) before generating. The format is",
        "described in spec/README.md.",
    ]
    spec = {"format_version": 1, "model": model, "inputs": inputs, "pricing": pricing}
    return Draft(spec, header, notes)


# --------------------------------------------------------------------------- identity


def _identity(page: Page) -> dict[str, Any]:
    info: dict[str, Any] = {}
    for key, label in _INFO.items():
        text = page.info.get(label)
        info[key] = text if text else Review(f'The page has no "{label}" under API Information.')
    seconds = _SECONDS.match(page.info.get(_INFO["estimated_processing_seconds"], ""))
    if seconds:
        info["estimated_processing_seconds"] = number(seconds.group(1))
    title, summary = _title_and_summary(page, info["slug"])
    model = {"slug": info.pop("slug"), "title": title, "summary": summary}
    for key, value in info.items():
        model[key] = value
        if key == "output_type" and value == "array":
            model["output_items"] = _output_items(page.info.get(_INFO["category"], ""))
    return model


def _title_and_summary(page: Page, slug: Any) -> tuple[Any, Any]:
    if not page.heading:
        return Review("The page has no title heading."), ""
    if not page.flattened:
        return page.heading, page.summary or ""
    words = page.heading.split(" ")
    for n in range(1, len(words)):
        if isinstance(slug, str) and _letters(" ".join(words[:n])) == _letters(slug):
            return " ".join(words[:n]), " ".join(words[n:])
        if (
            page.overview
            and _starts_with(page.overview, words[:n])
            and not _starts_with(page.overview, words[: n + 1])
        ):
            return " ".join(words[:n]), " ".join(words[n:])
    why = (
        "The page is flattened onto one line, so its title and summary run together: "
        f"{page.heading[:120]!r}. Split them."
    )
    split = len(words) if "|" not in words else len(words) - words[::-1].index("|") + 3
    return Review(why, " ".join(words[:split])), Review(why, " ".join(words[split:]))


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _starts_with(text: str, words: list[str]) -> bool:
    return text.split(" ")[: len(words)] == words


def _output_items(category: str) -> Any:
    last = category.rsplit(" ", 1)[-1].lower() if " to " in category else ""
    if last in _ITEM_KINDS:
        return _ITEM_KINDS[last]
    return Review(
        f'The output is an array and the category ("{category}") does not say of what; '
        "write image, video or audio."
    )


# --------------------------------------------------------------------------- inputs


def _inputs(page: Page) -> Any:
    table = page.inputs
    if table is None:
        return Review(
            "The page text has no input table (a stored copy may end before it); write the inputs."
        )
    columns = [
        table.column(name)
        for name in ("Parameter", "Type", "Required", "Default", "Constraints", "Description")
    ]
    if any(column is None for column in columns):
        return Review(f"The input table has unexpected columns {table.header}; write the inputs.")
    inputs: dict[str, Any] = {}
    for row in table.rows:
        cells = [row[c] for c in columns if c is not None]
        inputs[cells[0].strip("`")] = _input(cells, inputs)
    if not table.complete:
        partial = table.partial
        if partial is not None and len(partial) == len(table.header):
            cells = [partial[c] for c in columns if c is not None]
            entry = _input(cells, inputs)
            entry["description"] = _cut_description(cells[-1])
            inputs[cells[0].strip("`")] = entry
        after = f" after {len(inputs)} inputs" if inputs else ""
        inputs[REST_OF_INPUTS] = Review(
            f"The page text ends inside the input table{after}; add any inputs the page "
            "lists there, then delete this entry."
        )
    return inputs


def _cut_description(text: str) -> Review:
    sentences = re.split(r"(?<=[.!?])\s+", text)
    whole = " ".join(sentences[:-1])
    why = f"The page text ends inside this description ({text[-40:]!r}); complete or shorten it."
    return Review(why, whole) if whole else Review(why)


def _input(cells: list[str], earlier: dict[str, Any]) -> dict[str, Any]:
    """One input from its row: parameter, type, required, default, constraints, description."""
    name, kind, required, default, constraints, description = cells
    name = name.strip("`")
    kind = kind.strip().lower()
    text = "" if description.strip() in ("", "-") else description
    media = kind == "string" and _is_url(name, text)
    limits = read_limits(text, media=media)
    entry: dict[str, Any] = {"type": kind}
    if kind not in INPUT_TYPES:
        entry["type"] = Review(
            f"Type {kind!r} is not one of the spec format's types ({', '.join(INPUT_TYPES)})."
        )
    if required.strip().lower() == "yes":
        entry["required"] = True
    _constraints(entry, kind, constraints.strip())
    if limits.minimum is not None and kind in ("integer", "number") and "minimum" not in entry:
        entry["minimum"], entry["maximum"] = limits.minimum, limits.maximum
    if limits.max_length is not None and kind == "string":
        entry["max_length"] = limits.max_length
    given = default.strip() if default.strip() not in ("", "-") else None
    stated = given if given is not None else limits.default
    if stated is not None:
        value = typed(kind, stated)
        if value is INVALID or (
            given is not None and limits.default is not None and limits.default != given
        ):
            entry["default"] = Review(
                f"The default {stated!r} (description: {limits.default!r}) is not a clear "
                f"{kind} value; write it."
            )
        else:
            entry["default"] = value
    if limits.description:
        entry["description"] = limits.description
    if media:
        entry["media"] = _media(
            name, text, limits.formats, limits.max_size_mb, limits.duration, earlier
        )
    return entry


def _constraints(entry: dict[str, Any], kind: str, text: str) -> None:
    if text in ("", "-", "—"):
        return
    bounds = value_range(text) if kind in ("integer", "number") else None
    if bounds is not None:
        entry["minimum"], entry["maximum"] = bounds
        return
    values = options(kind, text)
    entry["enum"] = (
        values
        if values is not None
        else Review(f"The constraints {text!r} are neither options nor a range; write them.")
    )


def _is_url(name: str, description: str) -> bool:
    return name.lower().endswith("url") or re.search(r"\bURLs?\b", description) is not None


def _media(
    name: str,
    description: str,
    formats: list[str],
    max_size_mb: Any,
    duration: Any,
    earlier: dict[str, Any],
) -> dict[str, Any]:
    kind = _media_kind(name, description)
    media: dict[str, Any] = {"kind": kind}
    if formats:
        media["formats"] = formats
    else:
        same = [
            e["media"]["formats"]
            for e in earlier.values()
            if isinstance(e, dict)
            and isinstance(e.get("media"), dict)
            and e["media"].get("kind") == kind
            and isinstance(e["media"].get("formats"), list)
        ]
        why = "The page gives no file formats for this URL input; list the extensions it accepts."
        media["formats"] = Review(why, same[0]) if same else Review(why)
    if max_size_mb is not None:
        media["max_size_mb"] = max_size_mb
    if duration is not None:
        media["duration_seconds"] = {"min": duration.min, "max": duration.max}
    return media


def _media_kind(name: str, description: str) -> Any:
    match = _URL_OF.search(description)
    if match:
        return _MEDIA_WORDS[match.group(1).lower()]
    for word in re.split(r"[_\W]+", name.lower()):
        if word in _MEDIA_WORDS:
            return _MEDIA_WORDS[word]
    return Review(
        "The page does not say what kind of file this URL names; write image, video, audio or file."
    )


# --------------------------------------------------------------------------- pricing


def _pricing(page: Page, inputs: Any) -> dict[str, Any]:
    pricing: dict[str, Any] = {}
    if page.pricing.get("Charge Type"):
        pricing["charge_type"] = page.pricing["Charge Type"]
    pricing["currency"] = "USD"
    table = page.pricing_table
    if table is not None:
        pricing["rules"] = _rules(table, inputs)
    elif NOT_AVAILABLE.casefold() in page.pricing_text.casefold():
        pricing["rules"] = [
            {"label": "not published", "unpriced": f'The model page says "{NOT_AVAILABLE}"'}
        ]
    elif "Pricing" in page.sections:
        pricing["rules"] = Review(
            f"The page gives no pricing rules (it says {page.pricing_text!r}); write them."
        )
    else:
        pricing["rules"] = Review(
            "The page text has no pricing section (a stored copy may end before it); "
            "write the rules."
        )
    estimate = page.pricing.get("Estimated Price (default example)", "")
    amount = read_price(estimate)
    if amount.kind == "flat" and amount.amount is not None:
        pricing["example_estimate"] = amount_text(amount.amount)
    return pricing


def _rules(table: Table, inputs: Any) -> list[Any]:
    condition_column = table.column("Condition")
    price_column = table.column("Pricing", "Price")
    if condition_column is None or price_column is None:
        return [
            Review(f"The pricing table has unexpected columns {table.header}; write the rules.")
        ]
    rules: list[Any] = []
    for row in table.rows:
        only = len(table.rows) == 1 and table.complete
        rules.append(_rule(row[condition_column], row[price_column], only, inputs))
    if not table.complete:
        rules.append(
            Review(
                f"The page text ends inside the pricing table after {len(table.rows)} rules; "
                "add the missing rules, or a last rule without `when` that is `unpriced`."
            )
        )
    return rules


def _rule(condition: str, price_text: str, only: bool, inputs: Any) -> dict[str, Any]:
    price = read_price(price_text)
    rule: dict[str, Any] = {
        "label": condition if price.kind == "prose" else price.label or condition
    }
    if is_rule_name(condition):
        if not only:
            rule["when"] = Review(
                f'The condition is "{condition}", which names no input. If this is the default '
                'rule (the price says so when it reads "default" or "fallback"), delete '
                "`when`; otherwise write the condition."
            )
    else:
        rule["when"] = _when(condition, inputs)
    if price.kind == "per_second" and price.amount is not None:
        rule["per_second"] = amount_text(price.amount)
        rule["seconds_from"] = _seconds_input(inputs)
    elif price.kind == "flat" and price.amount is not None:
        rule["flat"] = amount_text(price.amount)
    elif price.kind == "per_unit" and price.amount is not None:
        rule["amount"] = Review(
            f'The price is "{price_text}": per {price.unit}, and the page does not say how many '
            f"a prediction makes. Replace `amount` with a flat price, `per_second`, or `unpriced`.",
            {"flat": amount_text(price.amount)},
        )
    else:
        rule["amount"] = Review(
            f"The price is written only as prose: {price_text!r}. Replace `amount` with a flat "
            "price, `per_second`, or `unpriced`."
        )
    return rule


def _when(condition: str, inputs: Any) -> Any:
    clauses = read_condition(condition)
    if clauses is None:
        return Review(
            f'The condition {condition!r} is not `name == "value"` clauses joined by AND.'
        )
    when: dict[str, Any] = {}
    for clause in clauses:
        value = _clause_value(clause, inputs)
        if isinstance(value, Review):
            return value
        when[clause.name] = value
    return when


def _clause_value(clause: Clause, inputs: Any) -> Any:
    if clause.op not in ("==", "eq_i"):
        return Review(
            f'The condition `{clause.name} {clause.op} "{clause.value}"` is not an equality; '
            "only == and eq_i can be priced before a run. Write the rule another way."
        )
    if clause.op == "eq_i":
        return {"eq_i": clause.value}
    if not isinstance(inputs, dict):
        return clause.value
    entry = inputs.get(clause.name)
    if not isinstance(entry, dict):
        return Review(f"The condition tests {clause.name!r}, which is not an input of the page.")
    kind = entry.get("type")
    value = typed(kind, clause.value) if isinstance(kind, str) else INVALID
    if value is INVALID:
        return Review(f"The condition value {clause.value!r} is not a {kind} like {clause.name!r}.")
    return value


def _seconds_input(inputs: Any) -> Any:
    if isinstance(inputs, dict):
        names = [n for n in inputs if "duration" in n or n == "seconds"]
        if len(names) == 1:
            return names[0]
    return Review("The price is per second; name the input that gives the seconds billed.")
