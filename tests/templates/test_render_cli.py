"""wa-templates render: files written, base URL baked in, bad input refused."""

from pathlib import Path

import pytest
from cfnlint.decode import cfn_yaml
from click.testing import CliRunner

from cli.templates import main
from templates import render


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
                             "allowed https://<bucket>.s3.<region>.amazonaws.com/path/ (the S3 "
                             "folder the four templates are uploaded to: CloudFormation takes "
                             "nested templates from S3)\n")
    assert not list(tmp_path.iterdir())


def snapshot(folder):
    """Every file under folder with its bytes (hidden ones too: no staging left behind)."""
    return {str(p.relative_to(folder)): p.read_bytes() if p.is_file() else None
            for p in sorted(folder.rglob("*"))}


def assert_refused(result, message):
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"wa-templates: error: {message}")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_out_under_a_file_is_refused_in_one_line(tmp_path):
    (tmp_path / "file").write_text("keep")
    result = run("render", "--out", str(tmp_path / "file" / "x"))
    assert_refused(result, f"out '{tmp_path}/file/x' lies under '{tmp_path}/file', which is a "
                   "file: allowed a folder (new or existing)")
    assert snapshot(tmp_path) == {"file": b"keep"}


def test_an_empty_out_is_refused_not_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for out in ("", "  "):
        assert_refused(run("render", "--out", out), f"out {out!r} is empty: allowed a folder")
    assert snapshot(tmp_path) == {}


@pytest.mark.parametrize("url", [
    "https://bucket.s3.amazonaws.com/wa-infra/?versionId=1",
    "https://bucket.s3.amazonaws.com/wa-infra/#top",
])
def test_a_base_url_with_a_query_or_fragment_is_refused(tmp_path, url):
    result = run("render", "--out", str(tmp_path / "out"), "--base-url", url)
    assert_refused(result, f"base url {url!r} has a query or fragment: allowed https://<bucket>")
    assert snapshot(tmp_path) == {}


def fail_on_call(monkeypatch, target, name, number):
    """Make target.name raise OSError (disk full) on its number-th call."""
    real, calls = getattr(target, name), []

    def flaky(*args, **kwargs):
        calls.append(args)
        if len(calls) == number:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(target, name, flaky)


@pytest.mark.parametrize("existing", [False, True])
def test_a_failure_after_two_of_four_files_leaves_nothing_half_written(
        tmp_path, monkeypatch, existing):
    out = tmp_path / "out"
    if existing:
        out.mkdir()
        (out / "wa-infra.yaml").write_text("old enterprise")
        (out / "notes.txt").write_text("mine")
    before = snapshot(tmp_path)
    fail_on_call(monkeypatch, Path, "write_text", 3)
    result = run("render", "--out", str(out))
    assert_refused(result, f"out '{out}' cannot be written: No space left on device; allowed a "
                   "folder you can create or write to (nothing was written)")
    assert snapshot(tmp_path) == before


def test_a_failure_while_moving_into_place_puts_the_old_files_back(tmp_path, monkeypatch):
    assert run("render", "--out", str(tmp_path)).exit_code == 0
    for path in tmp_path.iterdir():
        path.write_text(f"old {path.name}")
    before = snapshot(tmp_path)
    fail_on_call(monkeypatch, render.os, "replace", 5)  # old 1, new 1, old 2, new 2, old 3
    assert_refused(run("render", "--out", str(tmp_path)), f"out '{tmp_path}' cannot be written")
    assert snapshot(tmp_path) == before


def test_a_folder_in_place_of_a_file_is_refused_before_anything_moves(tmp_path):
    (tmp_path / "wa-infra-lambda.yaml").mkdir()
    assert_refused(run("render", "--out", str(tmp_path)),
                   f"out '{tmp_path}' cannot be written: Is a directory")
    assert snapshot(tmp_path) == {"wa-infra-lambda.yaml": None}


def test_a_link_in_the_folder_is_replaced_not_written_through(tmp_path):
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not a template")
    out = tmp_path / "out"
    out.mkdir()
    (out / "wa-infra.yaml").symlink_to(elsewhere)
    assert run("render", "--out", str(out)).exit_code == 0
    assert elsewhere.read_text() == "not a template"
    assert not (out / "wa-infra.yaml").is_symlink()
