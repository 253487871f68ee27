"""The Webapp health probe: a scheduled Lambda function that logs in to the Webapp, reads
GET /v1/health and publishes what it saw as CloudWatch metrics.

`probe.metrics` names what the stacks alarm on (pure data), `probe.handler` is the function,
`probe.bundle` turns both and their imports into the one file CloudFormation inlines.
"""
