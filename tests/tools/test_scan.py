"""tools/scan.py (make scan) without running it: how findings are counted and shown, and its
refusal of a missing vendor repository."""

from tools import scan


def test_nag_findings_count_each_resource_and_acknowledgements_apart():
    report = {"pluginReports": [
        {"pluginName": "NIST.800.53.R5",
         "violations": [{"ruleName": "A", "violatingConstructs": [{"constructPath": "X"},
                                                                 {"constructPath": "Y"}]},
                        {"ruleName": "B", "violatingConstructs": [{"constructPath": "X"}]},
                        {"ruleName": "E", "description": "Rule threw an error during validation.",
                         "violatingConstructs": [{"constructPath": "Z"}]}],
         "suppressedViolations": [{"ruleName": "C"}, {"ruleName": "D"}]},
        {"pluginName": "PCI.DSS.321", "violations": [], "suppressedViolations": []},
        {"pluginName": "CloudFormation-Validate", "violations": [{"ruleName": "W1"}]},
    ]}
    counts = scan._nag_counts(report)
    assert counts["NIST.800.53.R5"] == scan.Count(3, 2, 1)
    assert counts["PCI.DSS.321"] == scan.Count(0, 0)
    assert counts["HIPAA.Security"] == scan.Count(0, 0)  # every pack has a row
    assert set(counts) == set(scan.NAG_PACKS)  # aws-cdk-lib's own report is not a pack
    assert counts["NIST.800.53.R5"].cell() == "3 (+2 ack., +1 err.)"
    assert counts["PCI.DSS.321"].cell() == "0"


def test_a_guard_rule_counts_once_per_failing_resource():
    failure = {"Rule": {"name": "r", "checks": [
        {"Clause": {"check": {"value": {"path": "/Resources/FlowLogs/Properties/Retention"}}}},
        {"Clause": {"check": {"value": {"path": "/Resources/FlowLogs/Properties/KmsKeyId"}}}},
        {"Clause": {"check": {"value": {"path": "/Resources/Bucket/Properties"}}}},
        {"Clause": {"check": {"value": {"path": "/Parameters/X"}}}},
    ]}}
    found: set[str] = set()
    scan._failed_resources(failure, found)
    assert found == {"FlowLogs", "Bucket"}


def test_the_table_has_a_row_per_pack_and_a_column_per_rendering():
    table = {"cdk-nag HIPAA.Security": {"CDK app": scan.Count(1), "vendor templates":
                                        scan.Count(40)}}
    lines = scan.render_table(table).splitlines()
    assert [c.strip() for c in lines[0].split("|")[1:-1]] == ["pack", *scan.RENDERINGS]
    assert len({len(line) for line in lines}) == 1  # columns aligned
    assert [c.strip() for c in lines[2].split("|")[1:-1]] == [
        "cdk-nag HIPAA.Security", "1", "0", "40"]


def test_a_missing_vendor_repository_is_one_line_and_exit_code_2(tmp_path, capsys):
    missing = tmp_path / "nowhere.git"
    assert scan.main(["--vendor-git", str(missing)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"scan: error: --vendor-git {missing}: no such git directory"
