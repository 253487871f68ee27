"""The CDK app entry: the only place that reads context and the environment."""

import os

# jsii prints a many-line banner on every run under Node 20 (end of life upstream, and the
# Node this project is set up for): README says so once; synth output stays readable.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
