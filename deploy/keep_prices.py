"""What keeping a retired deployment's data costs: AWS list prices, one row per kind of thing a
retire keeps (deploy/retire.py prices its plan with them; docs/retire.md shows the table).

List prices of one region on one date: an estimate to decide what to keep, not a quote.
"""

from __future__ import annotations

from dataclasses import dataclass

from sizing import data

REGION = "us-east-1"
READ_ON = "2026-12-06"


@dataclass(frozen=True)
class KeepPrice:
    kind: str  # the key deploy/retire.py files a kept resource under
    what: str
    usd: float
    unit: str  # what one `usd` buys for a month
    sized: bool  # priced by size (GB) rather than by the piece
    source: str  # the AWS pricing page
    note: str = ""
    aged_usd: float | None = None  # the unit price once its age adds to it (a rotated key)


KEEP_PRICES = {price.kind: price for price in (
    KeepPrice("kms-key", "KMS keys (customer managed)", 1.00, "key", False,
              "https://aws.amazon.com/kms/pricing/",
              f"each of a key's first {data.KMS_PAID_ROTATIONS} rotations adds $1 (these keys "
              "rotate yearly); nothing while a key is scheduled for deletion",
              aged_usd=1.00 * (1 + data.KMS_PAID_ROTATIONS)),
    KeepPrice("db-snapshot", "RDS final snapshots (MySQL, PostgreSQL)", 0.095, "GiB", True,
              "https://aws.amazon.com/rds/mysql/pricing/",
              "backup storage: free only up to the storage of a running instance, so all of "
              "it is billed once the instance is gone; at most the allocated storage"),
    KeepPrice("cluster-snapshot", "Aurora final cluster snapshots", 0.021, "GiB", True,
              "https://aws.amazon.com/rds/aurora/pricing/",
              "backup storage of a cluster that no longer runs"),
    KeepPrice("efs", "EFS file systems (Standard)", 0.30, "GB", True,
              "https://aws.amazon.com/efs/pricing/",
              "the data stored (no throughput once the hosts are gone); its automatic "
              "AWS Backup recovery points are billed apart"),
    KeepPrice("secret", "Secrets Manager secrets", 0.40, "secret", False,
              "https://aws.amazon.com/secrets-manager/pricing/"),
    KeepPrice("log-group", "CloudWatch log groups", 0.03, "GB", True,
              "https://aws.amazon.com/cloudwatch/pricing/",
              "stored (archived) logs; a group empties itself after its retention"),
    KeepPrice("parameter", "SSM parameters (standard tier)", 0.00, "parameter", False,
              "https://aws.amazon.com/systems-manager/pricing/"),
)}
