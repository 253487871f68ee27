"""The monthly cost of a plan: every billed resource the stacks create, priced from
data.PRICES, and what the estimate leaves out because it grows with traffic or stored data."""

from __future__ import annotations

from typing import NamedTuple

from sizing import data


class Item(NamedTuple):
    name: str
    count: int
    monthly_usd: float


def usd(value: float) -> str:
    """A unit price: cents always shown ($0.30, $1.00), finer prices as they are ($0.045)."""
    return f"${value:.2f}" if round(value, 2) == value else f"${value:g}"


def nat_gateways(env: str, az_count: int) -> int:
    """One NAT gateway per AZ in production, one shared in staging (stacks/network.py)."""
    return az_count if env == "production" else 1


def fixed_items(env: str, engine: str, az_count: int) -> tuple[Item, ...]:
    """What a deployment pays whatever its hosts and database: the network, the load balancer,
    keys, secrets and CloudWatch (a new VPC; an existing one brings its own NAT gateways)."""
    hours, price = data.HOURS_PER_MONTH, data.PRICES
    nat = nat_gateways(env, az_count)
    alarms = data.ALARMS_BY_ENGINE[engine]
    cloudwatch = (alarms * price["alarm"].usd
                  + data.COMPOSITE_ALARMS * price["composite_alarm"].usd
                  + data.DASHBOARDS * price["dashboard"].usd
                  + data.PROBE_METRICS * price["custom_metric"].usd
                  + data.PROBE_RUNS_PER_MONTH / 1000 * price["metric_requests"].usd)
    return (
        Item("NAT gateways", nat, nat * hours * (price["nat_gateway"].usd
                                                 + price["public_ipv4"].usd)),
        Item("load balancer", 1, hours * price["load_balancer"].usd),
        Item("KMS keys", data.KMS_KEYS, data.KMS_KEYS * price["kms_key"].usd),
        Item("secrets", data.SECRETS, data.SECRETS * price["secret"].usd),
        Item("CloudWatch", alarms + data.COMPOSITE_ALARMS, cloudwatch),
    )


def fixed_rule(env: str, engine: str, az_count: int) -> str:
    """How fixed_items counts, for --explain."""
    price = data.PRICES
    where = "one per AZ" if env == "production" else "one shared"
    return (
        f"NAT gateways: {nat_gateways(env, az_count)} ({where}) x "
        f"({usd(price['nat_gateway'].usd)}/h + {usd(price['public_ipv4'].usd)}/h public IPv4); "
        f"Network Load Balancer {usd(price['load_balancer'].usd)}/h; {data.KMS_KEYS} KMS keys x "
        f"{usd(price['kms_key'].usd)}; {data.SECRETS} secrets x {usd(price['secret'].usd)}; "
        f"CloudWatch: {data.ALARMS_BY_ENGINE[engine]} alarms x {usd(price['alarm'].usd)}, "
        + (f"{data.COMPOSITE_ALARMS} composite x {usd(price['composite_alarm'].usd)}, "
           if data.COMPOSITE_ALARMS else "")
        + f"{data.DASHBOARDS} dashboard x {usd(price['dashboard'].usd)}, "
        f"{data.PROBE_METRICS} probe metrics x {usd(price['custom_metric'].usd)}, "
        f"{data.PROBE_RUNS_PER_MONTH:,} probe PutMetricData calls x "
        f"{usd(price['metric_requests'].usd)} per 1,000"
    )


def host_disks(hosts: int) -> float:
    """The hosts' root volumes (gp3) a month."""
    return hosts * data.HOST_ROOT_VOLUME_GIB * data.PRICES["ebs_gp3"].usd


def db_storage(engine: str, db_instances: int) -> float:
    """Allocated DB storage a month; Aurora's grows with use and is left out (left_out)."""
    if engine == "aurora-mysql":
        return 0.0
    return db_instances * data.DEFAULT_DB_STORAGE_GIB * data.DB_STORAGE_PRICE_GIB_MONTH_USD


def left_out(engine: str) -> tuple[str, ...]:
    """Billed by use or by age, so not in the estimate: each with its unit price."""
    p = data.PRICES
    kms = data.KMS_KEYS * p["kms_key"].usd
    aurora = (f"Aurora storage ({usd(p['aurora_storage'].usd)}/GB-month) and I/O "
              f"({usd(p['aurora_io'].usd)} per million requests)",)
    return (
        f"traffic (NAT {usd(p['nat_data'].usd)}/GB processed, load balancer "
        f"{usd(p['load_balancer_lcu'].usd)}/NLCU-hour, data transfer out)",
        *(aurora if engine == "aurora-mysql" else ()),
        f"EFS storage ({usd(p['efs_storage'].usd)}/GB-month) and its AWS Backup copies "
        f"({usd(p['efs_backup'].usd)}/GB-month)",
        f"CloudWatch Logs ({usd(p['logs_ingest'].usd)}/GB ingested, "
        f"{usd(p['logs_storage'].usd)}/GB-month)",
        f"Container Insights metrics ({usd(p['custom_metric'].usd)}/metric-month, by tasks)",
        "DB backups beyond the database's size",
        f"EFS Elastic throughput ({usd(p['efs_elastic_read'].usd)}/GB read, "
        f"{usd(p['efs_elastic_write'].usd)}/GB written)",
        "the probe's Lambda runs (one a minute) and its Secrets Manager reads "
        f"({usd(p['secret_api'].usd)} per 10,000 calls)",
        f"KMS requests ({usd(p['kms_requests'].usd)} per 10,000 past the free tier)",
        f"KMS key rotation (each key's first {data.KMS_PAID_ROTATIONS} yearly rotations add "
        f"{usd(p['kms_key'].usd)}/key-month: ${kms:.2f} more from the second year, "
        f"${kms * data.KMS_PAID_ROTATIONS:.2f} from the third)",
    )


def dates() -> str:
    return " and ".join(sorted({p.date for p in data.PRICES.values()}))


def sources() -> str:
    """Region, dates and pages of the prices, for the rule's source line."""
    urls = sorted({p.url for p in data.PRICES.values()})
    return (f"{data.PRICE_REGION} on-demand list prices read {dates()}: "
            + ", ".join(urls))
