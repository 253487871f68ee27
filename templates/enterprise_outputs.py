"""The root template's outputs, and the probe's read of the API key."""

from __future__ import annotations

from troposphere import (
    GetAtt,
    Join,
    Output,
    Ref,
)

from contract.roles import (
    API_KEY_OUTPUT,
    DB_UPGRADE,
)
from probe import metrics as probe_metrics


class OutputsPart:
    """A part of templates/enterprise.py's Enterprise (its attributes are shared)."""

    # --- outputs ----------------------------------------------------------------------------
    def outputs(self) -> None:
        o = self.t.add_output
        o(
            Output(
                "ApiEndpoint",
                Description="HTTPS endpoint of the Webapps",
                Value=Join("", ["https://", GetAtt(self.lb, "DNSName")]),
            )
        )
        o(Output("ClusterName", Description="ECS cluster", Value=Ref(self.cluster)))
        # what wa-upgrade plan names in its commands
        o(Output("CapacityProviderName", Description="Capacity provider for run-task",
                 Value=Ref(self.provider)))
        o(Output("DbUpgradeTaskFamily", Description="One-off database-upgrade task "
                 "(wa-upgrade)", Value=Join("-", [self.name_base, DB_UPGRADE.name])))
        o(Output("FileSystemId", Description="EFS file system (backups)", Value=self.fs_id))
        o(Output("DbInstanceIdentifier", Condition="CreateDatabase",
                 Description="Database to snapshot before an upgrade",
                 Value=GetAtt("DatabaseStack", "Outputs.DbInstanceIdentifier")))
        o(Output("DbEndpoint", Description="Database host:port", Value=self.db_endpoint))
        o(
            Output(
                "Shards",
                Description="Shard count to set with POST /v1/account/shards",
                Value=self.shards,
            )
        )
        o(Output("Coreapps", Description="Coreapp tasks (active + spare)", Value=self.coreapps))
        o(
            Output(
                "CoreappServiceName",
                Description="Coreapp ECS service",
                Value=GetAtt(self.service_refs["coreapp"], "Name"),
            )
        )
        o(Output("ApiKeySecret", Description=API_KEY_OUTPUT, Value=Ref(self.api_key[0])))
        o(
            Output(
                "HostEventsTopic",
                Description="Subscribe for host scaling events",
                Value=Ref(self.topic),
            )
        )


    def probe_reads_api_key(self) -> None:
        """The health probe (templates/monitoring.py) gets in with the Webapps' API key: its
        secret's ARN in the function's environment, GetSecretValue on that secret and
        kms:Decrypt on its key in the function's role, nothing else."""
        secret, key = self.api_key
        function, role = self.t.resources["Probe"], self.t.resources["ProbeRole"]
        function.Environment.Variables[probe_metrics.ENV_API_KEY_SECRET_ARN] = Ref(secret)
        role.Policies[0].PolicyDocument["Statement"] += [
            {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
             "Resource": Ref(secret)},
            {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": GetAtt(key, "Arn")},
        ]
