"""Lambda tier: a custom resource that copies the DB connection settings into SSM SecureString
parameters under this deployment's path, encrypted with this tier's key (CloudFormation cannot
create SecureString parameters). The ECS containers read them as secrets."""

from __future__ import annotations

from aws_cdk import CustomResource, Duration
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_ssm as ssm
from constructs import Construct

from contract.deployment import Deployment
from contract.roles import DB_SETTINGS_FROM_SECRET, DB_SETTINGS_GIVEN, password_parameter_name
from sizing import Plan
from stacks.encrypted_logs import encrypted_log_group
from stacks.functions import RUNTIME, handler_code
from stacks.keys import grant_from_principal, rotated_key
from stacks.nag import acknowledge_custom_resource_function, acknowledge_inline_policy
from stacks.offline import OfflineStack

# The DB settings the containers read (contract/roles.py): given, and from the secret.
PLAIN_SETTINGS = DB_SETTINGS_GIVEN
SECRET_KEYS = DB_SETTINGS_FROM_SECRET


class LambdaStack(OfflineStack):
    def __init__(self, scope: Construct, construct_id: str, *, plan: Plan,
                 deployment: Deployment, db_host: str, db_port: int,
                 db_secret: secretsmanager.ISecret | None, db_key: kms.IKey | None = None,
                 **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        if db_secret is None:  # an existing database: its credentials secret is given by ARN
            db_secret = secretsmanager.Secret.from_secret_complete_arn(
                self, "ExistingDatabaseSecret", deployment.existing_db.secret_arn)
        self.parameter_path = f"/{deployment.prefix}/db"
        # The client's own lookup in AWS mode (contract/roles.py): AWS_STACK_NAME is the prefix.
        self.password_parameter_name = password_parameter_name(deployment.prefix)
        self.key = rotated_key(self, "ParametersKey", "DB settings in SSM")
        log_group = encrypted_log_group(self, "DbSettingsLogs", "DB settings function logs",
                                        deployment.log_retention_days)

        role = iam.Role(self, "DbSettingsRole",
                        assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
                        description="Writes this deployment's DB settings to SSM")
        log_group.grant_write(role)
        acknowledge_inline_policy(role, "exactly this deployment's DB setting parameters (and "
                                  "the password's copy for the client), its key and secret, "
                                  "and its own log stream")
        # Exactly the parameters this deployment owns: no wildcard on the path.
        role.add_to_policy(iam.PolicyStatement(
            actions=["ssm:PutParameter", "ssm:DeleteParameter", "ssm:GetParameter"],
            resources=[*(self.parameter_arn(name) for name in self.names),
                       self.password_parameter_arn],
        ))
        grant_from_principal(role, self.key, "kms:Encrypt", "kms:GenerateDataKey")
        # From the role's side only: the secret and its key live in the database tier.
        role.add_to_policy(iam.PolicyStatement(actions=["secretsmanager:GetSecretValue"],
                                               resources=[db_secret.secret_arn]))
        if db_key is not None:
            grant_from_principal(role, db_key, "kms:Decrypt")

        function = lambda_.Function(
            self, "DbSettingsFunction",
            runtime=RUNTIME,
            handler="ssm_parameters.handler",
            code=handler_code(),
            timeout=Duration.seconds(60),
            memory_size=128,
            role=role,
            log_group=log_group,
            description="Copies DB connection settings into SSM SecureString parameters",
        )
        acknowledge_custom_resource_function(function)
        self.settings = CustomResource(
            self, "DbSettings",
            service_token=function.function_arn,
            resource_type="Custom::DbSettings",
            properties={
                "ParameterPath": self.parameter_path,
                "KmsKeyId": self.key.key_arn,
                "SecretArn": db_secret.secret_arn,
                "SecretKeys": list(SECRET_KEYS),
                # Exactly PLAIN_SETTINGS: the role may write nothing else.
                "Settings": {"hostname": db_host, "port": str(db_port)},
                "Copies": [{"Name": self.password_parameter_name, "From": "password"}],
            },
        )
        self.settings.node.add_dependency(role)

    def parameter(self, scope: Construct, name: str) -> ssm.IStringParameter:
        """One of the SecureString parameters, as seen from another stack."""
        return ssm.StringParameter.from_secure_string_parameter_attributes(
            scope, f"DbSetting{name.title()}",
            parameter_name=f"{self.parameter_path}/{name}",
        )

    def parameter_arn(self, name: str) -> str:
        return self.format_arn(service="ssm", resource="parameter",
                               resource_name=f"{self.parameter_path.lstrip('/')}/{name}")

    @property
    def password_parameter_arn(self) -> str:
        return self.format_arn(service="ssm", resource="parameter",
                               resource_name=self.password_parameter_name)

    @property
    def names(self) -> tuple[str, ...]:
        return PLAIN_SETTINGS + SECRET_KEYS
