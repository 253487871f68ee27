"""The renderings the contract is proven on: the CDK app over a grid of contexts and the plain
templates over several parameter sets, each with what its inputs make the contract expect.

`wa-lint` checks every one of them; the tests check the same grids and the parity between
renderings of the same inputs (PARITY).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sizing
from contract.roles import ROLES
from gates.cfn_resolve import Deployment, ResolveError, resolve_assembly, resolve_nested
from gates.flows import Expectation, Report, check_rendering
from gates.runtime import RuntimeInputs, problems

EXISTING_VPC = {"vpc_id": "vpc-0123456789abcdef0", "vpc_azs": "us-east-1a,us-east-1b",
                "public_subnet_ids": "subnet-0a0a0a0a,subnet-0b0b0b0b",
                "private_subnet_ids": "subnet-1a1a1a1a,subnet-1b1b1b1b",
                "vpc_cidr": "10.20.0.0/16"}
EXISTING_DB = {"db_host": "db.example.internal",
               "db_secret_arn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:wa-db-AbCdEf"}
API_CLIENTS = "203.0.113.0/24"

# name -> CDK context (as `-c key=value` would give it)
CDK_GRID: dict[str, dict[str, str]] = {
    "default": {},
    "32-shards-ssl": {"rate": "250", "shards": "32", "ssl": "true"},
    # media as the vendor benchmarked it, one Coreapp per host
    "staging-isolated": {"env": "staging", "isolate_coreapps": "true",
                         "message_type": "image2MB", "rate": "50"},
    "existing-vpc": EXISTING_VPC,
    "existing-db": EXISTING_DB,
    "public-api": {"api_cidrs": API_CLIENTS},
}
def per_az(kind: str, subnets: str) -> dict[str, str]:
    """A comma list of subnets as the console asks for them: Existing<kind>Subnet1, 2, ..."""
    return {f"Existing{kind}Subnet{n}": s for n, s in enumerate(subnets.split(","), start=1)}


# name -> parameters of wa-infra.yaml (TemplateBaseUrl aside)
PLAIN_GRID: dict[str, dict[str, str]] = {
    "default": {},
    "32-shards-ssl": {"Throughput": "250", "ActiveCoreapps": "32",
                      "DbConnectionEncryption": "enabled"},
    "staging": {"EnvType": "staging"},
    "existing-vpc": {"ExistingVpcId": EXISTING_VPC["vpc_id"],
                     "ExistingVpcCidr": EXISTING_VPC["vpc_cidr"],
                     **per_az("Public", EXISTING_VPC["public_subnet_ids"]),
                     **per_az("Private", EXISTING_VPC["private_subnet_ids"])},
    "existing-db": {"ExistingDbHost": EXISTING_DB["db_host"],
                    "ExistingDbSecretArn": EXISTING_DB["db_secret_arn"]},
    "public-api": {"LbScheme": "internet-facing", "ApiClientCidr": API_CLIENTS},
    "existing-efs": {"ExistingEfsId": "fs-0123456789abcdef0"},
    "four-azs-db-port": {"AzCount": "4", "DbPort": "3307"},
    "staging-isolated": {"EnvType": "staging", "IsolateCoreapps": "true",
                         "MessageType": "image2MB", "Throughput": "50"},
}
# The same inputs in both renderers: (CDK context, plain parameters).
PARITY: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "default": (CDK_GRID["default"], PLAIN_GRID["default"]),
    "32-shards-ssl": (CDK_GRID["32-shards-ssl"], PLAIN_GRID["32-shards-ssl"]),
    "staging": ({"env": "staging"}, PLAIN_GRID["staging"]),
    "staging-isolated": (CDK_GRID["staging-isolated"], PLAIN_GRID["staging-isolated"]),
    "existing-vpc": (CDK_GRID["existing-vpc"], PLAIN_GRID["existing-vpc"]),
    "existing-db": (CDK_GRID["existing-db"], PLAIN_GRID["existing-db"]),
    "public-api": (CDK_GRID["public-api"], PLAIN_GRID["public-api"]),
}
BASE_URL = "https://wa-infra-templates.s3.amazonaws.com/wa-infra/"
ROOT_TEMPLATE = "wa-infra.yaml"


@dataclass
class Rendering:
    name: str
    deployment: Deployment
    expectation: Expectation
    runtime: RuntimeInputs

    def verify(self) -> Verification:
        return Verification(check_rendering(self.deployment, self.expectation),
                            problems(self.deployment, self.runtime))


@dataclass
class Verification:
    flows: Report
    runtime: list[str]
    error: str | None = None  # the rendering could not be resolved

    @classmethod
    def unresolvable(cls, error: Exception) -> Verification:
        return cls(Report([], []), [], str(error).splitlines()[0])

    @property
    def ok(self) -> bool:
        return self.error is None and self.flows.ok and not self.runtime

    def summary(self) -> str:
        if self.error is not None:
            return "cannot be resolved"
        runtime = "runtime ok" if not self.runtime else f"{len(self.runtime)} runtime problems"
        return f"{self.flows.summary()}, {runtime}"

    def lines(self) -> list[str]:
        """Everything but the flows that are allowed: blocked, outside, extra, runtime."""
        if self.error is not None:
            return [f"ERROR    {self.error}"]
        shown = [line for line in self.flows.lines() if not line.startswith("ok")]
        return shown + [f"RUNTIME  {p}" for p in self.runtime]


# --- CDK ---------------------------------------------------------------------------------------

def cdk_expectation(plan, deployment) -> tuple[Expectation, RuntimeInputs]:
    from sizing import data

    existing_vpc, existing_db = deployment.existing_vpc, deployment.existing_db
    vpc_cidr = existing_vpc.cidr if existing_vpc else deployment.vpc_cidr
    expectation = Expectation(
        vpc_cidr=vpc_cidr,
        client_cidrs=deployment.api_cidrs or (vpc_cidr,),
        public_api=deployment.public_api,
        db_port=existing_db.port if existing_db else data.DB_PORTS[plan.engine],
        existing_db=existing_db is not None,
        existing_vpc=existing_vpc is not None,
    )
    runtime = RuntimeInputs(
        region=deployment.region, engine=plan.engine, ssl=plan.ssl,
        db_idle_timeout_ms=deployment.db_idle_timeout_ms, ca_url=deployment.db_ca_url,
        registry=deployment.registry, image_tag=deployment.image_tag,
        reservations={role: plan.reservation(role) for role in ROLES},
        fleet=(plan.host_type, plan.ec2_min, plan.ec2_desired, plan.ec2_max),
        isolate_coreapps=plan.isolate_coreapps)
    return expectation, runtime


def cdk_rendering(name: str, outdir: Path, plan, deployment) -> Rendering:
    """The four stacks of one deployment (prefix `deployment.prefix`) in a synthesized app."""
    tiers = ("Network", "Database", "Lambda", "Enterprise")
    present = [f"{deployment.prefix}-{t}" for t in tiers
               if (Path(outdir) / f"{deployment.prefix}-{t}.template.json").exists()]
    expectation, runtime = cdk_expectation(plan, deployment)
    return Rendering(f"cdk {name}", resolve_assembly(outdir, present), expectation, runtime)


# --- plain templates -----------------------------------------------------------------------------

def plain_expectation(template: dict, given: dict[str, str]) -> tuple[Expectation, RuntimeInputs]:
    values = {name: str(p.get("Default", "")) for name, p in template["Parameters"].items()}
    values.update(given)
    existing_vpc = values["ExistingVpcId"] != ""
    vpc_cidr = values["ExistingVpcCidr"] if existing_vpc else values["VpcCidr"]
    public = values["LbScheme"] == "internet-facing"
    isolate = values["IsolateCoreapps"] == "true"
    # what wa-size plans for these parameters: the containers must reserve the same
    planned = sizing.plan(float(values["Throughput"]),
                   None if values["ActiveCoreapps"] == "auto" else int(values["ActiveCoreapps"]),
                   env=values["EnvType"], message_type=values["MessageType"],
                   isolate_coreapps=isolate)
    clients = (values["ApiClientCidr"],) if values["ApiClientCidr"] else (vpc_cidr,)
    expectation = Expectation(
        vpc_cidr=vpc_cidr, client_cidrs=clients, public_api=public,
        db_port=int(values["DbPort"]), existing_db=values["ExistingDbHost"] != "",
        existing_vpc=existing_vpc, existing_efs=values["ExistingEfsId"] != "")
    runtime = RuntimeInputs(
        region="us-east-1", engine="mysql", ssl=values["DbConnectionEncryption"] == "enabled",
        db_idle_timeout_ms=int(values["DbIdleTimeoutMs"]), ca_url=values["DbCaBundleUrl"],
        registry=values["ContainerRegistry"], image_tag=values["ImageTag"],
        reservations={role: planned.reservation(role) for role in ROLES},
        fleet=(planned.host_type if values["InstanceType"] == "auto" else values["InstanceType"],
               planned.ec2_min, planned.ec2_desired, planned.ec2_max),
        isolate_coreapps=isolate,
        web_db_persistent=values["PersistentWebDbConnection"] == "true")
    return expectation, runtime


def plain_renderings(templates: dict[str, dict], grid: dict[str, dict[str, str]] = PLAIN_GRID,
                     root: str = ROOT_TEMPLATE) -> dict[str, Rendering]:
    """`templates`: file name -> parsed template (as cfn-lint's YAML loader gives them)."""
    out = {}
    for name, given in grid.items():
        parameters = {"TemplateBaseUrl": BASE_URL, **given}
        expectation, runtime = plain_expectation(templates[root], parameters)
        deployment = resolve_nested(templates, root, parameters)
        out[name] = Rendering(f"plain {name}", deployment, expectation, runtime)
    return out


def verify_plain(templates: dict[str, dict], grid: dict[str, dict[str, str]] = PLAIN_GRID,
                 ) -> dict[str, Verification]:
    """Each parameter set's verification; a template that cannot be resolved is a failed
    verification with the resolver's one-line reason, not an exception."""
    out = {}
    for name, given in grid.items():
        try:
            out[f"plain {name}"] = plain_renderings(templates, {name: given})[name].verify()
        except (ResolveError, KeyError, ValueError) as error:
            out[f"plain {name}"] = Verification.unresolvable(error)
    return out


def load_plain(folder: Path) -> dict[str, dict]:
    from cfnlint.decode import cfn_yaml

    return {path.name: cfn_yaml.load(str(path)) for path in sorted(Path(folder).glob("*.yaml"))}
