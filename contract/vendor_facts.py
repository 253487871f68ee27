"""Runtime facts of the vendor's AWS CloudFormation templates, read from the generated
contract/vendor_facts.json (data: regenerate it, never edit it).

    python -m tools.vendor_facts [--check] --vendor-git <git directory of a clone of
        https://github.com/WhatsApp/whatsapp-business-api-deployment-templates>

Each fact: a stable id (template/kind/...), the resources it holds for, a short normalised
value in our words or a bare value, and its 1-based lines in the template. contract/ledger.py
holds our decision on each.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).with_name("vendor_facts.json")


@dataclass(frozen=True)
class VendorFact:
    """One runtime fact of the vendor's templates: `lines` are 1-based lines in `template`."""

    id: str
    kind: str
    template: str
    subject: str
    value: str
    lines: tuple[int, ...]


_DOCUMENT = json.loads(DATA.read_text(encoding="utf-8"))
VENDOR: str = _DOCUMENT["vendor"]
VENDOR_COMMIT: str = _DOCUMENT["commit"]
VENDOR_VERSION: str = _DOCUMENT["version"]
TEMPLATE_VERSIONS: dict[str, str] = _DOCUMENT["template_versions"]
KINDS: tuple[str, ...] = tuple(_DOCUMENT["kinds"])
FACTS: tuple[VendorFact, ...] = tuple(
    VendorFact(**{**fact, "lines": tuple(fact["lines"])}) for fact in _DOCUMENT["facts"])
