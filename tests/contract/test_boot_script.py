"""The hosts' boot script (contract/host.py) run for real by bash, with the system commands
it calls (dnf, mount, curl, shutdown) replaced by stubs and its paths moved into a temporary
folder: it writes the agent settings, joins the cluster last, fetches the CA bundle safely,
and a host whose boot fails never joins and powers off."""

import os
import subprocess
from pathlib import Path

import pytest

from contract import host

BUNDLE = ("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
          "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n")
URL = "https://b.s3.amazonaws.com/ca.pem?X-Amz-Expires=60&X-Amz-Signature=ab%2F"
STUBS = {
    "dnf": "exit 0",
    "sleep": "exit 0",
    "mount": '[ "$MOUNT_WORKS" = yes ] && touch "$ROOT/mounted"; [ "$MOUNT_WORKS" = yes ]',
    "mountpoint": '[ -e "$ROOT/mounted" ]',
    "shutdown": 'echo "$@" > "$ROOT/shutdown"',
    # records its arguments, then writes $CA_BODY to the --output file or fails
    "curl": '\n'.join([
        'printf "%s\\n" "$@" > "$ROOT/curl-args"',
        '[ "$CURL_WORKS" = yes ] || exit 22',
        'while [ "$#" -gt 0 ]; do [ "$1" = --output ] && out="$2"; shift; done',
        'printf "%s" "$CA_BODY" > "$out"',
    ]),
}


def run(tmp_path: Path, required: str = "yes", curl_works: str = "yes",
        ca_body: str = BUNDLE, mount_works: str = "yes",
        script: str | None = None) -> tuple[subprocess.CompletedProcess, Path]:
    """Run the boot script (the contract's, or `script` as a renderer wrote it)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(parents=True)
    for name, body in STUBS.items():
        (bin_dir / name).write_text(f"#!/bin/bash\n{body}\n")
        (bin_dir / name).chmod(0o755)
    text = script or "\n".join(["#!/bin/bash", *host.boot_commands(
        "fs-12345678", URL, required, "my-cluster"), ""])
    for path, moved in (("/etc/ecs/ecs.config", "ecs.config"), ("/etc/fstab", "fstab"),
                        ("/mnt/wa", "mnt/wa")):
        text = text.replace(path, str(tmp_path / moved))
    env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}", ROOT=str(tmp_path),
               CURL_WORKS=curl_works, CA_BODY=ca_body, MOUNT_WORKS=mount_works)
    done = subprocess.run(["bash", "-c", text], env=env, capture_output=True, text=True,
                          timeout=30)
    return done, tmp_path


def config(root: Path) -> list[str]:
    path = root / "ecs.config"
    return path.read_text().splitlines() if path.exists() else []


def ca_folder(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "mnt/wa/certs").iterdir())


def test_a_good_boot_writes_the_agent_settings_the_ca_and_joins_last(tmp_path):
    done, root = run(tmp_path)
    assert done.returncode == 0, done.stderr
    lines = config(root)
    assert lines[:4] == [f"{s.key}={s.value}" for s in host.AGENT_SETTINGS[:4]]
    assert lines[-1] == "ECS_CLUSTER=my-cluster"
    assert (root / "mnt/wa/certs/db-ca.pem").read_text() == BUNDLE
    assert ca_folder(root) == ["db-ca.pem"]  # the staged copy was moved, not left behind
    assert URL in (root / "curl-args").read_text().splitlines()  # the presigned URL, intact
    assert not (root / "shutdown").exists()


@pytest.mark.parametrize(("curl_works", "ca_body"), [
    ("no", BUNDLE),                                             # the download fails
    ("yes", "<html>Access denied</html>"),                      # not a bundle
    ("yes", "-----BEGIN CERTIFICATE-----\nMIIB\n"),             # cut short
])
def test_with_tls_on_a_host_without_its_ca_never_joins_and_powers_off(tmp_path, curl_works,
                                                                        ca_body):
    done, root = run(tmp_path, required="yes", curl_works=curl_works, ca_body=ca_body)
    assert done.returncode != 0
    assert not any(line.startswith("ECS_CLUSTER") for line in config(root))
    assert ca_folder(root) == []  # nothing half-written on the shared file system
    assert (root / "shutdown").read_text().split() == ["-h", f"+{host.FAILED_BOOT_GRACE_MIN}"]
    assert "wa-infra: boot failed at line" in done.stderr


def test_with_tls_off_a_missing_ca_only_warns(tmp_path):
    done, root = run(tmp_path, required="no", curl_works="no")
    assert done.returncode == 0, done.stderr
    assert config(root)[-1] == "ECS_CLUSTER=my-cluster"
    assert "no DB CA bundle yet (TLS to the database is off)" in done.stderr
    assert not (root / "shutdown").exists()


def test_a_bundle_another_host_fetched_outlives_a_failed_fetch(tmp_path):
    """An expired presigned URL or an unreachable truststore must not stop every new host."""
    certs = tmp_path / "mnt/wa/certs"
    certs.mkdir(parents=True)
    (certs / "db-ca.pem").write_text(BUNDLE)
    done, root = run(tmp_path, required="yes", curl_works="no")
    assert done.returncode == 0, done.stderr
    assert config(root)[-1] == "ECS_CLUSTER=my-cluster"
    assert "keeping the one on the file system" in done.stderr
    assert ca_folder(root) == ["db-ca.pem"] and not (root / "shutdown").exists()


def test_a_host_whose_file_system_never_mounts_never_joins(tmp_path):
    done, root = run(tmp_path, mount_works="no")
    assert done.returncode != 0
    assert not any(line.startswith("ECS_CLUSTER") for line in config(root))
    assert not (root / "curl-args").exists()  # it stopped before fetching anything
    assert (root / "shutdown").exists()


def test_the_script_survives_cloudformation_sub():
    """The plain template pastes it into Fn::Sub: only the renderer's own ${...} may appear."""
    text = "\n".join(host.boot_commands("${FileSystemId}", "${DbCaUrl}", "${DbCaRequired}",
                                        "${Cluster}"))
    for name in ("FileSystemId", "DbCaUrl", "DbCaRequired", "Cluster"):
        text = text.replace("${" + name + "}", "")
    assert "${" not in text


