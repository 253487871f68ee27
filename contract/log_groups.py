"""The log groups both renderers create: the retentions CloudWatch Logs takes, and the name
CloudFormation gives a group created without LogGroupName.

LOG_RETENTION_DAYS: the retentions offered as the CDK context's log_retention_days and the
templates' LogRetentionDays.

CloudFormation names such a group <stack name>-<logical id>-<random suffix>. Source: AWS's
resource provider for AWS::Logs::LogGroup, CreateHandler.generateName
(https://github.com/aws-cloudformation/aws-cloudformation-resource-providers-logs, folder
aws-logs-loggroup). The groups keep those names: giving them explicit ones would replace every
deployed group (a new, empty group; the old one kept aside by its Retain policy).
"""

# CloudWatch Logs' PutRetentionPolicy takes these days only. Source: the CloudWatch Logs API
# reference, shape Days (botocore's logs model; tests/contract/test_log_groups.py compares).
LOG_RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827,
                      2192, 2557, 2922, 3288, 3653)


def generated_name_parts(stack_name, logical_id: str) -> list:
    """Parts of the pattern a key policy can hold before the group exists, to join: the stack
    name may be a reference (AWS::StackName)."""
    return [stack_name, f"-{logical_id}-*"]
