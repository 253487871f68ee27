"""ECS services that name a capacity provider in their strategy must be created after its
association with the cluster ("capacity provider not associated") and deleted before it
("capacity provider in use"). The CDK creates the association in an aspect at synthesis, so
the dependency is added by an aspect that runs after that one."""

from __future__ import annotations

import jsii
from aws_cdk import AspectPriority, Aspects, IAspect
from aws_cdk import aws_ecs as ecs


@jsii.implements(IAspect)
class _AfterTheAssociation:
    def __init__(self, services: list[ecs.BaseService]) -> None:
        self._services = services

    def visit(self, node) -> None:
        if isinstance(node, ecs.CfnClusterCapacityProviderAssociations):
            for service in self._services:
                service.node.add_dependency(node)


def wait_for_capacity_providers(cluster: ecs.Cluster, services: list[ecs.BaseService]) -> None:
    Aspects.of(cluster).add(_AfterTheAssociation(services), priority=AspectPriority.MUTATING + 1)
