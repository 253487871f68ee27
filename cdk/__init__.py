"""The CDK app entry: the only place that reads context and the environment."""
