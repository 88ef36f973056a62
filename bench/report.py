"""Write ``bench/RESULTS.md`` from the JSON results the benchmark scripts saved."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from _common import RESULTS, ROOT

ORDER = ("validators", "mock_http", "inprocess", "generator_speed", "mock_memory", "contract")


def table(rows: list[dict[str, Any]]) -> list[str]:
    """A markdown table of ``rows`` (columns from the first row)."""
    if not rows:
        return []
    columns = list(rows[0])
    lines = ["| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]
    for row in rows:
        lines.append("| " + " | ".join(_cell(row.get(c, "")) for c in columns) + " |")
    return lines


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "**no**"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 1000:
        return f"{value:,}"
    return str(value)


def section(data: dict[str, Any]) -> list[str]:
    """The RESULTS.md section of one benchmark."""
    machine = data["machine"]
    lines = [
        f"## {data['title']}",
        "",
        f"`{data['command']}` on {data['date']}, commit {machine['commit']}.",
        "",
        *table(data["rows"]),
        "",
    ]
    if data["goals"]:
        lines += ["Goals:", "", *table(data["goals"]), ""]
    lines += [f"- {note}" for note in data["notes"]]
    return [*lines, ""] if data["notes"] else lines


def main() -> None:
    results = {path.stem: json.loads(path.read_text()) for path in RESULTS.glob("*.json")}
    if not results:
        raise SystemExit("no results yet: run the benchmark scripts first (nox -s bench)")
    names = [n for n in ORDER if n in results] + sorted(set(results) - set(ORDER))
    machine = results[names[0]]["machine"]
    lines = [
        "# Benchmark results",
        "",
        "Written by `nox -s bench` (each script measures this project and its reference "
        "side by side in the same run; figures are medians of several runs with their min and "
        "max). Machine: "
        f"{machine['cpu']}, {machine['cores']} cores, Python {machine['python']}, "
        f"{machine['os']}.",
        "",
    ]
    for name in names:
        lines += section(results[name])
    target = ROOT / "bench" / "RESULTS.md"
    target.write_text("\n".join(lines).rstrip() + "\n")
    print(f"wrote {Path(target).relative_to(ROOT)}")


if __name__ == "__main__":
    main()
