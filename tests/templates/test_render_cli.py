"""wa-templates render: files written, base URL baked in, bad input refused."""

from cfnlint.decode import cfn_yaml
from click.testing import CliRunner

from cli.templates import main


def run(*args):
    return CliRunner().invoke(main, list(args), prog_name="wa-templates")


def test_render_writes_the_four_templates(tmp_path):
    result = run("render", "--out", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "wa-infra-database.yaml", "wa-infra-lambda.yaml", "wa-infra-network.yaml",
        "wa-infra.yaml"]
    assert len(result.stdout.splitlines()) == 4


def test_base_url_becomes_the_default_with_a_trailing_slash(tmp_path):
    result = run("render", "--out", str(tmp_path), "--base-url",
                 "https://my-bucket.s3.eu-west-1.amazonaws.com/wa-infra")
    assert result.exit_code == 0, result.stderr
    template = cfn_yaml.loads((tmp_path / "wa-infra.yaml").read_text())
    assert template["Parameters"]["TemplateBaseUrl"]["Default"] == (
        "https://my-bucket.s3.eu-west-1.amazonaws.com/wa-infra/")


def test_a_non_https_base_url_is_refused_in_one_line(tmp_path):
    result = run("render", "--out", str(tmp_path), "--base-url", "http://bucket/x/")
    assert result.exit_code == 2
    assert result.stderr == ("wa-templates: error: base url 'http://bucket/x/' is invalid: "
                             "allowed https://host/path/ (the folder the four templates are "
                             "uploaded to)\n")
    assert not list(tmp_path.iterdir())
