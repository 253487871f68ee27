"""The name CloudFormation gives a log group created without LogGroupName, as a pattern that a
key policy can hold before the group exists (both renderers; no CDK here).

CloudFormation names such a group <stack name>-<logical id>-<random suffix>. Source: AWS's
resource provider for AWS::Logs::LogGroup, CreateHandler.generateName
(https://github.com/aws-cloudformation/aws-cloudformation-resource-providers-logs, folder
aws-logs-loggroup). The groups keep those names: giving them explicit ones would replace every
deployed group (a new, empty group; the old one kept aside by its Retain policy).
"""


def generated_name_parts(stack_name, logical_id: str) -> list:
    """Parts of the pattern, to join: the stack name may be a reference (AWS::StackName)."""
    return [stack_name, f"-{logical_id}-*"]
