"""The root template's conditions and the values derived from the parameters and the
Mappings (host counts, DB limits, the AZs in use)."""

from __future__ import annotations

from troposphere import (
    And,
    Equals,
    FindInMap,
    If,
    Join,
    Not,
    Ref,
    Select,
    Split,
    StackName,
)

from contract.names import RESERVED_PREFIXES
from templates import mappings
from templates.common import AZ_COUNTS, any_of, az_conditions, by_az_count


class ValuesPart:
    """A part of templates/enterprise.py's Enterprise (its attributes are shared)."""

    # --- conditions and derived values ------------------------------------------------------
    def conditions(self) -> None:
        c = self.t.add_condition
        # AWS refuses an SSM name, a capacity provider or a task family that begins with aws,
        # ssm, ecs or fargate, and Rules cannot read the stack name: the names derived from it
        # get "wa-" in front when it begins with one of them (lower, Title or UPPER case), and
        # stay as they were for every other stack name (no name of a running stack changes).
        spellings = [v for w in RESERVED_PREFIXES for v in (w, w.title(), w.upper())]
        c("ReservedStackName", any_of(
            [Equals(Select(0, Split(w, StackName)), "") for w in spellings]))
        self.name_base = If("ReservedStackName", Join("", ["wa-", StackName]), StackName)
        c("IsProduction", Equals(Ref(self.env), "production"))
        c("AutoShards", Equals(Ref(self.active), "auto"))
        c("AutoInstanceType", Equals(Ref(self.instance_type), "auto"))
        c("AutoDbClass", Equals(Ref(self.db_class), "auto"))
        c("AutoMultiAz", Equals(Ref(self.db_multi_az), "auto"))
        c("Ssl", Equals(Ref(self.tls), "enabled"))
        c("CreateNetwork", Equals(Ref(self.vpc_id), ""))
        c("UseExistingVpc", Not(Equals(Ref(self.vpc_id), "")))
        c("CreateDatabase", Equals(Ref(self.db_host), ""))
        c("CreateEfs", Equals(Ref(self.efs_id), ""))
        c("Public", Equals(Ref(self.scheme), "internet-facing"))
        c("HasApiCidr", Not(Equals(Ref(self.api_cidr), "")))
        c("UseAwslogs", Equals(Ref(self.log_driver), "awslogs"))
        c("Isolate", Equals(Ref(self.isolate), "true"))
        c("HasUpgradeTag", Not(Equals(Ref(self.upgrade_tag), "")))
        for name, condition in az_conditions(Ref(self.az_count)).items():
            c(name, condition)
        for n in AZ_COUNTS[1:]:  # a mount target in each AZ in use
            c(f"EfsInAz{n}", And({"Condition": "CreateEfs"}, {"Condition": f"UseAz{n}"}))
        c("CreateEcsRole", Equals(Ref(self.ecs_role), "true"))

    def by_active(self, mapping: str, second) -> If:
        """A value keyed by active Coreapps: the throughput's shards when auto."""
        shards = FindInMap("ByThroughput", Ref(self.rate), "Shards")
        return If(
            "AutoShards",
            FindInMap(mapping, shards, second),
            FindInMap(mapping, Ref(self.active), second),
        )

    def hosts_of(self, field: str) -> FindInMap:
        """Min, Desired or Max hosts (mappings.hosts), found through key mappings alone. cfn-lint
        checks the value for each parameter combination (up to 512) once per function it goes
        through and per Fn::If branch: Select(Split(If(If(FindInMap)))) took 21 s of its 29 s.
        The message type is the last key, a plain Ref, for one function less per value."""
        layout = FindInMap("HostsLayout", Ref(self.env), Ref(self.isolate))
        sizing = FindInMap("SizingKey", Ref(self.rate), Ref(self.active))
        row = FindInMap("HostsRow", layout, sizing)
        return FindInMap(f"Hosts{field}", row, Ref(self.message))

    def by_env_ssl(self, prefix: str) -> If:
        """A DbSizing column (mappings.db_sizing) by env type and connection encryption."""
        def column(env, ssl):
            sizing = FindInMap("SizingKey", Ref(self.rate), Ref(self.active))
            return FindInMap("DbSizing", sizing, f"{prefix}{env}{ssl}")

        return If(
            "IsProduction",
            If("Ssl", column("Production", "Ssl"), column("Production", "Plain")),
            If("Ssl", column("Staging", "Ssl"), column("Staging", "Plain")),
        )

    def db_limit(self, column: str) -> If:
        """max_connections or the connections alarm's figure of the class deployed: the
        plan's (auto) or the one the user named."""
        return If("AutoDbClass", self.by_env_ssl(column),
                  FindInMap("DbClassLimits", Ref(self.db_class), column))

    def values(self) -> None:
        self.shards = If(
            "AutoShards", FindInMap("ByThroughput", Ref(self.rate), "Shards"), Ref(self.active)
        )
        self.coreapps = self.by_active("CoreappsByShards", Ref(self.env))
        self.min_hosts, self.desired_hosts, self.max_hosts = map(
            self.hosts_of, mappings.HOST_FIELDS)
        self.masters = FindInMap("EnvDefaults", Ref(self.env), "Masters")
        self.webapps = If(
            "IsProduction",
            FindInMap("ByThroughput", Ref(self.rate), "WebappsProduction"),
            FindInMap("ByThroughput", Ref(self.rate), "WebappsStaging"),
        )
        self.host_type = If(
            "AutoInstanceType",
            FindInMap("HostTypeByMessage", Ref(self.message), Ref(self.rate)),
            Ref(self.instance_type),
        )

    @staticmethod
    def first_az_count(text) -> If:
        items = Split(",", text)
        return by_az_count(lambda n: [Select(i, items) for i in range(n)])
