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

    def rules(self) -> None:
        """Combinations CloudFormation must refuse before creating anything."""
        self.t.add_rule("PublicApiNamesItsClients", {
            "RuleCondition": Equals(Ref(self.scheme), "internet-facing"),
            "Assertions": [{
                "Assert": Not(Equals(Ref(self.api_cidr), "")),
                "AssertDescription": "An internet-facing load balancer sees its clients at "
                "public addresses: give them in ApiClientCidr",
            }],
        })
        self.t.add_rule("WorldOpenApiOnlyOnPurpose", {
            "RuleCondition": Equals(Ref(self.api_cidr), "0.0.0.0/0"),
            "Assertions": [{
                "Assert": Equals(Ref(self.allow_world), "true"),
                "AssertDescription": "ApiClientCidr 0.0.0.0/0 opens the API to the internet: set "
                "AllowWorldApi to true to do it on purpose",
            }],
        })
        self.t.add_rule("ExistingVpcNamesItsCidr", {  # the internal load balancer's clients
            "RuleCondition": And(Not(Equals(Ref(self.vpc_id), "")),
                                 Equals(Ref(self.api_cidr), "")),
            "Assertions": [{
                "Assert": Not(Equals(Ref(self.vpc_cidr_existing), "")),
                "AssertDescription": "ExistingVpcCidr is required with ExistingVpcId (the "
                "clients of an internal load balancer)",
            }],
        })
        self.t.add_rule("InternalLbServesTheVpc", {  # the health probe is one of its clients
            "RuleCondition": Equals(Ref(self.scheme), "internal"),
            "Assertions": [{
                "Assert": Equals(Ref(self.api_cidr), ""),
                "AssertDescription": "An internal load balancer serves the VPC, where the health "
                "probe runs: leave ApiClientCidr blank, or set LbScheme to internet-facing for "
                "clients at public addresses",
            }],
        })
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
                self.t.add_rule(f"ExistingVpcNames{kind}Subnet{n}", {
                    "RuleCondition": condition,
                    "Assertions": [{
                        "Assert": Not(Equals(Ref(subnet), "")),
                        "AssertDescription": f"Existing{kind}Subnet{n} is required with "
                        f"ExistingVpcId and AzCount {used[0]} or more"
                        + (" (an internet-facing load balancer)" if kind == "Public" else ""),
                    }],
                })
        everything = [*self.private_existing, *self.public_existing]
        self.t.add_rule("ExistingVpcPartsNeedItsId", {  # else they would be ignored
            "RuleCondition": Equals(Ref(self.vpc_id), ""),
            "Assertions": [{
                "Assert": And(*[Equals(Ref(s), "") for s in everything],
                              Equals(Ref(self.vpc_cidr_existing), "")),
                "AssertDescription": "ExistingPrivateSubnet1-4, ExistingPublicSubnet1-4 and "
                "ExistingVpcCidr describe an existing VPC: give ExistingVpcId too, or leave them "
                "blank for a new VPC",
            }],
        })
        self.t.add_rule("ExistingVpcSubnetsAreDistinct", {
            "RuleCondition": given_vpc,
            "Assertions": [{  # one list per subnet keeps cfn-lint's checks of the Rules fast
                "Assert": Or(Equals(Ref(a), ""),
                             Not(Contains([Ref(b) for b in everything[i + 1:]], Ref(a)))),
                "AssertDescription": f"{a.title} is given again after it: each AZ needs a "
                "public and a private subnet of its own",
            } for i, a in enumerate(everything[:-1])],
        })
        self.t.add_rule("ExistingDbNamesItsSecret", {
            "RuleCondition": Not(Equals(Ref(self.db_host), "")),
            "Assertions": [{
                "Assert": Not(Equals(Ref(self.db_secret), "")),
                "AssertDescription": "ExistingDbSecretArn is required with ExistingDbHost: the "
                "secret holding the database's username and password",
            }],
        })

    def key_and_ca_rules(self) -> None:
        """A given key must be named (blank would fall back to the AWS-managed key, which the
        database cannot leave without being replaced); outside the aws partition the default
        CA bundle signs no RDS certificate, so TLS to the database needs that partition's."""
        self.t.add_rule("GivenKeyIsNamed", {
            "RuleCondition": Equals(Ref(self.key_choice), "given"),
            "Assertions": [{
                "Assert": Not(Equals(Ref(self.given_key), "")),
                "AssertDescription": "KeyChoice given needs GivenKeyArn: the ARN of a KMS key "
                "in this stack's region",
            }],
        })
        elsewhere = sorted(r for partition, names in REGIONS.items() if partition != "aws"
                           for r in names)
        self.t.add_rule("CaBundleOfThePartition", {
            "RuleCondition": And(Equals(Ref(self.tls), "enabled"),
                                 Contains(elsewhere, Ref("AWS::Region"))),
            "Assertions": [{
                "Assert": Not(Equals(Ref(self.ca_url), CA.url)),
                "AssertDescription": "The default DbCaBundleUrl serves the aws partition only: "
                "give the RDS CA bundle of this region's partition, or disable DB connection "
                "encryption",
            }],
        })

    def az_count_rules(self) -> None:
        """A new VPC takes the first AzCount of Fn::GetAZs: past the AZs every account sees in
        the region (sizing/regions.py), the network tier fails after the others started."""
        for seen in sorted({n for n in AZS_EVERY_ACCOUNT_SEES.values() if n < MAX_AZS}):
            in_regions = sorted(r for r, n in AZS_EVERY_ACCOUNT_SEES.items() if n == seen)
            self.t.add_rule(f"AzCountFitsRegionsOf{seen}Azs", {
                "RuleCondition": And(Equals(Ref(self.vpc_id), ""),
                                     Contains(in_regions, Ref("AWS::Region"))),
                "Assertions": [{
                    "Assert": Contains([str(n) for n in data.AZ_COUNTS if n <= seen],
                                       Ref(self.az_count)),
                    "AssertDescription": f"This region offers every account {seen} AZs: set "
                    f"AzCount to at most {seen}, or use an existing VPC",
                }],
            })

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
            self.t.add_rule(f"{storage_type.capitalize()}{name}", {
                "RuleCondition": And(Equals(Ref(self.db_host), ""),
                                     Equals(Ref(self.db_storage_type), storage_type)),
                "Assertions": [{"Assert": holds, "AssertDescription": say}],
            })

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
            self.t.add_rule(f"DbInstanceClassAbove{ordered[floor - 1]}Connections", {
                "RuleCondition": And(
                    Not(Equals(Ref(self.db_class), "auto")),
                    any_of([And(Equals(Ref(self.env), env), Equals(Ref(self.tls), tls),
                                 Equals(Ref(self.active), active),
                                 Contains(sorted(rates, key=int), Ref(self.rate)))
                             for (env, tls, active), rates in sorted(where.items())])),
                "Assertions": [{
                    "Assert": Not(Contains(small, Ref(self.db_class))),
                    "AssertDescription": "this throughput, shard count, environment and "
                    "encryption need more DB connections than the class holds: choose auto or "
                    f"a class of at least {least} max_connections" if least else
                    "no class holds the connections this plan needs: choose auto",
                }],
            })

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
            self.t.add_rule(f"InstanceTypeCovers{host.replace('.', '').capitalize()}", {
                "RuleCondition": And(
                    Not(Equals(Ref(self.instance_type), "auto")),
                    any_of([And(Contains(sorted(messages), Ref(self.message)),
                                Contains(list(rates), Ref(self.rate)))
                            for rates, messages in sorted(where.items())])),
                "Assertions": [{
                    "Assert": Contains(enough, Ref(self.instance_type)),
                    "AssertDescription": f"this message type and throughput are sized for "
                    f"{host} hosts: choose auto or one of {', '.join(enough)}",
                }],
            })
