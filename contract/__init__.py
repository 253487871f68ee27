"""The cluster contract: what the WhatsApp Business API client needs at run time.

Pure data with a source per entry and no AWS imports. Both renderers (the CDK stacks and the
troposphere templates) build security-group rules, container definitions and host settings
from it, and the checker in gates/ proves every rendering (and the rehearsal's deployed state)
against it. A number lives in sizing/, a runtime need lives here; neither is typed twice.
"""
