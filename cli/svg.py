"""SVG by string building: the few elements wa-size's pictures draw, text escaped.

No library: wa-size keeps its import time (bench/bench_wa_size.py), and a picture of boxes,
bars and lines needs nothing more. Numbers are written with at most two decimals.
"""

from __future__ import annotations

FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
INK = "#222222"
MUTED = "#777777"
GRID = "#dddddd"
BACKGROUND = "#ffffff"
# One colour per container role (the layout) and per series (the sweep).
ROLE_COLOURS = {"coreapp": "#4e79a7", "master": "#f28e2b", "web": "#59a14f"}
COST_COLOUR = "#4e79a7"
HOSTS_COLOUR = "#e15759"


def escape(text: object) -> str:
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def _attributes(attrs: dict) -> str:
    """Python names to SVG's: a trailing underscore dropped (class_), others dashed."""
    parts = []
    for name, value in attrs.items():
        if value is None:
            continue
        name = name.rstrip("_").replace("_", "-")
        shown = _number(value) if isinstance(value, int | float) else escape(value)
        parts.append(f' {name}="{shown}"')
    return "".join(parts)


def element(tag: str, body: str | None = None, **attrs) -> str:
    if body is None:
        return f"<{tag}{_attributes(attrs)}/>"
    return f"<{tag}{_attributes(attrs)}>{body}</{tag}>"


def text(x: float, y: float, content: object, size: float = 12, **attrs) -> str:
    attrs.setdefault("fill", INK)
    return element("text", escape(content), x=x, y=y, font_size=size, **attrs)


def rect(x: float, y: float, width: float, height: float, **attrs) -> str:
    return element("rect", x=x, y=y, width=width, height=height, **attrs)


def line(x1: float, y1: float, x2: float, y2: float, **attrs) -> str:
    attrs.setdefault("stroke", INK)
    return element("line", x1=x1, y1=y1, x2=x2, y2=y2, **attrs)


def polyline(points: list[tuple[float, float]], **attrs) -> str:
    return element("polyline", points=" ".join(f"{_number(float(x))},{_number(float(y))}"
                                               for x, y in points), fill="none", **attrs)


def document(width: float, height: float, title: str, parts: list[str]) -> str:
    """A standalone SVG file: a white background, the title for screen readers, the parts."""
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{_number(width)}" '
            f'height="{_number(height)}" viewBox="0 0 {_number(width)} {_number(height)}" '
            f'font-family="{FONT}">')
    body = [element("title", escape(title)), rect(0, 0, width, height, fill=BACKGROUND), *parts]
    return "\n".join([head, *body, "</svg>"]) + "\n"
