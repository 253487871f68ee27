"""Render the four templates to YAML files (templates/dist/ is what users download)."""

from __future__ import annotations

from pathlib import Path

from templates import yaml_out
from templates.database import build_database
from templates.enterprise import FILES, build_enterprise
from templates.lambda_tier import build_lambda
from templates.network import build_network

DIST = Path(__file__).resolve().parent / "dist"


def to_yaml(template) -> str:
    return yaml_out.dump(template.to_dict())


def render_all(base_url: str | None = None) -> dict[str, str]:
    """File name -> YAML text for every tier."""
    built = {
        "network": build_network(),
        "database": build_database(),
        "lambda": build_lambda(),
        "enterprise": build_enterprise(base_url),
    }
    return {FILES[tier]: to_yaml(template) for tier, template in built.items()}


def write_all(out: Path = DIST, base_url: str | None = None) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_all(base_url).items():
        path = out / name
        path.write_text(text)
        written.append(path)
    return written
