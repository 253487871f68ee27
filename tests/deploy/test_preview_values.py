"""How the preview writes a template value a Join or GetAtt holds (as a person writes it)."""

import pytest

from deploy.preview import shown


@pytest.mark.parametrize(("value", "text"), [
    ({"Fn::GetAtt": "Db.Endpoint.Address"}, "!GetAtt Db.Endpoint.Address"),
    ({"Fn::Join": ["-", ["a", {"Fn::GetAtt": "Db.Port"}]]}, '"a-${Db.Port}"'),
    # a piece that is neither text nor a reference: the Join is shown as it is written
    ({"Fn::Join": ["", ["a", {"Foo": 1}]]}, '!Join ["", ["a", {Foo: 1}]]'),
    ({"Fn::Join": ["", ["a", {"Foo": 1, "Bar": 2}]]}, '!Join ["", ["a", {Foo: 1, Bar: 2}]]'),
])
def test_join_and_get_att_read_as_written(value, text):
    assert shown(value) == text
