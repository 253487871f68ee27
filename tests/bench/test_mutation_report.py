"""bench/mutation_report.py's classifier: a mutant's diff in, its category out.

Each diff is written out here as mutmut shows it (`mutmut show NAME`, with the whole function
as context); only the categories that are sound to decide from the text are decided, anything
else is left to a reviewed reason (None).
"""


import pytest

from bench.mutation_report import (
    HELP_ONLY,
    OPEN,
    WORDING,
    classify,
    decide,
    describe,
    module_of,
    sides,
)


def mutmut_diff(path: str, hunk: str) -> str:
    """A diff of one hunk at line 1 of path, as `mutmut show` prints it; the @@ line counts
    the hunk's old and new lines (the classifier reads past it)."""
    lines = hunk.splitlines()
    old = sum(not line.startswith("+") for line in lines)
    new = sum(not line.startswith("-") for line in lines)
    return f"--- {path}\n+++ {path}\n@@ -1,{old} +1,{new} @@\n{hunk}"


def user_option(old: str, new: str) -> str:
    """The diff of a mutant of cli/shards.py's --user option: its arguments after the name, old
    and new."""
    return mutmut_diff("cli/shards.py", f"""\
 def api_options(function):
-    option = click.option("--user", {old})
+    option = click.option("--user", {new})
     return option(function)
""")


RAISE_XX = mutmut_diff("wa_api/client.py", """\
 def get_shards(self) -> int:
     status, raw = self._call("GET", "/v1/account/shards")
     if status != 200:
-        raise ApiError(f"GET /v1/account/shards failed with HTTP {status}")
+        raise ApiError(f"XXGET /v1/account/shards failed with HTTP XX{status}")
""")

RAISE_UPPER_CONTINUATION = mutmut_diff("cli/shards.py", """\
 def _secret(env, file, what, required=True):
     if required:
         raise SizingError(f"{what} is missing: allowed from ${env} or "
-                          f"--{what}-file")
+                          f"--{what}-FILE")
     return None
""")

PROGRESS_LOWER = mutmut_diff("cli/shards.py", """\
 def set_command(shards, client):
     attempts = client.set_shards({})
-    _progress(f"shards set to {shards} (attempt {attempts}); Coreapps restart")
+    _progress(f"shards set to {shards} (attempt {attempts}); coreapps restart")
""")

PLAN_WARNING_UPPER = mutmut_diff("sizing/plan.py", """\
 def plan(rate, shards, warnings):
     if shards < rate:
-        warnings.append(f"{shards} shards carry less than {rate} msg/s")
+        warnings.append(f"{shards} SHARDS CARRY LESS THAN {rate} msg/s")
""")

OTHER_LIST_APPEND_XX = mutmut_diff("sizing/plan.py", """\
 def keys(found):
-    found.append("hosts_needed")
+    found.append("XXhosts_neededXX")
     return found
""")

STDOUT_ECHO_XX = mutmut_diff("cli/shards.py", """\
 def show(url, shards):
-    click.echo(f"0. Check the cluster first: wa-shards get --url {url} --expect {shards}")
+    click.echo(f"XX0. Check the cluster first: wa-shards get --url XX{url} --expect {shards}")
""")

STDERR_ECHO_XX = mutmut_diff("cli/deploy.py", """\
 def _refused(line):
-    click.echo(f"refused: {line}", err=True)
+    click.echo(f"XXrefused: XX{line}", err=True)
""")

COMPARED_STRING_XX = mutmut_diff("wa_api/client.py", """\
 def count(entries):
     return sum(1 for node in entries
-               if node.get("role") == "primary_master")
+               if node.get("role") == "XXprimary_masterXX")
""")

KEY_INSIDE_A_MESSAGE = mutmut_diff("wa_api/url.py", """\
 def f(ports):
-    raise ValueError(f"port {ports.get('https')} is taken")
+    raise ValueError(f"port {ports.get('XXhttpsXX')} is taken")
""")

FORMAT_SPEC = mutmut_diff("wa_api/transport.py", """\
 def f(call, timeout):
-    raise ApiError(f"{call} timed out after {timeout:g} s")
+    raise ApiError(f"{call} timed out after {timeout:G} s")
""")

OTHER_TEXT = mutmut_diff("cli/shards.py", """\
 def f(name):
-    raise SizingError(f"{name} is invalid")
+    raise SizingError(f"{name} is not valid")
""")

HELP_NONE = mutmut_diff("cli/shards.py", """\
 def api_options(function):
     option = click.option("--user", envvar="WA_API_USER", default="admin",
                           show_default=True,
-                          help="API user (or $WA_API_USER).")
+                          help=None)
     return option(function)
""")

SHOW_DEFAULT_FALSE = user_option('default="admin", show_default=True, help="API user."',
                                 'default="admin", show_default=False, help="API user."')

HELP_REMOVED = user_option('default="admin", help="API user."', 'default="admin", ')

HELP_XX = user_option('default="admin", help="API user."', 'default="admin", help="XXAPI user.XX"')

DEFAULT_NONE = user_option('default="admin", help="API user."', 'default=None, help="API user."')

ENVVAR_XX = user_option('envvar="WA_API_USER", help="API user."',
                        'envvar="XXWA_API_USERXX", help="API user."')

COMPARISON = mutmut_diff("wa_api/url.py", """\
 def parse(port):
-    if port == 0:
+    if port != 0:
         raise bad
""")

ARGUMENT_NONE = mutmut_diff("wa_api/url.py", """\
 def parse(text):
-    return text.rstrip("/")
+    return text.rstrip(None)
""")

