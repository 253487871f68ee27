"""What the health probe publishes, and what its function and secret are given: the contract
between probe.handler and the stacks that deploy it. Pure data, no AWS imports."""

from dataclasses import dataclass

NAMESPACE = "WaInfra"
DIMENSION = "Deployment"  # the one dimension of every metric; value: env DEPLOYMENT

# --- metrics: the one table (docs/probe.md is generated from it) -------------------------------
@dataclass(frozen=True)
class Metric:
    name: str
    unit: str
    meaning: str
    source: str  # what the probe reads for it
    replaces: str  # the vendor's Grafana panel or alert it stands for ("" when none)
    dimension: str | None = None  # a second dimension after DIMENSION, with VALUES[name]
    when: str = "every successful run"


HEALTH = "GET /v1/health"
WEB_METRICS = "GET /metrics?format=prometheus (the answering Webapp)"
APP_STATS = "GET /v1/stats/app?format=prometheus (the Coreapp stats)"

CONFIGURED = "ProbeConfigured"
ERRORS = "ProbeErrors"
CONNECTED = "CoreappsConnected"
SHARDS_EXPECTED = "ShardsExpected"
PRIMARY_MASTERS = "PrimaryMasters"
NODES_IN_ERROR = "NodesInError"
NODES = "ClusterNodes"
LATENCY = "ApiLatencyMs"
GATEWAY_STATUS = "CoreappGatewayStatus"
API_REQUESTS = "ApiRequests"
API_ERROR_PERCENT = "ApiErrorPercent"
CALLBACKS = "CallbackRequests"
CALLBACK_FAILURE_PERCENT = "CallbackFailurePercent"
CALLBACK_QUEUE = "CallbackQueueSize"
PENDING_MESSAGES = "PendingMessages"

STATUS, RESULT = "Status", "Result"  # the second dimensions
# The five gateway_status values of GET /v1/health (Meta, "Health") and "other" for any
# other value; the API's results by class; callbacks: "success" or anything else.
GATEWAY_STATUSES = ("connected", "connecting", "disconnected", "uninitialized", "unregistered",
                    "other")
API_RESULTS = ("ok", "4xx", "5xx", "other")
CALLBACK_RESULTS = ("success", "failed")

METRICS: tuple[Metric, ...] = (
    Metric(CONFIGURED, "Count", "1 on every run that read its secrets (the generated API key "
           "or a named user): its SampleCount shows the probe runs", "the secrets", "",
           when="every run"),
    Metric(ERRORS, "Count", "1: the probe could not read the health (unreachable, refused, "
           "a bad answer, a bad secret); 0: it could", HEALTH,
           "Business Client dashboard: No Stats alert",
           when="every configured run"),
    Metric(CONNECTED, "Count", "Coreapps whose gateway_status is connected or connecting "
           "(good health, as Meta says)", HEALTH, ""),
    Metric(SHARDS_EXPECTED, "Count", "the shard count the client holds (GET "
           "/v1/account/shards, with a user only), else the plan's", "the client, or the plan", ""),
    Metric(PRIMARY_MASTERS, "Count", "nodes whose role is primary_master", HEALTH, ""),
    Metric(NODES_IN_ERROR, "Count", "nodes whose entry holds a non-empty errors list", HEALTH,
           ""),
    Metric(NODES, "Count", "entries in the health answer", HEALTH, ""),
    Metric(LATENCY, "Milliseconds", "wall time of the login (with a user) and GET /v1/health",
           HEALTH, ""),
    Metric(GATEWAY_STATUS, "Count", "Coreapps by gateway_status (all six values each run, 0 "
           "when none)", HEALTH, "", dimension=STATUS),
    Metric(API_REQUESTS, "Count", "API requests by result class since the answering Webapp "
           "started (api_requests_duration_ms_count): a counter of one Webapp, which the load "
           "balancer picks per run", WEB_METRICS, "Business Client dashboard: Requests/sec panels",
           dimension=RESULT, when="when the Webapp answers /metrics"),
    Metric(API_ERROR_PERCENT, "Percent", "4xx, 5xx and other results as a share of those "
           "requests", WEB_METRICS, "Business Client dashboard: Critical API Failure alert",
           when="when /metrics holds a request"),
    Metric(CALLBACKS, "Count", "webhook callbacks by result since the Coreapp started "
           "(callback_requests_duration_ms_count)", APP_STATS,
           "Coreapp Overview dashboard: Callback Requests/sec panel",
           dimension=RESULT, when="when the Webapp answers /v1/stats/app"),
    Metric(CALLBACK_FAILURE_PERCENT, "Percent", "callbacks whose result is not success, as a "
           "share of all", APP_STATS, "Coreapp Overview dashboard: Callback Failure alert",
           when="when /v1/stats/app holds a callback"),
    Metric(CALLBACK_QUEUE, "Count", "callbacks waiting to be sent (callback_queue_size)",
           APP_STATS, "", when="when /v1/stats/app holds it"),
    Metric(PENDING_MESSAGES, "Count", "received messages not yet processed "
           "(in_messages_pending_processing)", APP_STATS, "",
           when="when /v1/stats/app holds it"),
)
BY_NAME = {m.name: m for m in METRICS}
UNITS = {m.name: m.unit for m in METRICS}
VALUES = {GATEWAY_STATUS: GATEWAY_STATUSES, API_REQUESTS: API_RESULTS,
          CALLBACKS: CALLBACK_RESULTS}
