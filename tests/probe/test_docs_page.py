"""docs/probe.md carries the table generated from probe.metrics: stale when the table moves."""

from cli import docs
from probe import metrics


def test_the_probe_page_is_fresh_and_names_every_metric():
    page = (docs.ROOT / "docs" / "probe.md").read_text()
    assert docs.render(page) == page, "docs/probe.md is stale: make docs"
    for metric in metrics.METRICS:
        assert f"| `{metric.name}` | {metric.unit} |" in page
    assert f"publish {len(metrics.series())} series" in page
