"""Enterprise template: the one users upload. It nests the network, database and Lambda tiers
(TemplateURL from the TemplateBaseUrl parameter) and runs the cluster: ECS on an EC2 Auto
Scaling group sized by the Mappings, memory-based host scaling, EFS, the network load balancer,
and the web, master and coreapp services."""

from __future__ import annotations

from troposphere import (
    Template,
)

from contract.names import RESERVED_PREFIXES
from templates import mappings
from templates.enterprise_hosts import HostsPart
from templates.enterprise_load_balancer import LoadBalancerPart
from templates.enterprise_outputs import OutputsPart
from templates.enterprise_parameters import ParametersPart
from templates.enterprise_rules import RulesPart
from templates.enterprise_services import ServicesPart
from templates.enterprise_tiers import TiersPart
from templates.enterprise_values import ValuesPart
from templates.monitoring import add_monitoring


class Enterprise(ParametersPart, ValuesPart, RulesPart, TiersPart, HostsPart, LoadBalancerPart,
                 ServicesPart, OutputsPart):
    """Builds the template in small steps; each method adds one part of the cluster."""

    def __init__(self, base_url: str | None) -> None:
        self.t = Template(
            Description="wa-infra: WhatsApp Business API client (HA + "
            "Multiconnect) on ECS, sized by wa-size's tables. A stack name that begins with "
            f"{', '.join(RESERVED_PREFIXES[:-1])} or {RESERVED_PREFIXES[-1]} (lower, Title or "
            "UPPER case) gives the names derived from it (SSM parameters, capacity provider, "
            "task family) a wa- prefix, as AWS reserves those words; choose another with a "
            "mixed case such as aWs"
        )
        self.t.set_version("2010-09-09")
        self.base_url = base_url
        for name, mapping in mappings.enterprise_mappings().items():
            self.t.add_mapping(name, mapping)


def build_enterprise(base_url: str | None = None) -> Template:
    """The template users upload; `base_url` becomes TemplateBaseUrl's default."""
    e = Enterprise(base_url)
    e.parameters()
    e.conditions()
    e.rules()
    e.values()
    e.tiers()
    e.file_system()
    e.hosts()
    e.load_balancer()
    e.services()
    e.outputs()
    add_monitoring(e)
    e.probe_reads_api_key()
    return e.t
