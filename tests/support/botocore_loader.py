"""One botocore data loader for every boto3 session a test process makes.

A CLI builds a boto3 Session per command (as it should), and each new session reads
botocore's JSON again (the endpoints, each service's model: about a tenth of a second per
session). botocore already shares one loader between all the clients of a session; sharing
it between sessions as well changes nothing but the reading.
"""

from __future__ import annotations

import functools
from unittest import mock

import botocore.loaders
import botocore.session

_loader = functools.cache(botocore.loaders.create_loader)  # by data path


def shared():
    """Within this patch, sessions with the same data path share one loader."""
    return mock.patch.object(botocore.session, "create_loader", _loader)
