"""The base of every tier: a stack that never looks anything up in an account."""

from __future__ import annotations

from aws_cdk import Fn, Stack


class OfflineStack(Stack):
    """With an account in its environment a CDK stack looks its AZs up (credentials needed at
    synth); ours pick them at deploy time with Fn::GetAZs, as an account-less stack does."""

    @property
    def availability_zones(self) -> list[str]:
        return [Fn.select(i, Fn.get_azs(self.region)) for i in range(2)]