def rendered_user_data(rendering, required: str) -> str:
    """The launch template's user data as deployed: symbols given concrete values."""
    template, = rendering.deployment.resources("AWS::EC2::LaunchTemplate")
    value = {"<AWS::EFS::FileSystem Ref>": "fs-12345678", "<AWS::ECS::Cluster Ref>": "my-cluster"}
    text = template.properties["LaunchTemplateData"]["UserData"]
    script = "".join(p if isinstance(p, str) else value[p.canonical()] for p in text.parts)
    # the URL as a user would give it, so the stubbed curl can be checked for it
    return (script.replace(f"db_ca_url='{host.CA.url}'", f"db_ca_url='{URL}'")
            .replace("db_ca_required='yes'", f"db_ca_required='{required}'"))


@pytest.mark.parametrize("renderer", ["cdk", "plain"])
def test_the_rendered_user_data_behaves_like_the_contract(tmp_path, synths, renderer):
    from cfnlint.decode import cfn_yaml

    from gates import renderings
    from templates.render import render_all

    if renderer == "cdk":
        synth = synths["Default"]
        rendering = renderings.cdk_rendering(
            "Default", synth.outdir, synth.plan, synth.deployment)
    else:
        templates = {n: cfn_yaml.loads(t) for n, t in render_all().items()}
        rendering = renderings.plain_renderings(templates, {"default": {}})["default"]
    good, root = run(tmp_path / "good", script=rendered_user_data(rendering, "yes"))
    assert good.returncode == 0, good.stderr
    assert config(root)[-1] == "ECS_CLUSTER=my-cluster"
    assert (root / "mnt/wa/certs/db-ca.pem").read_text() == BUNDLE
    bad, root = run(tmp_path / "bad", curl_works="no",
                    script=rendered_user_data(rendering, "yes"))
    assert bad.returncode != 0 and (root / "shutdown").exists()
    assert not any(line.startswith("ECS_CLUSTER") for line in config(root))
