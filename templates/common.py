"""Pieces every template shares: grouped parameters, rotated keys, encrypted log groups."""

from __future__ import annotations

from pathlib import Path

from troposphere import (
    AccountId,
    Equals,
    GetAtt,
    If,
    Join,
    Or,
    Output,
    Parameter,
    Partition,
    Ref,
    Region,
    StackName,
    Template,
)
from troposphere.awslambda import Code, Function, LoggingConfig
from troposphere.iam import Policy, Role
from troposphere.kms import Key
from troposphere.logs import LogGroup

from contract.inputs import BY_PARAMETER
from contract.log_groups import generated_name_parts
from sizing import data

VERSION = "wa-infra"
# The custom resource handlers' sources, which both renderers deploy (the CDK as an asset)
HANDLERS = Path(__file__).resolve().parent.parent / "stacks" / "lambda_handlers"
RUNTIME = "python3.14"  # the custom resource functions' runtime (the CDK's Lambda tier too)
# cfn-lint resolves both branches of If(CreateNetwork, <network outputs>, <existing subnets>)
# with the parameter defaults, and the existing-subnet lists default to blank (they are only
# read when ExistingVpcId is set). The resources in those subnets (mount targets, hosts, load
# balancer, probe) acknowledge exactly those two checks.
SUBNET_RESOLUTION = {"cfn-lint": {"config": {"ignore_checks": ["W1033", "W1035"]}}}


def add_outputs(template: Template, **outputs: tuple[str, object]) -> None:
    """Outputs in the order given: name=(description, value)."""
    for name, (description, value) in outputs.items():
        template.add_output(Output(name, Description=description, Value=value))


# AZs the templates spread over: AZ_COUNTS[0] always, one more for each further count.
AZ_COUNTS = data.AZ_COUNTS
MAX_AZS = AZ_COUNTS[-1]


def az_conditions(az_count, prefix: str = "UseAz") -> dict[str, object]:
    """{UseAzN: AzCount is N or more} for every AZ beyond the ones always used."""
    return {f"{prefix}{n}": Or(*(Equals(az_count, str(m)) for m in AZ_COUNTS if m >= n))
            if n < MAX_AZS else Equals(az_count, str(n)) for n in AZ_COUNTS[1:]}


def by_az_count(first, prefix: str = "UseAz"):
    """`first(n)` for the AzCount in use: If(UseAz<max>, first(max), If(..., first(min)))."""
    chosen = first(AZ_COUNTS[0])
    for n in AZ_COUNTS[1:]:
        chosen = If(f"{prefix}{n}", first(n), chosen)
    return chosen


def tier(description: str) -> tuple[Template, Params]:
    """A tier's template and its parameters' console groups."""
    template = Template(Description=description)
    return template, Params(template)


class Params:
    """Adds parameters to a template and remembers their console group and label."""

    def __init__(self, template: Template) -> None:
        self.template = template
        self.groups: dict[str, list[str]] = {}
        self.labels: dict[str, str] = {}

    def add(self, group: str, name: str, label: str, description: str, **kwargs) -> Parameter:
        parameter = self.template.add_parameter(Parameter(name, Description=description, **kwargs))
        self.groups.setdefault(group, []).append(name)
        self.labels[name] = label
        return parameter

    def finish(self) -> None:
        """Write AWS::CloudFormation::Interface so the console shows groups and labels."""
        self.template.set_metadata(
            {
                "AWS::CloudFormation::Interface": {
                    "ParameterGroups": [
                        {"Label": {"default": group}, "Parameters": names}
                        for group, names in self.groups.items()
                    ],
                    "ParameterLabels": {
                        name: {"default": label} for name, label in self.labels.items()
                    },
                }
            }
        )

    def input(self, group: str, name: str, label: str | None = None,
              description: str | None = None) -> Parameter:
        """The root template's parameter `name` as contract/inputs.py asks for it (type,
        default, allowed values), in this tier's group, in the tier's words where given."""
        console = BY_PARAMETER[name].console
        return self.add(group, name, label or console.label, description or console.description,
                        **console.cfn)

    def log_retention(self, group: str) -> Parameter:
        return self.input(group, "LogRetentionDays")