TWO_CHANGES = mutmut_diff("cli/shards.py", """\
 def f(name):
-    raise SizingError(f"{name} is invalid")
-    raise SizingError(f"{name} is bad")
+    raise SizingError(f"{name} IS INVALID")
+    raise SizingError(f"{name} IS BAD")
""")

CONCATENATED_HELP_PART_UPPER = mutmut_diff("cli/shards.py", """\
 def api_options(function):
     option = click.option("--ca-file", help="Trust this CA certificate; the system "
-                          "CAs otherwise. TLS is always verified.")
+                          "CAS OTHERWISE. TLS IS ALWAYS VERIFIED.")
     return option(function)
""")

CONCATENATED_MESSAGE_PART_XX = mutmut_diff("cli/upgrade.py", """\
 def f(prefix, region):
-    raise DeploymentUnreadable(f"no stack of {prefix} in {region}: name the deployment's "
+    raise DeploymentUnreadable(f"no stack of {prefix} in {region}XX: name the deployment's XX"
                                "--prefix and --region")
""")

SPELLED_DIFFERENTLY = mutmut_diff("cli/upgrade.py", """\
 def f(prefix):
-    raise DeploymentUnreadable(f"no stack of {prefix} here")
+    raise DeploymentUnreadable(f"no stack of {prefix} XXhere")
""")

NOT_PYTHON = mutmut_diff("cli/shards.py", """\
     if required:
-        raise SizingError(f"{what} is missing: allowed from ${env} or "
+        raise SizingError(f"XX{what} is missing: allowed from ${env} or "
""")


@pytest.mark.parametrize(("diff", "category"), [
    (RAISE_XX, WORDING),
    (RAISE_UPPER_CONTINUATION, WORDING),
    (PROGRESS_LOWER, WORDING),
    (STDERR_ECHO_XX, WORDING),
    (HELP_XX, WORDING),
    (CONCATENATED_HELP_PART_UPPER, WORDING),
    (CONCATENATED_MESSAGE_PART_XX, WORDING),
    (HELP_NONE, HELP_ONLY),
    (SHOW_DEFAULT_FALSE, HELP_ONLY),
    (HELP_REMOVED, HELP_ONLY),
    (PLAN_WARNING_UPPER, WORDING),
    # left to a reviewed reason: what is printed on stdout is the product (a command to copy)
    (STDOUT_ECHO_XX, None),
    # ... a string compared, a dict key inside a message, a format spec, an edit that is not
    # one of mutmut's rewordings, a value that is not help, a logic change
    (COMPARED_STRING_XX, None),
    (OTHER_LIST_APPEND_XX, None),
    (KEY_INSIDE_A_MESSAGE, None),
    (FORMAT_SPEC, None),
    (OTHER_TEXT, None),
    (SPELLED_DIFFERENTLY, None),
    (DEFAULT_NONE, None),
    (ENVVAR_XX, None),
    (COMPARISON, None),
    (ARGUMENT_NONE, None),
    # ... and a diff that is not one change in parseable code
    (TWO_CHANGES, None),
    (NOT_PYTHON, None),
])
def test_the_category_is_decided_from_the_diff_only_where_that_is_sound(diff, category):
    assert classify(diff) == category


def test_the_sides_of_a_diff_are_the_original_and_the_mutant():
    old, new = sides(COMPARISON)
    assert old == "def parse(port):\n    if port == 0:\n        raise bad"
    assert new == "def parse(port):\n    if port != 0:\n        raise bad"


@pytest.mark.parametrize(("diff", "description"), [
    (COMPARISON, "port == 0 → port != 0"),
    (ARGUMENT_NONE, "'/' → None"),
    (ENVVAR_XX, "'WA_API_USER' → 'XXWA_API_USERXX'"),
    (HELP_REMOVED, "keywords: default='admin', help='API user.' → default='admin'"),
    (NOT_PYTHON, 'raise SizingError(f"{what} is missing: allowed from ${env} or " → '
                 'raise SizingError(f"XX{what} is missing: allowed from ${env} or "'),
])
def test_the_change_is_described_by_what_it_replaces(diff, description):
    assert describe(diff) == description


@pytest.mark.parametrize(("name", "module"), [
    ("cli.shards.x_plan_command__mutmut_12", "cli.shards"),
    ("wa_api.client.x\u01c1WebappClient\u01c1login__mutmut_3", "wa_api.client"),
    ("sizing.change.x__differences__mutmut_1", "sizing.change"),
])
def test_the_module_is_the_name_before_the_function(name, module):
    assert module_of(name) == module


def test_a_reviewed_reason_applies_only_to_the_change_it_was_written_for():
    entry = {"kind": "equivalent", "change": "port == 0 → port != 0", "reason": "Because."}
    row, note = decide("wa_api.url.x_parse__mutmut_7", COMPARISON,
                       {"wa_api.url.x_parse__mutmut_7": entry})
    assert (row.category, row.reason, note) == ("equivalent", "Because.", None)
    moved = decide("wa_api.url.x_parse__mutmut_7", ARGUMENT_NONE,
                   {"wa_api.url.x_parse__mutmut_7": entry})
    assert moved[0].category == OPEN
    assert "port == 0 → port != 0" in moved[1] and "'/' → None" in moved[1]
    unknown, note = decide("wa_api.url.x_parse__mutmut_8", COMPARISON, {})
    assert (unknown.category, unknown.reason, note) == (OPEN, "", None)
    auto, _ = decide("wa_api.client.x\u01c1WebappClient\u01c1get_shards__mutmut_9", RAISE_XX, {})
    assert (auto.module, auto.category) == ("wa_api.client", WORDING)
