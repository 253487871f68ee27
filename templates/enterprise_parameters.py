"""The root template's parameters and their console groups, made from contract/inputs.py."""

from __future__ import annotations

from contract.inputs import INPUTS, MAX_AZS
from templates.common import Params
from templates.database import add_key_choice

# The name each part of the Enterprise builder gives a parameter (self.env is EnvType).
ATTRIBUTES = {
    "EnvType": "env", "Throughput": "rate", "ActiveCoreapps": "active", "MessageType": "message",
    "IsolateCoreapps": "isolate", "DbConnectionEncryption": "tls", "ExistingVpcId": "vpc_id",
    "ExistingVpcCidr": "vpc_cidr_existing", "VpcCidr": "vpc_cidr", "AzCount": "az_count",
    "LbScheme": "scheme", "ApiClientCidr": "api_cidr", "AllowWorldApi": "allow_world",
    "InstanceType": "instance_type", "RootVolumeGiB": "root_gib", "EcsAmi": "ami",
    "CreateEcsServiceLinkedRole": "ecs_role", "ContainerRegistry": "registry", "ImageTag": "tag",
    "UpgradeImageTag": "upgrade_tag", "LogDriver": "log_driver", "LogMaxSizeMb": "log_size",
    "LogMaxFiles": "log_files", "LogRetentionDays": "retention", "ExistingDbHost": "db_host",
    "ExistingDbSecretArn": "db_secret", "DbPort": "db_port", "DbInstanceClass": "db_class",
    "DbEngineVersion": "db_version", "DbStorageType": "db_storage_type",
    "DbStorageGiB": "db_storage", "DbIops": "db_iops", "DbMultiAz": "db_multi_az",
    "DbIdleTimeoutMs": "idle", "PersistentWebDbConnection": "persistent",
    "DbCaBundleUrl": "ca_url", "ExistingEfsId": "efs_id", "TemplateBaseUrl": "base",
    **{f"Existing{kind.title()}Subnet{n}": f"{kind}_subnet_{n}"
       for kind in ("public", "private") for n in range(1, MAX_AZS + 1)},
}


class ParametersPart:
    """A part of templates/enterprise.py's Enterprise (its attributes are shared)."""

    def parameters(self) -> None:
        p = self.p = Params(self.t)
        for row in INPUTS:
            if row.key == "db_key":  # asked as KeyChoice + GivenKeyArn, as the database tier does
                self.key_choice, self.given_key = add_key_choice(p, "Encryption")
            if row.console is None:
                continue
            console = row.console
            cfn = dict(console.cfn)
            if console.parameter == "TemplateBaseUrl" and self.base_url:
                cfn["Default"] = self.base_url
            parameter = p.add(console.group, console.parameter, console.label,
                              console.description, **cfn)
            setattr(self, ATTRIBUTES[console.parameter], parameter)
        for kind in ("public", "private"):  # one per AZ, in AZ order
            setattr(self, f"{kind}_existing",
                    [getattr(self, f"{kind}_subnet_{n}") for n in range(1, MAX_AZS + 1)])
        p.finish()