def rotated_key(
    template: Template,
    name: str,
    purpose: str,
    publishers: tuple[str, ...] = (),
    log_groups=None,
    **kwargs,
) -> Key:
    """A customer key with rotation that outlives the stack (Retain on delete and replace).
    `log_groups`: CloudWatch Logs may use it for the log groups of this account and region
    that this name pattern matches, and no other (stacks/keys.py: let_logs_use).
    `publishers`: service principals that publish to a topic encrypted with it."""
    statements = [
        {
            "Sid": "AccountAdministers",
            "Effect": "Allow",
            "Principal": {"AWS": Join("", ["arn:", Partition, ":iam::", AccountId, ":root"])},
            "Action": "kms:*",
            "Resource": "*",
        }
    ]
    if log_groups is not None:
        statements.append(
            {
                "Sid": "CloudWatchLogsEncrypts",
                "Effect": "Allow",
                "Principal": {"Service": Join("", ["logs.", Region, ".amazonaws.com"])},
                "Action": [
                    "kms:Encrypt*",
                    "kms:Decrypt*",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:Describe*",
                ],
                "Resource": "*",
                "Condition": {
                    "ArnLike": {
                        "kms:EncryptionContext:aws:logs:arn": Join(
                            "", ["arn:", Partition, ":logs:", Region, ":", AccountId,
                                 ":log-group:", log_groups]
                        )
                    }
                },
            }
        )
    if publishers:
        statements.append(
            {
                "Sid": "ServicesPublishToTheTopic",
                "Effect": "Allow",
                "Principal": {"Service": list(publishers)},
                "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
                "Resource": "*",
            }
        )
    return template.add_resource(
        Key(
            name,
            Description=f"{VERSION}: {purpose}",
            EnableKeyRotation=True,
            KeyPolicy={"Version": "2012-10-17", "Statement": statements},
            DeletionPolicy="Retain",
            UpdateReplacePolicy="Retain",
            **kwargs,
        )
    )


def encrypted_log_group(template: Template, name: str, purpose: str, retention) -> LogGroup:
    """The key serves this group alone: the name CloudFormation gives it
    (contract/log_groups.py), not every group of the account."""
    key = rotated_key(template, f"{name}Key", purpose,
                      log_groups=Join("", generated_name_parts(StackName, name)))
    return template.add_resource(
        LogGroup(
            name,
            RetentionInDays=retention,
            KmsKeyId=key.get_att("Arn"),
            DeletionPolicy="Retain",
            UpdateReplacePolicy="Retain",
        )
    )


def inline_handler(module: str) -> str:
    """A custom resource handler of stacks/lambda_handlers/ as one file for ZipFile (which
    CloudFormation writes to index.py): the shared response code, then the module (its
    __future__ import already stands at the top). Read as files, never imported: the plain
    renderer loads no part of the CDK renderer (and no boto3)."""
    def text(name: str) -> str:
        return (HANDLERS / f"{name}.py").read_text(encoding="utf-8")

    future = "from __future__ import annotations\n"
    return text("cfn_response") + "\n\n" + text(module).replace(future, "", 1)


def handler_function(t: Template, name: str, module: str, logs: LogGroup, policy: str,
                     statements: list, description: str) -> Function:
    """`<name>Function`, the inline custom resource handler `module`, and `<name>Role`: it
    writes its own log group and does `statements`, nothing else."""
    writes_logs = {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                   "Resource": GetAtt(logs, "Arn")}
    role = t.add_resource(Role(
        f"{name}Role", AssumeRolePolicyDocument=assume_role("lambda.amazonaws.com"),
        Policies=[Policy(PolicyName=policy, PolicyDocument={
            "Version": "2012-10-17", "Statement": [writes_logs, *statements]})]))
    return t.add_resource(Function(
        f"{name}Function", Runtime=RUNTIME, Handler="index.handler",
        Code=Code(ZipFile=inline_handler(module)), Role=GetAtt(role, "Arn"), Timeout=60,
        MemorySize=128, LoggingConfig=LoggingConfig(LogGroup=Ref(logs)),
        Description=description))


def assume_role(service: str) -> dict:
    """Trust policy letting one AWS service assume a role."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
        ],
    }


def ssm_parameter_arn_named(name) -> Join:
    """ARN of the SSM parameter `name` (no leading slash) in this account and region."""
    return Join(
        "", ["arn:", Partition, ":ssm:", Region, ":", AccountId, ":parameter/", name]
    )


def ssm_parameter_arn(path, name: str) -> Join:
    """ARN of the SSM parameter `<path>/<name>` in this account and region."""
    return Join(
        "", ["arn:", Partition, ":ssm:", Region, ":", AccountId, ":parameter", path, "/", name]
    )

# The four plain templates' file names (tier -> file).
FILES = {
    "network": "wa-infra-network.yaml",
    "database": "wa-infra-database.yaml",
    "lambda": "wa-infra-lambda.yaml",
    "enterprise": "wa-infra.yaml",
}


def any_of(conditions):
    """Fn::Or of any number of conditions (it takes 2 to 10: nested in tens)."""
    if len(conditions) == 1:
        return conditions[0]
    if len(conditions) <= 10:
        return Or(*conditions)
    return any_of([any_of(conditions[i:i + 10]) for i in range(0, len(conditions), 10)])
