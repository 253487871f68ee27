"""The root template's Rules: combinations CloudFormation refuses before it creates anything."""

from __future__ import annotations

from troposphere import (
    And,
    AWSHelperFn,
    Equals,
    Not,
    Or,
    Ref,
)

from contract.database_storage import DB_IOPS_RULES, GP3_BASELINE_IOPS
from contract.host import CA
from contract.inputs import CONSOLE_HOST_TYPES, DB_STORAGE_GIB
from sizing import data
from sizing.regions import AZS_EVERY_ACCOUNT_SEES, REGIONS
from templates import mappings
from templates.common import any_of
from templates.network import MAX_AZS


class Contains(AWSHelperFn):
    """Fn::Contains (Rules only; troposphere has no class for it)."""

    def __init__(self, values: list, value) -> None:
        self.data = {"Fn::Contains": [values, value]}


class RulesPart:
    """A part of templates/enterprise.py's Enterprise (its attributes are shared)."""

    def rule(self, name: str, when, must, why: str) -> None:
        """A Rule: where `when` holds (None: always), `must` must hold, or CloudFormation
        refuses the stack before creating anything and shows `why`."""
        body = {"Assertions": [{"Assert": must, "AssertDescription": why}]}
        self.t.add_rule(name, body if when is None else {"RuleCondition": when, **body})

    def rules(self) -> None:
        """Combinations CloudFormation must refuse before creating anything."""
        self.rule(
            "PublicApiNamesItsClients",
            Equals(Ref(self.scheme), "internet-facing"),
            Not(Equals(Ref(self.api_cidr), "")),
            "An internet-facing load balancer sees its clients at "
            "public addresses: give them in ApiClientCidr")
        self.rule(
            "WorldOpenApiOnlyOnPurpose",
            Equals(Ref(self.api_cidr), "0.0.0.0/0"),
            Equals(Ref(self.allow_world), "true"),
            "ApiClientCidr 0.0.0.0/0 opens the API to the internet: set "
            "AllowWorldApi to true to do it on purpose")
        # the internal load balancer's clients
        self.rule(
            "ExistingVpcNamesItsCidr",
            And(Not(Equals(Ref(self.vpc_id), "")),
                Equals(Ref(self.api_cidr), "")),
            Not(Equals(Ref(self.vpc_cidr_existing), "")),
            "ExistingVpcCidr is required with ExistingVpcId (the "
            "clients of an internal load balancer)")
        # the health probe is one of its clients
        self.rule(
            "InternalLbServesTheVpc",
            Equals(Ref(self.scheme), "internal"),
            Equals(Ref(self.api_cidr), ""),
            "An internal load balancer serves the VPC, where the health "
            "probe runs: leave ApiClientCidr blank, or set LbScheme to internet-facing for "
            "clients at public addresses")
        self.existing_rules()
        self.key_and_ca_rules()
        self.az_count_rules()
        self.host_type_rules()
        self.db_class_rules()
        self.db_iops_rules()

    def existing_rules(self) -> None:
        """An existing VPC or database comes with what the stacks cannot find for themselves:
        a subnet of each kind in each of the first AzCount AZs (the public ones for an
        internet-facing load balancer), no subnet twice, and nothing of it without the VPC."""
        given_vpc = Not(Equals(Ref(self.vpc_id), ""))
        public = Equals(Ref(self.scheme), "internet-facing")
        for kind, subnets in (("Private", self.private_existing),
                              ("Public", self.public_existing)):
            for n, subnet in enumerate(subnets, start=1):
                used = [str(c) for c in data.AZ_COUNTS if c >= n]  # AzCount values that use it
                condition = And(given_vpc, Contains(used, Ref(self.az_count)),
                                *([public] if kind == "Public" else []))
                self.rule(
                    f"ExistingVpcNames{kind}Subnet{n}",
                    condition,
                    Not(Equals(Ref(subnet), "")),
                    f"Existing{kind}Subnet{n} is required with "
f"ExistingVpcId and AzCount {used[0]} or more"
+ (" (an internet-facing load balancer)" if kind == "Public" else ""))
        everything = [*self.private_existing, *self.public_existing]
        # else they would be ignored
        self.rule(
            "ExistingVpcPartsNeedItsId",
            Equals(Ref(self.vpc_id), ""),
            And(*[Equals(Ref(s), "") for s in everything],
                Equals(Ref(self.vpc_cidr_existing), "")),
            "ExistingPrivateSubnet1-4, ExistingPublicSubnet1-4 and "
            "ExistingVpcCidr describe an existing VPC: give ExistingVpcId too, or leave them "
            "blank for a new VPC")
        self.t.add_rule("ExistingVpcSubnetsAreDistinct", {
            "RuleCondition": given_vpc,
            "Assertions": [{  # one list per subnet keeps cfn-lint's checks of the Rules fast
                "Assert": Or(Equals(Ref(a), ""),
                             Not(Contains([Ref(b) for b in everything[i + 1:]], Ref(a)))),
                "AssertDescription": f"{a.title} is given again after it: each AZ needs a "
                "public and a private subnet of its own",
            } for i, a in enumerate(everything[:-1])],
        })
        self.rule(
            "ExistingDbNamesItsSecret",
            Not(Equals(Ref(self.db_host), "")),
            Not(Equals(Ref(self.db_secret), "")),
            "ExistingDbSecretArn is required with ExistingDbHost: the "
            "secret holding the database's username and password")

    def key_and_ca_rules(self) -> None:
        """A given key must be named (blank would fall back to the AWS-managed key, which the
        database cannot leave without being replaced); outside the aws partition the default
        CA bundle signs no RDS certificate, so TLS to the database needs that partition's."""
        self.rule(
            "GivenKeyIsNamed",
            Equals(Ref(self.key_choice), "given"),
            Not(Equals(Ref(self.given_key), "")),
            "KeyChoice given needs GivenKeyArn: the ARN of a KMS key "
            "in this stack's region")
        elsewhere = sorted(r for partition, names in REGIONS.items() if partition != "aws"
                           for r in names)
        self.rule(
            "CaBundleOfThePartition",
            And(Equals(Ref(self.tls), "enabled"),
                Contains(elsewhere, Ref("AWS::Region"))),
            Not(Equals(Ref(self.ca_url), CA.url)),
            "The default DbCaBundleUrl serves the aws partition only: "
            "give the RDS CA bundle of this region's partition, or disable DB connection "
            "encryption")

    def az_count_rules(self) -> None:
        """A new VPC takes the first AzCount of Fn::GetAZs: past the AZs every account sees in
        the region (sizing/regions.py), the network tier fails after the others started."""
        for seen in sorted({n for n in AZS_EVERY_ACCOUNT_SEES.values() if n < MAX_AZS}):
            in_regions = sorted(r for r, n in AZS_EVERY_ACCOUNT_SEES.items() if n == seen)
            self.rule(
                f"AzCountFitsRegionsOf{seen}Azs",
                And(Equals(Ref(self.vpc_id), ""),
                    Contains(in_regions, Ref("AWS::Region"))),
                Contains([str(n) for n in data.AZ_COUNTS if n <= seen],
                         Ref(self.az_count)),
                f"This region offers every account {seen} AZs: set "
                f"AzCount to at most {seen}, or use an existing VPC")

    def db_iops_rules(self) -> None:
        """What Rules can say of contract/database_storage.py's DB_IOPS_RULES (they compare,
        they cannot multiply: the ratio to the storage is in DbIops's description)."""
        for storage_type, rule in DB_IOPS_RULES.items():
            none = Equals(Ref(self.db_iops), "0")
            if rule is None:
                name, holds, say = "TakesNoIops", none, (
                    f"{storage_type} takes no provisioned IOPS: set DbIops to 0, or choose io1 "
                    "or io2 as DbStorageType for provisioned IOPS")
            elif rule.required:  # DbIops's pattern keeps 1 to 999 out
                too_small = [str(g) for g in range(DB_STORAGE_GIB[0], rule.min_storage_gib)]
                name, holds, say = "NeedsIops", And(
                    Not(none), Not(Contains(too_small, Ref(self.db_storage)))), (
                    f"{storage_type} needs provisioned IOPS and storage: set DbIops to "
                    f"{rule.min_iops} to {rule.max_iops}, at most {rule.max_iops_per_gib} per "
                    f"GiB of DbStorageGiB, which starts at {rule.min_storage_gib} GiB for "
                    f"{storage_type}")
            else:  # IOPS from a storage size on, which Rules cannot compare
                name, holds, say = "IopsNeedTheCdkApp", none, (
                    f"{storage_type} IOPS need {rule.min_storage_gib} GiB or more (below, "
                    f"{storage_type} has a fixed baseline of {GP3_BASELINE_IOPS}), which the "
                    "console cannot check: set DbIops to 0, or choose io1 or io2 for "
                    "provisioned IOPS here, or use the CDK app (db_iops) for "
                    f"{storage_type} IOPS")
            self.rule(
                f"{storage_type.capitalize()}{name}",
                And(Equals(Ref(self.db_host), ""),
                    Equals(Ref(self.db_storage_type), storage_type)),
                holds,
                say)

    def db_class_rules(self) -> None:
        """A DbInstanceClass the user names must hold the connections the plan needs (the
        Mappings' RequiredConnections): one rule per set of classes too small, its condition
        the sizing keys, env types and encryption that need more than they hold."""
        tables = mappings.enterprise_mappings()
        limits = {c: row["MaxConnections"] for c, row in tables["DbClassLimits"].items()}
        needs: dict[int, dict[tuple[str, str, str], list[str]]] = {}
        for rate, by_active in tables["SizingKey"].items():
            for active, key in by_active.items():
                for env in data.ENVIRONMENTS:
                    for tls, label in (("enabled", "Ssl"), ("disabled", "Plain")):
                        need = tables["DbSizing"][key][f"RequiredConnections{env.title()}{label}"]
                        floor = sum(1 for limit in set(limits.values()) if limit < need)
                        if floor:
                            needs.setdefault(floor, {}).setdefault(
                                (env, tls, active), []).append(rate)
        ordered = sorted(set(limits.values()))
        for floor, where in sorted(needs.items()):
            least = ordered[floor] if floor < len(ordered) else None
            small = sorted(c for c, limit in limits.items() if limit < ordered[floor - 1] + 1)
            self.rule(
                f"DbInstanceClassAbove{ordered[floor - 1]}Connections",
                And(Not(Equals(Ref(self.db_class), "auto")),
                    any_of([And(Equals(Ref(self.env), env), Equals(Ref(self.tls), tls),
                                Equals(Ref(self.active), active),
                                Contains(sorted(rates, key=int), Ref(self.rate)))
                            for (env, tls, active), rates in sorted(where.items())])),
                Not(Contains(small, Ref(self.db_class))),
                "this throughput, shard count, environment and encryption need more DB "
                "connections than the class holds: choose auto or a class of at least "
                f"{least} max_connections" if least else
                "no class holds the connections this plan needs: choose auto")

    def host_type_rules(self) -> None:
        """An explicit InstanceType at least as large as the one the plan was made for: the
        host counts and the Coreapps' reservations are sized for that one. Fn::Contains keeps
        each rule one list per parameter: as Fn::Or of Fn::Equals (about 100 of them) they
        made every satisfiability check cfn-lint runs over the template's Rules 3x slower."""
        planned: dict[str, dict[tuple[str, ...], list[str]]] = {}  # host -> rates -> messages
        for message, by_rate in mappings.enterprise_mappings()["HostTypeByMessage"].items():
            for host in set(by_rate.values()):
                rates = tuple(rate for rate, h in by_rate.items() if h == host)
                planned.setdefault(host, {}).setdefault(rates, []).append(message)
        for host, where in sorted(planned.items()):
            need = data.HOST_TYPES[host]
            enough = [t for t in CONSOLE_HOST_TYPES if data.HOST_TYPES[t].vcpu >= need.vcpu
                      and data.HOST_TYPES[t].memory_gib >= need.memory_gib]
            self.rule(
                f"InstanceTypeCovers{host.replace('.', '').capitalize()}",
                And(
   Not(Equals(Ref(self.instance_type), "auto")),
   any_of([And(Contains(sorted(messages), Ref(self.message)),
               Contains(list(rates), Ref(self.rate)))
           for rates, messages in sorted(where.items())])),
                Contains(enough, Ref(self.instance_type)),
                f"this message type and throughput are sized for "
                f"{host} hosts: choose auto or one of {', '.join(enough)}")
