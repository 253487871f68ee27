"""The Webapp health probe: a scheduled Lambda function that reads GET /v1/health, /metrics and
/v1/stats/app with the Webapps' generated API key (or as a user an operator names) and
publishes what it saw as CloudWatch metrics.

`probe.metrics` names what the stacks alarm on (pure data), `probe.handler` is the function,
`probe.bundle` turns both and their imports into the one file CloudFormation inlines.
"""
