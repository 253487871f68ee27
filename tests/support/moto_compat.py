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
from types import SimpleNamespace
from unittest import mock


class _InProcessThread:
    """Stands in for the thread moto starts to invoke a custom resource's Lambda in Docker."""

    def __init__(self, target, args=(), kwargs=None) -> None:
        self.function = target.__self__  # moto's LambdaFunction (target is its bound invoke)
        self.event = json.loads(args[0])

    def start(self) -> None:
        if str(self.function.run_time).startswith("nodejs"):
            answer_node_custom_resource(self.function, self.event)
        else:
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

    event = dict(event, ResourceProperties=_as_cloudformation_sends(event["ResourceProperties"]))

    module_name, handler_name = function.handler.rsplit(".", 1)
    with tempfile.TemporaryDirectory() as folder:
        zipfile.ZipFile(io.BytesIO(function.code_bytes)).extractall(folder)
        unique = f"_custom_resource_{uuid.uuid4().hex}"
        spec = importlib.util.spec_from_file_location(unique, Path(folder) / f"{module_name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[unique] = module
        sys.path.insert(0, folder)  # the function's code root, as in Lambda
        try:
            spec.loader.exec_module(module)
            replies = []
            module.send_response = lambda _event, status, reason, physical, data: replies.append(
                (status, reason, data))
            getattr(module, handler_name)(event, None)
        finally:
            sys.modules.pop(unique, None)
            sys.modules.pop("cfn_response", None)
            sys.path.remove(folder)
    (status, reason, data), = replies
    _deliver(function, event, status, reason, data)


def _deliver(function, event: dict, status: str, reason: str, data: dict) -> None:
    """What CloudFormation does with the handler's PUT to the response URL."""
    from moto.cloudformation import cloudformation_backends

    if status != "SUCCESS":
        raise RuntimeError(f"custom resource {event['LogicalResourceId']} failed: {reason}")
    backend = cloudformation_backends[function.account_id][function.region]
    stack = backend.get_stack(event["StackId"])
    stack.get_custom_resource(event["LogicalResourceId"]).set_data(data)


def answer_node_custom_resource(function, event: dict) -> None:
    """The CDK's own Node.js handlers need the Lambda runtime's AWS SDK: do what each does in
    Python, against moto, and answer as it would."""
    import boto3

    from stacks.lambda_handlers.default_security_group import close

    kind, props = event["ResourceType"], event["ResourceProperties"]
    if kind == "Custom::VpcRestrictDefaultSG":
        if event["RequestType"] != "Delete":
            close(props["DefaultSecurityGroupId"],
                  boto3.client("ec2", region_name=function.region))
        _deliver(function, event, "SUCCESS", "OK", {})
        return
    raise RuntimeError(f"no stand-in for the Node.js custom resource {kind}")


def custom_resources_run_in_docker():
    """moto invokes Custom::* Lambdas in Docker (none here) and the stack waits forever: run
    the Python handler in-process instead."""
    from moto.cloudformation import custom_model

    # Only custom_model's view of `threading`: the server's own threads stay real. The reply
    # is delivered in-process too, so moto need not probe Docker for its own address.
    return _patches(
        mock.patch.object(custom_model, "threading", SimpleNamespace(Thread=_InProcessThread)),
        mock.patch.object(custom_model.settings, "moto_server_host", lambda: "http://localhost"),
    )


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
    balancer, so a network load balancer's TCP listener is refused: pass Type through, and the
    LoadBalancerAttributes (deletion protection) that it drops as well."""
    from moto.elbv2.models import FakeLoadBalancer, elbv2_backends

    def create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        properties = cloudformation_json["Properties"]
        backend = elbv2_backends[account_id][region_name]
        balancer = backend.create_load_balancer(
            resource_name, properties.get("SecurityGroups"), properties.get("Subnets"),
            scheme=properties.get("Scheme", "internet-facing"),
            loadbalancer_type=properties.get("Type", "application"),
        )
        attributes = {a["Key"]: str(a["Value"]).lower()
                      for a in properties.get("LoadBalancerAttributes", [])}
        if attributes:
            backend.modify_load_balancer_attributes(balancer.arn, attributes)
        return balancer

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
    from moto.secretsmanager.models import secretsmanager_backends

    class SecretModel(_named_model("AWS::SecretsManager::Secret", "Name", arn_attribute="Id",
                                   physical_is_arn=True, keep_on_update=False)):
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
            return cls(name, created["ARN"])

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


def _change_set_not_found():
    from moto.cloudformation.exceptions import CloudFormationError

    class ChangeSetNotFoundError(CloudFormationError):
        code = "ChangeSetNotFound"

    return ChangeSetNotFoundError


ChangeSetNotFound = None  # made on first use, so importing this module needs no moto


def change_sets_lose_outputs_and_exports():
    """Stacks made through a change set (what `cdk deploy` uses) get no Outputs or Exports in
    moto and cannot import other stacks' exports; change sets are found by name alone (the CDK
    names them all alike); and executed change sets linger, where CloudFormation drops them.
    Resolve the change set by stack, share the exports, rebuild outputs, drop it when done.
    DeleteChangeSet of an unknown name answers like CloudFormation instead of HTTP 500."""
    global ChangeSetNotFound
    from moto.cloudformation.models import CloudFormationBackend
    from moto.cloudformation.responses import CloudFormationResponse

    ChangeSetNotFound = ChangeSetNotFound or _change_set_not_found()
    original_execute = CloudFormationBackend.execute_change_set
    original_delete = CloudFormationBackend.delete_change_set

    def find(backend, name, stack_name=None):
        if name in backend.change_sets:
            return backend.change_sets[name]
        matches = [c for c in backend.change_sets.values() if c.change_set_name == name
                   and (stack_name is None or stack_name in (c.stack.name, c.stack.stack_id))]
        if not matches:
            raise ChangeSetNotFound(f"ChangeSet [{name}] does not exist")
        return matches[-1]

    def execute(self, change_set_name, stack_name=None):
        change_set = find(self, change_set_name, stack_name)
        stack = self.stacks[change_set.stack_id]
        stack.cross_stack_resources = self.exports
        stack.resource_map.cross_stack_resources = self.exports
        original_execute(self, change_set.change_set_id, stack_name)
        stack._parse_template()
        stack.output_map = stack._create_output_map()
        for export in stack.exports:
            self.exports[export.name] = export
        self.change_sets.pop(change_set.change_set_id, None)

    def delete(self, change_set_name):
        with contextlib.suppress(KeyError, UnboundLocalError):  # nothing to delete
            original_delete(self, change_set_name)

    def by_stack(action):
        """A response handler that resolves ChangeSetName within StackName first; a missing
        change set is ChangeSetNotFound (the CDK waits for exactly that after a delete)."""
        original = getattr(CloudFormationResponse, action)

        def handler(self):
            name = self._get_param("ChangeSetName")
            stack_name = self._get_param("StackName")
            backend = self.cloudformation_backend
            if name not in backend.change_sets:
                try:
                    resolved = find(backend, name, stack_name).change_set_id
                except ChangeSetNotFound:
                    if action == "delete_change_set":
                        return original(self)
                    raise
                self.querystring["ChangeSetName"] = [resolved]
                if isinstance(getattr(self, "params", None), dict):
                    self.params["ChangeSetName"] = resolved
            return original(self)

        return mock.patch.object(CloudFormationResponse, action, handler)

    return _patches(
        mock.patch.object(CloudFormationBackend, "execute_change_set", execute),
        mock.patch.object(CloudFormationBackend, "delete_change_set", delete),
        by_stack("describe_change_set"),
        by_stack("delete_change_set"),
    )


def previous_ssm_parameter_values_are_read_as_names():
    """On an update that keeps an SSM-typed parameter (the CDK's BootstrapVersion, the AMI),
    moto gets the resolved value back and looks it up as a parameter name, then crashes:
    a value that names no parameter is taken as already resolved."""
    from moto.cloudformation.parsing import ResourceMap
    from moto.ssm.models import ssm_backends

    original = ResourceMap.parse_ssm_parameter

    def parse_ssm_parameter(self, value, value_type):
        if ssm_backends[self._account_id][self._region_name].get_parameter(value) is None:
            return value.split(",") if value_type.find("List") > 0 else value
        return original(self, value, value_type)

    return mock.patch.object(ResourceMap, "parse_ssm_parameter", parse_ssm_parameter)


def network_objects_are_never_deleted():
    """moto never deletes a stack's routes, route tables, NAT gateways, addresses or internet
    gateway, so the VPC stack cannot be deleted: give those models a delete."""
    from moto.ec2.models import ec2_backends
    from moto.ec2.models.elastic_ip_addresses import ElasticAddress
    from moto.ec2.models.internet_gateways import InternetGateway
    from moto.ec2.models.nat_gateways import NatGateway
    from moto.ec2.models.route_tables import Route, RouteTable
    from moto.ec2.models.subnets import SubnetRouteTableAssociation
    from moto.ec2.models.vpn_gateway import VPCGatewayAttachment

    def backend(account_id, region_name):
        return ec2_backends[account_id][region_name]

    def delete_association(self, account_id, region_name):
        ec2 = backend(account_id, region_name)
        table = ec2.get_route_table(self.route_table_id)
        for association_id, subnet_id in list(table._associations.items()):
            if subnet_id == self.subnet_id:
                ec2.disassociate_route_table(association_id)

    deletes = {
        Route: lambda self, a, r: backend(a, r).delete_route(
            self.route_table.id, self.destination_cidr_block),
        RouteTable: lambda self, a, r: backend(a, r).delete_route_table(self.id),
        SubnetRouteTableAssociation: delete_association,
        NatGateway: lambda self, a, r: backend(a, r).delete_nat_gateway(self.id),
        ElasticAddress: lambda self, a, r: backend(a, r).release_address(
            allocation_id=self.allocation_id),
        VPCGatewayAttachment: lambda self, a, r: backend(a, r).detach_internet_gateway(
            self.gateway_id, self.vpc_id),
        InternetGateway: lambda self, a, r: backend(a, r).delete_internet_gateway(self.id),
    }
    def tolerant(delete):
        def run(self, account_id, region_name):
            try:
                delete(self, account_id, region_name)
            except Exception as error:  # already gone with its parent: that is deleted too
                if "does not exist" not in str(error) and "NotFound" not in repr(error):
                    raise

        return run

    return _patches(*(mock.patch.object(model, "delete", tolerant(delete), create=True)
                      for model, delete in deletes.items()))


def resource_events_are_not_recorded():
    """moto records stack events for the stack alone, so `cdk deploy --progress events` shows
    two lines per stack: record one event per resource created, updated or deleted (resources
    moto does not model get none, so the stream also shows what was really made)."""
    from moto.cloudformation import parsing
    from moto.cloudformation.models import Event, Stack, cloudformation_backends

    create, update = parsing.parse_and_create_resource, parsing.parse_and_update_resource
    delete = parsing.ResourceMap._delete_resource

    def record(resources_map, resource, resource_json, logical_id: str, status: str) -> None:
        backend = cloudformation_backends[resources_map._account_id][
            resources_map._region_name]
        # a stack being deleted is in neither of the backend's maps: its delete marks it
        stack = backend.stacks.get(resources_map.stack_id) or getattr(
            resources_map, "stack_being_deleted", None)
        if stack is None or resource is None:
            return
        try:
            physical_id = str(resource.physical_resource_id)
        except Exception:  # some moto models have none
            physical_id = logical_id
        stack.events.append(Event(
            stack_id=stack.stack_id, stack_name=stack.name, logical_resource_id=logical_id,
            physical_resource_id=physical_id,
            resource_type=resource_json.get("Type", ""),
            resource_status=status, resource_status_reason=None, resource_properties=None))

    def created(logical_id, resource_json, resources_map, account_id, region_name):
        resource = create(logical_id, resource_json, resources_map, account_id, region_name)
        record(resources_map, resource, resource_json, logical_id, "CREATE_COMPLETE")
        return resource

    def updated(logical_id, resource_json, resources_map, account_id, region_name):
        resource = update(logical_id, resource_json, resources_map, account_id, region_name)
        record(resources_map, resource, resource_json, logical_id, "UPDATE_COMPLETE")
        return resource

    def deleted(self, parsed_resource, resource_json):
        delete(self, parsed_resource, resource_json)
        record(self, parsed_resource, resource_json, parsed_resource.logical_resource_id,
               "DELETE_COMPLETE")

    delete_stack = Stack.delete

    def stack_deleted(self):
        self.resource_map.stack_being_deleted = self
        delete_stack(self)

    return _patches(
        mock.patch.object(parsing, "parse_and_create_resource", created),
        mock.patch.object(parsing, "parse_and_update_resource", updated),
        mock.patch.object(parsing.ResourceMap, "_delete_resource", deleted),
        mock.patch.object(Stack, "delete", stack_deleted),
    )


class _NoOutputs(dict):
    exports: tuple = ()


def deleted_stacks_recreate_resources():
    """moto resolves a deleted stack's Outputs on every DescribeStacks, and resolving a Ref to
    a deleted resource creates it again (the CLI's polling after `cdk destroy` brought the
    database back). A deleted stack has no outputs."""
    from moto.cloudformation.models import Stack

    original = Stack.delete

    def delete(self):
        original(self)
        self.output_map = _NoOutputs()

    return mock.patch.object(Stack, "delete", delete)


def inline_egress_is_ignored():
    """moto's AWS::EC2::SecurityGroup reads inline ingress only: every group keeps EC2's
    allow-all egress. CloudFormation replaces it with the inline SecurityGroupEgress rules."""
    from moto.ec2.models import ec2_backends
    from moto.ec2.models.security_groups import SecurityGroup

    original = SecurityGroup.create_from_cloudformation_json.__func__

    def create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        group = original(cls, resource_name, cloudformation_json, account_id, region_name,
                         **kwargs)
        rules = cloudformation_json["Properties"].get("SecurityGroupEgress") or []
        if rules:
            ec2 = ec2_backends[account_id][region_name]
            ec2.revoke_security_group_egress(group.id, "-1", None, None,
                                             [{"CidrIp": "0.0.0.0/0"}], vpc_id=group.vpc_id)
            for rule in rules:
                target = rule.get("DestinationSecurityGroupId")
                ec2.authorize_security_group_egress(
                    group.id, str(rule["IpProtocol"]), rule.get("FromPort"), rule.get("ToPort"),
                    [{"CidrIp": rule["CidrIp"]}] if "CidrIp" in rule else [],
                    source_groups=[{"GroupId": target}] if target else [], vpc_id=group.vpc_id)
        return group

    return mock.patch.object(SecurityGroup, "create_from_cloudformation_json",
                             classmethod(create))


def route_table_associations_are_not_recorded():
    """moto's AWS::EC2::SubnetRouteTableAssociation is kept aside from the route table, so
    DescribeRouteTables shows no subnet behind any route: associate it for real."""
    from moto.ec2.models import ec2_backends
    from moto.ec2.models.subnets import SubnetRouteTableAssociation

    original = SubnetRouteTableAssociation.create_from_cloudformation_json.__func__

    def create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        association = original(cls, resource_name, cloudformation_json, account_id,
                               region_name, **kwargs)
        ec2_backends[account_id][region_name].associate_route_table(
            association.route_table_id, subnet_id=association.subnet_id)
        return association

    return mock.patch.object(SubnetRouteTableAssociation, "create_from_cloudformation_json",
                             classmethod(create))


def db_instance_groups_are_read_from_the_wrong_property():
    """moto's AWS::RDS::DBInstance reads VpcSecurityGroupIds (the API's name) instead of
    CloudFormation's VPCSecurityGroups, so the instance gets the VPC's default group."""
    from moto.rds.models import DBInstance

    original = DBInstance.create_from_cloudformation_json.__func__

    def create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        properties = dict(cloudformation_json["Properties"])
        properties.setdefault("VpcSecurityGroupIds", properties.get("VPCSecurityGroups", []))
        return original(cls, resource_name, dict(cloudformation_json, Properties=properties),
                        account_id, region_name, **kwargs)

    return mock.patch.object(DBInstance, "create_from_cloudformation_json", classmethod(create))


def unmodelled_updates_drop_the_resource():
    """An update of a type moto cannot update (RDS instances, KMS keys, VPCs) puts None in the
    stack's resource map, and the next Fn::GetAtt on it fails the whole update ("references
    undefined resource"): keep the resource, with the DB class applied (the one modification
    the rehearsal reports)."""
    from moto.cloudformation import parsing

    original = parsing.parse_and_update_resource

    def update(logical_id, resource_json, resources_map, account_id, region_name):
        updated = original(logical_id, resource_json, resources_map, account_id, region_name)
        if updated is not None:
            return updated
        kept = resources_map[logical_id]
        new_class = resource_json.get("Properties", {}).get("DBInstanceClass")
        if resource_json.get("Type") == "AWS::RDS::DBInstance" and isinstance(new_class, str):
            kept.db_instance_class = new_class
        return kept

    return mock.patch.object(parsing, "parse_and_update_resource", update)


def alarms_and_dashboards_are_not_created():
    """moto's CloudFormation skips AWS::CloudWatch::Alarm, CompositeAlarm and Dashboard (so a
    Fn::GetAtt of an alarm's Arn fails): create them in its CloudWatch backend, as the API
    would, so the rehearsal can read them back."""
    from moto.cloudformation import parsing
    from moto.cloudwatch.models import (
        Metric,
        MetricDataQuery,
        MetricStat,
        cloudwatch_backends,
    )

    def queries(metrics: list[dict] | None) -> list | None:
        if not metrics:
            return None
        out = []
        for item in metrics:
            stat = item.get("MetricStat")
            metric_stat = None if stat is None else MetricStat(
                Metric(stat["Metric"]["MetricName"], stat["Metric"]["Namespace"],
                       stat["Metric"].get("Dimensions", [])),
                str(stat["Period"]), stat["Stat"], stat.get("Unit"))
            out.append(MetricDataQuery(item["Id"], item.get("Label"), item.get("Period"),
                                       str(item.get("ReturnData", True)).lower(),
                                       item.get("Expression"), metric_stat))
        return out

    class _Model(_named_model("AWS::CloudWatch::Alarm", "AlarmName", arn_attribute="Arn")):
        @classmethod
        def create_from_cloudformation_json(cls, resource_name, cloudformation_json,
                                            account_id, region_name, **kwargs):
            # what every kind of alarm has; the rest comes from the kind's figures()
            p = cloudformation_json["Properties"]
            alarm = cloudwatch_backends[account_id][region_name].put_metric_alarm(
                name=p.get("AlarmName", resource_name), description=p.get("AlarmDescription"),
                alarm_actions=p.get("AlarmActions", []), ok_actions=p.get("OKActions", []),
                **cls.figures(p))
            return cls(alarm.name, alarm.alarm_arn)

        @classmethod
        def update_from_cloudformation_json(cls, original_resource, new_resource_name,
                                            cloudformation_json, account_id, region_name):
            # Put* overwrites by name: an update keeps the alarm and takes the new figures
            return cls.create_from_cloudformation_json(
                original_resource.name, cloudformation_json, account_id, region_name)

        @classmethod
        def delete_from_cloudformation_json(cls, resource_name, cloudformation_json,
                                            account_id, region_name):
            backend = cloudwatch_backends[account_id][region_name]
            backend.alarms.pop(resource_name, None)
            backend.dashboards.pop(resource_name, None)

    class AlarmModel(_Model):
        type_name = "AWS::CloudWatch::Alarm"

        @staticmethod
        def figures(p: dict) -> dict:
            return dict(
                namespace=p.get("Namespace"), metric_name=p.get("MetricName"),
                comparison_operator=p["ComparisonOperator"],
                evaluation_periods=int(p["EvaluationPeriods"]), period=p.get("Period"),
                threshold=float(p["Threshold"]), statistic=p.get("Statistic"),
                dimensions=[{"Name": d["Name"], "Value": d["Value"]}
                            for d in p.get("Dimensions", [])],
                metric_data_queries=queries(p.get("Metrics")),
                datapoints_to_alarm=p.get("DatapointsToAlarm"),
                treat_missing_data=p.get("TreatMissingData"))

    class CompositeAlarmModel(_Model):
        type_name = "AWS::CloudWatch::CompositeAlarm"

        @staticmethod
        def figures(p: dict) -> dict:
            # a rule over other alarms, no metric of its own
            return dict(namespace=None, metric_name=None, comparison_operator=None,
                        evaluation_periods=None, period=None, threshold=None, statistic=None,
                        dimensions=[], rule=p["AlarmRule"])

    class DashboardModel(_Model):
        type_name = "AWS::CloudWatch::Dashboard"

        @staticmethod
        def cloudformation_name_type() -> str:
            return "DashboardName"

        @classmethod
        def create_from_cloudformation_json(cls, resource_name, cloudformation_json,
                                            account_id, region_name, **kwargs):
            p = cloudformation_json["Properties"]
            board = cloudwatch_backends[account_id][region_name].put_dashboard(
                p.get("DashboardName", resource_name), p["DashboardBody"])
            return cls(board.name, board.arn)

    models = dict(parsing.get_model_map())
    for model in (AlarmModel, CompositeAlarmModel, DashboardModel):
        models[model.type_name] = model
    return mock.patch.object(parsing, "get_model_map", lambda: models)


def _named_model(type_: str, name_key: str, *, arn_attribute: str | None = None,
                 physical_is_arn: bool = False, keep_on_update: bool = True):
    """A base for moto CloudFormation models of a resource known by its name (its physical id,
    or its ARN where AWS says so). With arn_attribute, the ARN is its one Fn::GetAtt attribute;
    with keep_on_update, an update keeps it as it is; else moto drops it on an update unless the
    subclass says how. A subclass says how to create (and delete) it."""
    from moto.core.common_models import CloudFormationModel

    class NamedModel(CloudFormationModel):
        type_name = type_

        def __init__(self, name: str, arn: str | None = None) -> None:
            self.name, self.arn = name, arn

        @property
        def physical_resource_id(self) -> str:
            return self.arn if physical_is_arn else self.name

        @classmethod
        def cloudformation_type(cls) -> str:
            return cls.type_name

        @staticmethod
        def cloudformation_name_type() -> str:
            return name_key

        if arn_attribute is not None:
            @classmethod
            def has_cfn_attr(cls, attr: str) -> bool:
                return attr == arn_attribute

            def get_cfn_attribute(self, attribute_name: str):
                return self.arn

        if keep_on_update:
            @classmethod
            def update_from_cloudformation_json(cls, original_resource, new_resource_name,
                                                cloudformation_json, account_id, region_name):
                return original_resource

    return NamedModel


def capacity_providers_are_not_created():
    """moto's CloudFormation skips AWS::ECS::CapacityProvider (so a Ref to it, the name that
    run-task and the outputs use, fails): create it in its ECS backend."""
    from moto.cloudformation import parsing
    from moto.ecs.models import ecs_backends

    class CapacityProviderModel(_named_model("AWS::ECS::CapacityProvider", "Name")):
        @classmethod
        def create_from_cloudformation_json(cls, resource_name, cloudformation_json,
                                            account_id, region_name, **kwargs):
            props = cloudformation_json.get("Properties", {})
            group = props.get("AutoScalingGroupProvider", {})
            details = {"autoScalingGroupArn": group.get("AutoScalingGroupArn"),
                       "managedTerminationProtection": group.get(
                           "ManagedTerminationProtection", "DISABLED")}
            name = props.get("Name", resource_name)
            ecs_backends[account_id][region_name].create_capacity_provider(name, details, [])
            return cls(name)

        @classmethod
        def delete_from_cloudformation_json(cls, resource_name, cloudformation_json,
                                            account_id, region_name):
            backend = ecs_backends[account_id][region_name]
            if resource_name in backend.capacity_providers:
                backend.delete_capacity_provider(resource_name)

    models = dict(parsing.get_model_map())
    models[CapacityProviderModel.cloudformation_type()] = CapacityProviderModel
    return mock.patch.object(parsing, "get_model_map", lambda: models)


def option_groups_are_not_created():
    """moto's CloudFormation has no AWS::RDS::OptionGroup (so the instance's Ref to it fails):
    create it, with its options, in the RDS backend, and delete it with the stack; its
    AWS::RDS::DBInstance ignores OptionGroupName: give the instance the group it names."""
    from moto.cloudformation import parsing
    from moto.rds.models import DBInstance, rds_backends

    class OptionGroupModel(_named_model("AWS::RDS::OptionGroup", "OptionGroupName")):
        @classmethod
        def create_from_cloudformation_json(cls, resource_name, cloudformation_json,
                                            account_id, region_name, **kwargs):
            props = cloudformation_json.get("Properties", {})
            backend = rds_backends[account_id][region_name]
            group = backend.create_option_group({
                "option_group_name": props.get("OptionGroupName", resource_name).lower(),
                "engine_name": props["EngineName"],
                "major_engine_version": props["MajorEngineVersion"],
                "option_group_description": props["OptionGroupDescription"]})
            group.add_options(props.get("OptionConfigurations", []))
            return cls(group.name)

        @classmethod
        def update_from_cloudformation_json(cls, original_resource, new_resource_name,
                                            cloudformation_json, account_id, region_name):
            group = rds_backends[account_id][region_name].option_groups[original_resource.name]
            group.remove_options([o["OptionName"] for o in group.options])
            group.add_options(cloudformation_json.get("Properties", {}).get(
                "OptionConfigurations", []))
            return original_resource

        @classmethod
        def delete_from_cloudformation_json(cls, resource_name, cloudformation_json,
                                            account_id, region_name):
            rds_backends[account_id][region_name].option_groups.pop(resource_name, None)

    original = DBInstance.create_from_cloudformation_json.__func__

    def create_instance(cls, resource_name, cloudformation_json, account_id, region_name,
                        **kwargs):
        instance = original(cls, resource_name, cloudformation_json, account_id, region_name,
                            **kwargs)
        named = cloudformation_json["Properties"].get("OptionGroupName")
        if named:
            instance.option_group_name, instance.option_group_supplied = named, True
        return instance

    models = dict(parsing.get_model_map())
    models[OptionGroupModel.cloudformation_type()] = OptionGroupModel
    return _patches(mock.patch.object(parsing, "get_model_map", lambda: models),
                    mock.patch.object(DBInstance, "create_from_cloudformation_json",
                                      classmethod(create_instance)))


def _register(backend, properties: dict, family: str):
    """Register a task definition from template properties as the ECS API would: camelCase
    keys, and the roles and network mode the template names."""
    from moto.core.utils import pascal_to_camelcase, remap_nested_keys

    return backend.register_task_definition(
        family=family,
        container_definitions=remap_nested_keys(
            properties.get("ContainerDefinitions", []), pascal_to_camelcase),
        volumes=remap_nested_keys(properties.get("Volumes", []), pascal_to_camelcase),
        memory=properties.get("Memory"),
        network_mode=properties.get("NetworkMode"),
        task_role_arn=properties.get("TaskRoleArn"),
        execution_role_arn=properties.get("ExecutionRoleArn"))


def task_definition_updates_lose_their_case():
    """moto's AWS::ECS::TaskDefinition update registers the new revision with the template's
    PascalCase keys (its create turns them into the API's camelCase), so DescribeTaskDefinition
    of an updated definition has no `image`: register it as the create does."""
    from moto.ecs.models import TaskDefinition, ecs_backends

    def update_from_cloudformation_json(cls, original_resource, new_resource_name,
                                        cloudformation_json, account_id, region_name):
        properties = cloudformation_json["Properties"]
        backend = ecs_backends[account_id][region_name]
        backend.deregister_task_definition(original_resource.arn)
        return _register(backend, properties,
                         properties.get("Family", original_resource.family))

    return mock.patch.object(TaskDefinition, "update_from_cloudformation_json",
                             classmethod(update_from_cloudformation_json))


def task_definitions_lose_their_roles():
    """moto's AWS::ECS::TaskDefinition create drops TaskRoleArn, ExecutionRoleArn and
    NetworkMode, so the rehearsal could not see which role a client task reads its password
    with: register them as the API does."""
    from moto.ecs.models import TaskDefinition, ecs_backends
    from moto.moto_api._internal import mock_random

    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id,
                                        region_name, **kwargs):
        properties = cloudformation_json["Properties"]
        family = properties.get("Family",
                                f"task-definition-{int(mock_random.random() * 10**6)}")
        return _register(ecs_backends[account_id][region_name], properties, family)

    return mock.patch.object(TaskDefinition, "create_from_cloudformation_json",
                             classmethod(create_from_cloudformation_json))


def target_group_has_no_attributes():
    """moto's AWS::ElasticLoadBalancingV2::TargetGroup answers no Fn::GetAtt: give it
    TargetGroupFullName (what the load balancer's CloudWatch metrics are keyed by)."""
    from moto.elbv2.models import FakeTargetGroup

    def get_cfn_attribute(self, attribute_name: str):
        if attribute_name == "TargetGroupFullName":
            return self.arn.split(":", 5)[5]  # targetgroup/<name>/<id>
        if attribute_name == "TargetGroupName":
            return self.name
        raise KeyError(attribute_name)

    return contextlib.ExitStack() if hasattr(FakeTargetGroup, "get_cfn_attribute") else (
        _patches(mock.patch.object(FakeTargetGroup, "get_cfn_attribute", get_cfn_attribute,
                                   create=True)))


def templates_are_read_by_pure_python_yaml():
    """Not a correction but a speed-up, so it is not in PATCHES: moto reads every template
    with PyYAML's pure-Python Loader (a quarter of a deploy of the four templates). Read them
    with libyaml's parser instead; the constructors, and so the dicts built, are the same
    (CLoader only swaps the scanner and parser). Tag constructors registered while this is
    applied go to a loader of its own, so nothing leaks into the global yaml loaders."""
    import yaml

    class Loader(yaml.CLoader):
        pass

    class Yaml(SimpleNamespace):
        def __getattr__(self, name):  # everything but the loader is PyYAML's
            return getattr(yaml, name)

    proxy = Yaml(Loader=Loader,
                 add_multi_constructor=lambda tag, constructor: Loader.add_multi_constructor(
                     tag, constructor))
    return _patches(*(mock.patch(f"moto.cloudformation.{module}.yaml", proxy)
                      for module in ("models", "responses")))


def symmetric_keys_make_an_rsa_key():
    """Not a correction but a speed-up, so it is not in PATCHES: moto makes a 2048-bit RSA
    private key for every KMS key, symmetric ones too, where it is never used (they encrypt
    with their own key material); a third of a deploy's time. Symmetric keys share one,
    made once per process."""
    from moto.kms import models

    original = models.generate_private_key

    def generate(key_spec: str):
        if key_spec != "SYMMETRIC_DEFAULT":
            return original(key_spec)
        if key_spec not in _UNUSED_PRIVATE_KEYS:
            _UNUSED_PRIVATE_KEYS[key_spec] = original(key_spec)
        return _UNUSED_PRIVATE_KEYS[key_spec]

    return mock.patch.object(models, "generate_private_key", generate)


_UNUSED_PRIVATE_KEYS: dict = {}


def _patches(*patchers) -> contextlib.ExitStack:
    stack = contextlib.ExitStack()
    for patcher in patchers:
        stack.enter_context(patcher)
    return stack


PATCHES = {
    "option_groups_are_not_created": option_groups_are_not_created,
    "task_definition_updates_lose_their_case": task_definition_updates_lose_their_case,
    "task_definitions_lose_their_roles": task_definitions_lose_their_roles,
    "capacity_providers_are_not_created": capacity_providers_are_not_created,
    "target_group_has_no_attributes": target_group_has_no_attributes,
    "alarms_and_dashboards_are_not_created": alarms_and_dashboards_are_not_created,
    "unmodelled_updates_drop_the_resource": unmodelled_updates_drop_the_resource,
    "db_instance_groups_are_read_from_the_wrong_property": (
        db_instance_groups_are_read_from_the_wrong_property),
    "inline_egress_is_ignored": inline_egress_is_ignored,
    "route_table_associations_are_not_recorded": route_table_associations_are_not_recorded,
    "deleted_stacks_recreate_resources": deleted_stacks_recreate_resources,
    "resource_events_are_not_recorded": resource_events_are_not_recorded,
    "network_objects_are_never_deleted": network_objects_are_never_deleted,
    "previous_ssm_parameter_values_are_read_as_names": (
        previous_ssm_parameter_values_are_read_as_names),
    "change_sets_lose_outputs_and_exports": change_sets_lose_outputs_and_exports,
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
