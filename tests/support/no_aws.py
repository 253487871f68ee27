"""For the tests that a refusal comes before any AWS call."""

from cli.aws_options import AwsTarget


def forbid_aws(monkeypatch, before: str) -> None:
    """Any AWS client or session fails the test, and no AWS setting of this machine is read."""

    def called(*args, **kwargs):
        raise AssertionError(f"an AWS call before {before}")

    monkeypatch.setattr(AwsTarget, "client", called)
    monkeypatch.setattr(AwsTarget, "session", called)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")
    for name in ("AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
