"""Small, switchable corrections for moto 5.2.5 (pinned exactly in pyproject.toml), so valid
CloudFormation deploys in-process. Each patch is named after the moto behaviour it corrects
and documented with what it does; none changes the templates under test.

Use `with moto_compat.applied(): ...` inside `moto.mock_aws()`, or pick patches by name.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import ipaddress
import itertools
import json
import sys
import tempfile
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from unittest import mock


class _InProcessThread:
    """Stands in for the thread moto starts to invoke a custom resource's Lambda in Docker."""

    def __init__(self, target, args=(), kwargs=None) -> None:
        self.function = target.__self__  # moto's LambdaFunction (target is its bound invoke)
        self.event = json.loads(args[0])

    def start(self) -> None:
        run_custom_resource_handler(self.function, self.event)

    def join(self, timeout=None) -> None:
        return None


def _as_cloudformation_sends(value):
    """CloudFormation hands custom resources every scalar property as a string; moto keeps
    the parsed JSON types (a Number parameter arrives as int)."""
    if isinstance(value, dict):
        return {k: _as_cloudformation_sends(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_cloudformation_sends(v) for v in value]
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(value)
    return value


def run_custom_resource_handler(function, event: dict) -> None:
    """Run a Python Lambda's handler from its deployed zip and deliver its response to the
    stack, as CloudFormation would after the handler's PUT to the response URL."""
    from moto.cloudformation import cloudformation_backends

    event = dict(event, ResourceProperties=_as_cloudformation_sends(event["ResourceProperties"]))

    module_name, handler_name = function.handler.rsplit(".", 1)
    with tempfile.TemporaryDirectory() as folder:
        zipfile.ZipFile(io.BytesIO(function.code_bytes)).extractall(folder)
        unique = f"_custom_resource_{uuid.uuid4().hex}"
        spec = importlib.util.spec_from_file_location(unique, Path(folder) / f"{module_name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[unique] = module
        try:
            spec.loader.exec_module(module)
            replies = []
            module.send_response = lambda _event, status, reason, physical, data: replies.append(
                (status, reason, data))
            getattr(module, handler_name)(event, None)
        finally:
            sys.modules.pop(unique, None)
    (status, reason, data), = replies
    if status != "SUCCESS":
        raise RuntimeError(f"custom resource {event['LogicalResourceId']} failed: {reason}")
    backend = cloudformation_backends[function.account_id][function.region]
    stack = backend.get_stack(event["StackId"])
    stack.get_custom_resource(event["LogicalResourceId"]).set_data(data)


def custom_resources_run_in_docker():
    """moto invokes Custom::* Lambdas in Docker (none here) and the stack waits forever: run
    the Python handler in-process instead."""
    return mock.patch("moto.cloudformation.custom_model.threading.Thread", _InProcessThread)


def _wrap_clean_json(handle):
    """Patch moto's intrinsic-function resolver; `handle` returns a value or NotImplemented."""
    from moto.cloudformation import parsing

    original = parsing.clean_json

    def clean_json(resource_json, resources_map):
        if isinstance(resource_json, dict):
            result = handle(resource_json, resources_map, clean_json)
            if result is not NotImplemented:
                return result
        return original(resource_json, resources_map)

    return mock.patch.object(parsing, "clean_json", clean_json)


def fn_cidr_is_not_implemented():
    """moto's template parser has no Fn::Cidr (it returns the raw dict): compute it."""

    def handle(node, resources_map, clean_json):
        if "Fn::Cidr" not in node:
            return NotImplemented
        block, count, bits = (clean_json(v, resources_map) for v in node["Fn::Cidr"])
        network = ipaddress.ip_network(block)
        subnets = network.subnets(new_prefix=network.max_prefixlen - int(bits))
        return [str(n) for n in itertools.islice(subnets, int(count))]

    return _wrap_clean_json(handle)


def yaml_short_forms_are_misread():
    """moto's YAML reader splits `!GetAtt Db.Endpoint.Address` at every dot (CloudFormation
    splits at the first: Db, Endpoint.Address) and leaves a short form followed by a mapping
    (`!Base64` then `Fn::Sub: ...`) unconstructed. Correct its tag constructor."""
    import yaml
    from moto.cloudformation import utils

    original = utils.yaml_tag_constructor

    def constructor(loader, tag, node):
        if tag == "!GetAtt" and not isinstance(node.value, list):
            return {"Fn::GetAtt": node.value.split(".", 1)}
        if isinstance(node, yaml.MappingNode):
            key = "Ref" if tag == "!Ref" else f"Fn::{tag[1:]}"
            return {key: loader.construct_mapping(node, deep=True)}
        return original(loader, tag, node)

    stack = contextlib.ExitStack()
    for module in ("moto.cloudformation.models", "moto.cloudformation.responses"):
        stack.enter_context(mock.patch(f"{module}.yaml_tag_constructor", constructor))
    return stack


def nested_stack_outputs_are_not_attributes():
    """moto's AWS::CloudFormation::Stack has no Fn::GetAtt: answer `Outputs.<Key>`."""
    from moto.cloudformation.models import Stack

    def get_cfn_attribute(self, attribute_name: str):
        prefix = "Outputs."
        if attribute_name.startswith(prefix):
            key = attribute_name[len(prefix):]
            for output in self.output_map.values():
                if output and output.key == key:
                    return output.value
        raise KeyError(f"stack {self.name} has no attribute {attribute_name}")

    return mock.patch.object(Stack, "get_cfn_attribute", get_cfn_attribute, create=True)


def load_balancer_type_is_ignored():
    """moto creates every AWS::ElasticLoadBalancingV2::LoadBalancer as an application load
    balancer, so a network load balancer's TCP listener is refused: pass Type through."""
    from moto.elbv2.models import FakeLoadBalancer, elbv2_backends

    def create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        properties = cloudformation_json["Properties"]
        return elbv2_backends[account_id][region_name].create_load_balancer(
            resource_name, properties.get("SecurityGroups"), properties.get("Subnets"),
            scheme=properties.get("Scheme", "internet-facing"),
            loadbalancer_type=properties.get("Type", "application"),
        )

    return mock.patch.object(FakeLoadBalancer, "create_from_cloudformation_json",
                             classmethod(create))


def parameter_group_ref_is_an_object():
    """Ref to a moto AWS::RDS::DBParameterGroup yields the Python object: give it its name."""
    from moto.rds.models import DBParameterGroup

    return mock.patch.object(DBParameterGroup, "physical_resource_id",
                             property(lambda self: self.name), create=True)


def secrets_are_not_created():
    """moto's CloudFormation skips AWS::SecretsManager::Secret (and so every reader of it
    fails): create it with the secretsmanager backend, GenerateSecretString included."""
    from moto.cloudformation import parsing
    from moto.core.common_models import CloudFormationModel
    from moto.secretsmanager.models import secretsmanager_backends

    class SecretModel(CloudFormationModel):
        def __init__(self, arn: str, name: str) -> None:
            self.arn, self.name = arn, name

        @property
        def physical_resource_id(self) -> str:
            return self.arn

        @staticmethod
        def cloudformation_type() -> str:
            return "AWS::SecretsManager::Secret"

        @staticmethod
        def cloudformation_name_type() -> str:
            return "Name"

        @classmethod
        def has_cfn_attr(cls, attr: str) -> bool:
            return attr == "Id"

        def get_cfn_attribute(self, attribute_name: str):
            return self.arn

        @classmethod
        def create_from_cloudformation_json(cls, resource_name, cloudformation_json,
                                            account_id, region_name, **kwargs):
            props = cloudformation_json.get("Properties", {})
            backend = secretsmanager_backends[account_id][region_name]
            secret_string = props.get("SecretString")
            generate = props.get("GenerateSecretString")
            if generate is not None:
                password = json.loads(backend.get_random_password(
                    int(generate.get("PasswordLength", 32)),
                    generate.get("ExcludeCharacters", ""), False,
                    bool(generate.get("ExcludePunctuation", False)), False, False, False,
                    True))["RandomPassword"]
                if "GenerateStringKey" in generate:
                    doc = json.loads(generate.get("SecretStringTemplate", "{}"))
                    doc[generate["GenerateStringKey"]] = password
                    secret_string = json.dumps(doc)
                else:
                    secret_string = password
            name = props.get("Name", resource_name)
            created = json.loads(backend.create_secret(
                name=name, secret_string=secret_string, secret_binary=None,
                description=props.get("Description"), tags=props.get("Tags"),
                kms_key_id=props.get("KmsKeyId"), client_request_token=None,
                replica_regions=[], force_overwrite=False))
            return cls(created["ARN"], name)

        @classmethod
        def delete_from_cloudformation_json(cls, resource_name, cloudformation_json,
                                            account_id, region_name):
            backend = secretsmanager_backends[account_id][region_name]
            backend.delete_secret(resource_name, recovery_window_in_days=None,
                                  force_delete_without_recovery=True)

    models = dict(parsing.get_model_map())
    models[SecretModel.cloudformation_type()] = SecretModel
    return mock.patch.object(parsing, "get_model_map", lambda: models)


def file_system_has_no_attributes():
    """moto's AWS::EFS::FileSystem answers no Fn::GetAtt: give it Arn and FileSystemId."""
    from moto.efs.models import FileSystem

    attributes = {"Arn": "file_system_arn", "FileSystemId": "file_system_id"}

    def get_cfn_attribute(self, attribute_name: str):
        return getattr(self, attributes[attribute_name])

    return contextlib.ExitStack() if hasattr(FileSystem, "get_cfn_attribute") else _patches(
        mock.patch.object(FileSystem, "get_cfn_attribute", get_cfn_attribute, create=True),
        mock.patch.object(FileSystem, "has_cfn_attr",
                          classmethod(lambda cls, attr: attr in attributes), create=True))


def snapshot_deletion_policy_is_ignored():
    """moto deletes an AWS::RDS::DBInstance with DeletionPolicy Snapshot and keeps nothing:
    take the final snapshot CloudFormation would take, then delete."""
    from moto.cloudformation.parsing import ResourceMap
    from moto.rds.models import rds_backends

    original = ResourceMap._delete_resource

    def delete_resource(self, parsed_resource, resource_json):
        if (resource_json.get("DeletionPolicy") == "Snapshot"
                and resource_json.get("Type") == "AWS::RDS::DBInstance"):
            identifier = parsed_resource.db_instance_identifier
            rds_backends[self._account_id][self._region_name].create_db_snapshot(
                identifier, f"{identifier}-final-snapshot")
        return original(self, parsed_resource, resource_json)

    return mock.patch.object(ResourceMap, "_delete_resource", delete_resource)


def key_policy_is_stored_as_an_object():
    """moto keeps a template's KeyPolicy as a dict, and DescribeKey then fails to parse it:
    store it as JSON text, as KMS does."""
    from moto.kms.models import Key

    original = Key.create_from_cloudformation_json.__func__

    def create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        properties = cloudformation_json["Properties"]
        if isinstance(properties.get("KeyPolicy"), dict):
            properties = dict(properties, KeyPolicy=json.dumps(properties["KeyPolicy"]))
            cloudformation_json = dict(cloudformation_json, Properties=properties)
        return original(cls, resource_name, cloudformation_json, account_id, region_name,
                        **kwargs)

    return mock.patch.object(Key, "create_from_cloudformation_json", classmethod(create))


def _patches(*patchers) -> contextlib.ExitStack:
    stack = contextlib.ExitStack()
    for patcher in patchers:
        stack.enter_context(patcher)
    return stack


PATCHES = {
    "key_policy_is_stored_as_an_object": key_policy_is_stored_as_an_object,
    "snapshot_deletion_policy_is_ignored": snapshot_deletion_policy_is_ignored,
    "file_system_has_no_attributes": file_system_has_no_attributes,
    "parameter_group_ref_is_an_object": parameter_group_ref_is_an_object,
    "secrets_are_not_created": secrets_are_not_created,
    "load_balancer_type_is_ignored": load_balancer_type_is_ignored,
    "nested_stack_outputs_are_not_attributes": nested_stack_outputs_are_not_attributes,
    "custom_resources_run_in_docker": custom_resources_run_in_docker,
    "fn_cidr_is_not_implemented": fn_cidr_is_not_implemented,
    "yaml_short_forms_are_misread": yaml_short_forms_are_misread,
}


@contextlib.contextmanager
def applied(*names: str) -> Iterator[None]:
    """Apply the named patches (all by default)."""
    with contextlib.ExitStack() as stack:
        for name in names or tuple(PATCHES):
            stack.enter_context(PATCHES[name]())
        yield
