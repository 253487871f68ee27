"""The lines that deploy a plan: wa-deploy's and the CDK CLI's context, and the plain
templates' console parameters (with what the console cannot take or sizes otherwise)."""

from __future__ import annotations

import shlex
from collections.abc import Callable

from sizing import data
from sizing.plan import Plan, plan
from sizing.regions import AZS_EVERY_ACCOUNT_SEES, PARTITION
from sizing.surfaces import PLAN_KEYWORD, as_context, value_text

# plan()'s defaults: rate and shards positional (None), the rest keyword-only (no `inspect`:
# it costs wa-size 5 ms of imports)
_DEFAULTS = {"rate_msg_s": None, "shards": None, **plan.__kwdefaults__}
DEFAULTS: dict[str, object] = {key: _DEFAULTS[kw] for key, kw in PLAN_KEYWORD.items()}


def given_inputs(inputs: dict[str, object]) -> dict[str, object]:
    """The inputs (by context key) that differ from plan()'s defaults, in CONTEXT_KEYS order;
    rate and shards only when given (their defaults follow from each other)."""
    return {key: inputs[key] for key in PLAN_KEYWORD
            if key in inputs and inputs[key] is not None and inputs[key] != DEFAULTS[key]}


def context_args(inputs: dict[str, object], region: str = data.PRICE_REGION) -> str:
    given = given_inputs(inputs)
    if region not in AZS_EVERY_ACCOUNT_SEES and inputs.get("az_count") is not None:
        given["az_count"] = inputs["az_count"]  # a region of unknown AZ count states it
    args = " ".join(as_context(key, value) for key, value in given.items())
    partition = PARTITION.get(region, "aws")
    if partition != "aws" and inputs.get("ssl", DEFAULTS["ssl"]):
        # the default CA bundle serves the aws partition only: the deploy names its own
        args += f" -c db_ca_url='<https URL of the RDS CA bundle of {partition}>'"
    return args.strip()


def deploy_lines(inputs: dict[str, object], region: str = data.PRICE_REGION) -> dict[str, str]:
    """The wa-deploy and CDK CLI lines that deploy the plan of these inputs in `region`: named
    on both, since wa-deploy would otherwise follow $AWS_REGION or the profile while the CDK
    app reads cdk.json."""
    args = context_args(inputs, region)
    return {"wa_deploy": f"wa-deploy --new --region {region} {args}".rstrip(),
            "cdk_deploy": f"npx cdk deploy --all -c region={region} {args}".rstrip()}


# --- the plain templates (console) ----------------------------------------------------------
# wa-infra.yaml's sizing parameters by context key; each value is (parameter, how the plan's
# value is written). Rate, shards, the DB class and the host type follow below, because the
# template picks them from its own tables.
CONSOLE_SAME: dict[str, tuple[str, Callable[[object], str]]] = {
    "env": ("EnvType", str),
    "message_type": ("MessageType", str),
    "isolate_coreapps": ("IsolateCoreapps", value_text),
    "ssl": ("DbConnectionEncryption", lambda on: "enabled" if on else "disabled"),
    "az_count": ("AzCount", str),
}
# Inputs the plain templates cannot take: they run MySQL with one spare Coreapp.
CONSOLE_FIXED: dict[str, str] = {
    "engine": "the console templates run MySQL only",
    "spares": f"the console templates add {data.DEFAULT_SPARES} spare Coreapp",
}


def console_throughput(load_msg_s: float) -> int:
    """The smallest Throughput the template offers that carries the load (it assumes one
    receipt per message and no inbound, so its throughput is a load)."""
    return next(t for t in data.CONSOLE_THROUGHPUTS if t >= load_msg_s - 1e-9)


def console_parameters(p: Plan) -> tuple[dict[str, str], list[str]]:
    """ParameterKey -> value for wa-infra.yaml (non-defaults only) and what the console
    cannot take (empty when the console deploys this plan as is)."""
    params: dict[str, str] = {}
    for key, (name, text) in CONSOLE_SAME.items():
        value = getattr(p, key)
        if value != DEFAULTS[key]:
            params[name] = text(value)
    throughput = console_throughput(p.load_msg_s)
    if throughput != DEFAULTS_THROUGHPUT:
        params["Throughput"] = str(throughput)
    # what the template picks for that throughput, as the Mappings do (templates/mappings.py)
    picked = plan(throughput, env=p.env, ssl=p.ssl, message_type=p.message_type,
                  isolate_coreapps=p.isolate_coreapps)
    if picked.shards != p.shards:
        params["ActiveCoreapps"] = str(p.shards)
    # the DB class by throughput and active Coreapps, as the Mappings (mappings.db_sizing)
    if plan(throughput, p.shards, env=p.env, ssl=p.ssl).db_rds_class != p.db_rds_class:
        params["DbInstanceClass"] = p.db_rds_class
    if picked.host_type != p.host_type:
        params["InstanceType"] = p.host_type
    missing = [f"{key} {value_text(getattr(p, key))} ({why})"
               for key, why in CONSOLE_FIXED.items() if getattr(p, key) != DEFAULTS[key]]
    return params, missing


DEFAULTS_THROUGHPUT = int(data.BENCHMARK_RATE_LOW_MSG_S)  # the Throughput parameter's default

# what the console's plan is compared on: the counts its tables size and no parameter sets
CONSOLE_COMPARED: dict[str, Callable[[Plan], str]] = {
    "Webapps": lambda p: str(p.webapps),
    "Coreapps": lambda p: str(p.total_coreapps),
    "Masters": lambda p: str(p.masters),
    "EC2 min/desired/max": lambda p: f"{p.ec2_min}/{p.ec2_desired}/{p.ec2_max}",
}


def console_differences(p: Plan) -> list[str]:
    """Where the console deploys other counts than this plan: it sizes by its Throughput
    option, the next one up from the load, at the plan's shards (templates/mappings.py)."""
    throughput = console_throughput(p.load_msg_s)
    theirs = plan(throughput, p.shards, env=p.env, ssl=p.ssl, message_type=p.message_type,
                  isolate_coreapps=p.isolate_coreapps, az_count=p.az_count)
    return [f"{name} {value(theirs)} (this plan {value(p)})"
            for name, value in CONSOLE_COMPARED.items() if value(theirs) != value(p)]


def console_line(params: dict[str, str]) -> str:
    """The parameters as `aws cloudformation create-stack --parameters` takes them."""
    return " ".join(f"ParameterKey={k},ParameterValue={shlex.quote(v)}" for k, v in params.items())
