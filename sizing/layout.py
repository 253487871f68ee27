"""Where the containers land: ECS's placement of the three services, simulated host by host.

The services spread their tasks across Availability Zones first and then across instances
(stacks/enterprise.py, templates/enterprise.py); a task goes only where its memory and CPU are
free, and Masters (and isolated Coreapps) only where the service has none yet. The Auto Scaling
group balances its hosts over the AZs. ECS starts the services side by side; the simulation
places the largest containers first, which is the order that fragments least.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class Service(NamedTuple):
    role: str
    count: int
    memory_mib: int
    cpu_units: int
    one_per_host: bool


@dataclass
class Host:
    index: int
    az: int
    memory_mib: int  # what ECS can hand to tasks
    cpu_units: int
    tasks: list[str] = field(default_factory=list)
    reserved_mib: int = 0
    reserved_cpu: int = 0

    def fits(self, service: Service) -> bool:
        return (self.reserved_mib + service.memory_mib <= self.memory_mib
                and self.reserved_cpu + service.cpu_units <= self.cpu_units
                and not (service.one_per_host and service.role in self.tasks))

    def take(self, service: Service) -> None:
        self.tasks.append(service.role)
        self.reserved_mib += service.memory_mib
        self.reserved_cpu += service.cpu_units


def place(services: tuple[Service, ...], hosts: int, azs: int, memory_mib: int,
          cpu_units: int, room_for: tuple[Service, ...] = ()) -> list[Host] | None:
    """The hosts with their tasks, or None when some task finds no host with room, or when
    a task of room_for (each alone: a rolling update's extra task, a one-off task) would not."""
    fleet = [Host(i, i % azs, memory_mib, cpu_units) for i in range(hosts)]
    for service in sorted(services, key=lambda s: (-s.memory_mib, -s.cpu_units, s.role)):
        per_az = [0] * azs
        for _ in range(service.count):
            room = [h for h in fleet if h.fits(service)]
            if not room:
                return None
            fewest_in_az = min(per_az[h.az] for h in room)
            room = [h for h in room if per_az[h.az] == fewest_in_az]
            host = min(room, key=lambda h: (h.tasks.count(service.role), h.index))
            host.take(service)
            per_az[host.az] += 1
    if not all(any(h.fits(extra) for h in fleet) for extra in room_for):
        return None
    return fleet


def room(fleet: list[Host], extra: Service) -> list[int]:
    """Indexes of the hosts where one more task of `extra` fits."""
    return [h.index for h in fleet if h.fits(extra)]


def fits_everywhere(services: tuple[Service, ...], hosts: int, memory_mib: int, cpu_units: int,
                    az_counts: tuple[int, ...], room_for: tuple[Service, ...] = ()) -> bool:
    return all(place(services, hosts, azs, memory_mib, cpu_units, room_for) is not None
               for azs in az_counts)
