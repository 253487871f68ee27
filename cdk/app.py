"""CDK app: context -> one Plan -> four stacks (network, database, Lambda, enterprise).

Run by `npx cdk synth` through cdk.json. Invalid context ends synth with wa-size's one-line
message and exit code 2, not a jsii stack trace.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from cdk import context
from sizing import SizingError

if __name__ == "__main__":  # refused before the CDK's runtime (a jsii process) takes seconds
    try:
        context.refuse_hidden_inputs(Path.cwd(), Path(os.path.expanduser("~")), os.environ)
    except SizingError as early:
        print(f"wa-infra: error: {early}", file=sys.stderr)
        sys.exit(2)

import aws_cdk as cdk  # noqa: E402
from cdk_nag import AwsSolutionsChecks, NIST80053R5Checks  # noqa: E402

from contract.deployment import Deployment  # noqa: E402
from deploy.inputs import effective  # noqa: E402
from deploy.run import GIVEN_KEYS, OUTPUT, remembered_text  # noqa: E402
from sizing import Plan  # noqa: E402
from stacks.database import DatabaseStack  # noqa: E402
from stacks.enterprise import EnterpriseStack  # noqa: E402
from stacks.lambda_tier import LambdaStack  # noqa: E402
from stacks.network import NetworkStack  # noqa: E402

# Feature flags, set on every App it builds (CLI and tests alike): cdk.json holds them, each
# at the value the pinned aws-cdk-lib recommends (as `cdk init` writes them), except these.
FLAGS_NOT_RECOMMENDED = {
    "@aws-cdk/core:defaultCrossStackReferences":
        "strong: a stack cannot drop an output another stack still imports",
    "@aws-cdk/aws-efs:mountTargetOrderInsensitiveLogicalId":
        "new logical ids would replace every mount target of a running cluster, and a new one "
        "cannot be made in a subnet that still has the old one",
    "@aws-cdk/aws-ecs:disableExplicitDeploymentControllerForCircuitBreaker":
        "dropping the explicit ECS deployment controller changes every running service",
}
FEATURE_FLAGS = {key: value for key, value in json.loads(
    (Path(__file__).resolve().parent.parent / "cdk.json").read_text())["context"].items()
    if key.startswith("@aws-cdk")}


def new_app(**kwargs) -> cdk.App:
    return cdk.App(context=dict(FEATURE_FLAGS), **kwargs)


def build(app: cdk.App, plan: Plan, deployment: Deployment) -> dict[str, cdk.Stack]:
    """Create the four tiers in dependency order; returns them by tier name."""
    env = cdk.Environment(account=deployment.account, region=deployment.region)
    prefix = deployment.prefix
    network = NetworkStack(app, f"{prefix}-Network", plan=plan, deployment=deployment, env=env,
                           description="wa-infra network tier: VPC, subnets, NAT, flow logs")
    stacks: dict[str, cdk.Stack] = {"network": network}
    if deployment.existing_db is None:
        database = DatabaseStack(
            app, f"{prefix}-Database", plan=plan, deployment=deployment, vpc=network.vpc,
            hosts_security_group=network.hosts_security_group, env=env,
            description=f"wa-infra database tier: {plan.engine} {plan.db_class}",
        )
        stacks["database"] = database
        db_host, db_port = database.host, database.port
        db_secret, db_key = database.secret, database.key
    else:
        existing = deployment.existing_db
        db_host, db_port, db_secret, db_key = existing.host, existing.port, None, None
    settings = LambdaStack(
        app, f"{prefix}-Lambda", plan=plan, deployment=deployment, db_host=db_host,
        db_port=db_port, db_secret=db_secret, db_key=db_key, env=env,
        description="wa-infra Lambda tier: DB settings as SSM SecureString parameters",
    )
    stacks["lambda"] = settings
    enterprise = EnterpriseStack(
        app, f"{prefix}-Enterprise", plan=plan, deployment=deployment, vpc=network.vpc,
        hosts_security_group=network.hosts_security_group, db_settings=settings,
        database=stacks.get("database"), env=env,
        description=f"wa-infra enterprise tier: {plan.shards} shards, "
        f"{plan.total_coreapps} Coreapps on {plan.host_type}",
    )
    # The containers read the parameters the Lambda tier's custom resource writes.
    enterprise.add_stack_dependency(settings)
    # The inputs of this deploy, defaults written out, on the stack deployed last (so only a
    # deploy that went through to the end is remembered): wa-deploy changes only what it is
    # told.
    cdk.CfnOutput(enterprise, OUTPUT, description="Inputs of this deployment (read by "
                  "wa-deploy)", value=remembered_text(effective(plan, deployment)))
    stacks["enterprise"] = enterprise
    return stacks


def add_nag_packs(app: cdk.App) -> None:
    """The rule packs every synth runs (acknowledgements: stacks/nag.py)."""
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app), NIST80053R5Checks(app))


def summary(plan: Plan, deployment: Deployment) -> str:
    return (
        f"wa-infra plan: {plan.rate_msg_s:g} msg/s ({plan.message_type}, load "
        f"{plan.load_msg_s:g}), {plan.shards} shards, "
        f"{plan.total_coreapps} Coreapps, {plan.masters} Masters, {plan.webapps} Webapps, "
        f"EC2 {plan.ec2_min}/{plan.ec2_desired}/{plan.ec2_max} {plan.host_type} (Coreapp "
        f"{plan.coreapp_memory_mib} MiB, {plan.coreapp_cpu_units} CPU units), "
        f"DB {plan.engine} {plan.db_class} (max_connections {plan.db_max_connections}, "
        f"required {plan.required_connections}), {deployment.region}"
    )


refuse_hidden_inputs = context.refuse_hidden_inputs  # (its home: cdk/context.py)


def given_line(get, known: set[str], by_wa_deploy: bool) -> str:
    """Every input set for this synth and where from: the defaults are what is not named."""
    project = {} if by_wa_deploy else context.project_context(Path.cwd() / "cdk.json")
    named = []
    for key in (k.name for k in context.CONTEXT_KEYS if k.name in known):
        value = get(key)
        where = ("wa-deploy" if by_wa_deploy else "cdk.json" if project.get(key) == value
                 else "-c")
        named.append(f"{key}={value} ({where})")
    return "wa-infra inputs: " + ("; ".join(named) or "none (every input at its default)")


def main() -> None:
    app = new_app()
    try:
        refuse_hidden_inputs(Path.cwd(), Path(os.path.expanduser("~")), os.environ)
        get, known = app.node.try_get_context, _user_keys(app)
        given = os.environ.get(GIVEN_KEYS)
        if given is not None:  # run by wa-deploy: the keys it passed are every input
            passed = set(filter(None, given.split(",")))
            argv = context.cdk_cli_arguments()
            typed = None if argv is None else context.context_keys_given(argv)
            if typed is not None and typed != passed:  # a marker left in the environment
                raise SizingError(f"${GIVEN_KEYS} names {', '.join(sorted(passed)) or 'no key'}"
                                  f" but the CDK CLI was given -c {', '.join(sorted(typed))}: "
                                  "it is wa-deploy's own; unset it to run the CDK CLI yourself")
            known = {k for k in known if k in passed or k not in context.KNOWN_KEYS}

            def get(key, _get=get):
                return _get(key) if key in passed or key not in context.KNOWN_KEYS else None
        plan, deployment = context.read(get, known=known)
    except SizingError as error:
        print(f"wa-infra: error: {error}", file=sys.stderr)
        sys.exit(2)
    print(summary(plan, deployment), file=sys.stderr)
    print(given_line(get, known, given is not None), file=sys.stderr)
    for warning in plan.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if deployment.world_api:
        print(f"warning: the API on port 443 is open to the internet (api_cidrs "
              f"{', '.join(deployment.world_api)}, allow_world_api=true): every address can try "
              "the Webapp's login", file=sys.stderr)
    build(app, plan, deployment)
    add_nag_packs(app)
    app.synth()
    prove_contract(app.outdir, plan, deployment)


def prove_contract(outdir: str, plan: Plan, deployment: Deployment) -> None:
    """Every synth proves the cluster contract on what it wrote for these inputs: a blocked
    flow, a rule nobody asked for or a container or host setting off stops here (exit 1),
    before anything deploys."""
    from gates import renderings
    from gates.cfn_resolve import ResolveError

    try:
        verification = renderings.cdk_rendering("synth", outdir, plan, deployment).verify()
    except ResolveError as error:
        verification = renderings.Verification.unresolvable(error)
    if not verification.ok:
        # No deployable assembly is left behind (`cdk deploy --app cdk.out` would take it).
        Path(outdir, "manifest.json").unlink(missing_ok=True)
        print("wa-infra: error: the synthesized stacks break the cluster contract "
              f"({verification.summary()}); nothing was deployed:", file=sys.stderr)
        for line in verification.lines():
            print(f"  {line}", file=sys.stderr)
        sys.exit(1)


def _user_keys(app: cdk.App) -> set[str]:
    """Context keys the user set (cdk.json or -c), without the CDK's own flags."""
    return {
        key for key in app.node.get_all_context()
        if not key.startswith(("@aws-cdk", "aws:", "cdk", "acknowledged-issue"))
        and ":" not in key  # the CDK's cached lookups (availability-zones:account=...)
        and key not in FEATURE_FLAGS
    }


if __name__ == "__main__":
    main()
