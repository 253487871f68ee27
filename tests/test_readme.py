"""README's generated blocks must equal what the code produces now."""

from cli import docs


def test_readme_generated_blocks_are_current():
    text = docs.README.read_text()
    assert docs.render(text) == text, "README is stale: run `make docs`"


def test_readme_keeps_the_two_quick_start_commands():
    text = docs.README.read_text()
    assert "make run     #" in text and "make test    #" in text


def test_readme_says_why_the_world_open_api_stands():
    text = docs.README.read_text()
    assert ("The user opened the API to the internet on purpose (api_cidrs 0.0.0.0/0 with "
            "allow_world_api=true): port 443 only." in text)
