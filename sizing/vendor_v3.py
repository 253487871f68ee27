"""The vendor's later template as figures: what it chose at each throughput it benchmarked.

Source: the vendor's AWS template v3.0.3 (`wa_ent.yml` Mappings), benchmarked by the vendor to
350 msg/s on AWS with client v2.45.2. The planner takes the media host types from here and
compares its own layout with the vendor's; nothing here decides a count on its own.
"""

from __future__ import annotations

from typing import NamedTuple

from sizing import data

SOURCE = "vendor template v3.0.3 Mappings (benchmarked to 350 msg/s, client v2.45.2)"
# The vendor's README for these templates: no technical support above 250 msg/s, and 350 msg/s
# the highest throughput measured on AWS (client v2.45.2, its outbound load test).
SUPPORT_LIMIT_MSG_S = 250
SUPPORT_SOURCE = "the vendor's deployment-templates README: no support above it"
BENCHMARK_LIMIT_MSG_S = 350
BENCHMARK_SOURCE = "the vendor's deployment-templates README: AWS, client v2.45.2"

THROUGHPUTS: tuple[int, ...] = (10, 20, 40, 80, 120, 160, 200, 250, 300, 350)
SHARDS: tuple[int, ...] = (2, 2, 4, 8, 16, 16, 32, 32, 32, 32)
WEBAPPS: tuple[int, ...] = (2, 2, 2, 2, 2, 2, 2, 3, 3, 3)
# Aurora MySQL, two instances.
DB_CLASSES: tuple[str, ...] = (
    "db.r5.large", "db.r5.xlarge", "db.r5.xlarge", "db.r5.2xlarge", "db.r5.4xlarge",
    "db.r5.4xlarge", "db.r5.4xlarge", "db.r5.8xlarge", "db.r5.8xlarge", "db.r5.8xlarge",
)
DB_INSTANCES = 2

_L, _XL, _2XL, _4XL = "c5.large", "c5.xlarge", "c5.2xlarge", "c5.4xlarge"
# Host type by message type, one per throughput above (MessageTypeMapToInstanceType).
HOST_TYPES: dict[str, tuple[str, ...]] = {
    "text": (_L,) * 10,
    "image1MB": (_XL,) * 8 + (_2XL,) * 2,
    "image2MB": (_2XL,) + (_4XL,) * 9,
    "image4MB": (_4XL,) * 10,
    "video": (_L,) * 5 + (_XL,) * 5,
    "audio": (_L,) * 10,
    "doc": (_L,) * 10,
}
# Coreapp memory reservation in the cost-effective mode, by host type (MemoryLimits, MiB);
# otherwise 1024 MiB and one Coreapp per host.
COST_EFFECTIVE_COREAPP_MIB: dict[str, int] = {
    _L: 1400, _XL: 3600, _2XL: 7000, _4XL: 14900, "c5.9xlarge": 37900,
}
ISOLATED_COREAPP_MIB = 1024
# Coreapp hosts by shards in the cost-effective mode (NumCoreappInstancesForCE); shards + 1
# otherwise. The Webapps and two Masters run on a second group of c5.large, one host per Webapp.
COST_EFFECTIVE_COREAPP_HOSTS: dict[int, int] = {2: 2, 4: 3, 8: 5, 16: 9, 32: 17}
WEB_HOST_TYPE = _L
MASTERS = 2


def column(load_msg_s: float) -> int:
    """Index of the throughput the vendor would deploy for this load: the smallest at or above
    it, the largest beyond its benchmark."""
    for index, throughput in enumerate(THROUGHPUTS):
        if load_msg_s <= throughput:
            return index
    return len(THROUGHPUTS) - 1


class Layout(NamedTuple):
    """The vendor's cost-effective cluster for one message type and throughput."""

    throughput: int
    shards: int
    webapps: int
    host_type: str
    coreapp_hosts: int
    web_hosts: int
    db_class: str

    def hosts(self) -> tuple[tuple[str, int], ...]:
        return ((self.host_type, self.coreapp_hosts), (WEB_HOST_TYPE, self.web_hosts))

    def vcpu(self) -> int:
        return sum(data.HOST_TYPES[t].vcpu * n for t, n in self.hosts())

    def memory_gib(self) -> float:
        return sum(data.HOST_TYPES[t].memory_gib * n for t, n in self.hosts())


def layout(message_type: str, load_msg_s: float) -> Layout:
    i = column(load_msg_s)
    return Layout(
        throughput=THROUGHPUTS[i],
        shards=SHARDS[i],
        webapps=WEBAPPS[i],
        host_type=HOST_TYPES[message_type][i],
        coreapp_hosts=COST_EFFECTIVE_COREAPP_HOSTS[SHARDS[i]],
        web_hosts=WEBAPPS[i],
        db_class=DB_CLASSES[i],
    )
