"""Thin click commands. Heavy imports (aws_cdk, troposphere, boto3) stay inside the commands
that need them, never at module level: wa-size must start fast."""
