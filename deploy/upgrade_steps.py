"""The ordered steps of a client upgrade (wa-upgrade plan), from what the deployment holds.

Source: seed 003, "Upgrading the WhatsApp Business API Client" (there is downtime; back up
first) and "For MySQL Database Users Upgrading to Version 2.23.x and Above" (the database-upgrade
service: the coreapp image at the new version with WA_DB_UPGRADE=1, which exits with 0 once
the database is upgraded; then the Coreapps and Webapps are restarted on the new version).

Here the service is a one-off ECS task definition of the Enterprise stack whose tag is the
`upgrade_tag` context key (image_tag when unset). An ECS standalone task is not restarted when
it exits, so EXIT_ON_SUCCESS stays unset and the plan waits for exit code 0. Seed 003
documents that service for MySQL only; for PostgreSQL it documents rolling the containers.

The services roll in seed 003's order, Webapps, then Masters, then Coreapps: both renderers
make each service depend on the one before it (contract/roles.py ROLL_ORDER), so one deploy
rolls them in turn, each stable before the next starts. A downgrade is the restore of the
snapshot taken before the upgrade, then a roll to the older tag.

Pure: the caller reads the stack and gives the outputs and the remembered inputs.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from contract.roles import ROLES, ROLL_ORDER
from sizing import inputs
from sizing.change import SHRINK_EXTRA_DOWNTIME_S
from sizing.errors import SizingError

# A subset of cdk/context.py's image_tag pattern: the vendor's release tags (v2.53.1). No
# leading zeros (v2.053.0 and v2.53.0 would compare equal yet name different images), and
# each number below 1000, which also keeps a snapshot identifier within RDS's 63 characters.
VERSION = re.compile(r"v(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})",
                     re.ASCII)
VERSION_ALLOWED = "v<major>.<minor>.<patch>, each 0 to 999 without leading zeros (e.g. v2.53.1)"
# Seed 003: the database-upgrade service is documented for MySQL; Aurora MySQL is AWS's
# MySQL-compatible engine.
TASK_ENGINES = ("mysql", "aurora-mysql")
TASK_FROM = (2, 23, 0)
SNAPSHOT_ID_MAX = 63  # RDS: a DB cluster snapshot identifier is 1-63 letters, digits, hyphens
# The Enterprise stack's outputs this plan reads (DbInstanceIdentifier or DbClusterIdentifier
# only when the stack made the database; the rest existed before wa-upgrade).
REQUIRED_OUTPUTS = ("ClusterName", "CapacityProviderName", "FileSystemId")
TASK_OUTPUT = "DbUpgradeTaskFamily"
BACKUP_ROLE = "service-role/AWSBackupDefaultServiceRole"
BACKUP_VAULT = "Default"
# Each snapshot carries the tag the deployment ran when it was taken: a downgrade restores the
# newest snapshot taken while --to ran (its schema is the one --to left).
VERSION_TAG = "wa-infra:image-tag"
PENDING_TAG = "wa-infra:upgrade-tag"
# Seed 003, "Upgrading to Version 2.29.3 and Above": once, on a Webapp, when coming from these.
CHOWN_FROM = ("v2.29.1", "v2.29.2")
CHOWN_TO = (2, 29, 3)
MEDIA = "/usr/local/wamedia"  # contract/roles.py VOLUMES: the shared media folder


ROLE_NAMES = {"web": "Webapps", "master": "Masters", "coreapp": "Coreapps"}
ROLES_IN_ORDER = ", then ".join(ROLE_NAMES[r] for r in ROLL_ORDER)


class MissingOutputs(Exception):
    """The stack lacks outputs the plan needs (deployed by an older wa-infra)."""


# What "seed 003" in the steps stands for (docs/sources.md lists every seed).
SEED_003 = ("seed 003 is Meta's \"Production Setup: High Availability & Multiconnect\", "
            "https://developers.facebook.com/docs/whatsapp/installation/prod-multiconnect")


def parse_version(value: object) -> tuple[int, int, int]:
    match = VERSION.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise SizingError(f"tag {inputs.shown(value)} is invalid: allowed {VERSION_ALLOWED}")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def parse_tag(value: object) -> str:
    parse_version(value)
    return str(value)


@dataclass(frozen=True)
class Deployed:
    """What the deployment holds: its Enterprise stack's outputs and remembered inputs."""

    prefix: str
    region: str
    partition: str
    account: str
    outputs: Mapping[str, str]
    remembered: Mapping[str, str]
    profile: str | None = None  # the AWS profile named (--profile or $AWS_PROFILE)

    @property
    def aws_flags(self) -> str:
        """What every printed command carries to reach this deployment, pasted as is."""
        return " ".join(["--region", shlex.quote(self.region)]
                        + (["--profile", shlex.quote(self.profile)] if self.profile else []))

    @property
    def image_tag(self) -> str:
        return self.remembered["image_tag"]

    @property
    def engine(self) -> str:
        return self.remembered.get("engine", "mysql")  # the app's default


