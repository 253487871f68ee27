"""The inputs a deployment remembers: every context key with the value it was deployed with,
defaults written out, so that a later deploy changes only what it names (and a default that
changes in a new release cannot flip a setting of a running cluster)."""

from __future__ import annotations

from collections.abc import Mapping

from sizing import data


def _text(value) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):  # short where that is exact, every digit where it is not
        return f"{value:g}" if float(f"{value:g}") == value else repr(value)
    return str(value)


def effective(plan, deployment) -> dict[str, str]:
    """Context that reproduces `plan` and `deployment` exactly (cdk.context.read of it gives
    them back); keys without a value (no existing VPC, ...) are left out."""
    d = deployment
    found = {
        "rate": plan.rate_msg_s, "shards": plan.shards, "ssl": plan.ssl, "env": plan.env,
        "engine": plan.engine, "spares": plan.spares, "headroom": plan.headroom_pct,
        "message_type": plan.message_type, "table": plan.table,
        "isolate_coreapps": plan.isolate_coreapps, "receipts": plan.receipts_per_message,
        "inbound": plan.inbound_msg_s,
        "region": d.region, "account": d.account, "prefix": d.prefix, "az_count": d.az_count,
        "vpc_cidr": d.existing_vpc.cidr if d.existing_vpc else d.vpc_cidr,
        "db_storage_gib": d.db_storage_gib, "db_storage_type": d.db_storage_type,
        "db_iops": d.db_iops, "db_key": d.db_key, "db_backup_days": d.db_backup_days,
        "registry": d.registry, "image_tag": d.image_tag, "upgrade_tag": d.upgrade_tag,
        "log_retention_days": d.log_retention_days,
        "api_cidrs": ",".join(d.api_cidrs) or None, "allow_world_api": d.allow_world_api,
        "root_volume_gib": d.root_volume_gib,
        "db_idle_timeout_ms": d.db_idle_timeout_ms, "db_ca_url": d.db_ca_url,
        # false (the default, which never changes) is left out: a deployment made before the
        # key existed reads "inputs changed: none"
        "create_ecs_service_linked_role": d.create_ecs_service_linked_role or None,
    }
    if d.existing_vpc:
        vpc = d.existing_vpc
        found.update(vpc_id=vpc.vpc_id, vpc_azs=",".join(vpc.availability_zones),
                     public_subnet_ids=",".join(vpc.public_subnet_ids),
                     private_subnet_ids=",".join(vpc.private_subnet_ids))
    if d.existing_db:
        db = d.existing_db
        found.update(db_host=db.host, db_port=db.port, db_secret_arn=db.secret_arn)
    return {k: _text(v) for k, v in found.items() if v is not None}


def _same_names(inputs: Mapping[str, str]) -> dict[str, str]:
    """Inputs with an old message type name read as the vendor's (image -> image1MB)."""
    out = dict(inputs)
    if "message_type" in out:
        out["message_type"] = data.MESSAGE_TYPE_ALIASES.get(out["message_type"],
                                                            out["message_type"])
    return out


def changed(before: Mapping[str, str] | None, after: Mapping[str, str]) -> list[str]:
    """"key: old -> new" for every input that differs (all of them for a new deployment)."""
    before, after = _same_names(before or {}), _same_names(after)
    return [f"{k}: {before.get(k, '(unset)')} -> {after.get(k, '(unset)')}"
            for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)]