FAILED_RUN = (CONFIGURED, ERRORS)
# Always on a successful run (the others when the Webapp answers their calls):
SUCCESSFUL_RUN = (CONFIGURED, ERRORS, CONNECTED, SHARDS_EXPECTED, PRIMARY_MASTERS,
                  NODES_IN_ERROR, NODES, LATENCY, GATEWAY_STATUS)
# The Prometheus families read, by the metric they feed.
FAMILIES = {API_REQUESTS: "api_requests_duration_ms_count",
            CALLBACKS: "callback_requests_duration_ms_count",
            CALLBACK_QUEUE: "callback_queue_size",
            PENDING_MESSAGES: "in_messages_pending_processing"}


def series() -> list[tuple[str, str | None, str | None]]:
    """(metric, second dimension, its value) of every series the probe can publish: what a
    month of CloudWatch custom metrics costs (docs/probe.md)."""
    return [(m.name, m.dimension, value) for m in METRICS
            for value in (VALUES[m.name] if m.dimension else (None,))]


def markdown_table() -> str:
    """docs/probe.md's table of what the probe publishes."""
    rows = ["| metric | unit | dimensions | what it counts | read from | published | replaces "
            "(vendor Grafana) |", "|---|---|---|---|---|---|---|"]
    for m in METRICS:
        dims = DIMENSION + (f", {m.dimension} ({' / '.join(VALUES[m.name])})"
                            if m.dimension else "")
        rows.append(f"| `{m.name}` | {m.unit} | {dims} | {m.meaning} | {m.source} | {m.when} "
                    f"| {m.replaces or '-'} |")
    return "\n".join(rows)


# --- the function's environment ---------------------------------------------------------------
ENV_WEBAPP_URL = "WEBAPP_URL"  # https://<internal load balancer DNS name>, port 443
ENV_SECRET_ARN = "CREDENTIALS_SECRET_ARN"
ENV_DEPLOYMENT = "DEPLOYMENT"  # the deployment's stack prefix
ENV_SHARDS_EXPECTED = "SHARDS_EXPECTED"  # a whole number, the planned shard count
ENV_API_KEY_SECRET_ARN = "API_KEY_SECRET_ARN"  # the Webapps' WA_API_KEY (a plain-text secret)

# --- the credentials secret (a JSON object) ---------------------------------------------------
SECRET_USERNAME = "username"  # "" (as created): the probe uses the API key; a name: that user
SECRET_PASSWORD = "password"  # generated by Secrets Manager when the stack creates the secret
SECRET_URL = "url"  # optional: overrides WEBAPP_URL (the host name the certificate names)
SECRET_TLS_NAME = "tls_name"  # optional: the name the certificate holds, kept to WEBAPP_URL
SECRET_CA_PEM = "ca_pem"  # optional: PEM of the CA that signed the Webapp's certificate
# What the stacks create: GenerateSecretString with this template and GenerateStringKey
# SECRET_PASSWORD (a password for a user an operator may create; unused until then).
SECRET_TEMPLATE = '{"username": ""}'

# --- the function's network interfaces -----------------------------------------------------------
# What Lambda does for a function in a VPC with the function's execution role (AWS Lambda
# Developer Guide, "Giving Lambda functions access to resources in an Amazon VPC"). Only the
# describe call takes no resource; the others act on network interfaces, subnets and security
# groups of this account and region, so they are granted there only.
NETWORK_INTERFACE_ACTIONS = ("ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
                             "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses")


def network_interface_statements(ec2_in_this_account) -> list[dict]:
    """`ec2_in_this_account`: arn:<partition>:ec2:<region>:<account>:*"""
    return [
        {"Effect": "Allow", "Action": list(NETWORK_INTERFACE_ACTIONS),
         "Resource": ec2_in_this_account},
        {"Effect": "Allow", "Action": ["ec2:DescribeNetworkInterfaces"], "Resource": "*"},
    ]