@dataclass(frozen=True)
class Roll:
    """One service's roll within a deploy: which, and how ECS replaces its tasks."""

    role: str
    service: str  # the service's logical id in the Enterprise stack
    how: str

    def to_dict(self) -> dict:
        return {"role": self.role, "service": self.service, "how": self.how}


@dataclass(frozen=True)
class Step:
    title: str
    why: str
    commands: tuple[str, ...]
    check: str
    on_failure: str
    rolls: tuple[Roll, ...] = ()  # the services this step's deploy rolls, in order

    def to_dict(self) -> dict:
        return {"title": self.title, "why": self.why, "commands": list(self.commands),
                "rolls": [roll.to_dict() for roll in self.rolls],
                "check": self.check, "on_failure": self.on_failure}


@dataclass(frozen=True)
class UpgradePlan:
    from_tag: str
    to_tag: str
    engine: str
    prefix: str
    region: str
    steps: tuple[Step, ...]
    downtime: str
    notes: tuple[str, ...] = field(default=())

    def text(self) -> str:
        """The plan as wa-upgrade prints it."""
        lines = [f"Upgrade {self.prefix} in {self.region}: {self.from_tag} -> {self.to_tag} "
                 f"(engine {self.engine})"]
        if self.steps:
            lines.append(f"Downtime: {self.downtime}")
        for number, step in enumerate(self.steps, start=1):
            lines += [f"{number}. {step.title}", f"   why: {step.why}",
                      *(f"   $ {command}" for command in step.commands)]
            if step.rolls:
                lines.append("   rolls, in this order (each stable before the next starts):")
                lines += [f"     {letter}. {ROLE_NAMES[roll.role]} ({roll.service}): {roll.how}"
                          for letter, roll in zip("abc", step.rolls, strict=False)]
            lines += [f"   check: {step.check}", f"   if it fails: {step.on_failure}"]
        lines += [f"Note: {note}" for note in self.notes]
        if self.steps:
            lines.append(f"Source: {SEED_003}")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"from": self.from_tag, "to": self.to_tag, "engine": self.engine,
                "prefix": self.prefix, "region": self.region,
                "steps": [step.to_dict() for step in self.steps],
                "downtime": self.downtime, "notes": list(self.notes)}


def snapshot_id(prefix: str, tag: str, now: datetime) -> str:
    """<prefix>-before-<tag>-<UTC yyyymmddHHMMSS> (two plans a second apart never collide):
    letters, digits and single hyphens, starting with a letter (the prefix does), 63 at most
    (the prefix is cut to fit)."""
    rest = f"-before-{tag.replace('.', '-')}-{now.astimezone(UTC):%Y%m%d%H%M%S}"
    return prefix.lower()[:SNAPSHOT_ID_MAX - len(rest)] + rest


def plan_upgrade(deployed: Deployed, to_tag: str, allow_downgrade: bool = False,
                 now: datetime | None = None) -> UpgradePlan:
    """The steps from the deployed image_tag to `to_tag`. SizingError (bad input): a
    downgrade without allow_downgrade, or a deployed tag that is not a version (no order to
    tell); MissingOutputs: the stack cannot be upgraded by this plan as it is."""
    now = now or datetime.now(UTC)
    from_tag, engine = deployed.image_tag, deployed.engine
    target = parse_version(to_tag)
    try:
        current = parse_version(from_tag)
    except SizingError:
        if not allow_downgrade:
            raise SizingError(f"the deployed image_tag {inputs.shown(from_tag)} is not "
                              f"{VERSION_ALLOWED.split(',')[0]}: cannot tell whether {to_tag} "
                              "is an upgrade or a downgrade; add --allow-downgrade to plan "
                              "it anyway") from None
        current = None
    # no order to tell (a deployed tag that is not a version): the sure way, the restore
    downgrade = current is None or target < current
    plan = _Builder(deployed, to_tag, now, downgrade)
    notes = list(plan.notes())
    if from_tag == to_tag:
        notes.insert(0, f"{deployed.prefix} in {deployed.region} already runs {to_tag}: "
                     "nothing to do")
        return UpgradePlan(from_tag, to_tag, engine, deployed.prefix, deployed.region, (),
                           "none", tuple(notes))
    if current is not None and target < current and not allow_downgrade:
        raise SizingError(f"--to {to_tag} is older than the deployed {from_tag}: a downgrade; "
                          "add --allow-downgrade if you mean it")
    if downgrade and current is not None:
        notes.insert(0, f"a downgrade ({from_tag} -> {to_tag}): seed 003 documents upgrades "
                     f"only; whether {to_tag} runs on a database that {from_tag} has upgraded "
                     "is not documented, so these steps do not try it: they restore the "
                     f"newest snapshot taken while {to_tag} ran and roll the services to "
                     f"{to_tag} on it.")
    if current is None:
        notes.insert(0, f"perhaps a downgrade ({from_tag} -> {to_tag}): the deployed tag is "
                     "not a version, so these steps take the sure way, the restore of a "
                     f"snapshot taken while {to_tag} ran. If {to_tag} is newer than what runs, "
                     f"deploy image_tag as the version {from_tag} is ({_deploy_hint(deployed)}"
                     ") and plan again: the upgrade steps follow.")
    needs_task = plan.task and not downgrade
    missing = [key for key in (*REQUIRED_OUTPUTS, *((TASK_OUTPUT,) if needs_task else ()))
               if not deployed.outputs.get(key)]
    if missing:
        raise MissingOutputs(
            f"{deployed.prefix}-Enterprise in {deployed.region} has no output "
            f"{', '.join(missing)} (deployed by a wa-infra without the database-upgrade "
            f"task): deploy it once with this wa-infra, {plan.deploy()}, which changes no "
            "input, then plan again")
    steps = plan.steps()
    return UpgradePlan(from_tag, to_tag, engine, deployed.prefix, deployed.region, steps,
                       plan.downtime(steps), tuple(notes))


