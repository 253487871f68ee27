"""CloudFormation Mappings computed from sizing/, never typed by hand.

The console cannot run Python, so the planner's answer is precomputed for each choice a user
can make. A change in sizing/ changes these Mappings (and the golden test asks for a render).
"""

from __future__ import annotations

from functools import cache

from monitoring.alarms import db_connections_alarm
from sizing import data, plan

# msg/s offered by the Throughput parameter: every shard option is reachable.
THROUGHPUTS = (10, 25, 50, 100, 150, 200, 250, 300, 350, 400)
ACTIVE_OPTIONS = tuple(str(s) for s in data.SHARD_OPTIONS)


@cache  # the tables below ask for the same plan several times
def _plan(shards=None, rate=None, **kwargs):
    return plan(rate, shards, **kwargs)


def coreapps() -> dict:
    """Coreapp tasks (active + spare) by active count and env type: 2->3 ... 32->33."""
    return {
        a: {env: _plan(int(a), env=env).total_coreapps for env in data.ENVIRONMENTS}
        for a in ACTIVE_OPTIONS
    }


def max_hosts() -> dict:
    """EC2 maximum by active count and env type: the caps table 3/4/5/8/15."""
    return {
        a: {env: _plan(int(a), env=env).ec2_max for env in data.ENVIRONMENTS}
        for a in ACTIVE_OPTIONS
    }


def desired_hosts(env: str, message_type: str) -> dict:
    """Hosts the memory alarm settles on, by throughput and active count, for one env type and
    message type (host size): the rate picks the Webapps, which take memory too."""
    return {
        str(rate): {a: _plan(int(a), rate, env=env, message_type=message_type).ec2_desired
                    for a in ACTIVE_OPTIONS}
        for rate in THROUGHPUTS
    }


def desired_hosts_mapping(env: str, message_type: str) -> str:
    return f"DesiredHosts{env.title()}{message_type.title()}"


def env_defaults() -> dict:
    return {
        env: {
            "MinHosts": d.ec2_min,
            "Webapps": d.webapps,
            "Coreapps": d.coreapps,
            "Masters": d.masters,
            "MultiAz": str(d.multi_az).lower(),
        }
        for env, d in data.ENV_DEFAULTS.items()
    }


def throughput() -> dict:
    """Per throughput: the shards it needs (same rule as wa-size), Webapps, and the DB class
    and its max connections per env type and DB connection encryption."""
    rows = {}
    for rate in THROUGHPUTS:
        row: dict[str, object] = {"Shards": str(_plan(rate=rate).shards)}
        for env in data.ENVIRONMENTS:
            row[f"Webapps{env.title()}"] = _plan(rate=rate, env=env).webapps
            for ssl, label in ((False, "Plain"), (True, "Ssl")):
                p = _plan(rate=rate, env=env, ssl=ssl)
                row[f"DbClass{env.title()}{label}"] = p.db_rds_class
                row[f"MaxConnections{env.title()}{label}"] = p.db_max_connections
                row[f"DbConnectionsAlarm{env.title()}{label}"] = db_connections_alarm(
                    p.db_max_connections)
        rows[str(rate)] = row
    return rows


def host_type() -> dict:
    return {t: {"InstanceType": h} for t, h in data.HOST_TYPE_BY_MESSAGE_TYPE.items()}


def memory_scaling() -> dict:
    return {
        "Memory": {
            "ScaleOutPercent": data.SCALE_OUT_MEMORY_PCT,
            "ScaleInPercent": data.SCALE_IN_MEMORY_PCT,
            "PeriodSeconds": data.ALARM_PERIOD_S,
            "EvaluationPeriods": data.ALARM_EVALUATION_PERIODS,
            "CooldownSeconds": data.SCALING_COOLDOWN_S,
        }
    }


def enterprise_mappings() -> dict[str, dict]:
    return {
        "CoreappsByShards": coreapps(),
        "MaxHostsByShards": max_hosts(),
        **{desired_hosts_mapping(env, t): desired_hosts(env, t)
           for env in data.ENVIRONMENTS for t in data.MESSAGE_TYPES},
        "EnvDefaults": env_defaults(),
        "ByThroughput": throughput(),
        "HostTypeByMessage": host_type(),
        "MemoryScaling": memory_scaling(),
    }
