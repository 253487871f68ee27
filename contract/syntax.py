"""The syntax of the addresses a user types (hosts, ports, IPv4 addresses and CIDRs, registry and
https URLs), as regular expressions in the subset Python's re and CloudFormation's
AllowedPattern (Java) read alike: the CDK context reader, the CLIs and the plain templates'
parameters take the same values and refuse the same ones."""

# 1 to 65535: port 0 and five-digit numbers past 65535 name no port.
PORTS = (1, 65535)
# The ports RDS lets a database of ours listen on (1150 and up: RDS MySQL/PostgreSQL).
RDS_PORTS = (1150, PORTS[1])
PORT = (r"([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]"
        r"|6553[0-5])")
# A DNS label: letters, digits and inner hyphens, 63 at most (RFC 1123), so "-" or "a..b" is
# no host.
LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
DNS_NAME = rf"{LABEL}(\.{LABEL})*"
# A registry as an image reference starts (the distribution reference grammar): a host of DNS
# labels, an optional port, then path components of lower-case letters and digits joined by
# one ".", one or two "_", or hyphens ("a..b", "-x", "a__" and "a." are no component).
PATH_COMPONENT = r"[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*"
REGISTRY = rf"^{DNS_NAME}(:{PORT})?(/{PATH_COMPONENT})*$"
OCTET = r"(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
IPV4 = rf"{OCTET}(\.{OCTET}){{3}}"
# A database the containers reach: neither the container itself (127.0.0.0/8, localhost),
# nor "any address" (0.0.0.0/8), nor the link-local range of the instance metadata service.
NOT_LOCAL = r"(?!(127|0)\.|169\.254\.|localhost$|localhost\.)"
# Digits and dots only are an address or nothing (999.1.1.1 is no host name).
DB_HOST = rf"^{NOT_LOCAL}({IPV4}|(?![0-9.]+$){DNS_NAME})$"
# Ranges a VPC's CIDR must not touch: "this network" (0/8), loopback (127/8), link-local and the
# instance metadata service (169.254/16), multicast and reserved (224/3), and Docker's default
# bridge on the ECS hosts (172.17/16: a bridge-mode container could not reach the VPC there).
# cdk/context.py NOT_A_VPC holds the same as networks (a test compares them).
NOT_A_VPC = r"(?!(0|127|22[4-9]|2[3-5][0-9])\.|169\.254\.|172\.17\.)"
# The plain templates' new VPC: a /16 whose last two octets are 0.
NEW_VPC_16 = rf"^{NOT_A_VPC}{OCTET}\.{OCTET}\.0\.0/16$"
# The console's DbIops: 0 (none) or 1000 to 256000, RDS's provisioned IOPS range
# (contract/database_storage.py DB_IOPS_RANGE; a test holds the two together).
DB_IOPS = r"^(0|[1-9][0-9]{3,4}|1[0-9]{5}|2[0-4][0-9]{4}|25[0-5][0-9]{3}|256000)$"
# A KMS key id: a UUID, or a multi-Region key's mrk- and 32 hex digits.
KMS_KEY_ID = (r"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
              r"|mrk-[0-9a-f]{32})")
# Addresses no client of an internet-facing load balancer comes from: this network, private,
# shared (100.64/10), loopback, link-local, multicast and reserved (cdk/context.py NOT_PUBLIC
# holds them as networks; a test compares the two).
NOT_PUBLIC = (r"(?!(0|10|127|22[4-9]|2[3-5][0-9])\.|100\.(6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])\."
              r"|169\.254\.|172\.(1[6-9]|2[0-9]|3[01])\.|192\.168\.)")
HTTPS_HOST = rf"https://{DNS_NAME}(:{PORT})?"
# The folder the four plain templates are uploaded to: CloudFormation takes a nested stack's
# TemplateURL from S3 only (a bucket's virtual host or the path style, any region, China's
# too) and joins it with a file name, so no query or fragment; an https URL ending with /.
S3_HOST = (r"([a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\.)?s3([.-][a-z0-9-]+)*\.amazonaws\.com"
           r"(\.cn)?")
TEMPLATE_FOLDER_PATH = r"(/[A-Za-z0-9._~%+/@,=-]*)?"
TEMPLATE_BASE_URL = rf"^https://{S3_HOST}{TEMPLATE_FOLDER_PATH}/$"


def prefixes(widest: int, narrowest: int) -> str:
    """The prefix lengths /widest to /narrowest as one alternation, e.g. (8|9|1[0-9]|...)."""
    return "(" + "|".join(str(n) for n in range(narrowest, widest - 1, -1)) + ")"


def cidr(widest: int, narrowest: int) -> str:
    """An IPv4 CIDR of prefix /widest to /narrowest (host bits are CloudFormation's to
    refuse: a Rule cannot compute them)."""
    return rf"{IPV4}/{prefixes(widest, narrowest)}"


def resource_id(prefix: str) -> str:
    """An EC2/EFS resource id as AWS writes it: prefix-, then 8 (older) or 17 hex digits."""
    return rf"{prefix}-([0-9a-f]{{8}}|[0-9a-f]{{17}})"