def _deploy_hint(deployed: Deployed) -> str:
    return (f"wa-deploy --prefix {shlex.quote(deployed.prefix)} {deployed.aws_flags} -c "
            "image_tag=vX.Y.Z")


class _Builder:
    def __init__(self, deployed: Deployed, to_tag: str, now: datetime,
                 downgrade: bool = False) -> None:
        self.d, self.to, self.now = deployed, to_tag, now
        self.old = deployed.image_tag
        self.task = deployed.engine in TASK_ENGINES
        self.out = deployed.outputs
        self.region = deployed.aws_flags  # on every aws and wa-deploy command
        self.downgrade = downgrade  # the restore of the pre-upgrade snapshot instead

    # --- command pieces ---------------------------------------------------------------------
    def deploy(self, *args: str) -> str:
        """A wa-deploy command naming the deployment; every other input stays remembered."""
        return " ".join(["wa-deploy", "--prefix", shlex.quote(self.d.prefix), self.region,
                         *args])

    def q(self, key: str) -> str:
        return shlex.quote(self.out[key])

    def tags(self) -> str:
        """The snapshot's tags: the version the deployment runs as it is taken, and an
        upgrade that did not finish (its task may have moved the schema already: such a
        snapshot is never picked by a downgrade)."""
        tags = [f"Key={VERSION_TAG},Value={self.old}"]
        pending = self.d.remembered.get("upgrade_tag")
        if pending and pending != self.old:
            tags.append(f"Key={PENDING_TAG},Value={pending}")
        return "--tags " + " ".join(shlex.quote(tag) for tag in tags)

    def cluster(self) -> str:
        return f"--cluster {self.q('ClusterName')}"

    def efs_arn(self) -> str:
        d = self.d
        return (f"arn:{d.partition}:elasticfilesystem:{d.region}:{d.account}:file-system/"
                f"{self.out['FileSystemId']}")

    # --- steps ------------------------------------------------------------------------------
    def steps(self) -> tuple[Step, ...]:
        if self.downgrade:
            return (self.backup(), self.find_snapshot(), self.stop(), *self.restore(),
                    self.roll(), self.start(), self.verify("held before"))
        steps = [self.backup()]
        if self.task:
            steps += [self.point_task(), self.run_task(), self.wait_task()]
        steps += [self.roll(), self.verify()]
        return tuple(steps)

    def backup(self) -> Step:
        r, snap = self.region, snapshot_id(self.d.prefix, self.to, self.now)
        commands, checks = [], []
        if self.out.get("DbClusterIdentifier"):
            commands += [
                f"aws rds create-db-cluster-snapshot --db-cluster-identifier "
                f"{self.q('DbClusterIdentifier')} --db-cluster-snapshot-identifier {snap} "
                f"{self.tags()} {r}",
                f"aws rds wait db-cluster-snapshot-available "
                f"--db-cluster-snapshot-identifier {snap} {r}",
            ]
            database = f"a snapshot of the Aurora cluster ({snap})"
        elif self.out.get("DbInstanceIdentifier"):
            commands += [
                f"aws rds create-db-snapshot --db-instance-identifier "
                f"{self.q('DbInstanceIdentifier')} --db-snapshot-identifier {snap} "
                f"{self.tags()} {r}",
                f"aws rds wait db-snapshot-available --db-snapshot-identifier {snap} {r}",
            ]
            database = f"a snapshot of the database ({snap})"
        else:
            database = None
        arn = shlex.quote(self.efs_arn())
        role = shlex.quote(f"arn:{self.d.partition}:iam::{self.d.account}:role/{BACKUP_ROLE}")
        commands += [
            f"BACKUP_JOB=$(aws backup start-backup-job --backup-vault-name {BACKUP_VAULT} "
            f"--resource-arn {arn} --iam-role-arn {role} {r} --query BackupJobId "
            "--output text)",
            f'aws backup describe-backup-job --backup-job-id "$BACKUP_JOB" {r} --query State '
            "--output text",
        ]
        if database:
            checks.append("the wait returns without an error (the snapshot is available)")
            why = (f"Seed 003 recommends a backup before every upgrade; {database} is the way "
                   f"back to the database as {self.old} left it, and the file system (data and "
                   "media) is backed up with it.")
        else:
            checks.append("your own backup of the database is complete")
            why = ("Seed 003 recommends a backup before every upgrade. The deployment uses an "
                   "existing database (db_host), which this stack does not own: back it up "
                   "yourself, the way you would restore it, before going on; the commands "
                   "back up the file system (data and media).")
        checks.append("the backup job's State reads COMPLETED (CREATED or RUNNING: not yet, "
                      "ask again)")
        return Step(
            "Back up the database and the file system", why, tuple(commands),
            "; ".join(checks),
            "Do not go on without the backup. A wait that gives up (Max attempts exceeded) "
            "leaves the snapshot being made: run the wait again. If start-backup-job names a "
            f"missing vault ({BACKUP_VAULT}) or role (AWSBackupDefaultServiceRole): both exist "
            "once AWS Backup has been used in the console; create them there, or name a vault "
            "and a role of your own. The file system's automatic daily backups are on as well: "
            f"aws backup list-recovery-points-by-resource --resource-arn {arn} {r} lists them.",
        )

    def point_task(self) -> Step:
        stack = f"{self.d.prefix}-Enterprise"
        change = self.deploy("-c", shlex.quote(f"upgrade_tag={self.to}"))
        return Step(
            f"Point the database-upgrade task definition at {self.to}",
            f"upgrade_tag is the image tag of the one-off database-upgrade task definition "
            f"only; the services keep running {self.old}.",
            (f"{change} --dry-run", change),
            f"upgrade_tag is the only input changed, and the only resource that changes is the "
            f"database-upgrade task definition in {stack} (with the DeploymentContext output); "
            "every other stack: no change. wa-deploy exits 0.",
            "Anything else would change, or wa-deploy exits 3 (refused): stop and read its "
            "lines; this step must change nothing but that task definition. Exit 1: read the "
            "error (the services are untouched) and run it again.",
        )

    def run_task(self) -> Step:
        family = self.q(TASK_OUTPUT)
        provider = shlex.quote(f"capacityProvider={self.out['CapacityProviderName']},weight=1")
        engine = (" (Aurora MySQL: AWS's MySQL-compatible engine)"
                  if self.d.engine == "aurora-mysql" else "")
        return Step(
            f"Run the database-upgrade task ({self.to})",
            f"Seed 003: from 2.23.x on, a MySQL database{engine} is upgraded by the "
            "database-upgrade service (the coreapp image at the new version with "
            "WA_DB_UPGRADE=1) while the application keeps running; it exits with 0 once the "
            "database is upgraded. An ECS standalone task is not restarted when it exits.",
            (f"TASK=$(aws ecs run-task {self.cluster()} --task-definition {family} "
             f"--capacity-provider-strategy {provider} --count 1 --started-by wa-upgrade "
             f"{self.region} --query 'tasks[0].taskArn' --output text)",
             'echo "$TASK"'),
            "$TASK holds a task ARN (arn:...:task/...); keep this shell for the next step.",
            "None or empty: ECS did not start the task; run the same run-task without --query "
            "and --output to read its failures. Nothing has changed in the database yet.",
        )

    def wait_task(self) -> Step:
        r, cluster, family = self.region, self.cluster(), self.q(TASK_OUTPUT)
        return Step(
            "Wait for the task to stop, then check its exit code",
            "Seed 003: the database-upgrade service exits with 0 when the database upgrade "
            "succeeded; only then may the services move to the new version.",
            (f'aws ecs wait tasks-stopped {cluster} --tasks "$TASK" {r}',
             f'aws ecs describe-tasks {cluster} --tasks "$TASK" {r} '
             "--query 'tasks[0].containers[0].exitCode' --output text"),
            "the last command prints 0",
            "A wait that gives up (Max attempts exceeded) means the task is still running: run "
            f"the wait again. Any other exit code (or None): do not roll the services; they "
            f"keep running {self.old}. Read why: aws ecs describe-tasks {cluster} --tasks "
            f"\"$TASK\" {r} --query 'tasks[0].[stoppedReason,containers[0].reason]', and the "
            "task's log: aws logs tail <awslogs-group> --log-stream-name-prefix "
            "<awslogs-stream-prefix> --since 1h "
            f"{r}, both names from aws ecs describe-task-definition --task-definition {family} "
            f"{r} --query 'taskDefinition.containerDefinitions[0].logConfiguration.options'. "
            "Fix the cause and run steps 3 and 4 again; the snapshot from step 1 holds the "
            "database as it was. To stop here and leave the task definition "
            f"as it was: {self.deploy('--unset upgrade_tag')}.",
        )

    # --- a downgrade: the pre-upgrade snapshot restored under the database's name ---------
    def names(self, label: str) -> str:
        """<prefix>-<label>-<UTC yyyymmddHHMMSS>: a new RDS identifier, 63 at most."""
        return snapshot_id(self.d.prefix, label, self.now).replace("-before-", "-", 1)

    def find_snapshot(self) -> Step:
        r, to = self.region, self.to
        if self.out.get("DbClusterIdentifier"):
            listing = (f"aws rds describe-db-cluster-snapshots --db-cluster-identifier "
                       f"{self.q('DbClusterIdentifier')} --snapshot-type manual {r}")
            field_ = "DBClusterSnapshot"
        elif self.out.get("DbInstanceIdentifier"):
            listing = (f"aws rds describe-db-snapshots --db-instance-identifier "
                       f"{self.q('DbInstanceIdentifier')} --snapshot-type manual {r}")
            field_ = "DBSnapshot"
        else:
            return Step(
                f"Find your backup taken while {to} ran",
                "The deployment uses an existing database (db_host), which this stack does "
                "not own: the way back is your own backup from before the upgrade.", (),
                "you hold that backup", "Without it there is no documented way back: stop "
                f"here and keep running {self.old}.")
        # `!` binds tighter than a filter: unparenthesised, `!TagList[?...]` would filter
        # `!TagList` (false) and leave no snapshot at all
        query = shlex.quote(
            f"reverse(sort_by({field_}s[?TagList[?Key=='{VERSION_TAG}' && Value=='{to}'] && "
            f"!(TagList[?Key=='{PENDING_TAG}'])], "
            f"&SnapshotCreateTime))[0].{field_}Identifier")
        return Step(
            f"Find the newest snapshot taken while {to} ran",
            f"wa-upgrade tags each snapshot it takes with the version running then "
            f"({VERSION_TAG}): the newest tagged {to} holds the database as {to} left it, "
            "the only one it is documented to run on.",
            (f"SNAP=$({listing} --query {query} --output text)", 'echo "$SNAP"'),
            "$SNAP holds a snapshot identifier (not None)",
            f"None: no snapshot tagged {to}. A snapshot taken by an older wa-infra has no tag "
            f"but its name, <prefix>-before-<the version upgraded to>-<time>: {listing} "
            f"lists them; set SNAP to the newest taken before the upgrade away from {to}. "
            f"Without one there is no documented way back to {to}: stop here and keep "
            f"running {self.old}.",
        )

    def stop(self) -> Step:
        r, c = self.region, self.cluster()
        mute = f"ALARMS=$(wa-deploy alarms mute --prefix {shlex.quote(self.d.prefix)} {r})"
        return Step(
            "Stop the client",
            "Nothing may write to the database while it is swapped, and the newer version "
            "must not start on the restored one. The services' counts are kept in "
            "desired-counts.txt for the start; the alarms are muted meanwhile.",
            (mute,
             f"aws ecs list-services {c} {r} --query 'serviceArns[]' --output text | tr "
             "'\\t' '\\n' | while read -r S; do echo \"$S $(aws ecs describe-services "
             f"{c} --services \"$S\" {r} --query 'services[0].desiredCount' --output "
             "text)\"; done > desired-counts.txt",
             "cat desired-counts.txt",
             f"while read -r S N; do aws ecs update-service {c} --service \"$S\" "
             f"--desired-count 0 {r} --query service.serviceName --output text; done "
             "< desired-counts.txt",
             f"aws ecs wait services-stable {c} --services $(cut -d' ' -f1 "
             f"desired-counts.txt) {r}"),
            "desired-counts.txt names three services, each with its count above 0; the wait "
            "returns without an error",
            "A count of 0 in desired-counts.txt: it was written after a stop; restore it by "
            "hand from the plan (wa-size) before going on. To start again without a restore: "
            "run the start step. A shell lost on the way loses $ALARMS: wa-deploy alarms "
            "restore --all notifies every alarm of the deployment again.",
        )

    def restore(self) -> tuple[Step, ...]:
        r = self.region
        if not self.out.get("DbInstanceIdentifier"):
            what = ("an existing database (db_host): restore it your way, keeping its "
                    "endpoint" if not self.out.get("DbClusterIdentifier") else
                    "an Aurora cluster: restore $SNAP as a new cluster with "
                    "restore-db-cluster-from-snapshot and its instances with "
                    "create-db-instance, then swap the cluster identifiers with "
                    "modify-db-cluster --new-db-cluster-identifier, as Amazon RDS's guide "
                    "\"Restoring from a DB cluster snapshot\" shows")
            return (Step(f"Restore the database as it was before {self.old}",
                         f"The deployment uses {what}.", (),
                         "the database answers at its old endpoint with the restored data",
                         f"Start the client again (the start step): it runs {self.old} on "
                         "the database as it was."),)
        db, restored = self.q("DbInstanceIdentifier"), self.names("restored")
        kept = self.names(self.old.replace(".", "-"))
        settings = ("DBInstanceClass,DBSubnetGroup.DBSubnetGroupName,"
                    "DBParameterGroups[0].DBParameterGroupName,"
                    "OptionGroupMemberships[0].OptionGroupName,MultiAZ,BackupRetentionPeriod,"
                    "DeletionProtection,IAMDatabaseAuthenticationEnabled,MonitoringInterval,"
                    "MonitoringRoleArn,StorageType,Iops,StorageThroughput,"
                    "CACertificateIdentifier")
        beside = Step(
            "Restore the snapshot beside the database",
            "A restore always makes a new instance, with RDS's defaults for what it is not "
            "given: it gets the database's class, subnets, security groups, parameter group, "
            "option group (MySQL's audit plugin), Multi-AZ, log exports, IAM authentication, "
            "storage type, IOPS, throughput and CA certificate, read from the database now; "
            "the snapshot's encryption key comes with it (backup retention, deletion "
            "protection and monitoring follow at the swap).",
            (f"read -r CLASS SUBNETS PARAMS OPTIONS MULTIAZ RETENTION PROTECT IAM MONITORING "
             f"MONITORING_ROLE STORAGE IOPS THROUGHPUT CA <<< \"$(aws rds describe-db-instances "
             "--db-instance-identifier "
             f"{db} {r} --query 'DBInstances[0].[{settings}]' --output text)\"",
             f"SGS=$(aws rds describe-db-instances --db-instance-identifier {db} {r} --query "
             "'DBInstances[0].VpcSecurityGroups[].VpcSecurityGroupId' --output text)",
             f"LOGS=$(aws rds describe-db-instances --db-instance-identifier {db} {r} --query "
             "'DBInstances[0].EnabledCloudwatchLogsExports' --output text)",
             f"aws rds restore-db-instance-from-db-snapshot --db-instance-identifier "
             f"{restored} --db-snapshot-identifier \"$SNAP\" --db-instance-class "
             "\"$CLASS\" --db-subnet-group-name \"$SUBNETS\" --db-parameter-group-name "
             "\"$PARAMS\" --vpc-security-group-ids $SGS $([ \"$OPTIONS\" != None ] && echo "
             "--option-group-name \"$OPTIONS\") $([ \"$MULTIAZ\" = True ] && echo "
             "--multi-az || echo --no-multi-az) $([ \"$IAM\" = True ] && echo "
             "--enable-iam-database-authentication) $([ -n \"$LOGS\" ] && [ \"$LOGS\" != "
             "None ] && echo --enable-cloudwatch-logs-exports $LOGS) --storage-type "
             "\"$STORAGE\" $([ \"$IOPS\" != None ] && echo --iops \"$IOPS\") $([ "
             "\"$THROUGHPUT\" != None ] && [ \"$STORAGE\" = gp3 ] && echo "
             "--storage-throughput \"$THROUGHPUT\") --ca-certificate-identifier \"$CA\" "
             f"--copy-tags-to-snapshot {r} --query DBInstance.DBInstanceStatus --output text",
             f"aws rds wait db-instance-available --db-instance-identifier {restored} {r}"),
            "the wait returns without an error",
            f"The database is untouched: read the error, fix it and run the step again, or "
            f"start the client again (the start step) on {self.old}.",
        )
        swap = Step(
            "Swap the restored database in under the database's name",
            "An instance's endpoint follows its identifier: once renamed, the restored "
            "instance answers at the address the client and the stack know. The newer "
            f"database stays, renamed {kept} (delete it yourself once you are sure).",
            (f"aws rds modify-db-instance --db-instance-identifier {db} "
             f"--new-db-instance-identifier {kept} --apply-immediately {r} --query "
             "DBInstance.DBInstanceStatus --output text",
             f"aws rds wait db-instance-available --db-instance-identifier {kept} {r}",
             f"aws rds modify-db-instance --db-instance-identifier {restored} "
             f"--new-db-instance-identifier {db} --backup-retention-period \"$RETENTION\" "
             "$([ \"$PROTECT\" = True ] && echo --deletion-protection || echo "
             "--no-deletion-protection) $([ \"$MONITORING\" != 0 ] && echo "
             "--monitoring-interval \"$MONITORING\" --monitoring-role-arn "
             f"\"$MONITORING_ROLE\") --apply-immediately {r} --query "
             "DBInstance.DBInstanceStatus --output text",
             f"aws rds wait db-instance-available --db-instance-identifier {db} {r}"),
            f"both waits return without an error; aws rds describe-db-instances "
            f"--db-instance-identifier {db} {r} shows the restored instance (its "
            "InstanceCreateTime is today)",
            f"If the first rename went through and the second did not: rename {kept} back to "
            f"{db} (modify-db-instance as above) and start the client on {self.old}.",
        )
        return beside, swap

    def start(self) -> Step:
        r, c = self.region, self.cluster()
        return Step(
            "Start the client at its counts",
            "The services go back to the counts desired-counts.txt kept (the roll may have "
            "started them already: CloudFormation applies the template's counts when a task "
            "definition changes).",
            (f"while read -r S N; do aws ecs update-service {c} --service \"$S\" "
             f"--desired-count \"$N\" {r} --query service.serviceName --output text; done "
             "< desired-counts.txt",
             f"aws ecs wait services-stable {c} --services $(cut -d' ' -f1 "
             f"desired-counts.txt) {r}"),
            "the wait returns without an error",
            "Read the services' events (aws ecs describe-services) and the container logs.",
        )

    def rolls(self) -> tuple[Roll, ...]:
        """The services one image change rolls, in order, with how each is replaced."""
        isolated = self.d.remembered.get("isolate_coreapps") == "true"
        out = []
        for role in ROLL_ORDER:
            if ROLES[role].one_per_host or (role == "coreapp" and isolated):
                how = ("one per host, replaced in place, half at a time (minimum healthy "
                       "50 %)")
            else:
                how = ("new tasks start before the old ones stop (minimum healthy 100 %, "
                       "maximum 200 %)")
            if role == "coreapp":
                how += (f"; a shard is unavailable while its Coreapp is replaced and a spare "
                        f"takes over (about {SHRINK_EXTRA_DOWNTIME_S} s each, seeds 000/001)")
            out.append(Roll(role, f"{role.title()}Service", how))
        return tuple(out)

    def roll(self) -> Step:
        tag = self.to
        change = self.deploy("-c", shlex.quote(f"image_tag={tag}"), "--unset upgrade_tag",
                             *(["--allow-downgrade"] if self.downgrade else []))
        stack = f"{self.d.prefix}-Enterprise"
        why = (f"image_tag is the tag of the Webapp, Master and Coreapp services. Seed 003 "
               f"upgrades {ROLES_IN_ORDER}: each service of {stack} depends on the one "
               "before it, so CloudFormation replaces their tasks in that order and waits for "
               "each to be stable before the next. ")
        if self.downgrade:
            why += f"They start {tag} on the restored database."
        elif self.task:
            why += (f"They start {tag} on the upgraded database. --unset upgrade_tag lets "
                    "the database-upgrade task follow image_tag again.")
        else:
            why += (f"Seed 003 documents a database-upgrade service for MySQL only; for "
                    f"{self.d.engine} it documents rolling the containers. --unset "
                    "upgrade_tag keeps the database-upgrade task definition on image_tag.")
        why += (" wa-deploy mutes the deployment's alarms while the services roll and restores "
                "them after (docs/deploy.md).")
        return Step(
            f"Roll the services to {tag}: {ROLES_IN_ORDER}", why,
            (f"{change} --dry-run", change),
            f"image_tag {self.old} -> {tag} is the input changed; wa-deploy's progress shows "
            "WebService, then MasterService, then CoreappService reach UPDATE_COMPLETE, and "
            f"it exits 0 once {stack} is updated.",
            "Exit 1: a service whose new tasks do not stay up is rolled back by its deployment "
            f"circuit breaker, CloudFormation rolls {stack} back, and the services after it "
            f"were never touched: every service runs {self.old} again. Read the services' "
            f"events (aws ecs describe-services {self.cluster()} --services <service> "
            f"{self.region} --query 'services[0].events[:10]', the names from aws ecs "
            f"list-services {self.cluster()} {self.region}) and the container logs, fix the "
            "cause and run this step again. Exit 3 (refused): something besides the tags "
            "would change; read the refusal lines.",
            rolls=self.rolls(),
        )

    def verify(self, expected_from: str = "held before") -> Step:
        r = self.region
        commands = []
        if self.out.get("CoreappServiceName"):
            commands.append(f"aws ecs wait services-stable {self.cluster()} --services "
                            f"{self.q('CoreappServiceName')} {r}")
        url = shlex.quote(self.out.get("ApiEndpoint") or "https://<load-balancer>")
        shards = shlex.quote(self.out.get("Shards") or "<shards>")
        if self.out.get("ApiKeySecret"):
            commands.append(f"export WA_API_KEY=\"$(aws secretsmanager get-secret-value "
                            f"--secret-id {self.q('ApiKeySecret')} {r} --query SecretString "
                            "--output text)\"")
            credentials = "the Webapps' generated API key"
        else:
            credentials = "$WA_API_PASSWORD or --password-file, as for any wa-shards call"
        check = f"wa-shards health --url {url} --expect {shards} --within 300"
        if self.downgrade:  # muted since the stop: notify again once the check has spoken,
            # whatever it says (`;`): a broken cluster must page
            check += (f"; wa-deploy alarms restore --prefix {shlex.quote(self.d.prefix)} "
                      f"{r} $ALARMS")
        commands.append(check)
        return Step(
            "Check the cluster: GET /v1/health",
            f"The API answers through the new Webapps, and the Coreapps connect the shards "
            f"they {expected_from}, under one primary Master. Run wa-shards where the load "
            "balancer is reached: its endpoint is internal unless api_cidrs opened it (a host "
            "in the VPC, through SSM Session Manager).", tuple(commands),
            f"the wait returns without an error and wa-shards health exits 0 within 5 "
            f"minutes: {shards} Coreapps connected or connecting, one primary Master, no node "
            f"in error ({credentials})",
            "Read the Coreapp and Master logs and the services' events; wa-shards health "
            "names the node in error. "
            + ("The alarms notify again either way. The database as it was before the restore "
               "is the renamed one (and step 1's snapshot)." if self.downgrade else
               f"Going back to {self.old} is a restore of the snapshot from step 1: "
               f"wa-upgrade plan --to {self.old} --allow-downgrade prints it."),
        )

    # --- the rest ---------------------------------------------------------------------------
    def downtime(self, steps: tuple[Step, ...]) -> str:
        roll = next(n for n, s in enumerate(steps, 1) if s.rolls)
        if self.downgrade:
            stop = next(n for n, s in enumerate(steps, 1) if s.title.startswith("Stop"))
            return (f"From step {stop} until the last step the client is stopped: no message "
                    "is sent or received. Messages and settings written since the snapshot "
                    "was taken are not in the restored database (the renamed database keeps "
                    "them). How long the restore takes depends on the database's size; it is "
                    "not estimated here.")
        before = ((f"Steps 1-{roll - 1} leave" if roll > 2 else "Step 1 leaves")
                  + f" the services on {self.old}"
                  + (" (seed 003: the database-upgrade service upgrades the database while "
                     "the application runs)" if self.task else "") + ". ")
        return ("Seed 003: there is downtime during an upgrade; choose the quietest hour. "
                + before + f"Step {roll} replaces every task, service by service ({ROLES_IN_ORDER}"
                "; its lines a-c say how each is replaced). How long the whole roll takes "
                "depends on the number of tasks and hosts; it is not estimated here.")

    def notes(self) -> tuple[str, ...]:
        notes = []
        pending = self.d.remembered.get("upgrade_tag")
        if pending and pending != self.old:
            notes.append(f"the deployment remembers upgrade_tag={pending} from an upgrade "
                         "that did not finish; "
                         + (f"{self.deploy('--unset upgrade_tag')} forgets it."
                            if self.old == self.to else "this plan replaces it."))
        if self.old == self.to:
            return tuple(notes)
        if self.downgrade:
            notes.append("run the commands in one shell: $SNAP, $ALARMS and the database's "
                         "settings carry between steps; desired-counts.txt holds the "
                         "services' counts.")
            return tuple(notes)
        if not self.task:
            notes.append(f"engine {self.d.engine}: no database-upgrade task; seed 003 "
                         "documents that service for MySQL only, and for other engines no "
                         "step besides rolling the containers.")
        elif parse_version(self.to) < TASK_FROM:
            notes.append(f"seed 003 documents the database-upgrade service from 2.23.x on; "
                         f"{self.to} is older: the task may never exit (then stop it with aws "
                         "ecs stop-task and do not roll the services).")
        if self.old in CHOWN_FROM and parse_version(self.to) >= CHOWN_TO:
            notes.append(f"coming from {self.old}, seed 003 asks for a one-time `chown -R "
                         f"root {MEDIA}/incoming {MEDIA}/outgoing {MEDIA}/shared` in one "
                         "Webapp container once it runs v2.29.3 or later (media is shared: "
                         "once is enough).")
        notes.append("run the commands in one shell: $BACKUP_JOB"
                     + (" and $TASK carry" if self.task else " carries") + " between steps.")
        return tuple(notes)


def example_plan() -> str:
    """README's sample: an upgrade of the default deployment (the outputs' values invented)."""
    deployed = Deployed(
        "WaInfra", "us-east-1", "aws", "123456789012",
        {"ClusterName": "WaInfra-Enterprise-Cluster-AbC123", "FileSystemId": "fs-0123456789abcdef0",
         "CapacityProviderName": "WaInfra-Enterprise-CapacityProvider-XyZ789",
         "DbUpgradeTaskFamily": "WaInfra-dbupgrade", "DbInstanceIdentifier": "wainfra-db-1a2b3c",
         "CoreappServiceName": "WaInfra-Enterprise-CoreappService-Q1w2E3", "Shards": "8",
         "ApiEndpoint": "https://internal-WaInfra-1234.elb.us-east-1.amazonaws.com",
         "ApiKeySecret": "arn:aws:secretsmanager:us-east-1:123456789012:secret:"
                         "WebApiKey-AbCdEf"},
        {"image_tag": "v2.53.0", "engine": "mysql", "region": "us-east-1"})
    return plan_upgrade(deployed, "v2.55.1", now=datetime(2026, 11, 25, 9, 30, tzinfo=UTC)).text()
