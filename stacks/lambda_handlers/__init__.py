"""Runtime code of the Lambda tier (deployed as the function's asset; stdlib + boto3 only)."""
