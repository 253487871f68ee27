"""The remembered inputs are written in one form: the same inputs, in any order, give the same
output text, so a deploy that changes nothing leaves the stack's output as it is."""

import json

from deploy import run


def test_the_same_inputs_in_any_order_give_the_same_compact_text():
    text = run.remembered_text({"shards": "8", "rate": "100"})
    assert text == run.remembered_text({"rate": "100", "shards": "8"})
    assert text == json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"))
    assert list(json.loads(text)) == sorted(json.loads(text))
