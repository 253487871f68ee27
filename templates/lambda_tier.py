"""Lambda tier template: the function behind Custom::DbSettings, which copies the DB host,
port, user and password into SSM SecureString parameters encrypted with this tier's key. The
code is the CDK app's handler (stacks/lambda_handlers), inlined."""

from __future__ import annotations

from troposphere import (
    And,
    Equals,
    GetAtt,
    If,
    Not,
    Output,
    Ref,
    Template,
)
from troposphere.cloudformation import CustomResource

from contract import syntax
from contract.roles import DB_SETTINGS_FROM_SECRET, DB_SETTINGS_GIVEN
from sizing import data
from templates.common import (
    encrypted_log_group,
    handler_function,
    inline_handler,
    rotated_key,
    ssm_parameter_arn,
    ssm_parameter_arn_named,
    tier,
)

HANDLER_MODULE = "stacks.lambda_handlers.ssm_parameters"
# The DB settings the containers read (contract/roles.py): given, and from the secret.
SETTINGS = DB_SETTINGS_GIVEN
SECRET_KEYS = DB_SETTINGS_FROM_SECRET


class DbSettings(CustomResource):
    resource_type = "Custom::DbSettings"


def inline_handler_code() -> str:
    """The CDK app's handler, as one file (templates/common.py)."""
    return inline_handler(HANDLER_MODULE.rsplit(".", 1)[1])


def build_lambda() -> Template:
    t, p = tier(
        "wa-infra Lambda tier: DB settings as SSM SecureString parameters "
        "for the containers"
    )
    host = p.add(
        "Database",
        "DbHost",
        "DB host",
        "Host name of the database",
        Type="String",
        AllowedPattern=syntax.DB_HOST,
        ConstraintDescription="a DNS name or an IPv4 address (not loopback, 0.x or link-local)",
    )
    port = p.add(
        "Database",
        "DbPort",
        "DB port",
        "Port of the database",
        Type="Number",
        Default=data.DB_PORTS["mysql"],
        MinValue=syntax.PORTS[0],
        MaxValue=syntax.PORTS[1],
    )
    secret = p.add(
        "Database",
        "DbSecretArn",
        "DB secret ARN",
        "Secrets Manager secret holding username and password",
        Type="String",
        AllowedPattern=r"^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$",
        ConstraintDescription="a Secrets Manager secret ARN",
    )
    secret_key = p.add(
        "Database",
        "DbSecretKeyArn",
        "DB secret key ARN",
        "KMS key of that secret if it is a customer key; blank otherwise",
        Type="String",
        Default="",
        AllowedPattern=r"^$|^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key/.+$",
    )
    path = p.add(
        "Parameters",
        "ParameterPath",
        "Parameter path",
        "SSM path of the settings (the containers read <path>/hostname, ...)",
        Type="String",
        Default="/wa-infra/db",
        AllowedPattern=r"^(/[A-Za-z0-9_.-]+)+$",
        ConstraintDescription="/segment[/segment...] without a trailing slash",
    )
    password_copy = p.add(
        "Parameters",
        "AwsModeLookupName",
        "Client's password parameter",
        "Name under which the client reads its DB password in AWS mode "
        "(<AWS_STACK_NAME>-WA_DB_PASSWORD)",
        Type="String",
        Default="wa-infra-WA_DB_PASSWORD",
        AllowedPattern=r"^[A-Za-z0-9_.-]+-WA_DB_PASSWORD$",
        ConstraintDescription="<name>-WA_DB_PASSWORD, without a leading slash",
    )
    retention = p.log_retention("Logging")
    p.finish()
    t.add_condition(
        "HasSecretKey", And(Not(Equals(Ref(secret_key), "")), Not(Equals(Ref(secret_key), "none")))
    )

    key = rotated_key(t, "ParametersKey", "DB settings in SSM")
    logs = encrypted_log_group(t, "DbSettingsLogs", "DB settings function logs", Ref(retention))

    statements = [
        {
            "Effect": "Allow",
            "Action": ["ssm:PutParameter", "ssm:DeleteParameter", "ssm:GetParameter"],
            "Resource": [*(ssm_parameter_arn(Ref(path), n) for n in SETTINGS + SECRET_KEYS),
                         ssm_parameter_arn_named(Ref(password_copy))],
        },
        {
            "Effect": "Allow",
            "Action": ["kms:Encrypt", "kms:GenerateDataKey"],
            "Resource": GetAtt(key, "Arn"),
        },
        {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": Ref(secret)},
        If(
            "HasSecretKey",
            {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": Ref(secret_key)},
            Ref("AWS::NoValue"),
        ),
    ]
    function = handler_function(
        t, "DbSettings", HANDLER_MODULE.rsplit(".", 1)[1], logs, "db-settings", statements,
        "Copies DB connection settings into SSM SecureString parameters")
    t.add_resource(
        DbSettings(
            "DbSettings",
            ServiceToken=GetAtt(function, "Arn"),
            ParameterPath=Ref(path),
            KmsKeyId=GetAtt(key, "Arn"),
            SecretArn=Ref(secret),
            SecretKeys=list(SECRET_KEYS),
            Settings={"hostname": Ref(host), "port": Ref(port)},
            Copies=[{"Name": Ref(password_copy), "From": "password"}],
        )
    )

    t.add_output(Output("ParameterPath", Description="Where the settings are", Value=Ref(path)))
    t.add_output(
        Output(
            "ParametersKeyArn",
            Description="Key that encrypts the settings",
            Value=GetAtt(key, "Arn"),
        )
    )
    return t
