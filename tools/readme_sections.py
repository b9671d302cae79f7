"""Rewrite the README's generated sections (schema, Cypher features) from the ontology and the data files.

Run after changing the ontology, the shapes or kg/data/cypher_features.tsv:
    .venv/bin/python tools/readme_sections.py
tests/test_workbench.py fails while the README differs from what this writes.
"""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def sections() -> dict[str, str]:
    from kg.load.dialect import markdown as features
    from kg.schema import markdown as schema

    return {"schema": schema(), "features": features()}


def filled(text: str) -> str:
    for name, body in sections().items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"{README}: no <!-- {name}:start --> … <!-- {name}:end --> block")
        text = pattern.sub(lambda m, body=body: m.group(1) + body + m.group(2), text)
    return text


if __name__ == "__main__":
    README.write_text(filled(README.read_text(encoding="utf-8")), encoding="utf-8")
